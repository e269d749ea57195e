/**
 * Deployed target: Lambda Invoke (RequestResponse, LogType Tail) through the session, the way
 * Cognito invokes a trigger, with the decoded log tail and Lambda's own REPORT figures.
 *
 * ⚠ Cognito invokes custom senders asynchronously (aws-facts §4.4); we invoke synchronously so the
 * error and the logs come back. Cognito also invokes with its own service principal: a missing
 * resource-based policy (lambda:InvokeFunction for cognito-idp.amazonaws.com) does not show here.
 */
import {performance} from 'node:perf_hooks'

import {badInput} from '../../errors.js'
import type {AwsSession} from '../aws/clients.js'
import type {Outcome} from './types.js'
import type {ErrorInfo} from './worker-protocol.js'

export interface DeployedInvocation {
  durationMs?: number
  error?: ErrorInfo
  executedVersion?: string
  functionError?: string
  initDurationMs?: number
  logs: string[]
  outcome: Outcome
  response?: unknown
  statusCode?: number
  wallMs: number
}

/** The region a function name or ARN lives in (ARNs carry it). */
export function functionRegion(nameOrArn: string): string | undefined {
  return /^arn:aws[a-z-]*:lambda:([a-z0-9-]+):\d{12}:function:/.exec(nameOrArn)?.[1]
}

/** Duration, Init Duration and timeout status from a REPORT line. */
export function parseReport(lines: readonly string[]): {durationMs?: number; initDurationMs?: number; timedOut: boolean} {
  const report = [...lines].reverse().find((l) => l.startsWith('REPORT RequestId:'))
  if (!report) return {timedOut: lines.some((l) => /Task timed out after/.test(l))}
  const number = (label: string) => {
    const match = new RegExp(`\\b${label}: ([0-9.]+) ms`).exec(report)
    return match ? Number(match[1]) : undefined
  }

  return {durationMs: number('Duration'), initDurationMs: number('Init Duration'), timedOut: /Status: timeout/.test(report) || lines.some((l) => /Task timed out after/.test(l))}
}

export function decodeLogTail(logResult: string | undefined): string[] {
  if (!logResult) return []
  return Buffer.from(logResult, 'base64')
    .toString('utf8')
    .split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l !== '')
}

function parsePayload(payload: Uint8Array | undefined): unknown {
  if (!payload || payload.length === 0) return undefined
  const text = Buffer.from(payload).toString('utf8')
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

export async function invokeDeployed(session: AwsSession, options: {event: unknown; functionName: string; qualifier?: string; region: string}): Promise<DeployedInvocation> {
  if (!/^[a-zA-Z0-9-_:.]+$/.test(options.functionName)) throw badInput('BAD_FUNCTION', `--function "${options.functionName}" is not a function name or ARN.`)
  const [client, {InvokeCommand}] = await Promise.all([session.client('lambda', options.region), import('@aws-sdk/client-lambda')])
  const started = performance.now()
  const out = await session.call(
    `invoking ${options.functionName} (lambda:InvokeFunction)`,
    () =>
      client.send(
        new InvokeCommand({
          FunctionName: options.functionName,
          InvocationType: 'RequestResponse',
          LogType: 'Tail',
          Payload: Buffer.from(JSON.stringify(options.event)),
          Qualifier: options.qualifier,
        }),
      ),
    options.region,
  )
  const wallMs = performance.now() - started
  const logs = decodeLogTail(out.LogResult)
  const report = parseReport(logs)
  const response = parsePayload(out.Payload)
  let outcome: Outcome = 'ok'
  let error: ErrorInfo | undefined
  if (out.FunctionError) {
    const body = (response && typeof response === 'object' ? response : {}) as {errorMessage?: string; errorType?: string; trace?: string[]}
    error = {errorMessage: body.errorMessage ?? String(response ?? ''), errorType: body.errorType ?? out.FunctionError, stack: body.trace}
    outcome = report.timedOut || /Task timed out after/.test(error.errorMessage) ? 'timeout' : /^Runtime\.(ImportModuleError|HandlerNotFound|UserCodeSyntaxError)/.test(error.errorType) ? 'init-error' : 'error'
  }

  return {
    durationMs: report.durationMs,
    error,
    executedVersion: out.ExecutedVersion,
    functionError: out.FunctionError,
    initDurationMs: report.initDurationMs,
    logs,
    outcome,
    response,
    statusCode: out.StatusCode,
    wallMs,
  }
}
