import {describe, expect, it} from 'vitest'

import {ExitCode, MfaSmsError} from '../../src/errors.js'
import {toMfaSmsError} from '../../src/lib/aws/errors.js'
import {explainSmsError, type SmsErrorContext} from '../../src/lib/sms/errors.js'

const sdkError = (name: string, message: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(message), {$metadata: {httpStatusCode: 400}, name, ...extra})

/** As commands meet them: mapped by session.call first, then sharpened. */
function explain(error: Error, ctx: Partial<SmsErrorContext> & Pick<SmsErrorContext, 'operation'>): MfaSmsError {
  const full = {phone: '+12065550123', region: 'eu-west-1', ...ctx}
  const mapped = toMfaSmsError(error, {action: 'doing it', region: full.region})
  const out = explainSmsError(mapped, full)
  expect(out).toBeInstanceOf(MfaSmsError)
  return out as MfaSmsError
}

describe('the generic table knows the SMS error names', () => {
  it.each([
    ['VerificationException', 'SANDBOX_CODE_WRONG', ExitCode.failed],
    ['OptedOutException', 'PHONE_OPTED_OUT', ExitCode.failed],
    ['UserErrorException', 'SMS_REQUEST_REFUSED', ExitCode.failed],
    ['ConflictException', 'EUMS_CONFLICT', ExitCode.failed],
    ['ServiceQuotaExceededException', 'EUMS_QUOTA_EXCEEDED', ExitCode.failed],
  ])('%s becomes %s', (name, code, exit) => {
    expect(toMfaSmsError(sdkError(name, 'x'), {action: 'a'})).toMatchObject({code, exitCode: exit})
  })
})

describe('explainSmsError', () => {
  it('a wrong OTP is exit 1 and suggests a new code', () => {
    const err = explain(sdkError('VerificationException', 'Invalid one-time password.', {Status: 'Pending'}), {operation: 'VerifySMSSandboxPhoneNumber'})
    expect(err).toMatchObject({code: 'SANDBOX_CODE_WRONG', exitCode: 1})
    expect(err.message).toBe('AWS did not accept that one-time password for +12065550123 in eu-west-1: Invalid one-time password.')
    expect(err.hints.join(' ')).toContain('mfa-sms sandbox add +12065550123 --region eu-west-1')
  })

  it('UserError on delete is the 24-hour rule', () => {
    const err = explain(sdkError('UserErrorException', 'Cannot delete yet'), {operation: 'DeleteSMSSandboxPhoneNumber'})
    expect(err).toMatchObject({code: 'SANDBOX_DELETE_TOO_SOON', exitCode: 1})
    expect(err.message).toMatch(/24 hours after it was verified/)
  })

  it.each([
    ['You can add at most 10 destination phone numbers', 'SANDBOX_LIMIT_REACHED'],
    ['Maximum number of sandbox phone numbers exceeded', 'SANDBOX_LIMIT_REACHED'],
    ['Verification codes can be sent at most 5 times in 24 hours', 'SANDBOX_TOO_MANY_CODES'],
    ['Phone number is already verified', 'SANDBOX_ALREADY_VERIFIED'],
    ['Something else entirely', 'SMS_REQUEST_REFUSED'],
  ])('UserError on create "%s" is %s', (message, code) => {
    expect(explain(sdkError('UserErrorException', message), {operation: 'CreateSMSSandboxPhoneNumber'}).code).toBe(code)
  })

  it('ResourceNotFound on verify/delete names the region and sandbox add (exit 2)', () => {
    const err = explain(sdkError('ResourceNotFoundException', 'nope'), {operation: 'DeleteSMSSandboxPhoneNumber'})
    expect(err).toMatchObject({code: 'SANDBOX_NUMBER_NOT_FOUND', exitCode: 2})
    expect(err.message).toBe('+12065550123 is not in the SMS sandbox list of eu-west-1.')
  })

  it('ResourceNotFound on SendTextMessage with --origination is that identity', () => {
    const err = explain(sdkError('ResourceNotFoundException', 'The phone-number x does not exist'), {operation: 'SendTextMessage', origination: '+18005550100'})
    expect(err).toMatchObject({code: 'ORIGINATION_NOT_FOUND', exitCode: 2})
  })

  it('OptedOut (SNS) and DESTINATION_PHONE_NUMBER_OPTED_OUT (End User Messaging) read the same', () => {
    const sns = explain(sdkError('OptedOutException', 'opted out'), {operation: 'CreateSMSSandboxPhoneNumber'})
    const eums = explain(sdkError('ConflictException', 'opted out', {Reason: 'DESTINATION_PHONE_NUMBER_OPTED_OUT'}), {operation: 'SendTextMessage'})
    expect(sns).toMatchObject({code: 'PHONE_OPTED_OUT', exitCode: 1})
    expect(eums).toMatchObject({code: 'PHONE_OPTED_OUT', details: {reason: 'DESTINATION_PHONE_NUMBER_OPTED_OUT'}})
    expect(sns.message).toBe(eums.message)
  })

  it.each([
    ['ConflictException', 'DESTINATION_PHONE_NUMBER_NOT_VERIFIED', 'DESTINATION_NOT_VERIFIED', 1],
    ['ConflictException', 'NO_ORIGINATION_IDENTITIES_FOUND', 'NO_ORIGINATION_IDENTITY', 1],
    ['ValidationException', 'INVALID_IDENTITY_FOR_DESTINATION_COUNTRY', 'ORIGINATION_WRONG_COUNTRY', 2],
    ['ValidationException', 'SENDER_ID_NOT_REGISTERED', 'SENDER_ID_NOT_USABLE', 1],
    ['ValidationException', 'SENDER_ID_REQUIRES_REGISTRATION', 'SENDER_ID_NOT_USABLE', 1],
    ['ServiceQuotaExceededException', 'MONTHLY_SPEND_LIMIT_REACHED_FOR_TEXT', 'SPEND_LIMIT_REACHED', 1],
    ['ServiceQuotaExceededException', 'VERIFIED_DESTINATION_NUMBERS_PER_ACCOUNT', 'SANDBOX_LIMIT_REACHED', 1],
    ['ServiceQuotaExceededException', 'VERIFICATION_ATTEMPTS_PER_DAY', 'SANDBOX_TOO_MANY_CODES', 1],
    ['ValidationException', 'DESTINATION_COUNTRY_BLOCKED', 'DESTINATION_BLOCKED', 1],
    ['ConflictException', 'DESTINATION_COUNTRY_BLOCKED_BY_PROTECT_CONFIGURATION', 'DESTINATION_BLOCKED', 1],
    ['ValidationException', 'PRICE_OVER_THRESHOLD', 'PRICE_OVER_THRESHOLD', 1],
    ['AccessDeniedException', 'INSUFFICIENT_ACCOUNT_REPUTATION', 'ACCOUNT_BLOCKED', 1],
    ['AccessDeniedException', 'ACCOUNT_DISABLED', 'ACCOUNT_BLOCKED', 1],
  ])('%s %s becomes %s (exit %i)', (name, reason, code, exit) => {
    const err = explain(sdkError(name, 'AWS text', {Reason: reason}), {operation: 'SendTextMessage'})
    expect(err).toMatchObject({code, details: {awsError: name, reason}, exitCode: exit})
    expect(err.hints.length).toBeGreaterThan(0)
  })

  it('a plain AccessDenied (no Reason) stays the generic one naming the IAM action', () => {
    const mapped = toMfaSmsError(sdkError('AuthorizationErrorException', 'not authorized'), {action: 'listing (sns:ListSMSSandboxPhoneNumbers)', region: 'eu-west-1'})
    expect(explainSmsError(mapped, {operation: 'ListSMSSandboxPhoneNumbers', region: 'eu-west-1'})).toBe(mapped)
    expect(mapped).toMatchObject({code: 'AWS_ACCESS_DENIED', exitCode: 3})
  })

  it('throttling stays AWS_THROTTLED (exit 3)', () => {
    const mapped = toMfaSmsError(sdkError('ThrottledException', 'Rate exceeded'), {action: 'x'})
    expect(explainSmsError(mapped, {operation: 'Publish', region: 'eu-west-1'})).toMatchObject({code: 'AWS_THROTTLED', exitCode: 3})
  })

  it('SNS Publish "not valid to publish to" is bad input', () => {
    const err = explain(sdkError('InvalidParameterException', 'Invalid parameter: PhoneNumber Reason: +1206 is not valid to publish to'), {operation: 'Publish'})
    expect(err).toMatchObject({code: 'PHONE_NOT_ACCEPTED', exitCode: 2})
  })

  it('leaves what it does not know alone', () => {
    const plain = new Error('boom')
    expect(explainSmsError(plain, {operation: 'Publish', region: 'x'})).toBe(plain)
    expect(explainSmsError('text', {operation: 'Publish', region: 'x'})).toBe('text')
  })
})
