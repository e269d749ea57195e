/**
 * The AWS JSON protocols: JSON 1.0 / 1.1 RPC (End User Messaging, Cognito, KMS, CloudWatch) routed by the
 * `X-Amz-Target: Prefix.Operation` header, and REST-JSON (Lambda) routed by method and path.
 * Errors are `{"__type": "Code", "message": "…", …extra}` with the code also in `x-amzn-ErrorType`;
 * the SDK reads the header first, then `code`, then `__type`, and strips any `namespace#` prefix.
 * Timestamps are epoch seconds (the JSON protocols' default format).
 */
import {ServiceError} from '../types.js'
import type {EncodedResponse} from './query.js'

/** Dates become epoch seconds; everything else is copied, undefined members dropped. */
export function toJsonValue(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000
  if (Array.isArray(value)) return value.map((v) => toJsonValue(v))
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toJsonValue(v)
    return out
  }

  return value
}

export function decodeJsonTarget(target: string | undefined, prefix: string): {operation?: string; wrongPrefix: boolean} {
  if (!target) return {wrongPrefix: false}
  const dot = target.lastIndexOf('.')
  if (dot === -1) return {operation: target, wrongPrefix: true}
  return {operation: target.slice(dot + 1), wrongPrefix: target.slice(0, dot) !== prefix}
}

export function parseJsonBody(body: Buffer): Record<string, unknown> {
  const text = body.toString('utf8').trim()
  if (text === '') return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new ServiceError('SerializationException', 'Start of structure or map found where not expected.', 400)
  }

  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ServiceError('SerializationException', 'Start of structure or map found where not expected.', 400)
  }

  return parsed as Record<string, unknown>
}

export function encodeJsonResult(jsonVersion: '1.0' | '1.1', output: unknown, requestId: string): EncodedResponse {
  return {
    body: JSON.stringify(toJsonValue(output ?? {})),
    headers: {'content-type': `application/x-amz-json-${jsonVersion}`, 'x-amzn-requestid': requestId},
    status: 200,
  }
}

/** `queryCode`: for AWS query-compatible services, the error's query code (x-amzn-query-error). */
export function encodeJsonError(jsonVersion: '1.0' | '1.1', messageKey: 'Message' | 'message', error: ServiceError, requestId: string, queryCode?: string): EncodedResponse {
  const body = {__type: error.code, [messageKey]: error.message, ...(toJsonValue(error.extra) as Record<string, unknown>)}
  return {
    body: JSON.stringify(body),
    headers: {
      'content-type': `application/x-amz-json-${jsonVersion}`,
      'x-amzn-errortype': error.code,
      ...(queryCode === undefined ? {} : {'x-amzn-query-error': `${queryCode};${error.status >= 500 ? 'Receiver' : 'Sender'}`}),
      'x-amzn-requestid': requestId,
      ...error.headers,
    },
    status: error.status,
  }
}

export function encodeRestJsonResult(output: unknown, requestId: string, status = 200): EncodedResponse {
  return {
    body: JSON.stringify(toJsonValue(output ?? {})),
    headers: {'content-type': 'application/json', 'x-amzn-requestid': requestId},
    status,
  }
}

/** Lambda's error shape: `x-amzn-ErrorType` header, body `{"Type": "User", "Message": "…"}`. */
export function encodeRestJsonError(messageKey: 'Message' | 'message', error: ServiceError, requestId: string): EncodedResponse {
  const body = {Type: error.status >= 500 ? 'Service' : 'User', [messageKey]: error.message, ...(toJsonValue(error.extra) as Record<string, unknown>)}
  return {
    body: JSON.stringify(body),
    headers: {'content-type': 'application/json', 'x-amzn-errortype': error.code, 'x-amzn-requestid': requestId, ...error.headers},
    status: error.status,
  }
}

/** JSON 1.x "no such operation" (the coral service framework's own error). */
export function jsonUnknownOperation(operation: string | undefined): ServiceError {
  return new ServiceError('UnknownOperationException', operation ? `Unknown operation ${operation}` : 'Missing X-Amz-Target header', 400)
}
