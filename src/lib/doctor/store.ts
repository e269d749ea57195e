/**
 * The memoised fact store: each fact is fetched at most once per (id, params), whatever number of
 * checks read it; independent facts run concurrently, dependent ones chain through `ctx.get`. Every
 * failure becomes a FactOutcome (denied, unsupported, not-applicable, credentials, unreachable,
 * timeout, error), never an exception out of the store. It also records per-fact timings.
 */
import {ExitCode, MfaSmsError} from '../../errors.js'
import type {AwsSession} from '../aws/clients.js'
import {awsErrorName, awsErrorNamesFor, findAwsErrorMeaning} from '../aws/errors.js'
import type {Auth0Api} from './auth0-api.js'
import type {FactTypes} from './facts/types.js'
import type {DoctorInput, DoctorTiming, FactFailure, FactId, FactOutcome, FactTiming} from './types.js'

export type FactParams = Record<string, string | undefined>

export interface FactContext {
  readonly session: AwsSession
  readonly auth0?: Auth0Api
  readonly input: DoctorInput
  /** Another fact's value; throws FactUnavailable (propagating its outcome) when it has none. */
  get<K extends FactId>(id: K, params?: FactParams): Promise<FactTypes[K]>
  /** Runs one network call under the per-call timeout, classifying what it throws. */
  call<T>(action: string, send: (abortSignal: AbortSignal) => Promise<T>): Promise<T>
}

export interface FactDef<K extends FactId = FactId> {
  id: K
  /** The IAM action or Auth0 scope the fact needs (undefined for facts derived from others). */
  action?: string
  /** Which params make two fetches different (default: none). */
  params?: readonly string[]
  fetch(ctx: FactContext, params: FactParams): Promise<FactTypes[K]>
}

export type FactRegistry = {[K in FactId]: FactDef<K>}

/** Thrown inside a fetch to end it with a given outcome (and by `ctx.get` to propagate one). */
export class FactUnavailable extends Error {
  constructor(readonly outcome: FactFailure) {
    super(outcome.message)
    this.name = 'FactUnavailable'
  }
}

export function notApplicable(message: string): FactUnavailable {
  return new FactUnavailable({kind: 'not-applicable', message, ok: false})
}

// The names aws/errors.ts reads as access denied / not implemented, and a few more spellings.
const DENIED = new Set([...awsErrorNamesFor('AWS_ACCESS_DENIED'), 'UnauthorizedAccess', 'Forbidden'])

const UNSUPPORTED = new Set([
  ...awsErrorNamesFor('AWS_UNSUPPORTED_OPERATION'),
  'UnknownOperation',
  'NotImplementedException',
  'UnsupportedOperation',
  'UnsupportedOperationException',
  'OperationNotSupportedException',
])

interface ErrorLike {
  $metadata?: {httpStatusCode?: number}
  message?: string
  name?: string
  statusCode?: number
}

function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n', 1)[0]!.trim()
}

/** Classifies anything a call threw (AWS SDK, Auth0 SDK, network) into a fact outcome. */
export function classifyError(error: unknown, action: string): FactFailure {
  if (error instanceof FactUnavailable) return error.outcome
  if (error instanceof MfaSmsError) {
    if (error.cause !== undefined) return classifyError(error.cause, action)
    return {action, code: error.code, kind: error.exitCode === ExitCode.service ? 'unreachable' : 'error', message: error.message, ok: false}
  }

  const e = (error && typeof error === 'object' ? error : {message: String(error)}) as ErrorLike
  const name = awsErrorName(error)
  const status = e.$metadata?.httpStatusCode ?? e.statusCode
  const message = firstLine(e.message) || name
  if (DENIED.has(name)) return {action, kind: 'denied', message, ok: false}
  // Auth0 (ManagementError and its subclasses carry statusCode; the token request fails as one too).
  if (name.endsWith('Error') && e.statusCode !== undefined && e.$metadata === undefined) {
    if (e.statusCode === 401 || /token request failed/i.test(message)) return {action, code: `HTTP ${e.statusCode}`, kind: 'credentials', message, ok: false}
    if (e.statusCode === 403) return {action, kind: 'denied', message, ok: false}
    if (e.statusCode === 408) return {action, kind: 'timeout', message, ok: false}
    if (e.statusCode === 429) return {action, code: 'HTTP 429', kind: 'error', message: `still rate-limited after retries: ${message}`, ok: false}
  }

  if (/fetch failed|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET/.test(message) || /ECONNREFUSED|ENOTFOUND|EAI_AGAIN/.test(String((e as {cause?: {code?: string}}).cause?.code ?? ''))) {
    return {action, code: name, kind: 'unreachable', message, ok: false}
  }

  if (UNSUPPORTED.has(name) || status === 501 || (status === 404 && !/NotFound|NoSuchEntity/i.test(name))) {
    return {action, kind: 'unsupported', message: `${name}: ${message}`, ok: false}
  }

  const meaning = findAwsErrorMeaning(error)
  if (meaning?.code === 'AWS_CREDENTIALS') return {action, code: name, kind: 'credentials', message, ok: false}
  if (meaning?.code === 'AWS_UNREACHABLE') return {action, code: name, kind: 'unreachable', message, ok: false}
  if (meaning?.code === 'AWS_THROTTLED') return {action, code: name, kind: 'error', message: `still throttled after retries: ${message}`, ok: false}
  return {action, code: name, kind: 'error', message: name === 'Error' || message.startsWith(name) ? message : `${name}: ${message}`, ok: false}
}

interface Record_ {
  id: string
  key: string
  action?: string
  start: number
  end: number
  waitMs: number
  /** Time inside network calls (union of intervals). */
  callMs: number
  calls: number
  deps: Set<string>
  /** Facts that had finished before this one was asked for, on the path that asked for it. */
  after: string[]
  outcome: FactOutcome
}

export interface StoreOptions {
  session: AwsSession
  auth0?: Auth0Api
  input: DoctorInput
  registry: FactRegistry
  /** Per network call, including the SDK's retries. */
  callTimeoutMs: number
  now?: () => number
}

export class FactStore {
  private readonly memo = new Map<string, Promise<FactOutcome>>()
  private readonly records = new Map<string, Record_>()
  private readonly t0: number
  private readonly now: () => number

  constructor(private readonly options: StoreOptions) {
    this.now = options.now ?? (() => performance.now())
    this.t0 = this.now()
  }

  key(id: FactId, params: FactParams = {}): string {
    const def = this.options.registry[id]
    const used = (def.params ?? []).filter((p) => params[p] !== undefined).map((p) => `${p}=${params[p]}`)
    return used.length > 0 ? `${id}(${used.join(',')})` : id
  }

  /** The fact's outcome, fetching it on first use. Never rejects. */
  outcome<K extends FactId>(id: K, params: FactParams = {}, after: string[] = []): Promise<FactOutcome<FactTypes[K]>> {
    const key = this.key(id, params)
    let pending = this.memo.get(key)
    if (!pending) {
      pending = this.fetch(id, key, params, after)
      this.memo.set(key, pending)
    }

    return pending as Promise<FactOutcome<FactTypes[K]>>
  }

  /** How many times each fact key was fetched (always 1; for tests). */
  get fetchedKeys(): string[] {
    return [...this.records.keys()]
  }

  timing(): DoctorTiming {
    const facts: FactTiming[] = [...this.records.values()].map((r) => ({
      action: r.action,
      callMs: round(r.callMs),
      calls: r.calls,
      dependsOn: [...r.deps],
      startedAfter: r.after,
      endMs: round(r.end - this.t0),
      id: r.id,
      key: r.key,
      outcome: r.outcome.ok ? 'ok' : r.outcome.kind,
      ownMs: round(Math.max(0, r.end - r.start - r.waitMs)),
      startMs: round(r.start - this.t0),
    }))
    const byKey = new Map(facts.map((f) => [f.key, f]))
    const longestBy = (weight: (f: FactTiming) => number): {ms: number; path: string[]} => {
    const chainMemo = new Map<string, {ms: number; path: string[]}>()
    const chain = (key: string, seen: Set<string>): {ms: number; path: string[]} => {
      const cached = chainMemo.get(key)
      if (cached) return cached
      const f = byKey.get(key)
      if (!f || seen.has(key)) return {ms: 0, path: []}
      const next = new Set(seen).add(key)
      let best = {ms: 0, path: [] as string[]}
      for (const dep of new Set([...f.dependsOn, ...f.startedAfter])) {
        const c = chain(dep, next)
        if (c.ms > best.ms) best = c
      }

      const result = {ms: best.ms + (f.calls > 0 ? weight(f) : 0), path: [...best.path, key]}
      chainMemo.set(key, result)
      return result
    }

    let longest = {ms: 0, path: [] as string[]}
    for (const f of facts) {
      const c = chain(f.key, new Set())
      if (c.ms > longest.ms) longest = c
    }

    return longest
    }

    const longest = longestBy((f) => f.ownMs)
    const byCalls = longestBy((f) => f.callMs)

    const network = facts.filter((f) => f.calls > 0)
    return {
      calls: network.reduce((n, f) => n + f.calls, 0),
      facts: facts.sort((a, b) => a.startMs - b.startMs),
      longestChain: longest.path,
      longestChainMs: round(longest.ms),
      longestCallChain: byCalls.path,
      longestCallChainMs: round(byCalls.ms),
      sumCallMs: round(network.reduce((n, f) => n + f.callMs, 0)),
      sumMs: round(network.reduce((n, f) => n + f.ownMs, 0)),
      wallMs: round(this.now() - this.t0),
    }
  }

  private async fetch(id: FactId, key: string, params: FactParams, after: string[]): Promise<FactOutcome> {
    const def = this.options.registry[id] as FactDef
    const completed = new Set<string>()
    const record: Record_ = {action: def.action, after, callMs: 0, calls: 0, deps: new Set(), end: 0, id, key, outcome: {ok: true, value: undefined}, start: this.now(), waitMs: 0}
    this.records.set(key, record)
    let waiting = 0
    let waitStart = 0
    let calling = 0
    let callStart = 0
    const ctx: FactContext = {
      auth0: this.options.auth0,
      call: async (action, send) => {
        record.calls++
        if (calling++ === 0) callStart = this.now()
        try {
          return await this.call(action, send)
        } finally {
          if (--calling === 0) record.callMs += this.now() - callStart
        }
      },
      get: async (depId, depParams = params) => {
        const depKey = this.key(depId, depParams)
        record.deps.add(depKey)
        if (waiting++ === 0) waitStart = this.now()
        try {
          const outcome = await this.outcome(depId, depParams, [...record.after, ...completed])
          completed.add(depKey)
          if (!outcome.ok) throw new FactUnavailable(outcome)
          return outcome.value
        } finally {
          if (--waiting === 0) record.waitMs += this.now() - waitStart
        }
      },
      input: this.options.input,
      session: this.options.session,
    }

    let outcome: FactOutcome
    try {
      outcome = {ok: true, value: await def.fetch(ctx, params)}
    } catch (error) {
      outcome = classifyError(error, def.action ?? id)
    }

    record.end = this.now()
    record.outcome = outcome
    return outcome
  }

  private async call<T>(action: string, send: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController()
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // Settle the race first, then cancel the request.
        reject(new FactUnavailable({action, kind: 'timeout', message: `no answer within ${Math.round(this.options.callTimeoutMs / 100) / 10} s`, ok: false}))
        controller.abort()
      }, this.options.callTimeoutMs)
    })
    try {
      return await Promise.race([send(controller.signal), timeout])
    } catch (error) {
      throw new FactUnavailable(classifyError(error, action))
    } finally {
      clearTimeout(timer)
    }
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10
}
