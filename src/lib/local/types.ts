/**
 * Shared types of `mfa-sms local`, the offline stand-in for the AWS APIs an SMS MFA setup touches.
 * The server routes each request by its SigV4 credential scope (service, region) to a
 * ServiceDefinition (see registry.ts); operations are plain functions from a decoded input to an
 * output object, and the protocol layer (query/XML, JSON 1.0/1.1, REST-JSON) does the wire encoding.
 */
import type {Inbox} from './inbox.js'
import type {InvokerChain} from './invoker.js'
import type {LocalState} from './state.js'

/** An error an emulated operation raises; the protocol layer renders it in the service's error shape. */
export class ServiceError extends Error {
  /** Extra members serialised next to the message (e.g. End User Messaging's `Reason`). */
  readonly extra: Record<string, unknown>
  /** Extra HTTP response headers (e.g. Lambda's `Retry-After`). */
  readonly headers: Record<string, string>
  readonly status: number

  constructor(
    /** The wire error code, e.g. "VerificationException", "NotFoundException", "AccessDenied". */
    readonly code: string,
    message: string,
    status = 400,
    extra: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) {
    super(message)
    this.name = code
    this.status = status
    this.extra = extra
    this.headers = headers
  }
}

/**
 * A response an operation encodes itself (Lambda Invoke returns the function's raw payload with
 * `X-Amz-*` headers). The protocol layer sends it as is.
 */
export class RawHttpResponse {
  constructor(
    readonly status: number,
    readonly headers: Record<string, string>,
    readonly body: Buffer | string = '',
  ) {}
}

/** Everything the emulated services share: the scenario's account state and the SMS inbox. */
export interface LocalWorld {
  inbox: Inbox
  invoker: InvokerChain
  state: LocalState
}

/** The HTTP request as the REST protocols see it (Lambda binds path, query and headers). */
export interface HttpRequestView {
  body: Buffer
  headers: Record<string, string | string[] | undefined>
  method: string
  path: string
  pathParams: Record<string, string>
  query: URLSearchParams
}

export interface OperationContext {
  accountId: string
  /** The access key id the caller signed with (any is accepted). */
  accessKeyId?: string
  /** The raw request, for REST-JSON operations. */
  http?: HttpRequestView
  now: () => Date
  /** The operation name, e.g. "Publish". */
  operation: string
  /** Seeded random source, so OTPs, ids and faults are reproducible. */
  random: () => number
  region: string
  requestId: string
  /** The signing name the request was routed by, e.g. "sns", "sms-voice". */
  service: string
  world: LocalWorld
}

/** Decoded input: JSON bodies as parsed; query-protocol bodies as nested objects/arrays. */
export type OperationInput = Record<string, unknown>

export type OperationHandler = (input: OperationInput, context: OperationContext) => Promise<unknown> | unknown
