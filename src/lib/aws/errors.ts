import {ExitCode, type ExitCodeValue, MfaSmsError} from '../../errors.js'

/**
 * What an AWS SDK v3 error means to a user, keyed by the error's `name` (the SDK maps the wire
 * code to it, e.g. SNS `Throttled` → `ThrottledException`) or by Node's network error `code`.
 * The first matching row wins. Rows for specific APIs (sandbox, origination…) go above the
 * generic ones.
 */
export interface AwsErrorMeaning {
  code: string
  exit: ExitCodeValue
  hints: (context: AwsErrorContext) => string[]
  /** Error names (SDK) or Node error codes this row covers. */
  matches: string[]
  message: (context: AwsErrorContext) => string
}

export interface AwsErrorContext {
  /** What we were doing, e.g. "reading user pool eu-central-1_AbC". */
  action: string
  endpoint?: string
  original: string
  region?: string
}

const regionHint = (c: AwsErrorContext) => (c.region ? ` in ${c.region}` : '')

export const AWS_ERROR_MEANINGS: AwsErrorMeaning[] = [
  // SMS sandbox and End User Messaging (src/lib/sms/errors.ts sharpens these per operation and `Reason`).
  {
    code: 'SANDBOX_CODE_WRONG',
    exit: ExitCode.failed,
    hints: () => ['type the latest code AWS texted (each new code replaces the previous one)', 'send a new code with `mfa-sms sandbox add <phone>`'],
    matches: ['VerificationException'],
    message: (c) => `AWS did not accept the one-time password while ${c.action}${regionHint(c)}: ${c.original}`,
  },
  {
    code: 'PHONE_OPTED_OUT',
    exit: ExitCode.failed,
    hints: () => ['only the phone\'s owner should decide to opt back in; then `aws sns opt-in-phone-number --phone-number <phone>` (once every 30 days)'],
    matches: ['OptedOutException', 'OptedOut'],
    message: (c) => `The phone number has opted out of SMS from this account${regionHint(c)} (it replied STOP), so AWS will not text it (${c.action}).`,
  },
  {
    code: 'SMS_REQUEST_REFUSED',
    exit: ExitCode.failed,
    hints: () => ['the SMS sandbox rules: https://docs.aws.amazon.com/sns/latest/dg/sns-sms-sandbox.html'],
    matches: ['UserErrorException', 'UserError'],
    message: (c) => `AWS refused the request while ${c.action}${regionHint(c)}: ${c.original}`,
  },
  {
    code: 'EUMS_CONFLICT',
    exit: ExitCode.failed,
    hints: () => ['the error names the resource or setting in the way'],
    matches: ['ConflictException'],
    message: (c) => `End User Messaging refused while ${c.action}${regionHint(c)}: ${c.original}`,
  },
  {
    code: 'EUMS_QUOTA_EXCEEDED',
    exit: ExitCode.failed,
    hints: () => ['see the quotas in the End User Messaging SMS console (or Service Quotas) and request an increase'],
    matches: ['ServiceQuotaExceededException'],
    message: (c) => `An End User Messaging quota is used up${regionHint(c)} (${c.action}): ${c.original}`,
  },
  {
    code: 'AWS_NO_REGION',
    exit: ExitCode.badInput,
    hints: () => ['pass --region us-east-1 (or set AWS_REGION, or a region in your profile)'],
    matches: ['MissingRegion'],
    message: (c) => `No AWS region is set for ${c.action}.`,
  },
  {
    code: 'AWS_CREDENTIALS',
    exit: ExitCode.service,
    hints: () => [
      'check `aws sts get-caller-identity` works with the same --profile',
      'for SSO profiles run `aws sso login --profile <name>` first',
    ],
    matches: [
      'CredentialsProviderError',
      'ExpiredToken',
      'ExpiredTokenException',
      'InvalidClientTokenId',
      'UnrecognizedClientException',
      'InvalidSignatureException',
      'SignatureDoesNotMatch',
      'IncompleteSignature',
      'TokenRefreshRequired',
    ],
    message: (c) => `AWS did not accept the credentials while ${c.action}: ${c.original}`,
  },
  {
    code: 'AWS_ACCESS_DENIED',
    exit: ExitCode.service,
    hints: () => ['grant the IAM action named above to the identity shown by `aws sts get-caller-identity`'],
    matches: ['AccessDenied', 'AccessDeniedException', 'AuthorizationErrorException', 'AuthorizationError', 'UnauthorizedOperation'],
    message: (c) => `Access denied while ${c.action}${regionHint(c)}: ${c.original}`,
  },
  {
    code: 'AWS_THROTTLED',
    exit: ExitCode.service,
    hints: () => ['wait a minute and run again; mfa-sms already retried with back-off'],
    matches: ['Throttling', 'ThrottlingException', 'ThrottledException', 'TooManyRequestsException', 'RequestLimitExceeded'],
    message: (c) => `AWS kept throttling requests while ${c.action}${regionHint(c)}.`,
  },
  {
    code: 'AWS_NOT_FOUND',
    exit: ExitCode.badInput,
    hints: () => ['check the id and the --region it lives in'],
    matches: ['ResourceNotFoundException', 'NoSuchEntity', 'NoSuchEntityException', 'NotFoundException'],
    message: (c) => `Not found while ${c.action}${regionHint(c)}: ${c.original}`,
  },
  {
    code: 'AWS_INVALID_PARAMETER',
    exit: ExitCode.badInput,
    hints: () => [],
    matches: ['InvalidParameterException', 'InvalidParameter', 'ValidationException', 'InvalidParameterValue'],
    message: (c) => `AWS rejected the request while ${c.action}: ${c.original}`,
  },
  {
    code: 'AWS_UNSUPPORTED_OPERATION',
    exit: ExitCode.service,
    hints: (c) => (c.endpoint ? [`the endpoint ${c.endpoint} does not implement this operation`] : []),
    matches: ['UnknownOperationException', 'InvalidAction', 'NotImplemented'],
    message: (c) => `The service does not implement the call made while ${c.action}: ${c.original}`,
  },
  {
    code: 'AWS_UNREACHABLE',
    exit: ExitCode.service,
    hints: (c) =>
      c.endpoint
        ? [`is something listening at ${c.endpoint}? (start one with \`mfa-sms local start\`)`]
        : ['check your network, proxy and --region'],
    matches: ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'EAI_AGAIN', 'TimeoutError', 'RequestTimeout', 'RequestTimeoutException'],
    message: (c) => `Could not reach AWS${c.endpoint ? ` at ${c.endpoint}` : ''} while ${c.action}: ${c.original}`,
  },
]

interface ErrorLike {
  $metadata?: {httpStatusCode?: number}
  code?: string
  message?: string
  name?: string
}

function errorKeys(error: ErrorLike): string[] {
  const keys = [error.name, error.code].filter((k): k is string => typeof k === 'string')
  // The SDK throws a plain Error for a missing region; recognise it by its message.
  if (/region is missing/i.test(error.message ?? '')) keys.push('MissingRegion')
  return keys
}

/** The error names (and Node error codes) of the row with this `code`, e.g. AWS_ACCESS_DENIED. */
export function awsErrorNamesFor(code: string): readonly string[] {
  return AWS_ERROR_MEANINGS.find((row) => row.code === code)?.matches ?? []
}

export function findAwsErrorMeaning(error: unknown): AwsErrorMeaning | undefined {
  if (!error || typeof error !== 'object') return undefined
  const keys = errorKeys(error as ErrorLike)
  return AWS_ERROR_MEANINGS.find((row) => row.matches.some((m) => keys.includes(m)))
}

/** The AWS error name, as our checks compare it ("AccessDeniedException", "ECONNREFUSED"…). */
export function awsErrorName(error: unknown): string {
  if (!error || typeof error !== 'object') return String(error)
  const e = error as ErrorLike
  return e.code && /^E[A-Z]+$/.test(e.code) ? e.code : (e.name ?? 'Error')
}

/** Turn anything an AWS call threw into the one error type; unknown errors become exit 3. */
export function toMfaSmsError(error: unknown, context: Omit<AwsErrorContext, 'original'>): MfaSmsError {
  if (error instanceof MfaSmsError) return error
  const e = (error && typeof error === 'object' ? error : {message: String(error)}) as ErrorLike
  const full: AwsErrorContext = {...context, original: firstLine(e.message ?? awsErrorName(error))}
  const meaning = findAwsErrorMeaning(error)
  if (meaning) {
    return new MfaSmsError(meaning.code, meaning.message(full), {
      cause: error,
      details: {awsError: awsErrorName(error), httpStatus: e.$metadata?.httpStatusCode},
      exit: meaning.exit,
      hints: meaning.hints(full),
    })
  }

  return new MfaSmsError('AWS_ERROR', `AWS returned ${awsErrorName(error)} while ${context.action}: ${full.original}`, {
    cause: error,
    details: {awsError: awsErrorName(error), httpStatus: e.$metadata?.httpStatusCode},
    exit: ExitCode.service,
  })
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0]!.trim()
}
