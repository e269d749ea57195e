/**
 * What the SMS sandbox, Publish and End User Messaging errors mean for the call that met them.
 *
 * src/lib/aws/errors.ts maps an error by its name alone. Here the same error gets a sharper meaning
 * from the operation it came from and from End User Messaging's `Reason` member: SNS `UserError` on
 * DeleteSMSSandboxPhoneNumber is the 24-hour rule, on CreateSMSSandboxPhoneNumber the 10-number
 * limit or the 5-codes-a-day limit; a ConflictException on SendTextMessage with
 * DESTINATION_PHONE_NUMBER_NOT_VERIFIED is the sandbox. Pure: an error in, an MfaSmsError out.
 */
import {ExitCode, type ExitCodeValue, MfaSmsError} from '../../errors.js'
import {awsErrorName} from '../aws/errors.js'

export type SmsOperation =
  | 'CheckIfPhoneNumberIsOptedOut'
  | 'CreateSMSSandboxPhoneNumber'
  | 'DeleteSMSSandboxPhoneNumber'
  | 'DescribeAccountAttributes'
  | 'DescribeAccountLimits'
  | 'DescribePhoneNumbers'
  | 'DescribePools'
  | 'DescribeSenderIds'
  | 'DescribeSpendLimits'
  | 'GetSMSAttributes'
  | 'GetSMSSandboxAccountStatus'
  | 'ListOriginationNumbers'
  | 'ListSMSSandboxPhoneNumbers'
  | 'Publish'
  | 'SendTextMessage'
  | 'VerifySMSSandboxPhoneNumber'

export interface SmsErrorContext {
  operation: SmsOperation
  /** The --origination the user passed, if any. */
  origination?: string
  /** The destination, in E.164. */
  phone?: string
  region: string
}

interface RawError {
  $metadata?: {httpStatusCode?: number}
  message?: string
  name?: string
  Reason?: string
}

/** The SDK error under an MfaSmsError from session.call (or the error itself). */
function rawOf(error: unknown): RawError | undefined {
  const inner = error instanceof MfaSmsError ? error.cause : error
  return inner && typeof inner === 'object' ? (inner as RawError) : undefined
}

const SANDBOX_DOCS = 'https://docs.aws.amazon.com/sns/latest/dg/sns-sms-sandbox.html'

function make(code: string, message: string, exit: ExitCodeValue, hints: string[], raw: RawError, cause: unknown): MfaSmsError {
  return new MfaSmsError(code, message, {
    cause,
    details: {awsError: awsErrorName(raw), ...(raw.Reason ? {reason: raw.Reason} : {}), httpStatus: raw.$metadata?.httpStatusCode},
    exit,
    hints,
  })
}

/**
 * A sharper MfaSmsError for `error` when the operation or End User Messaging reason tells us more;
 * otherwise `error` unchanged (already mapped by session.call).
 */
export function explainSmsError(error: unknown, ctx: SmsErrorContext): unknown {
  const raw = rawOf(error)
  if (!raw) return error
  const name = raw.name ?? ''
  const reason = raw.Reason ?? ''
  const original = (raw.message ?? name).split('\n', 1)[0]!.trim().replace(/\.$/, '')
  const phone = ctx.phone ?? 'the number'
  const r = ctx.region
  const fail = (code: string, message: string, hints: string[], exit: ExitCodeValue = ExitCode.failed) => make(code, message, exit, hints, raw, error)
  const sandboxVerify = `mfa-sms sandbox verify ${phone} --code <otp> --region ${r}`

  // ---- SNS sandbox operations
  if (name === 'VerificationException') {
    return fail('SANDBOX_CODE_WRONG', `AWS did not accept that one-time password for ${phone} in ${r}: ${original}.`, [
      'type the latest code AWS texted: asking for a new one (sandbox add again) makes the older code useless',
      `send a new code with \`mfa-sms sandbox add ${phone} --region ${r}\``,
    ])
  }

  if (name === 'ResourceNotFoundException' || name === 'ResourceNotFound') {
    if (ctx.operation === 'VerifySMSSandboxPhoneNumber' || ctx.operation === 'DeleteSMSSandboxPhoneNumber') {
      return fail(
        'SANDBOX_NUMBER_NOT_FOUND',
        `${phone} is not in the SMS sandbox list of ${r}.`,
        [`add it with \`mfa-sms sandbox add ${phone} --region ${r}\``, `see what is there with \`mfa-sms sandbox list --region ${r}\` (the list is per region)`],
        ExitCode.badInput,
      )
    }

    if (ctx.operation === 'SendTextMessage' && ctx.origination) {
      return fail(
        'ORIGINATION_NOT_FOUND',
        `The origination identity ${ctx.origination} does not exist in ${r}: ${original}.`,
        [`list the ones that do with \`mfa-sms origination list --region ${r}\``, 'pass a phone number (E.164), its id or ARN, a sender ID or a pool id'],
        ExitCode.badInput,
      )
    }
  }

  if (name === 'OptedOutException' || name === 'OptedOut' || reason === 'DESTINATION_PHONE_NUMBER_OPTED_OUT' || reason === 'CANNOT_ADD_OPTED_OUT_NUMBER') {
    return fail('PHONE_OPTED_OUT', `${phone} has opted out of SMS from this account in ${r} (it replied STOP), so AWS will not text it.`, [
      `only the phone's owner should decide to opt back in; then run \`aws sns opt-in-phone-number --phone-number ${phone} --region ${r}\` (allowed once every 30 days)`,
    ])
  }

  if (name === 'UserErrorException' || name === 'UserError') {
    if (ctx.operation === 'DeleteSMSSandboxPhoneNumber') {
      return fail(
        'SANDBOX_DELETE_TOO_SOON',
        `AWS will not delete ${phone} from the sandbox in ${r} yet: a sandbox number can be deleted only 24 hours after it was verified or after its last verification attempt. AWS said: ${original}.`,
        [`try again in 24 hours: \`mfa-sms sandbox delete ${phone} --region ${r}\``, `rules: ${SANDBOX_DOCS}`],
      )
    }

    if (ctx.operation === 'CreateSMSSandboxPhoneNumber') {
      if (/already/i.test(original) && /verif/i.test(original)) {
        return fail('SANDBOX_ALREADY_VERIFIED', `${phone} is already verified in the sandbox of ${r}.`, [`send it a test with \`mfa-sms send ${phone} --region ${r}\``])
      }

      if (/\b(attempts?|times|resend|per day|24 hours)\b/i.test(original)) {
        return fail('SANDBOX_TOO_MANY_CODES', `AWS has sent ${phone} as many verification codes as it allows in 24 hours (5): ${original}.`, [
          `use the last code that arrived: \`${sandboxVerify}\``,
          'or wait 24 hours and ask again',
        ])
      }

      if (/\b(10|ten|limit|maximum|at most|exceed)/i.test(original)) {
        return fail('SANDBOX_LIMIT_REACHED', `The sandbox in ${r} already has its 10 destination numbers, so AWS will not add ${phone}: ${original}.`, [
          `delete one you no longer need: \`mfa-sms sandbox list --region ${r}\`, then \`mfa-sms sandbox delete <phone> --region ${r}\` (24 hours after it was verified)`,
          `or leave the sandbox in ${r}: request production access for SMS in that region (${SANDBOX_DOCS})`,
        ])
      }
    }

    return fail('SMS_REQUEST_REFUSED', `AWS refused the request in ${r}: ${original}.`, [`the SMS sandbox rules: ${SANDBOX_DOCS}`])
  }

  // ---- End User Messaging reasons (SendTextMessage and friends)
  switch (reason) {
    case 'DESTINATION_PHONE_NUMBER_NOT_VERIFIED': {
      return fail('DESTINATION_NOT_VERIFIED', `The account is in the SMS sandbox in ${r} and ${phone} is not a verified destination, so End User Messaging will not text it.`, [
        `verify it first: \`mfa-sms sandbox add ${phone} --region ${r}\``,
        'or test with an SMS simulator number (no verification, no carrier): `mfa-sms send +14254147755 --via eums --origination <simulator number>`',
      ])
    }

    case 'NO_ORIGINATION_IDENTITIES_FOUND': {
      return fail('NO_ORIGINATION_IDENTITY', `No origination identity in ${r} can send to ${phone}.`, [
        `see what ${r} has: \`mfa-sms origination list --region ${r}\``,
        'US numbers need a toll-free, 10DLC or short-code number in the sending region (End User Messaging SMS console → Phone numbers → Request originator)',
      ])
    }

    case 'INVALID_IDENTITY_FOR_DESTINATION_COUNTRY':
    case 'COUNTRY_CODE_MISMATCH': {
      return fail(
        'ORIGINATION_WRONG_COUNTRY',
        `${ctx.origination ? `The origination identity ${ctx.origination}` : 'The origination identity'} cannot send to ${phone}: ${original}.`,
        [`pick one that serves that country: \`mfa-sms origination list --region ${r}\``, 'SMS simulator numbers only reach simulator destinations of their own country'],
        ExitCode.badInput,
      )
    }

    case 'SENDER_ID_NOT_REGISTERED':
    case 'SENDER_ID_REQUIRES_REGISTRATION':
    case 'SENDER_ID_NOT_SUPPORTED': {
      return fail('SENDER_ID_NOT_USABLE', `The sender ID cannot be used for ${phone}: ${original}.`, [
        'the destination country requires a registered sender ID (or does not show sender IDs at all); register it in the End User Messaging SMS console, or send from a phone number',
      ])
    }

    case 'MONTHLY_SPEND_LIMIT_REACHED_FOR_TEXT': {
      return fail('SPEND_LIMIT_REACHED', `The monthly SMS spend limit in ${r} is used up, so nothing more is sent this month.`, [
        `see the limit with \`mfa-sms sandbox status --region ${r}\`; raise it in the End User Messaging SMS console (spend limits), asking AWS for a higher quota first if needed`,
      ])
    }

    case 'VERIFIED_DESTINATION_NUMBERS_PER_ACCOUNT': {
      return fail('SANDBOX_LIMIT_REACHED', `The sandbox in ${r} already has its 10 verified destination numbers: ${original}.`, [
        `delete one you no longer need with \`mfa-sms sandbox delete <phone> --region ${r}\``,
      ])
    }

    case 'VERIFICATION_ATTEMPTS_PER_DAY': {
      return fail('SANDBOX_TOO_MANY_CODES', `AWS has sent as many verification codes as it allows today: ${original}.`, [`use the last code that arrived: \`${sandboxVerify}\``])
    }

    case 'DESTINATION_COUNTRY_BLOCKED':
    case 'DESTINATION_COUNTRY_BLOCKED_BY_PROTECT_CONFIGURATION':
    case 'DESTINATION_PHONE_NUMBER_BLOCKED_BY_PROTECT_NUMBER_OVERRIDE': {
      return fail('DESTINATION_BLOCKED', `SMS to ${phone} is blocked in ${r}: ${original}.`, [
        'check the protect configuration (End User Messaging SMS console → Protect configurations) for the destination country',
      ])
    }

    case 'PRICE_OVER_THRESHOLD': {
      return fail('PRICE_OVER_THRESHOLD', `Sending to ${phone} would cost more than the maximum price allowed: ${original}.`, ['raise or remove MaxPrice'])
    }

    case 'INSUFFICIENT_ACCOUNT_REPUTATION':
    case 'ACCOUNT_DISABLED': {
      return fail('ACCOUNT_BLOCKED', `AWS is not letting this account send SMS in ${r} (${reason}): ${original}.`, [
        'open an AWS Support case for End User Messaging SMS in that region; nothing on your side can lift it',
      ])
    }

    case 'FIELD_VALIDATION_FAILED': {
      if (ctx.operation === 'SendTextMessage' && /destination/i.test(original)) {
        return fail('PHONE_NOT_ACCEPTED', `End User Messaging does not accept ${phone} as a destination: ${original}.`, ['check it with `mfa-sms phone check`'], ExitCode.badInput)
      }

      break
    }

    default:
  }

  if (ctx.operation === 'Publish' && /not valid to publish to/i.test(original)) {
    return fail('PHONE_NOT_ACCEPTED', `SNS will not publish to ${phone} from ${r}: ${original}.`, [
      'check it with `mfa-sms phone check` (E.164, nothing but + and digits)',
      `and that ${r} sends SMS at all (see \`mfa-sms region list\`)`,
    ], ExitCode.badInput)
  }

  return error
}
