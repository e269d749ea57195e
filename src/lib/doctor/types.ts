/**
 * The doctor's vocabulary. Checks are data: a check names the facts it needs and turns them into a
 * Finding with a pure `evaluate`. Facts are fetched (once each, memoised by id + params) by the
 * gatherer layer in ./facts; the runner joins the two.
 */
import type {FactTypes} from './facts/types.js'

export type CheckStatus = 'error' | 'fail' | 'info' | 'pass' | 'skip' | 'unknown' | 'warn'

/** Display and counting order. */
export const STATUSES: readonly CheckStatus[] = ['fail', 'error', 'warn', 'unknown', 'info', 'skip', 'pass']

export type CheckGroup =
  | 'auth0'
  | 'custom-message'
  | 'custom-sms-sender'
  | 'identity'
  | 'origination'
  | 'pool'
  | 'recipients'
  | 'sandbox'
  | 'sms-region'
  | 'sms-role'
  | 'sms-settings'

export const GROUP_TITLES: Record<CheckGroup, string> = {
  auth0: 'Auth0',
  'custom-message': 'CustomMessage trigger',
  'custom-sms-sender': 'CustomSMSSender trigger',
  identity: 'Identity',
  origination: 'Origination identities',
  pool: 'User pool',
  recipients: 'Recipients',
  sandbox: 'SMS sandbox',
  'sms-region': 'SMS region',
  'sms-role': 'SMS role',
  'sms-settings': 'Account SMS settings',
}

export interface Fix {
  /** What to do, in one or two sentences. */
  text: string
  /** A copy-paste command (AWS CLI, never with secrets). */
  command?: string
  /** The console path, e.g. "Cognito › User pools › <pool> › Authentication methods › SMS". */
  console?: string
}

export type Evidence = string[] | Record<string, unknown>

/** Why a check was skipped, for people and for machines. */
export type SkipReason = 'credentials' | 'denied' | 'not-applicable'

export interface Finding {
  status: CheckStatus
  /** One line, in words. */
  summary: string
  evidence: Evidence
  fix?: Fix
  /** The region the facts were read in, when it is not the run's own. */
  region?: string
  /** Set by the runner for skipped checks. */
  skipReason?: SkipReason
  /** IAM actions (or Auth0 scopes) a skipped check needs. */
  needs?: string[]
}

/**
 * Where a check runs:
 * - `run`: once (identity, the recipients' format);
 * - `region`: once per SMS region that sends (account-level SMS settings);
 * - `pool`: once per user pool;
 * - `auth0`: once per Auth0 tenant.
 */
export type CheckScope = 'auth0' | 'pool' | 'region' | 'run'

export type FactId = keyof FactTypes

/** Whatever the user asked about, as a check sees it. */
export interface DoctorInput {
  auth0Domain?: string
  /** Countries the user says the pool serves (ISO-2), e.g. from the project file. */
  countries: string[]
  /** The --phone recipients, as given. */
  phones: string[]
}

/** The parameters of one check instance (and of the facts it reads). */
export interface InstanceParams {
  poolId?: string
  /** The SMS region, for `region` checks. */
  region?: string
}

/** What a fact fetch produced, as the runner and the checks see it. */
export type FactOutcome<T = unknown> =
  | {ok: true; value: T}
  | {ok: false; kind: 'denied'; action: string; message: string}
  | {ok: false; kind: 'unsupported'; action: string; message: string}
  | {ok: false; kind: 'not-applicable'; message: string}
  | {ok: false; kind: 'credentials' | 'error' | 'timeout' | 'unreachable'; action?: string; code?: string; message: string}

export type FactFailure = Exclude<FactOutcome, {ok: true}>

/** The facts a check can read. `get` is only for facts in `needs` (the runner guarantees them). */
export interface Facts {
  readonly input: DoctorInput
  readonly params: InstanceParams
  /** A needed fact's value. */
  get<K extends FactId>(id: K): FactTypes[K]
  /** An optional (`uses`) fact's outcome. */
  outcome<K extends FactId>(id: K): FactOutcome<FactTypes[K]>
  /** An optional fact's value, or undefined when it could not be read. */
  maybe<K extends FactId>(id: K): FactTypes[K] | undefined
}

export interface Check {
  /** Stable: used by --check/--skip, in JSON, JUnit and annotations. */
  id: string
  group: CheckGroup
  scope: CheckScope
  title: string
  /** Facts without which the check cannot say anything (a denied one makes it skip). */
  needs: FactId[]
  /** Facts it reads when it can (a denied one only thins the evidence). */
  uses?: FactId[]
  /** Facts of which at least one is needed (e.g. SNS or End User Messaging); all failing makes it skip. */
  needsAny?: FactId[]
  docs: string
  evaluate(facts: Facts): Finding
}

export interface CheckResult extends Finding {
  id: string
  group: CheckGroup
  title: string
  docs: string
  userPoolId?: string
  /** The wall time from the run's start until the finding was known. */
  elapsedMs: number
}

export type FailOn = 'fail' | 'warn'

export type Counts = Record<CheckStatus, number>

export interface FactTiming {
  key: string
  id: string
  action?: string
  /** Relative to the run's start. */
  startMs: number
  endMs: number
  /** Time spent in its own calls (total minus waiting for the facts it depends on). */
  ownMs: number
  dependsOn: string[]
  /** Facts that had to finish before it could be asked for (e.g. the pool, for its role). */
  startedAfter: string[]
  /** Time inside its network calls only (no SDK loading, no waiting). */
  callMs: number
  /** Network calls it made. */
  calls: number
  outcome: 'ok' | FactFailure['kind']
}

export interface DoctorTiming {
  wallMs: number
  /** Network facts fetched (each once). */
  calls: number
  /** The sum of every fact's own time: what a one-call-at-a-time doctor would take. */
  sumMs: number
  /** The longest chain of dependent facts, by own time. */
  longestChainMs: number
  longestChain: string[]
  /** The same by network time only (what injected latency adds to). */
  sumCallMs: number
  longestCallChainMs: number
  longestCallChain: string[]
  facts: FactTiming[]
}

export interface DoctorIdentity {
  account: string
  arn: string
  endpoint?: string
  profile: string
  region: string
}

export interface DoctorResult {
  ok: boolean
  failOn: FailOn
  /** 0 ok, 1 a check failed per failOn, 3 could not reach or authenticate at all. */
  exitCode: 0 | 1 | 3
  counts: Counts
  identity?: DoctorIdentity
  userPoolIds: string[]
  /** SMS regions that account-level checks ran in. */
  smsRegions: string[]
  auth0Domain?: string
  checks: CheckResult[]
  timing: DoctorTiming
}
