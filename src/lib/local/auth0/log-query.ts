/**
 * The Lucene-ish `q` of GET /api/v2/logs, enough for what mfa-sms and people type:
 *
 *   type:gd_send_sms_failure                      exact value (case-insensitive)
 *   type:gd_send_*  type:"gd_send_sms"            wildcard (* and ?), quoted exact value
 *   type:(gd_send_sms_failure OR gd_send_voice_failure)
 *   date:[2024-05-01 TO *]  date:{2024-05-01 TO 2024-05-02}   inclusive / exclusive ranges
 *   details.error.message:"Invalid parameter*"    dotted paths into nested fields
 *   a AND b, a OR b, NOT a, -a, (…), a b (implicit AND), field:* (field present)
 *   bare words: case-insensitive "starts with" on client_name, connection, user_name
 *
 * ⚠ Fidelity (verify against a tenant): Auth0's log search v3 is Elasticsearch-backed; the doc
 * comment the auth0 SDK ships says unquoted values match "starts with" and quoted ones exactly.
 * Here only bare words (no field) are prefix matches; `field:value` is exact unless it has a
 * wildcard, because `type:gd_send_sms` must not also match gd_send_sms_failure. Ranges compare dates
 * (by Date.parse) when both bounds are dates or *, numbers when numeric, else strings.
 */

import {globSource} from '../../text/glob.js'

export type LogQueryNode =
  | {kind: 'and' | 'or'; nodes: LogQueryNode[]}
  | {kind: 'not'; node: LogQueryNode}
  | {field?: string; kind: 'term'; value: LogQueryValue}

export type LogQueryValue =
  | {kind: 'exact' | 'word'; text: string}
  | {kind: 'range'; from: string; fromInclusive: boolean; to: string; toInclusive: boolean}

export class LogQueryError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'LogQueryError'
  }
}

type Token =
  | {type: '(' | ')' | 'AND' | 'NOT' | 'OR'}
  | {name: string; type: 'field'}
  | {type: 'value'; value: LogQueryValue}

const FIELD = /^[A-Za-z_][\w.]*$/

function tokenize(q: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  const afterField = () => tokens.at(-1)?.type === 'field'
  while (i < q.length) {
    const c = q[i]!
    if (/\s/.test(c)) {
      i++
      continue
    }

    if (c === '(' || c === ')') {
      tokens.push({type: c})
      i++
      continue
    }

    if (c === '"') {
      let text = ''
      i++
      while (i < q.length && q[i] !== '"') {
        if (q[i] === '\\' && i + 1 < q.length) i++
        text += q[i]
        i++
      }

      if (i >= q.length) throw new LogQueryError('unterminated quoted string')
      i++
      tokens.push({type: 'value', value: {kind: 'exact', text}})
      continue
    }

    if ((c === '[' || c === '{') && afterField()) {
      const close = q.slice(i + 1).search(/[\]}]/)
      if (close < 0) throw new LogQueryError('unterminated range (expected ] or })')
      const end = i + 1 + close
      const inner = q.slice(i + 1, end).trim()
      const m = /^(\S+)\s+TO\s+(\S+)$/.exec(inner)
      if (!m) throw new LogQueryError(`bad range "${q.slice(i, end + 1)}" (expected [from TO to])`)
      tokens.push({type: 'value', value: {from: m[1]!, fromInclusive: c === '[', kind: 'range', to: m[2]!, toInclusive: q[end] === ']'}})
      i = end + 1
      continue
    }

    if ((c === '-' || c === '!') && !afterField() && i + 1 < q.length && !/\s/.test(q[i + 1]!)) {
      tokens.push({type: 'NOT'})
      i++
      continue
    }

    if (c === '+' && !afterField()) {
      i++
      continue
    }

    let j = i
    while (j < q.length && !/[\s()]/.test(q[j]!)) j++
    const word = q.slice(i, j)
    if (afterField()) {
      // A value runs to the next space or parenthesis, colons included (2024-05-01T10:00:00Z).
      tokens.push({type: 'value', value: {kind: 'word', text: word}})
      i = j
      continue
    }

    const colon = word.indexOf(':')
    if (colon > 0 && FIELD.test(word.slice(0, colon))) {
      // `field:` — the value (word, "quoted", [range] or (group)) is lexed next.
      tokens.push({name: word.slice(0, colon), type: 'field'})
      i += colon + 1
      if (i >= q.length || /\s/.test(q[i]!)) throw new LogQueryError(`no value after ${word.slice(0, colon)}:`)
      continue
    }

    i = j
    if (word === 'AND' || word === '&&') tokens.push({type: 'AND'})
    else if (word === 'OR' || word === '||') tokens.push({type: 'OR'})
    else if (word === 'NOT') tokens.push({type: 'NOT'})
    else tokens.push({type: 'value', value: {kind: 'word', text: word}})
  }

  return tokens
}

/** Parses `q`; an empty query matches everything. Throws LogQueryError on bad syntax. */
export function parseLogQuery(q: string): LogQueryNode {
  const tokens = tokenize(q)
  let pos = 0
  const peek = () => tokens[pos]

  const parseOr = (field: string | undefined): LogQueryNode => {
    const nodes = [parseAnd(field)]
    while (peek()?.type === 'OR') {
      pos++
      nodes.push(parseAnd(field))
    }

    return nodes.length === 1 ? nodes[0]! : {kind: 'or', nodes}
  }

  const parseAnd = (field: string | undefined): LogQueryNode => {
    const nodes = [parseUnary(field)]
    for (;;) {
      const t = peek()
      if (!t || t.type === 'OR' || t.type === ')') break
      if (t.type === 'AND') pos++
      nodes.push(parseUnary(field))
    }

    return nodes.length === 1 ? nodes[0]! : {kind: 'and', nodes}
  }

  const parseUnary = (field: string | undefined): LogQueryNode => {
    if (peek()?.type === 'NOT') {
      pos++
      return {kind: 'not', node: parseUnary(field)}
    }

    return parsePrimary(field)
  }

  const parsePrimary = (field: string | undefined): LogQueryNode => {
    const t = tokens[pos++]
    if (!t) throw new LogQueryError('the query ends where a term was expected')
    switch (t.type) {
      case '(': {
        const node = parseOr(field)
        if (tokens[pos++]?.type !== ')') throw new LogQueryError('missing )')
        return node
      }

      case 'field': {
        const next = peek()
        if (next?.type === '(') return parsePrimary(t.name)
        if (next?.type !== 'value') throw new LogQueryError(`no value after ${t.name}:`)
        pos++
        return {field: t.name, kind: 'term', value: next.value}
      }

      case 'value': {
        return {...(field === undefined ? {} : {field}), kind: 'term', value: t.value}
      }

      default: {
        throw new LogQueryError(`unexpected ${t.type}`)
      }
    }
  }

  if (tokens.length === 0) return {kind: 'and', nodes: []}
  const node = parseOr(undefined)
  if (pos < tokens.length) throw new LogQueryError(`unexpected ${tokens[pos]!.type === ')' ? ')' : 'term'}`)
  return node
}

function valuesAt(entry: Record<string, unknown>, path: string): unknown[] {
  let current: unknown[] = [entry]
  for (const part of path.split('.')) {
    const next: unknown[] = []
    for (const item of current) {
      if (item && typeof item === 'object' && part in item) {
        const v = (item as Record<string, unknown>)[part]
        if (Array.isArray(v)) next.push(...(v as unknown[]))
        else next.push(v)
      }
    }

    current = next
  }

  return current.filter((v) => v !== undefined && v !== null)
}

function glob(text: string): RegExp {
  return new RegExp(`^${globSource(text)}$`, 'is')
}

const scalar = (v: unknown): string | undefined => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined)

function inRange(v: string, r: Extract<LogQueryValue, {kind: 'range'}>): boolean {
  const open = (b: string) => b === '*'
  const allDates = [r.from, r.to].every((b) => open(b) || !Number.isNaN(Date.parse(b)))
  const allNumbers = [r.from, r.to].every((b) => open(b) || (b.trim() !== '' && Number.isFinite(Number(b))))
  let compare: (a: string, b: string) => number
  if (allDates && !Number.isNaN(Date.parse(v)) && !allNumbers) compare = (a, b) => Date.parse(a) - Date.parse(b)
  else if (allNumbers && Number.isFinite(Number(v))) compare = (a, b) => Number(a) - Number(b)
  else compare = (a, b) => a.localeCompare(b)
  if (!open(r.from)) {
    const c = compare(v, r.from)
    if (c < 0 || (c === 0 && !r.fromInclusive)) return false
  }

  if (!open(r.to)) {
    const c = compare(v, r.to)
    if (c > 0 || (c === 0 && !r.toInclusive)) return false
  }

  return true
}

/** Fields a bare word (no `field:`) is matched against, by prefix (SDK doc comment of `search`). */
const BARE_FIELDS = ['client_name', 'connection', 'user_name']

function matchTerm(entry: Record<string, unknown>, field: string | undefined, value: LogQueryValue): boolean {
  if (field === undefined) {
    if (value.kind === 'range') return false
    const needle = value.text.toLowerCase()
    const re = value.kind === 'word' && /[*?]/.test(value.text) ? glob(value.text) : undefined
    return BARE_FIELDS.some((f) =>
      valuesAt(entry, f).some((v) => {
        const s = scalar(v)?.toLowerCase()
        if (s === undefined) return false
        if (re) return re.test(s)
        return value.kind === 'exact' ? s === needle : s.startsWith(needle)
      }),
    )
  }

  const values = valuesAt(entry, field)
  if (value.kind === 'word' && value.text === '*') return values.length > 0
  return values.some((v) => {
    const s = scalar(v)
    if (s === undefined) return false
    if (value.kind === 'range') return inRange(s, value)
    if (value.kind === 'word' && /[*?]/.test(value.text)) return glob(value.text).test(s)
    return s.toLowerCase() === value.text.toLowerCase()
  })
}

export function matchesLogQuery(node: LogQueryNode, entry: Record<string, unknown>): boolean {
  switch (node.kind) {
    case 'and': {
      return node.nodes.every((n) => matchesLogQuery(n, entry))
    }

    case 'or': {
      return node.nodes.some((n) => matchesLogQuery(n, entry))
    }

    case 'not': {
      return !matchesLogQuery(node.node, entry)
    }

    default: {
      return matchTerm(entry, node.field, node.value)
    }
  }
}

/** The entries matching `q` (all of them for an empty or absent query). */
export function filterLogs<T extends Record<string, unknown>>(entries: readonly T[], q: string | undefined): T[] {
  if (q === undefined || q.trim() === '') return [...entries]
  const node = parseLogQuery(q)
  return entries.filter((e) => matchesLogQuery(node, e))
}

/** Parses `sort` ("date:-1", "type:1"). Throws LogQueryError. */
export function parseLogSort(sort: string | undefined): {direction: 1 | -1; field: string} {
  if (sort === undefined || sort === '') return {direction: -1, field: 'date'}
  const m = /^([A-Za-z_][\w.]*):(-?1)$/.exec(sort.trim())
  if (!m) throw new LogQueryError(`sort must look like date:-1 or date:1, not "${sort}"`)
  return {direction: m[2] === '1' ? 1 : -1, field: m[1]!}
}

export function sortLogs<T extends Record<string, unknown>>(entries: readonly T[], sort: {direction: 1 | -1; field: string}): T[] {
  const key = (e: T) => scalar(valuesAt(e, sort.field)[0]) ?? ''
  const isDate = sort.field === 'date'
  return [...entries].sort((a, b) => {
    const x = key(a)
    const y = key(b)
    const c = isDate ? Date.parse(x) - Date.parse(y) || x.localeCompare(y) : x.localeCompare(y)
    return c * sort.direction
  })
}
