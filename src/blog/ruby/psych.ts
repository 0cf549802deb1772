// YAML as `Psych.safe_load` reads it for Jekyll: a document of the yaml package turned into Ruby values, with
// Psych's refusals (symbols, Ruby objects, alias bombs) as errors at offsets. Pure: text in; no file, no Jekyll rule.
import {
  Alias,
  Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  Scalar,
  type Node as YamlNode
} from 'yaml'
import type { Diagnostic } from '../model.js'
import { psychTokenize } from './scalar-scanner.js'
import { isRubyHash, RubyFloat, RubySymbol, rubyKey } from './values.js'

/** Maximum number of YAML nodes an alias may pull in (all aliases together) before we stop: a billion-laughs guard. */
export const MAX_ALIAS_EXPANSION = 10_000

export interface PsychError {
  start: number
  end: number
  rule: string
  severity: Diagnostic['severity']
  message: string
}

export interface PsychParse {
  doc: Document
  lineCounter: LineCounter
  /** The Ruby value; undefined when Psych would raise (syntax error, disallowed class, alias bomb). */
  data: unknown
  errors: PsychError[]
}

class PsychRaise extends Error {
  constructor(
    readonly rule: string,
    message: string,
    readonly start: number,
    readonly end: number
  ) {
    super(message)
  }
}

/**
 * Parses YAML as `Psych.safe_load(yaml, permitted_classes: [Date, Time], aliases: true)` does (Jekyll's
 * `Utils.safe_load_yaml`): YAML 1.1 plain scalars typed by Psych's ScalarScanner, duplicate keys allowed
 * (the last wins), `<<` merge keys, Symbols and `!ruby/...` objects refused.
 */
export function parsePsychYaml(yamlText: string): PsychParse {
  const lineCounter = new LineCounter()
  const doc = parseDocument(yamlText, {
    version: '1.1',
    lineCounter,
    prettyErrors: false,
    uniqueKeys: false,
    merge: true,
    keepSourceTokens: false,
    strict: true
  })
  const errors: PsychError[] = []
  // libyaml's reader refuses characters outside YAML's printable set before it parses anything.
  const control = NOT_YAML_PRINTABLE.exec(yamlText)
  if (control) {
    const code = control[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')
    errors.push(yamlSyntaxError(control.index, control.index + control[0].length, `control character U+${code} is not allowed`))
    return { doc, lineCounter, data: undefined, errors }
  }
  for (const e of doc.errors) errors.push(yamlSyntaxError(e.pos[0], e.pos[1], e.message.replace(/\s+/g, ' ').trim()))
  if (errors.length > 0) return { doc, lineCounter, data: undefined, errors }
  try {
    const converter = new PsychConverter(doc, yamlText)
    return { doc, lineCounter, data: converter.value(doc.contents as YamlNode | null), errors }
  } catch (error) {
    if (error instanceof PsychRaise) {
      errors.push({
        start: error.start,
        end: error.end,
        rule: error.rule,
        severity: 'error',
        message: error.message
      })
      return { doc, lineCounter, data: undefined, errors }
    }
    throw error
  }
}

/** What libyaml's reader calls "control characters": outside TAB, LF, CR, printable ASCII, NEL and U+00A0-U+FFFD. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NOT_YAML_PRINTABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\ufffe\uffff]/

function yamlSyntaxError(start: number, end: number, what: string): PsychError {
  return {
    start,
    end,
    rule: 'yaml/syntax',
    severity: 'error',
    message: `YAML syntax error: ${what}. Jekyll logs "YAML Exception" and publishes the post without its front matter: no title, layout, tags or categories, dated at build time, with the YAML shown as text.`
  }
}

class PsychConverter {
  private expanded = 0
  private readonly cache = new Map<YamlNode, unknown>()
  constructor(
    private readonly doc: Document,
    private readonly text: string
  ) {}

  value(node: YamlNode | null | undefined): unknown {
    if (node === null || node === undefined) return null
    if (isAlias(node)) return this.alias(node)
    if (isScalar(node)) return this.scalar(node)
    if (isSeq(node) || isMap(node)) this.collectionTag(node)
    if (isSeq(node)) {
      // `[a: 1]`: a pair inside a flow sequence is a one-key hash; `!!omap` makes the list one hash.
      const items = node.items.map(item =>
        isPair(item) ? this.pairs([item]) : this.value(item as YamlNode | null)
      )
      if (node.tag === 'tag:yaml.org,2002:omap' || node.tag === '!omap') {
        return Object.assign({}, ...items.filter(isRubyHash))
      }
      return items
    }
    if (isMap(node)) {
      return this.pairs(node.items)
    }
    return null
  }

  /** Psych refuses tagged collections that would become Ruby objects (`!ruby/...`, `!!set`). */
  private collectionTag(node: { tag?: string; range?: [number, number, number] | null }): void {
    const tag = node.tag
    if (tag === undefined) return
    const start = node.range?.[0] ?? 0
    const end = node.range?.[1] ?? start
    const cls = tag.startsWith('!ruby/')
      ? tag.replace(/^!ruby\/(?:object:)?/, '') || 'Object'
      : tag === 'tag:yaml.org,2002:set' || tag === '!set'
        ? 'Psych::Set'
        : undefined
    if (cls !== undefined) {
      throw new PsychRaise(
        'yaml/disallowed-class',
        `YAML tag ${tag} asks for a Ruby object (${cls}); Jekyll's safe YAML refuses it ("Tried to load unspecified class"), so the post is published without its front matter.`,
        start,
        end
      )
    }
  }

  /** A block or flow mapping (or pairs in a flow sequence) as a Ruby Hash: `<<` merges, the last duplicate wins. */
  private pairs(items: unknown[]): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    for (const pair of items) {
      if (!isPair(pair)) continue
      const keyNode = pair.key as YamlNode | null
      const valueNode = pair.value as YamlNode | null
      const missing = this.missingKeyAt(keyNode)
      if (missing !== undefined) {
        throw new PsychRaise('yaml/syntax', yamlSyntaxError(missing, missing + 1, 'a `:` with no key before it (Psych: "did not find expected key")').message, missing, missing + 1)
      }
      const key = this.value(keyNode)
      const tag = keyNode && isScalar(keyNode) ? keyNode.tag : undefined
      if (key === '<<' && tag !== 'tag:yaml.org,2002:str') {
        const merged = this.value(valueNode)
        const sources = Array.isArray(merged) ? [...merged].reverse() : [merged]
        if (sources.every(isRubyHash)) {
          for (const source of sources) Object.assign(out, source)
          continue
        }
      }
      out[rubyKey(key)] = this.value(valueNode)
    }
    return out
  }

  /**
   * Where a pair has a `:` and no key at all (`: x`, `{: x}`): libyaml refuses it; the yaml package reads a null key.
   * An explicit empty key (`? ` then `: x`) is fine for both.
   */
  private missingKeyAt(key: YamlNode | null): number | undefined {
    if (key === null) return undefined
    if (!isScalar(key) || key.value !== null || !key.range || key.range[0] !== key.range[1]) return undefined
    let at = key.range[0]
    while (this.text[at] === ' ' || this.text[at] === '\t') at++
    return this.text[at] === ':' ? at : undefined
  }

  private alias(node: Alias): unknown {
    const target = node.resolve(this.doc)
    const start = node.range?.[0] ?? 0
    const end = node.range?.[1] ?? start
    if (!target) throw new PsychRaise('yaml/syntax', `YAML: unknown alias *${node.source}.`, start, end)
    this.expanded += this.expandedSize(target, 0)
    if (this.expanded > MAX_ALIAS_EXPANSION) {
      throw new PsychRaise(
        'yaml/alias-limit',
        `YAML aliases expand to more than ${MAX_ALIAS_EXPANSION} values (an "alias bomb"); the front matter is not read. Jekyll would try to expand it and may exhaust memory.`,
        start,
        end
      )
    }
    if (this.cache.has(target)) return this.cache.get(target)
    const v = this.value(target)
    this.cache.set(target, v)
    return v
  }

  private readonly sizes = new Map<unknown, number>()

  /** How many values a node stands for once every alias in it is expanded (memoised; capped). */
  private expandedSize(node: unknown, depth: number): number {
    if (depth > 1000) return MAX_ALIAS_EXPANSION + 1
    if (isAlias(node)) node = node.resolve(this.doc)
    const known = this.sizes.get(node)
    if (known !== undefined) return known
    let size = 1
    if (isMap(node)) {
      for (const p of node.items)
        size += this.expandedSize(p.key, depth + 1) + this.expandedSize(p.value, depth + 1)
    } else if (isSeq(node)) {
      for (const i of node.items) size += this.expandedSize(i, depth + 1)
    }
    size = Math.min(size, MAX_ALIAS_EXPANSION + 1)
    this.sizes.set(node, size)
    return size
  }

  private scalar(node: Scalar): unknown {
    const start = node.range?.[0] ?? 0
    const end = node.range?.[1] ?? start
    const source = typeof node.source === 'string' ? node.source : String(node.value ?? '')
    const tag = node.tag
    const quoted = node.type !== undefined && node.type !== Scalar.PLAIN
    if (tag === undefined || tag === '!') {
      if (quoted || tag === '!') return source
      return this.tokenize(source, start, end)
    }
    if (tag === 'tag:yaml.org,2002:str' || /^!(?:str|ruby\/string)(?::.*)?$/.test(tag)) return source
    if (tag === 'tag:yaml.org,2002:binary' || tag === '!binary')
      return Buffer.from(source, 'base64').toString('latin1')
    if (tag === 'tag:yaml.org,2002:float' || tag === '!float') {
      const v = this.tokenize(source, start, end)
      const n = typeof v === 'number' ? v : Number(v)
      if (Number.isNaN(n) && !/^\.nan$/i.test(source)) {
        throw new PsychRaise(
          'yaml/syntax',
          `YAML: invalid value for Float(): ${JSON.stringify(source)}.`,
          start,
          end
        )
      }
      return new RubyFloat(n)
    }
    if (tag.startsWith('!ruby/')) {
      throw new PsychRaise(
        'yaml/disallowed-class',
        `YAML tag ${tag} asks for a Ruby object; Jekyll's safe YAML refuses it ("Tried to load unspecified class"), so the post is published without its front matter.`,
        start,
        end
      )
    }
    return this.tokenize(source, start, end)
  }

  private tokenize(source: string, start: number, end: number): unknown {
    const v = psychTokenize(source)
    if (v instanceof RubySymbol) {
      throw new PsychRaise(
        'yaml/disallowed-class',
        `${JSON.stringify(source)} is a Ruby Symbol in YAML (a plain value starting with ":"); Jekyll's safe YAML refuses Symbols ("Tried to load unspecified class: Symbol"), so the post is published without its front matter. Quote it: '${source.replace(/'/g, "''")}'.`,
        start,
        end
      )
    }
    return v
  }
}
