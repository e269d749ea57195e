/** Shapes shared by the simulate runners, verdict rules and renderer. */
import type {CapturedMessage} from '../local/inbox.js'
import type {TriggerSpec} from './triggers.js'
import type {ErrorInfo, HandlerStyle, WorkerNote} from './worker-protocol.js'

export type TargetKind = 'auth0-tenant' | 'deployed' | 'dry-run' | 'local'

export type Outcome = 'crash' | 'error' | 'init-error' | 'ok' | 'timeout'

/** An SMS the in-process endpoint captured and attributed to one invocation. */
export interface AttributedSms extends Pick<CapturedMessage, 'body' | 'channel' | 'outcome' | 'reason' | 'rule' | 'to'> {
  /** ms after the handler returned that the message arrived (absent: it arrived before). */
  afterReturnMs?: number
}

/** One invocation, whatever ran it, in the form the verdict rules read. */
export interface InvocationRecord {
  awsSdkV2?: boolean
  blocked: {host: string; port?: number}[]
  /** The plaintext code / temporary password the user should receive. */
  code: string
  coldStart: boolean
  /** Time that counts against the caller's budget: handler time plus init on a cold start. */
  durationMs: number
  error?: ErrorInfo
  /** The request payload as sent (event, or hook arguments). */
  event: unknown
  /** Lambda's X-Amz-Function-Error (deployed) or the local equivalent. */
  functionError?: string
  initDurationMs?: number
  logs: string[]
  notes: WorkerNote[]
  outcome: Outcome
  requestId: string
  response?: unknown
  /** Captured SMS (local targets only; undefined when nothing could be captured). */
  sms?: AttributedSms[]
  statusCode?: number
  style?: HandlerStyle
  /** Wall time seen by mfa-sms (for load statistics). */
  wallMs: number
}

export interface RuleContext {
  budgetMs: number
  /** The key ARN a custom sender code was encrypted under. */
  keyArn?: string
  /** Key names the handler was configured with (KEY_ARN, KEY_ALIAS…), to explain keyring mistakes. */
  configuredKeys: string[]
  /** The pool's EmailConfiguration.EmailSendingAccount; undefined when unknown. */
  emailSendingAccount?: 'COGNITO_DEFAULT' | 'DEVELOPER'
  /** Expected recipient. */
  phone?: string
  spec: TriggerSpec
  target: TargetKind
  timeoutMs?: number
}

export type FindingStatus = 'fail' | 'info' | 'pass' | 'warn'

export interface Finding {
  fix?: string
  id: string
  message: string
  status: FindingStatus
}

export interface VerdictRule {
  id: string
  /** One line for --help and docs. */
  summary: string
  /** A finding, or undefined when the rule does not apply to this invocation. */
  check: (invocation: InvocationRecord, context: RuleContext) => Finding | Finding[] | undefined
}
