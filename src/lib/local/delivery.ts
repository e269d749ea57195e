/**
 * What happens to an SMS after SNS Publish or End User Messaging SendTextMessage accepted it.
 *
 * The rules are data: each has an id, `applies(state, message)` returning the reason AWS gives
 * (or undefined), and how each channel reports it. SNS returns a MessageId for everything but a
 * malformed number and the failure only shows in delivery-status logs; End User Messaging checks
 * most of these synchronously and fails the call with ConflictException/ServiceQuotaExceeded…
 * (aws-facts §1.2, §1.3, §2). The first rule that applies decides the outcome.
 *
 * ⚠ Fidelity notes:
 * - "Sandboxed account unable to send to number." and "No quota left for account" are observed
 *   delivery-log texts, not documented API strings; "Phone number is opted out" and "Invalid phone
 *   number" are documented delivery-log reasons.
 * - "No origination entities available to send" (US destination, no US identity) is our best
 *   reading of what the log says; AWS does not document it.
 * - Whether simulator destinations bypass the sandbox's verified list is assumed (they exist so
 *   that sandboxed accounts can test), as is the order in which AWS applies these checks.
 */
import {analysePhone, type PhoneAnalysis} from '../knowledge/phone.js'
import {countSmsParts} from '../knowledge/sms-body.js'
import type {CapturedMessage, MessageChannel} from './inbox.js'
import type {LocalState, OriginationNumberState, PoolState, RegionState, SenderIdState} from './state.js'

export interface OutgoingSms {
  body: string
  channel: Exclude<MessageChannel, 'sandbox-otp'>
  /** What the phone would show as the sender. */
  from?: string
  /** AWS.SNS.SMS.MaxPrice / MaxPrice, in USD. */
  maxPriceUsd?: number
  /** The origination number that would send it, when one was resolved. */
  number?: OriginationNumberState
  originationIdentity?: string
  parts: number
  phone: PhoneAnalysis
  pool?: PoolState
  priceUsd: number
  region: RegionState
  senderId?: string
  senderIdState?: SenderIdState
  smsType?: string
  to: string
}

/** How End User Messaging fails SendTextMessage for a rule (absent: accepted, fails later). */
export interface EumsFailure {
  code: 'ConflictException' | 'ServiceQuotaExceededException' | 'ValidationException'
  reason: string
}

export interface DeliveryRule {
  /** End User Messaging's synchronous error for this rule, if it has one. */
  eums?: EumsFailure
  id: string
  /** The reason AWS reports, or undefined when the rule does not apply. */
  applies: (state: LocalState, message: OutgoingSms) => string | undefined
  /** SNS Publish fails the API call (InvalidParameter) instead of returning a MessageId. */
  snsApiError?: boolean
  summary: string
}

/** Origination number types US carriers accept for application-to-person SMS. */
const US_A2P_TYPES = new Set(['SHORT_CODE', 'SIMULATOR', 'TEN_DLC', 'TOLL_FREE'])

export function canSendToUs(number: OriginationNumberState | undefined): boolean {
  return Boolean(number && number.isoCountryCode === 'US' && number.status === 'ACTIVE' && number.capabilities.includes('SMS') && US_A2P_TYPES.has(number.numberType))
}

function isVerified(region: RegionState, phone: string): boolean {
  return region.sandbox.numbers.get(phone)?.status === 'Verified'
}

export const DELIVERY_RULES: readonly DeliveryRule[] = [
  {
    applies: (_state, m) => (m.phone.strictE164 ? undefined : `Invalid parameter: PhoneNumber Reason: ${m.to} is not valid to publish to`),
    eums: {code: 'ValidationException', reason: 'FIELD_VALIDATION_FAILED'},
    id: 'not-e164',
    snsApiError: true,
    summary: 'The destination is not an E.164 number.',
  },
  {
    applies: (_state, m) => (m.region.optedOut.has(m.to) ? 'Phone number is opted out' : undefined),
    eums: {code: 'ConflictException', reason: 'DESTINATION_PHONE_NUMBER_OPTED_OUT'},
    id: 'opted-out',
    summary: 'The destination replied STOP (it is on the opted-out list in this region).',
  },
  {
    applies: (_state, m) =>
      m.region.sandbox.inSandbox && !m.phone.simulator && !isVerified(m.region, m.to) ? 'Sandboxed account unable to send to number.' : undefined,
    eums: {code: 'ConflictException', reason: 'DESTINATION_PHONE_NUMBER_NOT_VERIFIED'},
    id: 'sandbox-unverified',
    summary: 'The account is in the SMS sandbox in this region and the destination is not verified.',
  },
  {
    applies: (state, m) => (m.region.spend.usedUsd + m.priceUsd > state.effectiveSpendLimit(m.region) ? 'No quota left for account' : undefined),
    eums: {code: 'ServiceQuotaExceededException', reason: 'MONTHLY_SPEND_LIMIT_REACHED_FOR_TEXT'},
    id: 'spend-limit',
    summary: 'The monthly SMS spend limit in this region is reached.',
  },
  {
    applies: (_state, m) => (m.maxPriceUsd !== undefined && m.priceUsd > m.maxPriceUsd ? 'This delivery would exceed max price' : undefined),
    eums: {code: 'ValidationException', reason: 'PRICE_OVER_THRESHOLD'},
    id: 'max-price',
    summary: 'The message costs more than the MaxPrice the caller set.',
  },
  {
    applies: (_state, m) => (m.phone.country === 'US' && !canSendToUs(m.number) ? 'No origination entities available to send' : undefined),
    eums: {code: 'ConflictException', reason: 'NO_ORIGINATION_IDENTITIES_FOUND'},
    id: 'us-origination',
    summary: 'A US destination needs a toll-free, 10DLC or short-code origination number in the sending region.',
  },
  {
    applies: (_state, m) => (!m.phone.simulator && (!m.phone.valid || m.phone.fictional) ? 'Invalid phone number' : undefined),
    id: 'invalid-number',
    summary: 'The number is not assigned to any phone (invalid range, or a fictional 555-01xx number).',
  },
  {
    applies: (_state, m) => (m.phone.simulator?.outcome === 'failure' ? 'Simulated delivery failure (SMS simulator failure number)' : undefined),
    id: 'simulator-failure',
    summary: 'The destination is an SMS simulator failure number.',
  },
]

export interface DeliveryVerdict {
  reason: string
  rule: DeliveryRule
}

/** The first rule that fails the message, or undefined when it is delivered. */
export function evaluateDelivery(state: LocalState, message: OutgoingSms, rules: readonly DeliveryRule[] = DELIVERY_RULES): DeliveryVerdict | undefined {
  for (const rule of rules) {
    const reason = rule.applies(state, message)
    if (reason !== undefined) return {reason, rule}
  }

  return undefined
}

/** How many SMS parts a body takes and is charged for (counted as in sms-body.ts); an empty body is still one message. */
export function smsParts(body: string): number {
  return Math.max(1, countSmsParts(body))
}

const TYPE_PRIORITY = ['SIMULATOR', 'SHORT_CODE', 'TEN_DLC', 'TOLL_FREE', 'LONG_CODE']

/**
 * The origination number AWS would pick for a destination when the caller names none: an active
 * SMS-capable number of the destination's country; for US destinations short code > 10DLC >
 * toll-free (aws-facts §7.2), and only a simulator number for a simulator destination.
 */
export function pickOriginationNumber(region: RegionState, phone: PhoneAnalysis): OriginationNumberState | undefined {
  const country = phone.simulator?.country ?? phone.country
  if (!country) return undefined
  const candidates = region.originationNumbers.filter(
    (n) =>
      n.isoCountryCode === country &&
      n.status === 'ACTIVE' &&
      n.capabilities.includes('SMS') &&
      (phone.simulator ? n.numberType === 'SIMULATOR' : n.numberType !== 'SIMULATOR') &&
      (country !== 'US' || US_A2P_TYPES.has(n.numberType)),
  )
  return candidates.sort((a, b) => TYPE_PRIORITY.indexOf(a.numberType) - TYPE_PRIORITY.indexOf(b.numberType))[0]
}

export function findOriginationNumber(region: RegionState, value: string): OriginationNumberState | undefined {
  const normalised = value.startsWith('+') || /^\d+$/.test(value) ? value : undefined
  return region.originationNumbers.find((n) => n.phoneNumber === normalised || n.id === value || n.arn === value || (normalised && n.phoneNumber === `+${normalised}`))
}

/** A message as the API call gives it; prepareSms works out the rest. */
export type PrepareInput = Omit<OutgoingSms, 'parts' | 'phone' | 'priceUsd'>

export function prepareSms(input: PrepareInput): OutgoingSms {
  const phone = analysePhone(input.to)
  const parts = smsParts(input.body)
  return {...input, parts, phone, priceUsd: Number((parts * input.region.spend.pricePerMessageUsd).toFixed(6))}
}

/** Puts the message in the inbox with its outcome and charges the spend when delivered. */
export function recordSms(
  inbox: {add: (m: Omit<CapturedMessage, 'seq'>) => CapturedMessage},
  message: OutgoingSms,
  id: string,
  time: Date,
  verdict: DeliveryVerdict | undefined,
  apiError?: {code: string; reason?: string},
): CapturedMessage {
  if (!verdict) message.region.spend.usedUsd = Number((message.region.spend.usedUsd + message.priceUsd).toFixed(6))
  return inbox.add({
    ...(apiError ? {apiError} : {}),
    body: message.body,
    channel: message.channel,
    from: message.from,
    id,
    originationIdentity: message.originationIdentity,
    outcome: verdict ? 'failed' : 'delivered',
    parts: message.parts,
    priceUsd: verdict ? 0 : message.priceUsd,
    reason: verdict?.reason,
    region: message.region.name,
    rule: verdict?.rule.id,
    senderId: message.senderId,
    smsType: message.smsType,
    time: time.toISOString(),
    to: message.to,
  })
}
