/**
 * AWS Lambda, the parts Cognito triggers touch (REST-JSON, 2015-03-31; aws-facts §4.5, §6.3):
 * GetFunction, GetFunctionConfiguration, GetPolicy, ListFunctions and Invoke. Invoke runs through
 * the invoker chain (invoker.ts): the scenario's canned answer unless an invoker was plugged in.
 *
 * ⚠ Fidelity notes:
 * - Invoking a function whose State is Pending, Inactive or Failed answers ResourceConflictException;
 *   real Lambda reactivates Inactive functions and reports Failed ones with more specific errors.
 * - A function ARN for another region or account is reported as not found.
 * - Published versions exist only as the values of the scenario's `aliases` map.
 */
import {randomUuid} from '../random.js'
import type {RestRoute} from '../registry.js'
import {type FunctionState, stableId} from '../state.js'
import {type OperationContext, type OperationHandler, type OperationInput, RawHttpResponse, ServiceError} from '../types.js'
import type {InvocationType} from '../invoker.js'
import {paginate} from './util.js'

export const LAMBDA_ROUTES: RestRoute[] = [
  {method: 'GET', operation: 'ListFunctions', path: '/2015-03-31/functions'},
  {method: 'GET', operation: 'GetFunction', path: '/2015-03-31/functions/{FunctionName}'},
  {method: 'GET', operation: 'GetFunctionConfiguration', path: '/2015-03-31/functions/{FunctionName}/configuration'},
  {method: 'GET', operation: 'GetPolicy', path: '/2015-03-31/functions/{FunctionName}/policy'},
  {method: 'POST', operation: 'Invoke', path: '/2015-03-31/functions/{FunctionName}/invocations'},
]

const MAX_SYNC_PAYLOAD = 6 * 1024 * 1024
const MAX_ASYNC_PAYLOAD = 1024 * 1024

interface Resolved {
  arn: string
  fn: FunctionState
  qualifier?: string
  version: string
}

function functionNotFound(context: OperationContext, name: string, qualifier?: string): ServiceError {
  const arn = name.startsWith('arn:') ? name : `arn:aws:lambda:${context.region}:${context.accountId}:function:${name}`
  return new ServiceError('ResourceNotFoundException', `Function not found: ${arn}${qualifier && !arn.endsWith(`:${qualifier}`) ? `:${qualifier}` : ''}`, 404)
}

/** A function name, full ARN or partial ARN (ACCOUNT:function:NAME), each optionally with :QUALIFIER. */
function resolveFunction(context: OperationContext, rawName: string, queryQualifier?: string): Resolved {
  let name = rawName
  let qualifier = queryQualifier
  const full = /^arn:aws[a-z-]*:lambda:([a-z0-9-]+):(\d{12}):function:([^:]+)(?::(.+))?$/.exec(rawName)
  const partial = /^(\d{12}):function:([^:]+)(?::(.+))?$/.exec(rawName)
  const short = /^([^:]+):(.+)$/.exec(rawName)
  if (full) {
    if (full[1] !== context.region || full[2] !== context.accountId) throw functionNotFound(context, rawName)
    name = full[3]!
    qualifier = full[4] ?? qualifier
  } else if (partial) {
    if (partial[1] !== context.accountId) throw functionNotFound(context, rawName)
    name = partial[2]!
    qualifier = partial[3] ?? qualifier
  } else if (short) {
    name = short[1]!
    qualifier = short[2]
  }

  const fn = context.world.state.region(context.region).functions.get(name)
  if (!fn) throw functionNotFound(context, name, qualifier)
  let version = '$LATEST'
  if (qualifier !== undefined && qualifier !== '$LATEST') {
    const aliased = fn.config.aliases[qualifier]
    const published = Object.values(fn.config.aliases).includes(qualifier)
    if (aliased) version = aliased
    else if (published) version = qualifier
    else throw functionNotFound(context, fn.arn, qualifier)
  }

  return {arn: qualifier ? `${fn.arn}:${qualifier}` : fn.arn, fn, qualifier, version}
}

function functionName(context: OperationContext): string {
  return decodeURIComponent(context.http?.pathParams.FunctionName ?? '')
}

function configuration(r: Resolved): Record<string, unknown> {
  const {config} = r.fn
  return {
    Architectures: config.Architectures,
    CodeSha256: r.fn.codeSha256,
    CodeSize: 1024,
    Description: config.Description,
    Environment: config.Environment,
    EphemeralStorage: {Size: 512},
    FunctionArn: r.arn,
    FunctionName: config.FunctionName,
    Handler: config.Handler,
    LastModified: r.fn.lastModified,
    LastUpdateStatus: config.LastUpdateStatus,
    LoggingConfig: {LogFormat: 'Text', LogGroup: `/aws/lambda/${config.FunctionName}`},
    MemorySize: config.MemorySize,
    PackageType: 'Zip',
    RevisionId: uuidOf(r.fn.arn),
    Role: r.fn.role,
    Runtime: config.Runtime,
    SnapStart: {ApplyOn: 'None', OptimizationStatus: 'Off'},
    State: config.State,
    StateReason: config.StateReason,
    StateReasonCode: config.StateReasonCode,
    Timeout: config.Timeout,
    TracingConfig: {Mode: 'PassThrough'},
    Version: r.version,
  }
}

function uuidOf(text: string): string {
  const h = stableId(text)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`
}

const listFunctions: OperationHandler = (_input, context) => {
  const q = context.http?.query
  const maxItems = q?.get('MaxItems') ? Number(q.get('MaxItems')) : 50
  if (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > 10_000) throw new ServiceError('InvalidParameterValueException', 'MaxItems must be between 1 and 10000', 400)
  const all = [...context.world.state.region(context.region).functions.values()].map((fn) => configuration({arn: fn.arn, fn, version: '$LATEST'}))
  const {nextToken, page} = paginate(all, {
    defaultMax: 50,
    invalidToken: () => new ServiceError('InvalidParameterValueException', 'Invalid marker', 400),
    maxResults: maxItems,
    nextToken: q?.get('Marker') ?? undefined,
  })
  return {Functions: page, NextMarker: nextToken}
}

const getFunctionConfiguration: OperationHandler = (_input, context) =>
  configuration(resolveFunction(context, functionName(context), context.http?.query.get('Qualifier') ?? undefined))

const getFunction: OperationHandler = (_input, context) => {
  const r = resolveFunction(context, functionName(context), context.http?.query.get('Qualifier') ?? undefined)
  return {
    Code: {
      Location: `https://awslambda-${context.region}-tasks.s3.${context.region}.amazonaws.com/snapshots/${context.accountId}/${r.fn.config.FunctionName}-${stableId(r.fn.arn).slice(0, 12)}`,
      RepositoryType: 'S3',
    },
    Configuration: configuration(r),
  }
}

const getPolicy: OperationHandler = (_input, context) => {
  const r = resolveFunction(context, functionName(context), context.http?.query.get('Qualifier') ?? undefined)
  const policy = r.fn.config.policy
  if (!policy) throw new ServiceError('ResourceNotFoundException', 'The resource you requested does not exist.', 404)
  return {Policy: JSON.stringify({Id: 'default', Version: '2012-10-17', ...policy}), RevisionId: uuidOf(`${r.fn.arn}/policy`)}
}

function header(context: OperationContext, name: string): string | undefined {
  const value = context.http?.headers[name]
  return Array.isArray(value) ? value[0] : value
}

/** Lambda's log tail: START / the function's lines / END / REPORT, last 4 KB, base64. */
function logTail(requestId: string, version: string, lines: string[], durationMs: number, memory: number, timedOut: boolean): string {
  const text = [
    `START RequestId: ${requestId} Version: ${version}`,
    ...lines,
    `END RequestId: ${requestId}`,
    `REPORT RequestId: ${requestId}\tDuration: ${durationMs.toFixed(2)} ms\tBilled Duration: ${Math.max(1, Math.ceil(durationMs))} ms\tMemory Size: ${memory} MB\tMax Memory Used: ${Math.min(memory, 64)} MB\t${timedOut ? 'Status: timeout' : ''}`,
    '',
  ].join('\n')
  const bytes = Buffer.from(text, 'utf8')
  return bytes.subarray(Math.max(0, bytes.length - 4096)).toString('base64')
}

const invoke: OperationHandler = async (_input: OperationInput, context) => {
  const r = resolveFunction(context, functionName(context), context.http?.query.get('Qualifier') ?? undefined)
  const type = (header(context, 'x-amz-invocation-type') ?? 'RequestResponse') as InvocationType
  if (!['DryRun', 'Event', 'RequestResponse'].includes(type)) {
    throw new ServiceError('InvalidParameterValueException', `Unsupported InvocationType: ${type}`, 400)
  }

  const payload = context.http?.body ?? Buffer.alloc(0)
  const limit = type === 'Event' ? MAX_ASYNC_PAYLOAD : MAX_SYNC_PAYLOAD
  if (payload.length > limit) {
    throw new ServiceError('RequestTooLargeException', `Request must be smaller than ${limit} bytes for the ${type === 'Event' ? 'InvokeAsync' : 'Invoke'} operation`, 413)
  }

  if (payload.length > 0) {
    try {
      JSON.parse(payload.toString('utf8'))
    } catch (error) {
      throw new ServiceError('InvalidRequestContentException', `Could not parse request body into json: ${(error as Error).message}`, 400)
    }
  }

  const state = r.fn.config.State
  if (state !== 'Active') {
    throw new ServiceError(
      'ResourceConflictException',
      `The operation cannot be performed at this time. The function is currently in the following state: ${state}`,
      409,
      {Type: 'User'},
    )
  }

  const executed = {'x-amz-executed-version': r.version, 'x-amzn-requestid': context.requestId}
  if (type === 'DryRun') return new RawHttpResponse(204, executed)
  const request = {
    accountId: context.accountId,
    clientContext: header(context, 'x-amz-client-context'),
    executedVersion: r.version,
    function: r.fn,
    invocationType: type,
    payload,
    qualifier: r.qualifier,
    region: context.region,
    requestId: randomUuid(context.random),
  }
  if (type === 'Event') {
    // Asynchronous: accepted now, run later; failures are not reported to the caller.
    void context.world.invoker(request).catch(() => {})
    return new RawHttpResponse(202, {'x-amzn-requestid': context.requestId})
  }

  const result = await context.world.invoker(request)
  const body = Buffer.isBuffer(result.payload)
    ? result.payload
    : typeof result.payload === 'string'
      ? result.payload
      : result.payload === undefined
        ? 'null'
        : JSON.stringify(result.payload)
  const headers: Record<string, string> = {'content-type': 'application/json', ...executed}
  if (result.functionError) headers['x-amz-function-error'] = result.functionError
  if ((header(context, 'x-amz-log-type') ?? 'None') === 'Tail') {
    const timedOut = result.functionError === 'Unhandled' && /Task timed out/.test(typeof body === 'string' ? body : body.toString('utf8'))
    headers['x-amz-log-result'] = logTail(request.requestId, r.version, result.logs ?? [], result.durationMs ?? 1, r.fn.config.MemorySize, timedOut)
  }

  return new RawHttpResponse(200, headers, body)
}

export const lambdaOperations: Record<string, OperationHandler | {handler: OperationHandler; iamAction: string}> = {
  GetFunction: getFunction,
  GetFunctionConfiguration: getFunctionConfiguration,
  GetPolicy: getPolicy,
  Invoke: {handler: invoke, iamAction: 'lambda:InvokeFunction'},
  ListFunctions: listFunctions,
}

