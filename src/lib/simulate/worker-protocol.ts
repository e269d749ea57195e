/**
 * Messages between `mfa-sms simulate` and the child process that runs a local handler (worker.ts),
 * over Node's IPC channel. One worker is one Lambda execution environment: it loads the handler
 * once (the cold start) and runs one invocation at a time.
 */
import type {TriggerFamily} from './triggers.js'

export type HandlerStyle = 'auth0-action' | 'auth0-hook' | 'lambda'

export interface ErrorInfo {
  errorMessage: string
  errorType: string
  stack?: string[]
}

export interface InitMessage {
  type: 'init'
  exportName?: string
  family: TriggerFamily
  file: string
  lambda: {functionName: string; memoryMb: number; region: string; timeoutMs: number}
  network: {
    /** Hosts (besides loopback) the handler may reach. */
    allowHosts: string[]
    /** The in-process `mfa-sms local` endpoint every AWS request is sent to. */
    endpoint: string
  }
}

export interface InvokeMessage {
  type: 'invoke'
  id: number
  /** The Lambda event, or for Auth0 {event, hook}: the worker passes whichever the handler's style takes. */
  payload: unknown
  requestId: string
  /** Epoch ms when the function times out (for context.getRemainingTimeInMillis). */
  deadline: number
}

export type ParentMessage = InitMessage | InvokeMessage

export interface ReadyMessage {
  type: 'ready'
  exports: string[]
  initDurationMs: number
  style: HandlerStyle
}

export interface InitErrorMessage {
  type: 'init-error'
  error: ErrorInfo
  initDurationMs: number
}

export interface ResultMessage {
  type: 'result'
  id: number
  /** The handler's own time, measured inside the worker. */
  durationMs: number
  error?: ErrorInfo
  logs: string[]
  /** Observations the parent turns into verdicts. */
  notes: WorkerNote[]
  /** The handler's return value (Lambda) or the hook callback's response. */
  value?: unknown
  ok: boolean
  /** Whether `aws-sdk` (v2) has been loaded in this environment. */
  awsSdkV2: boolean
}

export interface BlockedMessage {
  type: 'blocked'
  host: string
  port?: number
}

export type WorkerNote =
  /** A legacy hook's promise settled but it never called cb. */
  | 'hook-returned-without-callback'
  /** The hook called cb more than once. */
  | 'hook-callback-twice'
  /** A Lambda handler both returned a promise and called the callback. */
  | 'callback-and-promise'

export type ChildMessage = BlockedMessage | InitErrorMessage | ReadyMessage | ResultMessage
