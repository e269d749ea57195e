/**
 * runDoctor: picks the checks, makes one instance per scope (run, SMS region, pool, Auth0 tenant),
 * asks the fact store for everything each instance reads — all at once, so independent calls
 * overlap and dependent ones chain — and turns facts into findings. A check that throws becomes an
 * `error` finding; nothing a check or a fact does ends the run.
 */
import {badInput} from '../../errors.js'
import type {AwsSession} from '../aws/clients.js'
import {closest} from '../text/closest.js'
import type {Auth0Api} from './auth0-api.js'
import {CATALOGUE} from './checks/index.js'
import {FACTS} from './facts/index.js'
import type {FactTypes} from './facts/types.js'
import {type FactRegistry, FactStore} from './store.js'
import {
  type Check,
  type CheckResult,
  type Counts,
  type DoctorInput,
  type DoctorResult,
  type FactFailure,
  type FactId,
  type FactOutcome,
  type Facts,
  type FailOn,
  type Finding,
  type InstanceParams,
  STATUSES,
} from './types.js'

export interface DoctorProgress {
  done: number
  total: number
  /** The check that just finished. */
  last?: string
}

export interface DoctorOptions {
  /** AWS session; without one no AWS check runs. */
  session?: AwsSession
  auth0?: Auth0Api
  auth0Domain?: string
  userPoolIds: string[]
  /** Where account-level checks run when no pool is given (default: the session's region). */
  accountRegion?: string
  phones: string[]
  countries?: string[]
  /** --check: ids or group names. */
  only?: string[]
  /** --skip: ids or group names. */
  skip?: string[]
  failOn?: FailOn
  /** Per network call, SDK retries included. */
  callTimeoutMs?: number
  onProgress?: (progress: DoctorProgress) => void
  /** For tests: another catalogue or fact registry. */
  catalogue?: readonly Check[]
  registry?: FactRegistry
  /** Load the SDK packages while the first calls are in flight (default true). */
  prewarm?: boolean
}

export interface DoctorRun extends DoctorResult {
  /** Things the user should know about the run itself (not findings). */
  notes: string[]
}

/** `--check`/`--skip` values: a check id, or a group name ("sms-role") meaning all its checks. */
export function matchChecks(catalogue: readonly Check[], patterns: string[], flag: string): Set<string> {
  const ids = new Set<string>()
  for (const raw of patterns) {
    const pattern = raw.trim().replace(/\.\*$/, '')
    const matched = catalogue.filter((c) => c.id === pattern || c.group === pattern)
    if (matched.length === 0) {
      const suggestion = closest(pattern, [...catalogue.map((c) => c.id), ...new Set(catalogue.map((c) => c.group))])
      throw badInput('UNKNOWN_CHECK', `${flag} ${raw} is not a doctor check${suggestion ? `; did you mean ${suggestion}?` : '.'}`, ['list the checks with `mfa-sms doctor --list`'])
    }

    for (const c of matched) ids.add(c.id)
  }

  return ids
}

export function selectChecks(catalogue: readonly Check[], only: string[] = [], skip: string[] = []): Check[] {
  const wanted = only.length > 0 ? matchChecks(catalogue, only, '--check') : undefined
  const unwanted = matchChecks(catalogue, skip, '--skip')
  return catalogue.filter((c) => (!wanted || wanted.has(c.id)) && !unwanted.has(c.id))
}

/** What a check reports when a fact it needs could not be had. */
export function findingFromFailure(failure: FactFailure): Finding {
  switch (failure.kind) {
    case 'denied': {
      return {evidence: {error: failure.message}, needs: [failure.action], skipReason: 'denied', status: 'skip', summary: `skipped: needs ${failure.action}`}
    }

    case 'unsupported': {
      return {evidence: {error: failure.message}, status: 'unknown', summary: `unknown: the endpoint does not implement ${failure.action}`}
    }

    case 'not-applicable': {
      return {evidence: [], skipReason: 'not-applicable', status: 'skip', summary: failure.message}
    }

    default: {
      const what = failure.action ? ` (${failure.action})` : ''
      const verb = failure.kind === 'timeout' ? 'timed out' : failure.kind === 'credentials' ? 'credentials refused' : failure.kind === 'unreachable' ? 'could not reach the service' : 'failed'
      return {evidence: {error: failure.message, ...(failure.code ? {code: failure.code} : {})}, status: 'error', summary: `error: reading the facts${what} ${verb}: ${failure.message}`}
    }
  }
}

const FAILURE_PRIORITY: FactFailure['kind'][] = ['not-applicable', 'credentials', 'unreachable', 'denied', 'unsupported', 'timeout', 'error']

function worst(failures: FactFailure[]): FactFailure | undefined {
  return [...failures].sort((a, b) => FAILURE_PRIORITY.indexOf(a.kind) - FAILURE_PRIORITY.indexOf(b.kind))[0]
}

/** A Facts view over outcomes already fetched (also what unit tests build by hand). */
export function factsView(outcomes: Map<FactId, FactOutcome>, input: DoctorInput, params: InstanceParams): Facts {
  const outcome = <K extends FactId>(id: K): FactOutcome<FactTypes[K]> =>
    (outcomes.get(id) as FactOutcome<FactTypes[K]> | undefined) ?? {kind: 'error', message: `fact ${id} was not gathered for this check`, ok: false}
  return {
    get(id) {
      const o = outcome(id)
      if (!o.ok) throw new Error(`fact ${id} is not available: ${o.message}`)
      return o.value
    },
    input,
    maybe(id) {
      const o = outcome(id)
      return o.ok ? o.value : undefined
    },
    outcome,
    params,
  }
}

/** Runs one check on the facts it reads; never throws. */
export function evaluateCheck(check: Check, outcomes: Map<FactId, FactOutcome>, input: DoctorInput, params: InstanceParams): Finding {
  const needed = check.needs.map((id) => outcomes.get(id)).filter((o): o is FactFailure => o !== undefined && !o.ok)
  const blocking = worst(needed)
  if (blocking) return findingFromFailure(blocking)
  if (check.needsAny && check.needsAny.length > 0) {
    const any = check.needsAny.map((id) => outcomes.get(id))
    if (any.every((o) => o !== undefined && !o.ok)) {
      const failures = any as FactFailure[]
      const denied = failures.filter((f) => f.kind === 'denied')
      if (denied.length === failures.length) {
        const actions = denied.map((f) => (f.kind === 'denied' ? f.action : ''))
        return {evidence: {errors: failures.map((f) => f.message)}, needs: actions, skipReason: 'denied', status: 'skip', summary: `skipped: needs ${actions.join(' or ')}`}
      }

      return findingFromFailure(worst(failures)!)
    }
  }

  try {
    return check.evaluate(factsView(outcomes, input, params))
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return {evidence: {error: message}, status: 'error', summary: `error: the check crashed: ${message}`}
  }
}

interface Instance {
  check: Check
  params: InstanceParams
  /** Fact keys that finished before this instance could start (for the timing chain). */
  after?: string[]
  /** Set when the instance cannot run (its pool could not be read). */
  preset?: Finding
}

const AWS_SCOPES = new Set(['pool', 'region'])

function countStatuses(results: CheckResult[]): Counts {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Counts
  for (const r of results) counts[r.status]++
  return counts
}

export async function runDoctor(options: DoctorOptions): Promise<DoctorRun> {
  const t0 = performance.now()
  const catalogue = options.catalogue ?? CATALOGUE
  const registry = options.registry ?? FACTS
  const failOn = options.failOn ?? 'fail'
  const input: DoctorInput = {auth0Domain: options.auth0Domain ?? options.auth0?.domain, countries: options.countries ?? [], phones: options.phones}
  const notes: string[] = []
  const session = options.session
  const store = new FactStore({
    auth0: options.auth0,
    callTimeoutMs: options.callTimeoutMs ?? 20_000,
    input,
    registry,
    // The session is only dereferenced by AWS facts, which run only when there is one.
    session: session as AwsSession,
  })
  if (session && options.prewarm !== false) prewarm()

  const selected = selectChecks(catalogue, options.only, options.skip).filter((c) => {
    if (c.scope === 'auth0') return Boolean(options.auth0)
    if (c.id === 'identity.credentials' || AWS_SCOPES.has(c.scope)) return Boolean(session)
    return true
  })
  if (!session && selected.length === 0 && !options.auth0) notes.push('Nothing to check: give --user-pool-id, --region or --auth0-domain.')
  if (selected.some((c) => c.scope === 'pool') && options.userPoolIds.length === 0 && session) {
    notes.push('No user pool given: only account-level checks ran. Pass --user-pool-id (or --all-pools) to check a pool, its role and triggers.')
  }

  const instances: Instance[] = []
  const runScoped = selected.filter((c) => c.scope === 'run' || c.scope === 'auth0')
  for (const check of runScoped) instances.push({check, params: {}})
  for (const poolId of options.userPoolIds) {
    for (const check of selected.filter((c) => c.scope === 'pool')) instances.push({check, params: {poolId}})
  }

  // Region-scoped instances wait for the pools' SMS regions; everything else starts now.
  const regionChecks = selected.filter((c) => c.scope === 'region')
  const results: CheckResult[] = []
  let done = 0
  let total = instances.length + regionChecks.length * Math.max(1, options.userPoolIds.length)
  const finish = (instance: Instance, finding: Finding): void => {
    const {check, params} = instance
    results.push({
      ...finding,
      docs: check.docs,
      elapsedMs: Math.round(performance.now() - t0),
      group: check.group,
      id: check.id,
      region: finding.region ?? params.region,
      title: check.title,
      ...(params.poolId ? {userPoolId: params.poolId} : {}),
    })
    options.onProgress?.({done: ++done, last: check.id, total})
  }

  const runInstance = async (instance: Instance): Promise<void> => {
    if (instance.preset) {
      finish(instance, instance.preset)
      return
    }

    const {check, params} = instance
    const ids = [...new Set([...check.needs, ...(check.needsAny ?? []), ...(check.uses ?? [])])]
    const outcomes = new Map<FactId, FactOutcome>()
    await Promise.all(ids.map(async (id) => outcomes.set(id, await store.outcome(id, {...params}, instance.after))))
    finish(instance, evaluateCheck(check, outcomes, input, params))
  }

  const regionInstances = async (): Promise<Instance[]> => {
    if (regionChecks.length === 0 || !session) return []
    if (options.userPoolIds.length === 0) {
      let region = options.accountRegion
      if (!region) {
        try {
          region = await session.region()
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error)
          return regionChecks.map((check) => ({check, params: {}, preset: {evidence: {error: message}, status: 'error', summary: `error: no region to check in: ${message}`}}))
        }
      }

      return regionChecks.map((check) => ({check, params: {region}}))
    }

    const byRegion = new Map<string, string[]>()
    const out: Instance[] = []
    await Promise.all(
      options.userPoolIds.map(async (poolId) => {
        const o = await store.outcome('pool.smsRegion', {poolId})
        if (o.ok) {
          byRegion.set(o.value.effectiveSmsRegion, [...(byRegion.get(o.value.effectiveSmsRegion) ?? []), poolId])
        } else {
          for (const check of regionChecks) out.push({check, params: {poolId}, preset: findingFromFailure(o)})
        }
      }),
    )
    const after = options.userPoolIds.map((poolId) => store.key('pool.smsRegion', {poolId}))
    for (const region of byRegion.keys()) for (const check of regionChecks) out.push({after, check, params: {region}})
    return out
  }

  await Promise.all([
    ...instances.map((i) => runInstance(i)),
    regionInstances().then(async (list) => {
      total += list.length - regionChecks.length * Math.max(1, options.userPoolIds.length)
      await Promise.all(list.map((i) => runInstance(i)))
    }),
  ])

  // When AWS (or Auth0) refused our credentials, the other checks' errors say nothing new.
  const authFailed = new Set<'auth0' | 'aws'>()
  const identity = await peek(store, 'sts.identity', session !== undefined && selected.some((c) => c.id === 'identity.credentials'))
  if (identity && !identity.ok && (identity.kind === 'credentials' || identity.kind === 'unreachable')) authFailed.add('aws')
  const auth0 = await peek(store, 'auth0.factors', options.auth0 !== undefined && selected.some((c) => c.id === 'auth0.access'))
  if (auth0 && !auth0.ok && (auth0.kind === 'credentials' || auth0.kind === 'unreachable')) authFailed.add('auth0')
  for (const r of results) {
    const family = r.group === 'auth0' ? 'auth0' : 'aws'
    const isGate = r.id === 'identity.credentials' || r.id === 'auth0.access'
    if (!isGate && authFailed.has(family) && r.status === 'error') {
      r.status = 'skip'
      r.skipReason = 'credentials'
      r.summary = family === 'aws' ? 'skipped: AWS did not accept the credentials (see identity.credentials)' : 'skipped: Auth0 did not accept the credentials (see auth0.access)'
    }
  }

  const order = new Map(catalogue.map((c, i) => [c.id, i]))
  results.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0) || (a.userPoolId ?? '').localeCompare(b.userPoolId ?? '') || (a.region ?? '').localeCompare(b.region ?? ''))
  const counts = countStatuses(results)
  const failing = counts.fail + counts.error + (failOn === 'warn' ? counts.warn : 0)
  const exitCode = authFailed.size > 0 ? 3 : failing > 0 ? 1 : 0
  const smsRegions = [...new Set(results.filter((r) => r.region).map((r) => r.region!))].sort()
  const identityValue = identity?.ok ? identity.value : undefined
  return {
    auth0Domain: input.auth0Domain,
    checks: results,
    counts,
    exitCode,
    failOn,
    identity: identityValue,
    notes,
    ok: exitCode === 0,
    smsRegions,
    timing: store.timing(),
    userPoolIds: options.userPoolIds,
  }
}

/** The outcome of a fact only if some check already asked for it. */
async function peek<K extends FactId>(store: FactStore, id: K, asked: boolean): Promise<FactOutcome<FactTypes[K]> | undefined> {
  return asked ? store.outcome(id) : undefined
}

/** Loads the SDK packages while the first calls are in flight, so no chain waits on a module load. */
function prewarm(): void {
  const modules = [
    import('@aws-sdk/client-cognito-identity-provider'),
    import('@aws-sdk/client-sns'),
    import('@aws-sdk/client-iam'),
    import('@aws-sdk/client-lambda'),
    import('@aws-sdk/client-kms'),
    import('@aws-sdk/client-pinpoint-sms-voice-v2'),
    import('@aws-sdk/client-cloudwatch'),
  ]
  for (const m of modules) m.catch(() => {})
}
