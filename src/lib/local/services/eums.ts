/**
 * AWS End User Messaging SMS (`pinpoint-sms-voice-v2`, JSON 1.0, target prefix PinpointSMSVoiceV2,
 * signing name sms-voice; aws-facts §2): account tier, spend limits, account limits, origination
 * identities, verified destinations, and SendTextMessage.
 *
 * ⚠ Fidelity notes:
 * - ACCOUNT_TIER values are undocumented; SANDBOX / PRODUCTION are assumed (override per region).
 * - The SNS sandbox list and End User Messaging's verified destination numbers are treated as one
 *   store (SNS SMS runs on End User Messaging since 2024); AWS does not document this.
 * - DescribeAccountLimits Max values other than VERIFIED_DESTINATION_NUMBERS (10) are
 *   illustrative defaults, not the quotas of a real account.
 * - ConfigurationSetName is accepted without checking it exists.
 */
import {originationRequirement} from '../../knowledge/origination.js'
import {canSendToUs, evaluateDelivery, findOriginationNumber, pickOriginationNumber, prepareSms, recordSms, type OutgoingSms} from '../delivery.js'
import {randomUuid} from '../random.js'
import {type OriginationNumberState, type PoolState, type RegionState, type SenderIdState, stableId} from '../state.js'
import {type OperationContext, type OperationHandler, type OperationInput, ServiceError} from '../types.js'
import {bool, list, num, paginate, str} from './util.js'

type Filter = {Name?: string; Values?: string[]}

const validation = (message: string, reason: string, fields?: {Message: string; Name: string}[]) =>
  new ServiceError('ValidationException', message, 400, {Reason: reason, ...(fields ? {Fields: fields} : {})})

const notFound = (type: string, id: string) =>
  new ServiceError('ResourceNotFoundException', `The ${type} ${id} does not exist in this account and region`, 400, {ResourceId: id, ResourceType: type})

function region(context: OperationContext): RegionState {
  return context.world.state.region(context.region)
}

function page<T>(items: readonly T[], input: OperationInput): {nextToken?: string; page: T[]} {
  const max = num(input, 'MaxResults')
  if (max !== undefined && (!Number.isInteger(max) || max < 1 || max > 100)) {
    throw validation('MaxResults must be between 1 and 100', 'FIELD_VALIDATION_FAILED', [{Message: 'Must be between 1 and 100', Name: 'MaxResults'}])
  }

  return paginate(items, {
    defaultMax: 100,
    invalidToken: () => validation('The NextToken is not valid', 'INVALID_NEXT_TOKEN'),
    maxResults: max,
    nextToken: str(input, 'NextToken'),
  })
}

/** The items named by `ids` (each an id or ARN `matches` recognises), in that order; no ids: all of them. */
function pickByIds<T>(items: T[], ids: string[], matches: (item: T, id: string) => boolean, resourceType: string): T[] {
  if (ids.length === 0) return items
  return ids.map((id) => {
    const found = items.find((item) => matches(item, id))
    if (!found) throw notFound(resourceType, id)
    return found
  })
}

/** Applies `Filters: [{Name, Values}]` with a table of filter name → value getter. */
function applyFilters<T>(items: T[], input: OperationInput, getters: Record<string, (item: T) => string | string[]>): T[] {
  const filters = (list(input, 'Filters') ?? []) as Filter[]
  let out = items
  for (const filter of filters) {
    const getter = filter.Name ? getters[filter.Name] : undefined
    if (!getter) {
      throw validation(`Filter name ${filter.Name ?? '(missing)'} is not valid; use one of ${Object.keys(getters).join(', ')}`, 'INVALID_FILTER_VALUES')
    }

    const values = filter.Values ?? []
    out = out.filter((item) => {
      const actual = getter(item)
      const actualList = Array.isArray(actual) ? actual : [actual]
      return values.some((v) => actualList.includes(v))
    })
  }

  return out
}

const LEASING_PRICE: Record<string, string> = {LONG_CODE: '1.00', SHORT_CODE: '995.00', SIMULATOR: '0.00', TEN_DLC: '1.00', TOLL_FREE: '2.00'}

function phoneNumberShape(n: OriginationNumberState) {
  return {
    CreatedTimestamp: n.createdAt,
    DeletionProtectionEnabled: n.deletionProtectionEnabled,
    InternationalSendingEnabled: false,
    IsoCountryCode: n.isoCountryCode,
    MessageType: n.messageType,
    MonthlyLeasingPrice: n.monthlyLeasingPrice ?? LEASING_PRICE[n.numberType] ?? '1.00',
    NumberCapabilities: n.capabilities,
    NumberType: n.numberType,
    OptOutListName: n.optOutListName,
    PhoneNumber: n.phoneNumber,
    PhoneNumberArn: n.arn,
    PhoneNumberId: n.id,
    PoolId: n.poolId,
    RegistrationId: n.registrationId,
    SelfManagedOptOutsEnabled: n.selfManagedOptOutsEnabled,
    Status: n.status,
    TwoWayEnabled: n.twoWayEnabled,
  }
}

const describeAccountAttributes: OperationHandler = (input, context) => {
  const r = region(context)
  const {nextToken, page: items} = page([{Name: 'ACCOUNT_TIER', Value: context.world.state.accountTier(r)}], input)
  return {AccountAttributes: items, NextToken: nextToken}
}

const describeSpendLimits: OperationHandler = (input, context) => {
  const state = context.world.state
  const r = region(context)
  const overridden = r.smsAttributes.has('MonthlySpendLimit')
  const max = r.spend.maxLimitUsd
  const limits = [
    {EnforcedLimit: state.effectiveSpendLimit(r), MaxLimit: max, Name: 'TEXT_MESSAGE_MONTHLY_SPEND_LIMIT', Overridden: overridden},
    {EnforcedLimit: max, MaxLimit: max, Name: 'VOICE_MESSAGE_MONTHLY_SPEND_LIMIT', Overridden: false},
    {EnforcedLimit: max, MaxLimit: max, Name: 'MEDIA_MESSAGE_MONTHLY_SPEND_LIMIT', Overridden: false},
    {EnforcedLimit: max, MaxLimit: max, Name: 'NOTIFY_MESSAGE_MONTHLY_SPEND_LIMIT', Overridden: false},
  ]
  const {nextToken, page: items} = page(limits, input)
  return {NextToken: nextToken, SpendLimits: items}
}

const describeAccountLimits: OperationHandler = (input, context) => {
  const r = region(context)
  const limits = [
    {Max: 5, Name: 'PHONE_NUMBERS', Used: r.originationNumbers.filter((n) => n.status !== 'DELETED').length},
    {Max: 5, Name: 'POOLS', Used: r.pools.length},
    {Max: 25, Name: 'CONFIGURATION_SETS', Used: 0},
    {Max: 25, Name: 'OPT_OUT_LISTS', Used: 1},
    {Max: 5, Name: 'SENDER_IDS', Used: r.senderIds.length},
    {Max: 10, Name: 'VERIFIED_DESTINATION_NUMBERS', Used: r.sandbox.numbers.size},
  ]
  const {nextToken, page: items} = page(limits, input)
  return {AccountLimits: items, NextToken: nextToken}
}

const describePhoneNumbers: OperationHandler = (input, context) => {
  const r = region(context)
  const ids = (list(input, 'PhoneNumberIds') ?? []).map(String)
  if (ids.length > 5) throw validation('PhoneNumberIds accepts at most 5 ids', 'FIELD_VALIDATION_FAILED', [{Message: 'Member must have length less than or equal to 5', Name: 'PhoneNumberIds'}])
  if (str(input, 'Owner') === 'SHARED') return {PhoneNumbers: []}
  let numbers = pickByIds(r.originationNumbers.filter((n) => n.status !== 'DELETED'), ids, (n, id) => n.id === id || n.arn === id, 'phone-number')

  numbers = applyFilters(numbers, input, {
    'deletion-protection-enabled': (n) => String(n.deletionProtectionEnabled),
    'iso-country-code': (n) => n.isoCountryCode,
    'message-type': (n) => n.messageType,
    'number-capability': (n) => n.capabilities,
    'number-type': (n) => n.numberType,
    'opt-out-list-name': (n) => n.optOutListName,
    'self-managed-opt-outs-enabled': (n) => String(n.selfManagedOptOutsEnabled),
    status: (n) => n.status,
    'two-way-enabled': (n) => String(n.twoWayEnabled),
  })
  const {nextToken, page: items} = page(numbers.map((n) => phoneNumberShape(n)), input)
  return {NextToken: nextToken, PhoneNumbers: items}
}

const describeSenderIds: OperationHandler = (input, context) => {
  const r = region(context)
  const wanted = (list(input, 'SenderIds') ?? []) as {IsoCountryCode?: string; SenderId?: string}[]
  let senders = r.senderIds
  if (wanted.length > 0) {
    senders = wanted.map((w) => {
      const found = senders.find((s) => s.senderId === w.SenderId && s.isoCountryCode === w.IsoCountryCode)
      if (!found) throw notFound('sender-id', `${w.SenderId ?? ''}/${w.IsoCountryCode ?? ''}`)
      return found
    })
  }

  senders = applyFilters(senders, input, {
    'deletion-protection-enabled': (s) => String(s.deletionProtectionEnabled),
    'iso-country-code': (s) => s.isoCountryCode,
    'message-type': (s) => s.messageTypes,
    registered: (s) => String(s.registered),
    'sender-id': (s) => s.senderId,
  })
  const shapes = senders.map((s) => ({
    DeletionProtectionEnabled: s.deletionProtectionEnabled,
    IsoCountryCode: s.isoCountryCode,
    MessageTypes: s.messageTypes,
    MonthlyLeasingPrice: s.monthlyLeasingPrice,
    Registered: s.registered,
    RegistrationId: s.registrationId,
    SenderId: s.senderId,
    SenderIdArn: s.arn,
  }))
  const {nextToken, page: items} = page(shapes, input)
  return {NextToken: nextToken, SenderIds: items}
}

const describePools: OperationHandler = (input, context) => {
  const r = region(context)
  const ids = (list(input, 'PoolIds') ?? []).map(String)
  let pools = pickByIds(r.pools, ids, (p, id) => p.poolId === id || p.arn === id, 'pool')

  pools = applyFilters(pools, input, {
    'deletion-protection-enabled': (p) => String(p.deletionProtectionEnabled),
    'message-type': (p) => p.messageType,
    'opt-out-list-name': (p) => p.optOutListName,
    'self-managed-opt-outs-enabled': (p) => String(p.selfManagedOptOutsEnabled),
    'shared-routes-enabled': (p) => String(p.sharedRoutesEnabled),
    status: (p) => p.status,
    'two-way-enabled': (p) => String(p.twoWayEnabled),
  })
  const shapes = pools.map((p) => ({
    CreatedTimestamp: p.createdAt,
    DeletionProtectionEnabled: p.deletionProtectionEnabled,
    MessageType: p.messageType,
    OptOutListName: p.optOutListName,
    PoolArn: p.arn,
    PoolId: p.poolId,
    SelfManagedOptOutsEnabled: p.selfManagedOptOutsEnabled,
    SharedRoutesEnabled: p.sharedRoutesEnabled,
    Status: p.status,
    TwoWayEnabled: p.twoWayEnabled,
  }))
  const {nextToken, page: items} = page(shapes, input)
  return {NextToken: nextToken, Pools: items}
}

const describeVerifiedDestinations: OperationHandler = (input, context) => {
  const state = context.world.state
  const r = region(context)
  let numbers = [...r.sandbox.numbers.values()].map((n) => {
    const id = `verifieddestinationnumber-${stableId(state.accountId, r.name, n.phoneNumber)}`
    return {
      CreatedTimestamp: n.createdAt,
      DestinationPhoneNumber: n.phoneNumber,
      Status: n.status === 'Verified' ? 'VERIFIED' : 'PENDING',
      VerifiedDestinationNumberArn: `arn:aws:sms-voice:${r.name}:${state.accountId}:verified-destination-number/${id}`,
      VerifiedDestinationNumberId: id,
    }
  })
  const ids = (list(input, 'VerifiedDestinationNumberIds') ?? []).map(String)
  numbers = pickByIds(numbers, ids, (n, id) => n.VerifiedDestinationNumberId === id || n.VerifiedDestinationNumberArn === id, 'verified-destination-number')

  const phones = (list(input, 'DestinationPhoneNumbers') ?? []).map(String)
  if (phones.length > 0) numbers = numbers.filter((n) => phones.includes(n.DestinationPhoneNumber))
  numbers = applyFilters(numbers, input, {status: (n) => n.Status})
  const {nextToken, page: items} = page(numbers, input)
  return {NextToken: nextToken, VerifiedDestinationNumbers: items}
}

interface ResolvedIdentity {
  number?: OriginationNumberState
  pool?: PoolState
  senderId?: SenderIdState
}

/** OriginationIdentity: a phone number (E.164, id or ARN), a sender id (or its ARN), or a pool (id or ARN). */
function resolveIdentity(r: RegionState, identity: string, destinationCountry: string | undefined): ResolvedIdentity {
  const number = findOriginationNumber(r, identity)
  if (number) return {number}
  const pool = r.pools.find((p) => p.poolId === identity || p.arn === identity)
  if (pool) {
    const members = pool.originationIdentities.map((id) => findOriginationNumber(r, id)).filter((n): n is OriginationNumberState => n !== undefined)
    const number = members.find((n) => n.isoCountryCode === destinationCountry && n.status === 'ACTIVE') ?? (pool.sharedRoutesEnabled ? undefined : members[0])
    const senderId = r.senderIds.find((s) => pool.originationIdentities.includes(s.senderId) && s.isoCountryCode === destinationCountry)
    return {number, pool, senderId}
  }

  const sender = r.senderIds.find((s) => s.arn === identity) ?? r.senderIds.find((s) => s.senderId === identity && s.isoCountryCode === destinationCountry) ?? r.senderIds.find((s) => s.senderId === identity)
  if (sender) return {senderId: sender}
  const type = identity.includes(':pool/') || identity.startsWith('pool-') ? 'pool' : identity.includes(':sender-id/') || /[A-Za-z]/.test(identity) ? 'sender-id' : 'phone-number'
  throw notFound(type, identity)
}

const eumsMessages: Record<string, string> = {
  DESTINATION_PHONE_NUMBER_NOT_VERIFIED: 'The destination phone number is not verified. In the sandbox you can only send to verified destination numbers.',
  DESTINATION_PHONE_NUMBER_OPTED_OUT: 'The destination phone number has opted out of receiving messages.',
  FIELD_VALIDATION_FAILED: 'DestinationPhoneNumber must be in E.164 format.',
  MONTHLY_SPEND_LIMIT_REACHED_FOR_TEXT: 'The monthly spend limit for text messages has been reached.',
  NO_ORIGINATION_IDENTITIES_FOUND: 'No origination identities were found that can send to the destination country.',
  PRICE_OVER_THRESHOLD: 'The price of the message exceeds MaxPrice.',
}

/** Which resource a ConflictException names (ResourceType is an enum in the model). */
function conflictResource(reason: string, to: string, context: OperationContext): {ResourceId: string; ResourceType: string} {
  if (reason === 'DESTINATION_PHONE_NUMBER_OPTED_OUT') return {ResourceId: 'Default', ResourceType: 'opt-out-list'}
  if (reason === 'NO_ORIGINATION_IDENTITIES_FOUND') return {ResourceId: context.accountId, ResourceType: 'account'}
  return {ResourceId: to, ResourceType: 'verified-destination-number'}
}

const sendTextMessage: OperationHandler = (input, context) => {
  const to = str(input, 'DestinationPhoneNumber')
  if (to === undefined || to === '') {
    throw validation('DestinationPhoneNumber is required', 'MISSING_PARAMETER', [{Message: 'Member must not be null', Name: 'DestinationPhoneNumber'}])
  }

  const body = str(input, 'MessageBody') ?? ''
  if (body.length > 1600) throw validation('MessageBody is longer than 1600 characters', 'FIELD_VALIDATION_FAILED', [{Message: 'Member must have length less than or equal to 1600', Name: 'MessageBody'}])
  const messageType = str(input, 'MessageType')
  if (messageType !== undefined && messageType !== 'TRANSACTIONAL' && messageType !== 'PROMOTIONAL') {
    throw validation(`MessageType ${messageType} is not valid`, 'FIELD_VALIDATION_FAILED', [{Message: 'Member must be TRANSACTIONAL or PROMOTIONAL', Name: 'MessageType'}])
  }

  const ttl = num(input, 'TimeToLive')
  if (ttl !== undefined && (!Number.isInteger(ttl) || ttl < 5 || ttl > 259_200)) {
    throw validation('TimeToLive must be between 5 and 259200 seconds', 'FIELD_VALIDATION_FAILED', [{Message: 'Member must be between 5 and 259200', Name: 'TimeToLive'}])
  }

  const r = region(context)
  const dryRun = bool(input, 'DryRun') ?? false
  const requested = str(input, 'OriginationIdentity')
  const maxPrice = str(input, 'MaxPrice')
  const draft = prepareSms({body, channel: 'eums', originationIdentity: requested, region: r, smsType: messageType, to})
  const country = draft.phone.simulator?.country ?? draft.phone.country
  const identity: ResolvedIdentity = requested ? resolveIdentity(r, requested, country) : {number: pickOriginationNumber(r, draft.phone)}

  if (requested && draft.phone.strictE164) {
    if (identity.number?.numberType === 'SIMULATOR' && draft.phone.simulator?.country !== identity.number.isoCountryCode) {
      throw validation('A simulator origination number can only send to simulator destination numbers of its own country.', 'INVALID_IDENTITY_FOR_DESTINATION_COUNTRY')
    }

    if (draft.phone.country === 'US' && !canSendToUs(identity.number)) {
      throw validation(`${requested} cannot send to US destinations; use an active toll-free, 10DLC or short-code number.`, 'INVALID_IDENTITY_FOR_DESTINATION_COUNTRY')
    }

    if (!identity.number && identity.senderId && country && originationRequirement(country).senderIdRegistration && !identity.senderId.registered) {
      throw validation(`Sender ID ${identity.senderId.senderId} must be registered to send to ${country}.`, 'SENDER_ID_NOT_REGISTERED')
    }
  }

  const sms: OutgoingSms = {
    ...draft,
    from: identity.number?.phoneNumber ?? identity.senderId?.senderId,
    maxPriceUsd: maxPrice === undefined ? undefined : Number(maxPrice),
    number: identity.number,
    pool: identity.pool,
    senderId: identity.senderId?.senderId,
    senderIdState: identity.senderId,
    smsType: messageType ?? identity.pool?.messageType ?? identity.number?.messageType ?? 'TRANSACTIONAL',
  }
  const verdict = evaluateDelivery(context.world.state, sms)
  if (verdict?.rule.eums) {
    const {code, reason} = verdict.rule.eums
    if (!dryRun) recordSms(context.world.inbox, sms, context.requestId, context.now(), verdict, {code, reason})
    const message = eumsMessages[reason] ?? verdict.reason
    const extra: Record<string, unknown> = {Reason: reason}
    if (code === 'ValidationException' && reason === 'FIELD_VALIDATION_FAILED') extra.Fields = [{Message: 'Member must be in E.164 format', Name: 'DestinationPhoneNumber'}]
    if (code === 'ConflictException') Object.assign(extra, conflictResource(reason, to, context))
    throw new ServiceError(code, message, 400, extra)
  }

  const messageId = randomUuid(context.random)
  if (!dryRun) recordSms(context.world.inbox, sms, messageId, context.now(), verdict)
  return {MessageId: messageId}
}

export const eumsOperations: Record<string, OperationHandler> = {
  DescribeAccountAttributes: describeAccountAttributes,
  DescribeAccountLimits: describeAccountLimits,
  DescribePhoneNumbers: describePhoneNumbers,
  DescribePools: describePools,
  DescribeSenderIds: describeSenderIds,
  DescribeSpendLimits: describeSpendLimits,
  DescribeVerifiedDestinationNumbers: describeVerifiedDestinations,
  SendTextMessage: sendTextMessage,
}
