/**
 * The service table: one entry per SigV4 signing name, saying which wire protocol the service
 * speaks, how its fault errors look, and which operations it implements. Adding a service is one
 * entry in SERVICE_TABLE (or `startLocalServer({services: [...]})`).
 */
import type {QueryServiceInfo} from './protocols/query.js'
import {CLOUDWATCH_QUERY_ERRORS, cloudwatchOperations} from './services/cloudwatch.js'
import {cognitoOperations} from './services/cognito.js'
import {eumsOperations} from './services/eums.js'
import {iamOperations} from './services/iam.js'
import {kmsServiceOperations} from './services/kms.js'
import {lambdaOperations, LAMBDA_ROUTES} from './services/lambda.js'
import {snsOperations} from './services/sns.js'
import {stsOperations} from './services/sts.js'
import type {OperationHandler} from './types.js'

export type ProtocolName = 'json1.0' | 'json1.1' | 'query' | 'rest-json'

export interface OperationSpec {
  handler: OperationHandler
  /** The IAM action when it is not `<iamPrefix>:<Operation>` (Lambda Invoke is lambda:InvokeFunction). */
  iamAction?: string
}

export interface RestRoute {
  method: 'DELETE' | 'GET' | 'POST' | 'PUT'
  operation: string
  /** e.g. `/2015-03-31/functions/{FunctionName}/invocations`; `{Name}` captures one path segment. */
  path: string
}

export interface ErrorTemplate {
  code: string
  status: number
}

/** How this service reports the faults `mfa-sms local` can inject. */
export interface FaultErrors {
  accessDenied: ErrorTemplate
  serverError: ErrorTemplate
  throttle: ErrorTemplate & {extra?: Record<string, unknown>; headers?: Record<string, string>; message: string}
}

export interface ServiceDefinition {
  /** Resource/fault errors name actions with this prefix, e.g. `sms-voice:SendTextMessage`. */
  iamPrefix: string
  /** IAM: one state for every region. */
  global?: boolean
  json?: {
    /**
     * AWS query-compatible JSON services (CloudWatch): each JSON error code's query code, sent as
     * `x-amzn-query-error: <code>;Sender|Receiver`, which the SDK reads first. Unlisted codes go as
     * they are.
     */
    awsQueryCompatible?: Record<string, string>
    messageKey: 'Message' | 'message'
    targetPrefix: string
  }
  operations: Record<string, OperationHandler | OperationSpec>
  protocol: ProtocolName
  query?: QueryServiceInfo
  rest?: {messageKey: 'Message' | 'message'; routes: RestRoute[]}
  /** The SigV4 signing name in the credential scope: sns, sms-voice, sts, kms, cognito-idp, iam, lambda, monitoring. */
  signingName: string
  title: string
  faults: FaultErrors
}

const QUERY_FAULTS = (throttleCode: string, throttleStatus: number, accessDenied: string): FaultErrors => ({
  accessDenied: {code: accessDenied, status: 403},
  serverError: {code: accessDenied === 'AuthorizationError' ? 'InternalError' : 'InternalFailure', status: 500},
  throttle: {code: throttleCode, message: 'Rate exceeded', status: throttleStatus},
})

/** KMS wire settings; SERVICE_TABLE plugs in the scenario's keys (services/kms.ts), simulate its own key store. */
export const KMS_PROTOCOL: Omit<ServiceDefinition, 'operations'> = {
  faults: {
    accessDenied: {code: 'AccessDeniedException', status: 400},
    serverError: {code: 'KMSInternalException', status: 500},
    throttle: {code: 'ThrottlingException', message: 'Rate exceeded', status: 400},
  },
  iamPrefix: 'kms',
  json: {messageKey: 'message', targetPrefix: 'TrentService'},
  protocol: 'json1.1',
  signingName: 'kms',
  title: 'AWS KMS',
}

/** IAM wire settings (global service, query protocol). */
export const IAM_PROTOCOL: Omit<ServiceDefinition, 'operations'> = {
  faults: QUERY_FAULTS('Throttling', 400, 'AccessDenied'),
  global: true,
  iamPrefix: 'iam',
  protocol: 'query',
  query: {version: '2010-05-08', xmlNamespace: 'https://iam.amazonaws.com/doc/2010-05-08/'},
  signingName: 'iam',
  title: 'AWS IAM',
}

export const SERVICE_TABLE: readonly ServiceDefinition[] = [
  {
    faults: QUERY_FAULTS('Throttled', 429, 'AuthorizationError'),
    iamPrefix: 'sns',
    operations: snsOperations,
    protocol: 'query',
    query: {version: '2010-03-31', xmlNamespace: 'http://sns.amazonaws.com/doc/2010-03-31/'},
    signingName: 'sns',
    title: 'Amazon SNS',
  },
  {
    faults: {
      accessDenied: {code: 'AccessDeniedException', status: 400},
      serverError: {code: 'InternalServerException', status: 500},
      throttle: {code: 'ThrottlingException', message: 'Rate exceeded', status: 400},
    },
    iamPrefix: 'sms-voice',
    json: {messageKey: 'Message', targetPrefix: 'PinpointSMSVoiceV2'},
    operations: eumsOperations,
    protocol: 'json1.0',
    signingName: 'sms-voice',
    title: 'AWS End User Messaging SMS',
  },
  {
    faults: QUERY_FAULTS('Throttling', 400, 'AccessDenied'),
    iamPrefix: 'sts',
    operations: stsOperations,
    protocol: 'query',
    query: {version: '2011-06-15', xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/'},
    signingName: 'sts',
    title: 'AWS STS',
  },
  {
    faults: {
      accessDenied: {code: 'AccessDeniedException', status: 403},
      serverError: {code: 'InternalErrorException', status: 500},
      throttle: {code: 'TooManyRequestsException', message: 'Rate exceeded', status: 429},
    },
    iamPrefix: 'cognito-idp',
    json: {messageKey: 'message', targetPrefix: 'AWSCognitoIdentityProviderService'},
    operations: cognitoOperations,
    protocol: 'json1.1',
    signingName: 'cognito-idp',
    title: 'Amazon Cognito user pools',
  },
  {
    faults: {
      accessDenied: {code: 'AccessDeniedException', status: 403},
      serverError: {code: 'ServiceException', status: 500},
      throttle: {
        code: 'TooManyRequestsException',
        extra: {Reason: 'CallerRateLimitExceeded', retryAfterSeconds: '1'},
        headers: {'retry-after': '1'},
        message: 'Rate exceeded',
        status: 429,
      },
    },
    iamPrefix: 'lambda',
    operations: lambdaOperations,
    protocol: 'rest-json',
    rest: {messageKey: 'Message', routes: LAMBDA_ROUTES},
    signingName: 'lambda',
    title: 'AWS Lambda',
  },
  {...KMS_PROTOCOL, operations: kmsServiceOperations},
  {...IAM_PROTOCOL, operations: iamOperations},
  {
    faults: {
      accessDenied: {code: 'AccessDeniedException', status: 403},
      serverError: {code: 'InternalServiceFault', status: 500},
      throttle: {code: 'ThrottlingException', message: 'Rate exceeded', status: 400},
    },
    iamPrefix: 'cloudwatch',
    json: {awsQueryCompatible: CLOUDWATCH_QUERY_ERRORS, messageKey: 'message', targetPrefix: 'GraniteServiceVersion20100801'},
    operations: cloudwatchOperations,
    protocol: 'json1.0',
    signingName: 'monitoring',
    title: 'Amazon CloudWatch',
  },
]

/** The table as a map by signing name; `extra` entries replace same-named ones. */
export function buildRegistry(extra: readonly ServiceDefinition[] = []): Map<string, ServiceDefinition> {
  const registry = new Map<string, ServiceDefinition>()
  for (const def of [...SERVICE_TABLE, ...extra]) registry.set(def.signingName, def)
  return registry
}

export function operationSpec(def: ServiceDefinition, operation: string): OperationSpec | undefined {
  if (!Object.hasOwn(def.operations, operation)) return undefined
  const entry = def.operations[operation]!
  return typeof entry === 'function' ? {handler: entry} : entry
}

/** The IAM action a request needs, e.g. `sns:GetSMSAttributes`, `lambda:InvokeFunction`. */
export function iamActionOf(def: ServiceDefinition, operation: string): string {
  return operationSpec(def, operation)?.iamAction ?? `${def.iamPrefix}:${operation}`
}
