/**
 * The AWS query protocol (SNS, STS, IAM): form-encoded requests with Action and Version, XML
 * responses wrapped in `<XResponse><XResult>` with the request id in `<ResponseMetadata>`, and
 * errors as `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`.
 * The AWS SDK v3 reads the error code from `Error.Code` and maps it through each error shape's
 * awsQueryError code (SNS `Throttled` → ThrottledException); other members (e.g. SNS
 * VerificationException's `Status`) are read from inside `<Error>`.
 */
import {ServiceError} from '../types.js'
import {element, escapeXml, xmlContent} from '../xml.js'

export interface QueryServiceInfo {
  version: string
  xmlNamespace: string
}

export interface EncodedResponse {
  body: Buffer | string
  headers: Record<string, string>
  status: number
}

type Tree = {[key: string]: Tree | string}

/** Decodes `Action=X&Version=Y&A.member.1=…&M.entry.1.key=…` into {action, version, input}. */
export function decodeQueryBody(body: string): {action?: string; input: Record<string, unknown>; version?: string} {
  const params = new URLSearchParams(body)
  const root: Tree = Object.create(null) as Tree
  let action: string | undefined
  let version: string | undefined
  for (const [key, value] of params) {
    if (key === 'Action') {
      action = value
      continue
    }

    if (key === 'Version') {
      version = value
      continue
    }

    const parts = key.split('.')
    let node = root
    for (const [i, part] of parts.entries()) {
      if (i === parts.length - 1) {
        node[part] = value
      } else {
        // Own keys only: a request naming `__proto__.x` must not reach Object.prototype.
        const next = Object.hasOwn(node, part) ? node[part] : undefined
        if (typeof next === 'object') {
          node = next
        } else {
          const created: Tree = Object.create(null) as Tree
          node[part] = created
          node = created
        }
      }
    }
  }

  return {action, input: normalise(root) as Record<string, unknown>, version}
}

function numericChildren(node: Tree): [number, Tree | string][] | undefined {
  const entries = Object.entries(node)
  if (entries.length === 0 || !entries.every(([k]) => /^\d+$/.test(k))) return undefined
  return entries.map(([k, v]) => [Number(k), v] as [number, Tree | string]).sort((a, b) => a[0] - b[0])
}

/** `X.member.N` becomes an array; `X.entry.N.{key|Name}/{value|Value}` becomes a map object. */
function normalise(node: Tree | string): unknown {
  if (typeof node === 'string') return node
  const keys = Object.keys(node)
  if (keys.length === 1 && keys[0] === 'member' && typeof node.member === 'object') {
    const items = numericChildren(node.member)
    if (items) return items.map(([, v]) => normalise(v))
  }

  if (keys.length === 1 && keys[0] === 'entry' && typeof node.entry === 'object') {
    const items = numericChildren(node.entry)
    if (items) {
      const map: Record<string, unknown> = {}
      for (const [, entry] of items) {
        if (typeof entry !== 'object') continue
        const key = entry.key ?? entry.Name ?? entry.name
        const value = entry.value ?? entry.Value
        if (typeof key === 'string' && key !== '__proto__') map[key] = value === undefined ? undefined : normalise(value)
      }

      return map
    }
  }

  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(node)) if (k !== '__proto__') out[k] = normalise(v)
  return out
}

export function encodeQueryResult(info: QueryServiceInfo, operation: string, output: unknown, requestId: string): EncodedResponse {
  const result = output && typeof output === 'object' && Object.keys(output).length > 0 ? element(`${operation}Result`, output) : `<${operation}Result/>`
  const body =
    `<${operation}Response xmlns="${info.xmlNamespace}">` +
    result +
    `<ResponseMetadata><RequestId>${escapeXml(requestId)}</RequestId></ResponseMetadata>` +
    `</${operation}Response>\n`
  return {body, headers: {'content-type': 'text/xml', 'x-amzn-requestid': requestId}, status: 200}
}

export function encodeQueryError(info: QueryServiceInfo, error: ServiceError, requestId: string): EncodedResponse {
  const type = error.status >= 500 ? 'Receiver' : 'Sender'
  const body =
    `<ErrorResponse xmlns="${info.xmlNamespace}">` +
    `<Error><Type>${type}</Type><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message>${xmlContent(error.extra)}</Error>` +
    `<RequestId>${escapeXml(requestId)}</RequestId>` +
    `</ErrorResponse>\n`
  return {body, headers: {'content-type': 'text/xml', 'x-amzn-requestid': requestId, ...error.headers}, status: error.status}
}

/** The query protocol's "no such action" error, as SNS/STS/IAM send it. */
export function queryUnknownOperation(info: QueryServiceInfo, action: string | undefined): ServiceError {
  return action
    ? new ServiceError('InvalidAction', `Could not find operation ${action} for version ${info.version}`, 400)
    : new ServiceError('MissingAction', 'Missing Action', 400)
}
