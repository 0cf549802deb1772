// Projects v2 writes: adds the task issues' cards and sets their Status, and on the cards it adds the fields beyond
// Status, all batched with aliases. Never writes an item or a value plan/board.ts and plan/fields.ts did not choose.
import type { GitHubClient } from './client.js'
import { httpStatus } from './errors.js'
import { badCredentials, BoardError, graphqlErrors } from './board.js'
import type { Board, Move } from '../plan/board.js'

/** Mutations per request: several moves share one round trip (GraphQL aliases), without making one huge request. */
export const BATCH = 25

export interface Applied {
  moved: Move[]
  failed: Array<{ move: Move; message: string }>
  /** GraphQL requests sent. */
  requests: number
}

/**
 * Adds the issues not on the board (`addProjectV2ItemById` returns the existing item if there is one, so it is
 * get-or-create) and sets each item's Status, each step batched with aliases. A failed mutation is reported as
 * failed, never as moved.
 */
export async function applyMoves(
  client: GitHubClient,
  board: Board,
  moves: readonly Move[]
): Promise<Applied> {
  const failed: Applied['failed'] = []
  let requests = 0
  const targets: Array<{ move: Move; itemId: string }> = []
  for (const move of moves) if (move.itemId !== undefined) targets.push({ move, itemId: move.itemId })
  for (const batch of chunks(
    moves.filter(m => m.itemId === undefined),
    BATCH
  )) {
    const variables: Record<string, unknown> = { project: board.projectId }
    batch.forEach((m, i) => (variables[`c${i}`] = m.contentId))
    requests++
    const { data, errors } = await mutate(client, addMutation(batch.length), variables)
    batch.forEach((move, i) => {
      const itemId = (data?.[`a${i}`] as { item?: { id?: string } } | null | undefined)?.item?.id
      if (itemId) targets.push({ move, itemId })
      else
        failed.push({
          move,
          message: `adding #${move.number} to the board failed: ${errors.get(`a${i}`) ?? errors.get('') ?? 'GitHub returned no item'}`
        })
    })
  }
  const moved: Move[] = []
  for (const batch of chunks(targets, BATCH)) {
    const variables: Record<string, unknown> = { project: board.projectId, field: board.field.id }
    batch.forEach(({ move, itemId }, i) => {
      variables[`i${i}`] = itemId
      variables[`o${i}`] = move.option.id
      ;(move.fields ?? []).forEach((f, j) => {
        variables[`f${i}_${j}`] = f.fieldId
        variables[`v${i}_${j}`] = f.value
      })
    })
    requests++
    const fieldCounts = batch.map(({ move }) => move.fields?.length ?? 0)
    const { data, errors } = await mutate(client, moveMutation(batch.length, fieldCounts), variables)
    const done = (alias: string) =>
      Boolean((data?.[alias] as { projectV2Item?: { id?: string } } | null | undefined)?.projectV2Item?.id)
    const why = (alias: string) => errors.get(alias) ?? errors.get('') ?? 'GitHub returned no item'
    batch.forEach(({ move }, i) => {
      if (!done(`m${i}`)) {
        failed.push({
          move,
          message: `setting #${move.number} to '${move.option.name}' failed: ${why(`m${i}`)}`
        })
        return
      }
      moved.push(move)
      ;(move.fields ?? []).forEach((f, j) => {
        if (!done(`m${i}_${j}`))
          failed.push({
            move,
            message: `setting '${f.field}' of #${move.number} to '${f.shown}' failed: ${why(`m${i}_${j}`)}`
          })
      })
    })
  }
  moved.sort((a, b) => a.number - b.number)
  return { moved, failed, requests }
}

/** Adds `count` issues ($c0...) to the project ($project), aliased a0...; each answers with its item. */
export function addMutation(count: number): string {
  const declared = range(count).map(i => `$c${i}: ID!`)
  const body = range(count).map(
    i => `a${i}: addProjectV2ItemById(input: { projectId: $project, contentId: $c${i} }) { item { id } }`
  )
  return `mutation BoardAdd($project: ID!, ${declared.join(', ')}) {\n  ${body.join('\n  ')}\n}`
}

/**
 * Sets the single-select field ($field) of `count` items ($i0...) to options ($o0...), aliased m0...; item i also gets
 * `fieldCounts[i]` more values ($f{i}_{j} the field, $v{i}_{j} the value), aliased m{i}_{j}: one round trip for all.
 */
export function moveMutation(count: number, fieldCounts: readonly number[] = []): string {
  const declared = range(count).map(i =>
    [
      `$i${i}: ID!, $o${i}: String!`,
      ...range(fieldCounts[i] ?? 0).map(j => `$f${i}_${j}: ID!, $v${i}_${j}: ProjectV2FieldValue!`)
    ].join(', ')
  )
  const body = range(count).flatMap(i => [
    `m${i}: updateProjectV2ItemFieldValue(input: { projectId: $project, itemId: $i${i}, fieldId: $field, value: { singleSelectOptionId: $o${i} } }) { projectV2Item { id } }`,
    ...range(fieldCounts[i] ?? 0).map(
      j =>
        `m${i}_${j}: updateProjectV2ItemFieldValue(input: { projectId: $project, itemId: $i${i}, fieldId: $f${i}_${j}, value: $v${i}_${j} }) { projectV2Item { id } }`
    )
  ])
  return `mutation BoardMove($project: ID!, $field: ID!, ${declared.join(', ')}) {\n  ${body.join('\n  ')}\n}`
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i)

/**
 * Sends a mutation; a GraphQL error response keeps its partial data, with each error under its alias (or '' for the
 * whole request). Only a token problem is thrown: the rest is reported per move.
 */
async function mutate(
  client: GitHubClient,
  query: string,
  variables: Record<string, unknown>
): Promise<{ data: Record<string, unknown> | null | undefined; errors: Map<string, string> }> {
  try {
    return { data: await client.graphql<Record<string, unknown>>(query, variables), errors: new Map() }
  } catch (error) {
    const list = graphqlErrors(error)
    if (!list) {
      // GitHub's transient errors arrive here after the retry plugin gave up: every mutation of the batch failed.
      const status = httpStatus(error)
      if (status === 401) throw badCredentials()
      return {
        data: undefined,
        errors: new Map([['', error instanceof Error ? error.message : String(error)]])
      }
    }
    if (list.some(e => e.type === 'INSUFFICIENT_SCOPES' || (e.type === 'FORBIDDEN' && !e.path))) {
      throw new BoardError(
        `Input 'project-token': the token may read the project but not change it (GitHub: ${list[0]?.message ?? 'forbidden'}). A classic PAT needs the 'project' scope (not only 'read:project'); an App needs Projects: read and write.`
      )
    }
    const errors = new Map<string, string>()
    for (const e of list) errors.set(String(e.path?.[0] ?? ''), e.message ?? e.type ?? 'error')
    return { data: (error as { data?: Record<string, unknown> | null }).data, errors }
  }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = []
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size))
  return result
}
