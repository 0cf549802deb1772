// A card's fields beyond Status, decided: a task's due date, its week and its post's URL, which board field takes
// each and the value it gets. Pure: github/board.ts reads the fields and sends the values, jobs/ hands the facts on.
//
// Choices (tested in test/plan/fields.test.ts):
// - Due date: a task first listed under a "tomorrow" heading of a post of day D (D in the blog's zone, the day of
//   the post's `dateIso`) is due D + 1; anywhere else, D. A task carried to later posts keeps its first due date:
//   the facts come from the instance's opening listing, never from the latest.
// - Week label: the first match of `week-pattern` in the title of the post that first listed the task (whitespace
//   folded, the title cut to 300 characters first so the pattern meets bounded text); a single-select option is the
//   one named the same, else the one whose own label has the same week number ("Week 6" takes "Week 06").
// - Post URL: the site URL of the post that first listed the task.
// - Values go only on cards the action adds in the run (a card a person added, or one added before the fields were
//   named, is never written beyond its Status).
import type { SectionKind } from '../blog/tasks.js'
import { addDays } from './calendar.js'
import type { Ledger, Occurrence, TaskInstance } from './ledger.js'

/** What a task's card can show besides its Status. */
export interface CardFacts {
  /** YYYY-MM-DD. */
  due: string
  /** The week label of the first post's title, or undefined when the title has none. */
  week: string | undefined
  postUrl: string
}

/** The day a listing makes a task due: D + 1 under a "tomorrow" heading, else D. */
export function dueDay(listing: Pick<Occurrence, 'dateIso' | 'sectionKind'>): string {
  const day = /^\d{4}-\d{2}-\d{2}/.exec(listing.dateIso)?.[0] ?? listing.dateIso.slice(0, 10)
  return listing.sectionKind === ('tomorrow' satisfies SectionKind) ? addDays(day, 1) : day
}

const TITLE_SCAN = 300

/** `pattern`'s first match in a post title's first TITLE_SCAN characters (global and sticky flags dropped). */
export function weekMatch(title: string, pattern: RegExp): RegExpExecArray | null {
  return new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, '')).exec(title.slice(0, TITLE_SCAN))
}

/** The week label `pattern` finds in a post title (its whole match, whitespace folded), or undefined. */
export function weekLabel(title: string, pattern: RegExp): string | undefined {
  const label = weekMatch(title, pattern)?.[0].replace(/\s+/g, ' ').trim()
  return label === undefined || label === '' ? undefined : label
}

/** The week number in a label (the pattern's first capture group), or undefined. */
function weekNumber(label: string, pattern: RegExp): number | undefined {
  const digits = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, '')).exec(label)?.[1]
  return digits !== undefined && /^\d+$/.test(digits) ? Number(digits) : undefined
}

/** The card facts of a task instance: all from its opening listing. */
export function cardFactsOf(instance: Pick<TaskInstance, 'opened'>, pattern: RegExp): CardFacts {
  const opened = instance.opened
  return { due: dueDay(opened), week: weekLabel(opened.postTitle, pattern), postUrl: opened.url }
}

/**
 * The facts of each open task issue's card, by issue number: the open instance of its key in the ledger. `issues` are
 * the open task issues after the run's writes (read, plus created and reopened), key and number.
 */
export function cardFactsByIssue(
  ledger: Pick<Ledger, 'tasks'>,
  issues: Iterable<{ number: number; key: string }>,
  pattern: RegExp
): Map<number, CardFacts> {
  const out = new Map<number, CardFacts>()
  for (const issue of issues) {
    const open = ledger.tasks.get(issue.key)?.instances.at(-1)
    if (open && open.closed === undefined) out.set(issue.number, cardFactsOf(open, pattern))
  }
  return out
}

// ---- the board's fields -----------------------------------------------------------------------------------------

/** A single-select option (the shape plan/board.ts's FieldOption has). */
export interface FieldOption {
  id: string
  name: string
}

export interface Iteration {
  id: string
  title: string
  /** YYYY-MM-DD. */
  startDate: string
  /** Days. */
  duration: number
}

/** A field of the board as read: its GraphQL type, GitHub's dataType, and its options or iterations. */
export interface BoardFieldInfo {
  id: string
  name: string
  /** GitHub's ProjectV2FieldType: TEXT, DATE, SINGLE_SELECT, ITERATION, TITLE, ... */
  dataType: string
  options?: FieldOption[]
  iterations?: Iteration[]
}

/** The inputs that name card fields ('' = not asked). */
export interface CardFieldNames {
  due: string
  week: string
  post: string
}

export type CardFieldKind = 'date' | 'iteration' | 'single-select' | 'text'

/** A board field the action fills, checked against the type its input needs. */
export interface CardField {
  input: 'due-field' | 'week-field' | 'post-field'
  fact: keyof CardFacts
  id: string
  name: string
  kind: CardFieldKind
  options: FieldOption[]
  iterations: Iteration[]
}

const KIND_OF: Record<string, CardFieldKind> = {
  DATE: 'date',
  ITERATION: 'iteration',
  SINGLE_SELECT: 'single-select',
  TEXT: 'text'
}

const WANTED: Array<{
  input: CardField['input']
  fact: keyof CardFacts
  kinds: CardFieldKind[]
  what: string
}> = [
  { input: 'due-field', fact: 'due', kinds: ['date'], what: 'a Date field' },
  {
    input: 'week-field',
    fact: 'week',
    kinds: ['iteration', 'single-select', 'text'],
    what: 'an Iteration, single-select or Text field'
  },
  { input: 'post-field', fact: 'postUrl', kinds: ['text'], what: 'a Text field' }
]

/**
 * The card fields the inputs name, checked: each named field must exist and have a type its input can fill. Returns
 * the fields, or the one message that says every problem and lists the board's fields with their types.
 */
export function pickCardFields(
  fields: readonly BoardFieldInfo[],
  names: CardFieldNames,
  /** The board, for the message: "the project 'Study' (https://...)". */
  board = 'the board'
): { fields: CardField[] } | { error: string } {
  const picked: CardField[] = []
  const problems: string[] = []
  for (const wanted of WANTED) {
    const name = names[wanted.fact === 'postUrl' ? 'post' : wanted.fact]
    if (name === '') continue
    const field = pickByName(fields, name)
    const kind = field ? KIND_OF[field.dataType] : undefined
    if (!field)
      problems.push(`Input '${wanted.input}': ${board} has no field '${name}' (it needs ${wanted.what})`)
    else if (kind === undefined || !wanted.kinds.includes(kind))
      problems.push(
        `Input '${wanted.input}': the field '${field.name}' of ${board} is of type ${field.dataType.toLowerCase()}, and the input needs ${wanted.what}`
      )
    else
      picked.push({
        input: wanted.input,
        fact: wanted.fact,
        id: field.id,
        name: field.name,
        kind,
        options: field.options ?? [],
        iterations: field.iterations ?? []
      })
  }
  if (problems.length === 0) return { fields: picked }
  const listed = fields.map(f => `'${f.name}' (${f.dataType.toLowerCase()})`).join(', ')
  return {
    error: `${problems.join('; ')}. Its fields and their types: ${listed || '(none)'}. Set the input to one of them, or add the field to the board.`
  }
}

/** Exact name first; else the one name equal after Unicode NFC, folded case and folded spaces. */
export function pickByName<T extends { name: string }>(
  candidates: readonly T[],
  wanted: string
): T | undefined {
  const exact = candidates.find(c => c.name === wanted)
  if (exact) return exact
  const fold = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase()
  const loose = candidates.filter(c => fold(c.name) === fold(wanted))
  return loose.length === 1 ? loose[0] : undefined
}

/** One value for one field of a card, in the shape `updateProjectV2ItemFieldValue` takes. */
export interface FieldValue {
  fieldId: string
  field: string
  value: { date: string } | { iterationId: string } | { singleSelectOptionId: string } | { text: string }
  /** What a person reads in the summary: the date, the iteration or option's name, the text. */
  shown: string
}

/** The iteration whose days hold `day` (YYYY-MM-DD), or undefined. */
export function iterationHolding(iterations: readonly Iteration[], day: string): Iteration | undefined {
  return iterations.find(it => it.startDate <= day && day <= addDays(it.startDate, it.duration - 1))
}

/** The values a card gets from its facts, and a line for each value the board cannot take. */
export function cardValues(
  facts: CardFacts,
  fields: readonly CardField[],
  pattern: RegExp
): { values: FieldValue[]; notes: string[] } {
  const values: FieldValue[] = []
  const notes: string[] = []
  for (const field of fields) {
    const put = (value: FieldValue['value'], shown: string) =>
      values.push({ fieldId: field.id, field: field.name, value, shown })
    if (field.fact === 'due') put({ date: facts.due }, facts.due)
    else if (field.fact === 'postUrl') {
      if (facts.postUrl !== '') put({ text: facts.postUrl }, facts.postUrl)
    } else if (field.kind === 'iteration') {
      const it = iterationHolding(field.iterations, facts.due)
      if (it) put({ iterationId: it.id }, it.title)
      else notes.push(`no iteration of '${field.name}' holds ${facts.due}`)
    } else if (facts.week === undefined) {
      notes.push(`the post title has no week label for '${field.name}' (week-pattern)`)
    } else if (field.kind === 'text') put({ text: facts.week }, facts.week)
    else {
      const option = optionForWeek(field.options, facts.week, pattern)
      if (option) put({ singleSelectOptionId: option.id }, option.name)
      else notes.push(`'${field.name}' has no option '${facts.week}'`)
    }
  }
  return { values, notes }
}

function optionForWeek(
  options: readonly FieldOption[],
  label: string,
  pattern: RegExp
): FieldOption | undefined {
  const named = pickByName(options, label)
  if (named) return named
  const n = weekNumber(label, pattern)
  return n === undefined ? undefined : options.find(o => weekNumber(o.name, pattern) === n)
}

/** A line for the summary about a value a card could not get. */
export interface CardNote {
  number: number
  note: string
}

/**
 * The values of each move that adds a card (never a card already on the board, whoever added it), from the facts
 * of its issue; moves of issues without facts (the tasks job did not run before) get none.
 */
export function withCardValues<
  M extends { number: number; itemId: string | undefined; fields?: FieldValue[] }
>(
  moves: readonly M[],
  fields: readonly CardField[],
  facts: ReadonlyMap<number, CardFacts> | undefined,
  pattern: RegExp
): { moves: M[]; notes: CardNote[] } {
  const notes: CardNote[] = []
  if (fields.length === 0 || facts === undefined) return { moves: [...moves], notes }
  const out = moves.map(move => {
    const known = move.itemId === undefined ? facts.get(move.number) : undefined
    if (!known) return move
    const { values, notes: lines } = cardValues(known, fields, pattern)
    for (const note of lines) notes.push({ number: move.number, note })
    return values.length > 0 ? { ...move, fields: values } : move
  })
  return { moves: out, notes }
}

/**
 * The listing that opened the latest instance of `key` in one post's tasks (document order), as the ledger folds
 * them: the first unchecked listing after the last checked one before it; undefined when none opens one.
 */
export function openingListing<T extends { key: string; checked: boolean }>(
  tasks: readonly T[],
  key: string
): T | undefined {
  let open: T | undefined
  let opening: T | undefined
  for (const task of tasks) {
    if (task.key !== key) continue
    if (task.checked) open = undefined
    else if (open === undefined) open = opening = task
  }
  return opening
}

/** Whether an open task due on `due` is overdue on `today` (both YYYY-MM-DD). */
export function isOverdue(due: string | undefined, today: string): boolean {
  return due !== undefined && due < today
}
