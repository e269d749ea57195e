/**
 * Who "runs" a Lambda function when Invoke is called. The default, scenarioInvoker, answers from
 * the scenario (a fixed response, an error with log lines, or the event echoed back as Cognito
 * triggers do). A later invoker that runs a local handler file plugs in with setInvoker() (for
 * every server in the process) or startLocalServer({invoker}); it gets `next` to fall back on the
 * scenario for functions it does not handle.
 */
import {setTimeout as sleep} from 'node:timers/promises'

import type {FunctionState} from './state.js'

export type InvocationType = 'DryRun' | 'Event' | 'RequestResponse'

export interface InvokeRequest {
  accountId: string
  clientContext?: string
  /** The version that runs ($LATEST, or what an alias points to). */
  executedVersion: string
  function: FunctionState
  invocationType: InvocationType
  payload: Buffer
  qualifier?: string
  region: string
  requestId: string
}

export interface InvokeResult {
  durationMs?: number
  /** Set when the function failed: Lambda still answers 200, with X-Amz-Function-Error. */
  functionError?: 'Handled' | 'Unhandled'
  /** Lines the function logged (Lambda adds START/END/REPORT around them). */
  logs?: string[]
  /** A Buffer/string is returned as is; anything else is JSON-encoded. */
  payload?: unknown
}

export type Invoker = (request: InvokeRequest, next: () => Promise<InvokeResult>) => Promise<InvokeResult>

/** What the Lambda service calls: the configured invoker with the scenario as fallback. */
export type InvokerChain = (request: InvokeRequest) => Promise<InvokeResult>

let processInvoker: Invoker | undefined

/** Sets the invoker every server in this process uses unless it was started with its own. */
export function setInvoker(invoker: Invoker | undefined): void {
  processInvoker = invoker
}

export function buildInvokerChain(own?: Invoker): InvokerChain {
  return (request) => {
    const invoker = own ?? processInvoker
    const fallback = () => scenarioInvoker(request)
    return invoker ? invoker(request, fallback) : fallback()
  }
}

/** Answers from the function's `invoke` block in the scenario. */
export async function scenarioInvoker(request: InvokeRequest): Promise<InvokeResult> {
  const {config} = request.function
  const spec = config.invoke
  const timeoutMs = config.Timeout * 1000
  const ran = Math.min(spec.durationMs, timeoutMs)
  if (ran > 0) await sleep(ran)
  if (spec.durationMs > timeoutMs) {
    const line = `${new Date().toISOString()} ${request.requestId} Task timed out after ${config.Timeout.toFixed(2)} seconds`
    return {durationMs: timeoutMs, functionError: 'Unhandled', logs: [...spec.logs, line], payload: {errorMessage: line}}
  }

  if (spec.error) {
    const {errorMessage, errorType, trace} = spec.error
    const stack = trace.length > 0 ? trace : [`${errorType}: ${errorMessage}`, '    at Runtime.handler (file:///var/task/index.mjs:1:1)']
    const logLine = `${new Date().toISOString()}\t${request.requestId}\tERROR\tInvoke Error \t${JSON.stringify({errorMessage, errorType, stack})}`
    return {durationMs: ran, functionError: 'Unhandled', logs: [...spec.logs, logLine], payload: {errorMessage, errorType, trace: stack}}
  }

  if (spec.response !== undefined) return {durationMs: ran, logs: spec.logs, payload: spec.response}
  return {durationMs: ran, logs: spec.logs, payload: request.payload}
}
