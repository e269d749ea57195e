/**
 * Amazon SNS, the SMS part (query protocol, API 2010-03-31; aws-facts §1): the SMS sandbox,
 * SMS attributes, origination numbers, opt-outs and Publish to a phone number.
 *
 * ⚠ Fidelity notes (AWS documents the error codes, not the texts):
 * - UserError texts for the 10-number limit, the 5-attempts-in-24-hours limit, "already verified"
 *   and the 24-hour deletion rule are paraphrases of the developer guide, not AWS's exact words.
 * - VerificationException's `Status` member is modelled but its values are not documented; we
 *   send "Pending" (the number stays pending after a wrong code).
 * - ListSMSSandboxPhoneNumbers may return ResourceNotFound per the model; we return an empty list.
 * - The sandbox OTP text is ours and always English; AWS words it per LanguageCode, and we do not
 *   know those texts, so the requested language (default en-US) is only recorded on the inbox message.
 * - Publish's 1,600-character SMS limit is from the developer guide (aws-facts §1.2); the error text for
 *   it is our guess in SNS's "Invalid parameter: …" form.
 * - Missing required parameters are reported as InvalidParameter (SNS is not Coral-validated).
 */
import {STRICT_E164} from '../../knowledge/phone.js'
import {SANDBOX_LANGUAGES} from '../../sms/input.js'
import {pickOriginationNumber, findOriginationNumber, evaluateDelivery, prepareSms, recordSms} from '../delivery.js'
import {randomDigits, randomUuid} from '../random.js'
import {SMS_ATTRIBUTE_NAMES} from '../scenario.js'
import type {RegionState} from '../state.js'
import {type OperationContext, type OperationHandler, type OperationInput, ServiceError} from '../types.js'
import {XmlMap} from '../xml.js'
import {list, num, paginate, record, str, validationText} from './util.js'

const DAY = 86_400_000
export const SANDBOX_NUMBER_LIMIT = 10
export const SANDBOX_ATTEMPTS_PER_DAY = 5
/** The longest Message SNS publishes to a phone number (aws-facts §1.2; UTF-16 code units, as End User Messaging counts). */
export const SMS_MESSAGE_MAX_CHARS = 1600

const invalidParameter = (name: string, reason?: string) =>
  new ServiceError('InvalidParameter', `Invalid parameter: ${name}${reason ? ` Reason: ${reason}` : ''}`, 400)

const invalidToken = () => invalidParameter('NextToken', 'The token is not valid')

function region(context: OperationContext): RegionState {
  return context.world.state.region(context.region)
}

function required(input: OperationInput, name: string): string {
  const value = str(input, name)
  if (value === undefined || value === '') throw invalidParameter(name, 'must not be empty')
  return value
}

function maxResults(input: OperationInput, max: number, useValidation = false): number | undefined {
  const value = num(input, 'MaxResults')
  if (value === undefined) return undefined
  if (!Number.isInteger(value) || value < 1 || value > max) {
    if (useValidation) throw new ServiceError('ValidationException', validationText(value, 'maxResults', `Member must have value less than or equal to ${max}`), 400)
    throw invalidParameter('MaxResults', `must be between 1 and ${max}`)
  }

  return value
}

function e164Input(input: OperationInput, name: string): string {
  const phone = required(input, name)
  if (!STRICT_E164.test(phone)) throw invalidParameter(name === 'phoneNumber' ? 'phoneNumber' : 'PhoneNumber', `${phone} is not a valid phone number`)
  return phone
}

const getSandboxStatus: OperationHandler = (_input, context) => ({IsInSandbox: region(context).sandbox.inSandbox})

const listSandboxNumbers: OperationHandler = (input, context) => {
  const numbers = [...region(context).sandbox.numbers.values()].map((n) => ({PhoneNumber: n.phoneNumber, Status: n.status}))
  const {nextToken, page} = paginate(numbers, {defaultMax: 100, invalidToken, maxResults: maxResults(input, 100), nextToken: str(input, 'NextToken')})
  return {NextToken: nextToken, PhoneNumbers: page}
}

const createSandboxNumber: OperationHandler = (input, context) => {
  const phone = e164Input(input, 'PhoneNumber')
  const language = str(input, 'LanguageCode') ?? 'en-US'
  if (!(SANDBOX_LANGUAGES as readonly string[]).includes(language)) throw invalidParameter('LanguageCode', `${language} is not supported`)
  const r = region(context)
  if (r.optedOut.has(phone)) throw new ServiceError('OptedOut', `Phone number ${phone} is opted out`, 400)
  const now = context.now()
  const existing = r.sandbox.numbers.get(phone)
  if (existing?.status === 'Verified') throw new ServiceError('UserError', `Phone number ${phone} is already verified in the SMS sandbox`, 400)
  if (!existing && r.sandbox.numbers.size >= SANDBOX_NUMBER_LIMIT) {
    throw new ServiceError(
      'UserError',
      `You can add at most ${SANDBOX_NUMBER_LIMIT} destination phone numbers to the SMS sandbox in ${context.region}; delete one first`,
      400,
    )
  }

  const recent = (existing?.attempts ?? []).filter((at) => now.getTime() - at.getTime() < DAY)
  if (recent.length >= SANDBOX_ATTEMPTS_PER_DAY) {
    throw new ServiceError('UserError', `Verification codes can be sent to ${phone} at most ${SANDBOX_ATTEMPTS_PER_DAY} times in 24 hours`, 400)
  }

  const otp = randomDigits(context.random, 6)
  r.sandbox.numbers.set(phone, {
    attempts: [...recent, now],
    createdAt: existing?.createdAt ?? now,
    lastAttemptAt: now,
    otp,
    phoneNumber: phone,
    status: 'Pending',
  })
  context.world.inbox.add({
    body: `Your Amazon SNS verification code is: ${otp}`,
    channel: 'sandbox-otp',
    from: 'AWS',
    id: randomUuid(context.random),
    language,
    outcome: 'delivered',
    parts: 1,
    priceUsd: 0,
    region: context.region,
    smsType: 'Transactional',
    time: now.toISOString(),
    to: phone,
  })
  return {}
}

const verifySandboxNumber: OperationHandler = (input, context) => {
  const phone = required(input, 'PhoneNumber')
  const otp = required(input, 'OneTimePassword')
  const entry = region(context).sandbox.numbers.get(phone)
  if (!entry) throw new ServiceError('ResourceNotFound', `Phone number ${phone} is not in the SMS sandbox of ${context.region}`, 404)
  if (entry.status === 'Verified') return {}
  const now = context.now()
  entry.lastAttemptAt = now
  if (entry.otp === undefined || entry.otp !== otp) {
    throw new ServiceError('VerificationException', 'Invalid one-time password', 400, {Status: 'Pending'})
  }

  entry.status = 'Verified'
  entry.verifiedAt = now
  entry.otp = undefined
  return {}
}

const deleteSandboxNumber: OperationHandler = (input, context) => {
  const phone = required(input, 'PhoneNumber')
  const r = region(context)
  const entry = r.sandbox.numbers.get(phone)
  if (!entry) throw new ServiceError('ResourceNotFound', `Phone number ${phone} is not in the SMS sandbox of ${context.region}`, 404)
  const last = Math.max(entry.verifiedAt?.getTime() ?? 0, entry.lastAttemptAt.getTime())
  const allowedAt = new Date(last + DAY)
  if (context.now().getTime() < allowedAt.getTime()) {
    const what = entry.status === 'Verified' && entry.verifiedAt?.getTime() === last ? 'it was verified' : 'the last verification attempt'
    throw new ServiceError(
      'UserError',
      `You can't delete ${phone} from the SMS sandbox until 24 hours after ${what}; try again after ${allowedAt.toISOString()}`,
      400,
    )
  }

  r.sandbox.numbers.delete(phone)
  return {}
}

const getSmsAttributes: OperationHandler = (input, context) => {
  const wanted = list(input, 'attributes')?.map(String)
  const all = region(context).smsAttributes
  const out: Record<string, string> = {}
  for (const [name, value] of all) if (!wanted || wanted.length === 0 || wanted.includes(name)) out[name] = value
  return {attributes: new XmlMap(out)}
}

function checkAttribute(name: string, value: string, r: RegionState): void {
  switch (name) {
    case 'DefaultSMSType': {
      if (value !== 'Promotional' && value !== 'Transactional') throw invalidParameter('DefaultSMSType', 'must be Promotional or Transactional')
      break
    }

    case 'DefaultSenderID': {
      if (!/^(?=.*[A-Za-z])[A-Za-z0-9-]{1,11}$/.test(value)) throw invalidParameter('DefaultSenderID', 'must be 1-11 letters, digits or hyphens with at least one letter')
      break
    }

    case 'MonthlySpendLimit': {
      const limit = Number(value)
      if (!/^\d+$/.test(value)) throw invalidParameter('MonthlySpendLimit', 'must be a whole number of USD')
      if (limit > r.spend.maxLimitUsd) {
        throw invalidParameter('MonthlySpendLimit', `${limit} exceeds the account's SMS spend quota of ${r.spend.maxLimitUsd} USD; request a quota increase first`)
      }

      break
    }

    case 'DeliveryStatusSuccessSamplingRate': {
      const rate = Number(value)
      if (!/^\d+$/.test(value) || rate > 100) throw invalidParameter('DeliveryStatusSuccessSamplingRate', 'must be 0 to 100')
      break
    }

    default:
  }
}

const setSmsAttributes: OperationHandler = (input, context) => {
  const attributes = record(input, 'attributes')
  if (!attributes) throw invalidParameter('attributes', 'must not be empty')
  const r = region(context)
  for (const [name, value] of Object.entries(attributes)) {
    if (!(SMS_ATTRIBUTE_NAMES as readonly string[]).includes(name)) throw invalidParameter('attributes', `${name} is not an SMS attribute`)
    checkAttribute(name, String(value ?? ''), r)
  }

  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === '') r.smsAttributes.delete(name)
    else r.smsAttributes.set(name, String(value))
  }

  return {}
}

const listOriginationNumbers: OperationHandler = (input, context) => {
  const numbers = region(context)
    .originationNumbers.filter((n) => n.status !== 'DELETED')
    .map((n) => ({
      CreatedAt: n.createdAt,
      Iso2CountryCode: n.isoCountryCode,
      NumberCapabilities: n.capabilities.filter((c) => c !== 'RCS'),
      PhoneNumber: n.phoneNumber,
      RouteType: n.messageType === 'PROMOTIONAL' ? 'Promotional' : 'Transactional',
      Status: n.status,
    }))
  const token = str(input, 'NextToken')
  const {nextToken, page} = paginate(numbers, {
    defaultMax: 30,
    invalidToken: () => new ServiceError('ValidationException', 'The NextToken is not valid', 400),
    maxResults: maxResults(input, 30, true),
    nextToken: token,
  })
  return {NextToken: nextToken, PhoneNumbers: page}
}

const checkOptedOut: OperationHandler = (input, context) => {
  const phone = e164Input(input, 'phoneNumber')
  return {isOptedOut: region(context).optedOut.has(phone)}
}

const listOptedOut: OperationHandler = (input, context) => {
  const numbers = [...region(context).optedOut].sort()
  const {nextToken, page} = paginate(numbers, {defaultMax: 100, invalidToken: () => invalidParameter('nextToken', 'The token is not valid'), nextToken: str(input, 'nextToken')})
  return {nextToken, phoneNumbers: page}
}

/** ⚠ The once-per-30-days opt-in limit is not enforced. */
const optIn: OperationHandler = (input, context) => {
  const phone = e164Input(input, 'phoneNumber')
  region(context).optedOut.delete(phone)
  return {}
}

function attributeValue(attributes: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = attributes?.[name]
  if (!value || typeof value !== 'object') return undefined
  const v = value as {StringValue?: unknown}
  return typeof v.StringValue === 'string' ? v.StringValue : undefined
}

const publish: OperationHandler = (input, context) => {
  const phoneNumber = str(input, 'PhoneNumber')
  const topic = str(input, 'TopicArn') ?? str(input, 'TargetArn')
  if (phoneNumber !== undefined && topic !== undefined) throw invalidParameter('TopicArn or TargetArn', 'Only one of PhoneNumber, TopicArn or TargetArn may be specified')
  if (topic !== undefined) throw new ServiceError('NotFound', 'Topic does not exist (mfa-sms local emulates Publish to phone numbers only)', 404)
  if (phoneNumber === undefined || phoneNumber === '') throw invalidParameter('PhoneNumber', 'must be specified (or TopicArn / TargetArn)')
  const message = str(input, 'Message')
  // ⚠ Unverified wording for the empty message.
  if (message === undefined || message === '') throw new ServiceError('InvalidParameter', 'Invalid parameter: Empty message', 400)
  // ⚠ Unverified wording: AWS documents the 1,600-character SMS limit, not its error text (the
  // "Message too long" reason echoes SNS's error for oversized topic messages).
  if (message.length > SMS_MESSAGE_MAX_CHARS) {
    throw invalidParameter('Message', `Message too long: ${message.length} characters; SMS allows at most ${SMS_MESSAGE_MAX_CHARS}`)
  }

  const attrs = record(input, 'MessageAttributes')
  const smsTypeAttr = attributeValue(attrs, 'AWS.SNS.SMS.SMSType')
  if (smsTypeAttr !== undefined && smsTypeAttr !== 'Promotional' && smsTypeAttr !== 'Transactional') {
    throw invalidParameter('MessageAttributes', `AWS.SNS.SMS.SMSType must be Promotional or Transactional, not ${smsTypeAttr}`)
  }

  const senderIdAttr = attributeValue(attrs, 'AWS.SNS.SMS.SenderID')
  if (senderIdAttr !== undefined && !/^(?=.*[A-Za-z])[A-Za-z0-9-]{3,11}$/.test(senderIdAttr)) {
    throw invalidParameter('MessageAttributes', `AWS.SNS.SMS.SenderID ${senderIdAttr} must be 3-11 letters, digits or hyphens with at least one letter`)
  }

  const r = region(context)
  const smsType = smsTypeAttr ?? r.smsAttributes.get('DefaultSMSType') ?? 'Promotional'
  const senderId = senderIdAttr ?? r.smsAttributes.get('DefaultSenderID')
  const requestedNumber = attributeValue(attrs, 'AWS.MM.SMS.OriginationNumber')
  const maxPrice = attributeValue(attrs, 'AWS.SNS.SMS.MaxPrice')

  const draft = prepareSms({body: message, channel: 'sns', region: r, senderId, smsType, to: phoneNumber})
  const number = requestedNumber ? findOriginationNumber(r, requestedNumber) : pickOriginationNumber(r, draft.phone)
  const senderShown = senderId && !['US', 'CA', 'CN'].includes(draft.phone.country ?? '') ? senderId : undefined
  const sms = {
    ...draft,
    from: number?.phoneNumber ?? requestedNumber ?? senderShown,
    maxPriceUsd: maxPrice === undefined ? undefined : Number(maxPrice),
    number,
    originationIdentity: requestedNumber ?? number?.phoneNumber,
  }
  const verdict = evaluateDelivery(context.world.state, sms)
  if (verdict?.rule.snsApiError) {
    recordSms(context.world.inbox, sms, context.requestId, context.now(), verdict, {code: 'InvalidParameter'})
    throw new ServiceError('InvalidParameter', verdict.reason, 400)
  }

  const messageId = randomUuid(context.random)
  recordSms(context.world.inbox, sms, messageId, context.now(), verdict)
  return {MessageId: messageId}
}

export const snsOperations: Record<string, OperationHandler> = {
  CheckIfPhoneNumberIsOptedOut: checkOptedOut,
  CreateSMSSandboxPhoneNumber: createSandboxNumber,
  DeleteSMSSandboxPhoneNumber: deleteSandboxNumber,
  GetSMSAttributes: getSmsAttributes,
  GetSMSSandboxAccountStatus: getSandboxStatus,
  ListOriginationNumbers: listOriginationNumbers,
  ListPhoneNumbersOptedOut: listOptedOut,
  ListSMSSandboxPhoneNumbers: listSandboxNumbers,
  OptInPhoneNumber: optIn,
  Publish: publish,
  SetSMSAttributes: setSmsAttributes,
  VerifySMSSandboxPhoneNumber: verifySandboxNumber,
}
