/**
 * Who can send SMS from a region: SNS ListOriginationNumbers and End User Messaging's phone
 * numbers, sender IDs and pools, merged into one list, with the destination countries each can
 * serve. The merge and the country rules are pure; only listOriginationIdentities calls AWS.
 */
import type {AwsSession} from '../aws/clients.js'
import {allPages} from '../aws/pages.js'
import {NO_SENDER_ID_COUNTRIES, originationRequirement, SENDER_ID_REGISTRATION_COUNTRIES} from '../knowledge/origination.js'
import {eumsClient, optional, smsCall, snsClient} from './call.js'

export type IdentityKind = 'phone-number' | 'pool' | 'sender-id'

/** End User Messaging NumberType, plus SENDER_ID / POOL, and UNKNOWN when only SNS listed it. */
export type IdentityType = 'LONG_CODE' | 'POOL' | 'SENDER_ID' | 'SHORT_CODE' | 'SIMULATOR' | 'TEN_DLC' | 'TOLL_FREE' | 'UNKNOWN'

export interface OriginationIdentity {
  active: boolean
  /** ARN (End User Messaging) when known. */
  arn?: string
  capabilities: string[]
  /** ISO country of the number or sender ID. */
  country?: string
  /** The value to pass as --origination: the number, the sender ID or the pool id. */
  identity: string
  /** End User Messaging PhoneNumberId, when listed there. */
  id?: string
  internationalSending?: boolean
  kind: IdentityKind
  messageType?: string
  /** For numbers in a pool. */
  poolId?: string
  /** Sender IDs: whether it is registered. */
  registered?: boolean
  /** Destination countries (ISO-2) it can send to. Simulator numbers reach only simulator destinations. */
  serves: string[]
  /** One line on what it can reach and why. */
  servesNote: string
  /** Where it was listed. */
  sources: ('eums' | 'sns')[]
  status: string
  type: IdentityType
}

export const TYPE_LABELS: Record<IdentityType, string> = {
  LONG_CODE: 'long code',
  POOL: 'pool',
  SENDER_ID: 'sender ID',
  SHORT_CODE: 'short code',
  SIMULATOR: 'simulator number',
  TEN_DLC: '10DLC',
  TOLL_FREE: 'toll-free',
  UNKNOWN: 'number (type unknown)',
}

/** Number types US carriers accept for application-to-person SMS (aws-facts §7.2). */
const US_A2P_TYPES: ReadonlySet<IdentityType> = new Set(['SHORT_CODE', 'TEN_DLC', 'TOLL_FREE'])

export interface SnsOriginationNumber {
  capabilities?: string[]
  country?: string
  phoneNumber?: string
  routeType?: string
  status?: string
}

export interface EumsPhoneNumber {
  arn?: string
  capabilities?: string[]
  country?: string
  id?: string
  internationalSending?: boolean
  messageType?: string
  numberType?: string
  phoneNumber?: string
  poolId?: string
  status?: string
}

export interface EumsSenderId {
  arn?: string
  country?: string
  messageTypes?: string[]
  registered?: boolean
  senderId?: string
}

export interface EumsPool {
  arn?: string
  messageType?: string
  poolId?: string
  status?: string
}

function numberType(value: string | undefined): IdentityType {
  const known: IdentityType[] = ['LONG_CODE', 'SHORT_CODE', 'SIMULATOR', 'TEN_DLC', 'TOLL_FREE']
  return known.find((t) => t === value) ?? 'UNKNOWN'
}

function servesForNumber(n: {active: boolean; capabilities: string[]; country?: string; international?: boolean; type: IdentityType}): {note: string; serves: string[]} {
  if (!n.capabilities.includes('SMS')) return {note: 'cannot send SMS (no SMS capability)', serves: []}
  if (!n.active) return {note: 'not active yet, so it sends nothing', serves: []}
  if (n.type === 'SIMULATOR') return {note: `only SMS simulator destination numbers${n.country ? ` of ${n.country}` : ''}, with End User Messaging SendTextMessage`, serves: []}
  if (!n.country) return {note: 'country unknown', serves: []}
  if (n.country === 'US' && n.type === 'LONG_CODE') return {note: 'a US long code cannot send application-to-person SMS to US numbers (since 1 June 2021)', serves: []}
  const international = n.international ? ' (international sending is on: other countries too, where AWS allows it)' : ''
  const unknown = n.type === 'UNKNOWN' && n.country === 'US' ? ' (type unknown: listed by SNS only; US numbers must be toll-free, 10DLC or a short code)' : ''
  return {note: `${n.country}${international}${unknown}`, serves: [n.country]}
}

function servesForSender(country: string | undefined, registered: boolean | undefined): {note: string; serves: string[]} {
  if (!country) return {note: 'country unknown', serves: []}
  if (NO_SENDER_ID_COUNTRIES.includes(country)) return {note: `${country} does not show sender IDs`, serves: []}
  if (SENDER_ID_REGISTRATION_COUNTRIES[country] && !registered) return {note: `${country} only once the sender ID is registered`, serves: []}
  return {note: country, serves: [country]}
}

/** Pure: SNS and End User Messaging lists merged into one row per identity. */
export function mergeIdentities(input: {eumsNumbers?: EumsPhoneNumber[]; pools?: EumsPool[]; senderIds?: EumsSenderId[]; snsNumbers?: SnsOriginationNumber[]}): OriginationIdentity[] {
  const rows = new Map<string, OriginationIdentity>()
  for (const n of input.eumsNumbers ?? []) {
    if (!n.phoneNumber || n.status === 'DELETED') continue
    const type = numberType(n.numberType)
    const status = n.status ?? 'unknown'
    const active = status.toUpperCase() === 'ACTIVE'
    const capabilities = [...(n.capabilities ?? [])]
    const {note, serves} = servesForNumber({active, capabilities, country: n.country, international: n.internationalSending, type})
    rows.set(n.phoneNumber, {
      active,
      ...(n.arn ? {arn: n.arn} : {}),
      capabilities,
      ...(n.country ? {country: n.country} : {}),
      ...(n.id ? {id: n.id} : {}),
      identity: n.phoneNumber,
      ...(n.internationalSending === undefined ? {} : {internationalSending: n.internationalSending}),
      kind: 'phone-number',
      ...(n.messageType ? {messageType: n.messageType} : {}),
      ...(n.poolId ? {poolId: n.poolId} : {}),
      serves,
      servesNote: note,
      sources: ['eums'],
      status,
      type,
    })
  }

  for (const n of input.snsNumbers ?? []) {
    if (!n.phoneNumber) continue
    const existing = rows.get(n.phoneNumber)
    if (existing) {
      existing.sources = ['sns', 'eums']
      continue
    }

    const status = n.status ?? 'unknown'
    if (status.toUpperCase() === 'DELETED') continue
    const active = status.toUpperCase() === 'ACTIVE'
    const capabilities = [...(n.capabilities ?? [])]
    const {note, serves} = servesForNumber({active, capabilities, country: n.country, type: 'UNKNOWN'})
    rows.set(n.phoneNumber, {
      active,
      capabilities,
      ...(n.country ? {country: n.country} : {}),
      identity: n.phoneNumber,
      kind: 'phone-number',
      ...(n.routeType ? {messageType: n.routeType.toUpperCase()} : {}),
      serves,
      servesNote: note,
      sources: ['sns'],
      status,
      type: 'UNKNOWN',
    })
  }

  const out = [...rows.values()]
  for (const s of input.senderIds ?? []) {
    if (!s.senderId) continue
    const {note, serves} = servesForSender(s.country, s.registered)
    out.push({
      active: true,
      ...(s.arn ? {arn: s.arn} : {}),
      capabilities: ['SMS'],
      ...(s.country ? {country: s.country} : {}),
      identity: s.senderId,
      kind: 'sender-id',
      ...(s.messageTypes?.length ? {messageType: s.messageTypes.join(', ')} : {}),
      ...(s.registered === undefined ? {} : {registered: s.registered}),
      serves,
      servesNote: note,
      sources: ['eums'],
      status: s.registered === false && s.country && SENDER_ID_REGISTRATION_COUNTRIES[s.country] ? 'UNREGISTERED' : 'ACTIVE',
      type: 'SENDER_ID',
    })
  }

  for (const p of input.pools ?? []) {
    if (!p.poolId) continue
    const members = out.filter((i) => i.kind === 'phone-number' && i.poolId === p.poolId)
    const status = p.status ?? 'unknown'
    const active = status.toUpperCase() === 'ACTIVE'
    const serves = active ? [...new Set(members.flatMap((m) => m.serves))].sort() : []
    out.push({
      active,
      ...(p.arn ? {arn: p.arn} : {}),
      capabilities: [...new Set(members.flatMap((m) => m.capabilities))].sort(),
      identity: p.poolId,
      kind: 'pool',
      ...(p.messageType ? {messageType: p.messageType} : {}),
      serves,
      servesNote: !active
        ? 'not active'
        : serves.length > 0
          ? `${serves.join(', ')} (through its ${members.length === 1 ? 'number' : 'numbers'})`
          : members.length === 0
            ? 'no member numbers listed (sender IDs in pools are not shown)'
            : 'none of its numbers can send',
      sources: ['eums'],
      status,
      type: 'POOL',
    })
  }

  return out
}

/** Whether `identity` can send to real phones in `country` (ISO-2). US needs a toll-free, 10DLC or short code. */
export function canServe(identity: OriginationIdentity, country: string): boolean {
  if (!identity.serves.includes(country)) return false
  if (country === 'US' && identity.kind === 'phone-number') return US_A2P_TYPES.has(identity.type) || identity.type === 'UNKNOWN'
  return true
}

export interface CountryReach {
  country: string
  /** Identities that can serve it. */
  identities: string[]
  /** Country rules (US origination, sender-ID registration). */
  notes: string[]
  /** A dedicated identity is required there (US), and none can serve it. */
  unreachable: boolean
  /** What it means, in one sentence. */
  verdict: string
}

/** Pure: who can reach `country`, and whether that is a problem. */
export function reachFor(identities: readonly OriginationIdentity[], country: string, region: string): CountryReach {
  const serving = identities.filter((i) => canServe(i, country)).map((i) => i.identity)
  const requirement = originationRequirement(country, region)
  const unreachable = requirement.usOriginationIdentity && serving.length === 0
  let verdict: string
  if (serving.length > 0) verdict = `${serving.length} origination ${serving.length === 1 ? 'identity' : 'identities'} in ${region} can send to ${country}: ${serving.join(', ')}.`
  else if (unreachable) verdict = `Nothing in ${region} can send SMS to ${country} numbers: they need a toll-free, 10DLC or short-code number in the sending region, and ${region} has none that is active.`
  else if (requirement.senderIdRegistration) verdict = `No identity in ${region} is set up for ${country}, which needs a pre-registered sender ID; without one, SMS there are likely to be blocked.`
  else verdict = `No dedicated identity in ${region} serves ${country}; AWS sends over shared routes there (a shared number or sender ID), which is allowed for ${country}.`
  return {country, identities: serving, notes: requirement.notes, unreachable, verdict}
}

/** Lists every origination identity in `region`, all pages, concurrently. Fails only when every list fails. */
export async function listOriginationIdentities(session: AwsSession, region: string): Promise<{identities: OriginationIdentity[]; unavailable: string[]}> {
  const sns = snsClient(session, region)
  const eums = eumsClient(session, region)
  const [snsNumbers, eumsNumbers, senderIds, pools] = await Promise.all([
    optional(
      (async () => {
        const {client, sdk} = await sns
        return allPages<SnsOriginationNumber>(async (NextToken) => {
          const out = await smsCall(session, {doing: 'listing SNS origination numbers', operation: 'ListOriginationNumbers', region}, () =>
            client.send(new sdk.ListOriginationNumbersCommand({MaxResults: 30, NextToken})),
          )
          const items = (out.PhoneNumbers ?? []).map((n) => ({
            capabilities: [...(n.NumberCapabilities ?? [])],
            country: n.Iso2CountryCode,
            phoneNumber: n.PhoneNumber,
            routeType: n.RouteType,
            status: n.Status,
          }))
          return {items, next: out.NextToken}
        })
      })(),
    ),
    optional(
      (async () => {
        const {client, sdk} = await eums
        return allPages<EumsPhoneNumber>(async (NextToken) => {
          const out = await smsCall(session, {doing: 'listing End User Messaging phone numbers', operation: 'DescribePhoneNumbers', region}, () =>
            client.send(new sdk.DescribePhoneNumbersCommand({MaxResults: 100, NextToken})),
          )
          const items = (out.PhoneNumbers ?? []).map((n) => ({
            arn: n.PhoneNumberArn,
            capabilities: [...(n.NumberCapabilities ?? [])],
            country: n.IsoCountryCode,
            id: n.PhoneNumberId,
            internationalSending: n.InternationalSendingEnabled,
            messageType: n.MessageType,
            numberType: n.NumberType,
            phoneNumber: n.PhoneNumber,
            poolId: n.PoolId,
            status: n.Status,
          }))
          return {items, next: out.NextToken}
        })
      })(),
    ),
    optional(
      (async () => {
        const {client, sdk} = await eums
        return allPages<EumsSenderId>(async (NextToken) => {
          const out = await smsCall(session, {doing: 'listing End User Messaging sender IDs', operation: 'DescribeSenderIds', region}, () =>
            client.send(new sdk.DescribeSenderIdsCommand({MaxResults: 100, NextToken})),
          )
          const items = (out.SenderIds ?? []).map((s) => ({
            arn: s.SenderIdArn,
            country: s.IsoCountryCode,
            messageTypes: [...(s.MessageTypes ?? [])],
            registered: s.Registered,
            senderId: s.SenderId,
          }))
          return {items, next: out.NextToken}
        })
      })(),
    ),
    optional(
      (async () => {
        const {client, sdk} = await eums
        return allPages<EumsPool>(async (NextToken) => {
          const out = await smsCall(session, {doing: 'listing End User Messaging pools', operation: 'DescribePools', region}, () =>
            client.send(new sdk.DescribePoolsCommand({MaxResults: 100, NextToken})),
          )
          const items = (out.Pools ?? []).map((p) => ({arn: p.PoolArn, messageType: p.MessageType, poolId: p.PoolId, status: p.Status}))
          return {items, next: out.NextToken}
        })
      })(),
    ),
  ])
  const results = [snsNumbers, eumsNumbers, senderIds, pools]
  const failures = results.flatMap((r) => (r.ok ? [] : [r.error]))
  if (failures.length === results.length) throw failures[0]!
  const identities = mergeIdentities({
    eumsNumbers: eumsNumbers.ok ? eumsNumbers.value : undefined,
    pools: pools.ok ? pools.value : undefined,
    senderIds: senderIds.ok ? senderIds.value : undefined,
    snsNumbers: snsNumbers.ok ? snsNumbers.value : undefined,
  })
  return {identities, unavailable: failures.map((f) => f.message)}
}
