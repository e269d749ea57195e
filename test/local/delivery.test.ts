import {PinpointSMSVoiceV2Client, SendTextMessageCommand} from '@aws-sdk/client-pinpoint-sms-voice-v2'
import {PublishCommand, SNSClient} from '@aws-sdk/client-sns'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {DELIVERY_RULES, smsParts} from '../../src/lib/local/delivery.js'
import type {LocalServer} from '../../src/lib/local/server.js'
import {sdkConfig, sdkError, withServer} from './helpers.js'

let server: LocalServer
const sns = new Map<string, SNSClient>()
const eums = new Map<string, PinpointSMSVoiceV2Client>()

function snsIn(region: string): SNSClient {
  if (!sns.has(region)) sns.set(region, new SNSClient(sdkConfig(server, region)))
  return sns.get(region)!
}

function eumsIn(region: string): PinpointSMSVoiceV2Client {
  if (!eums.has(region)) eums.set(region, new PinpointSMSVoiceV2Client(sdkConfig(server, region)))
  return eums.get(region)!
}

beforeAll(async () => {
  server = await withServer({
    scenario: {
      regions: {
        // Out of spend: every message fails the spend-limit rule.
        'ca-central-1': {sandbox: {inSandbox: false}, sms: {maxSpendLimitUsd: 1, spentThisMonthUsd: 1}},
        // Sandboxed, one verified destination, one opted-out number.
        'eu-west-1': {sandbox: {verifiedNumbers: ['+447911123456', '+447911000111']}, sms: {optedOut: ['+447911000111']}},
        // Production, but nothing that can text the US.
        'eu-north-1': {sandbox: {inSandbox: false}},
        'us-east-1': {
          originationNumbers: [
            {numberType: 'TOLL_FREE', phoneNumber: '+18332010143'},
            {capabilities: ['SMS'], numberType: 'SIMULATOR', phoneNumber: '+12065550199'},
          ],
          sandbox: {inSandbox: false},
          sms: {maxSpendLimitUsd: 100},
        },
      },
    },
  })
})

afterAll(async () => {
  for (const c of [...sns.values(), ...eums.values()]) c.destroy()
  await server.close()
})

interface Case {
  eums: 'accepted' | {Reason: string; name: string}
  maxPrice?: string
  name: string
  region: string
  rule?: string
  snsReason?: string
  to: string
}

const CASES: Case[] = [
  {eums: 'accepted', name: 'a verified destination in the sandbox is delivered', region: 'eu-west-1', to: '+447911123456'},
  {
    eums: {Reason: 'DESTINATION_PHONE_NUMBER_NOT_VERIFIED', name: 'ConflictException'},
    name: 'an unverified destination in the sandbox fails',
    region: 'eu-west-1',
    rule: 'sandbox-unverified',
    snsReason: 'Sandboxed account unable to send to number.',
    to: '+4915112345678',
  },
  {
    eums: {Reason: 'DESTINATION_PHONE_NUMBER_OPTED_OUT', name: 'ConflictException'},
    name: 'an opted-out destination fails',
    region: 'eu-west-1',
    rule: 'opted-out',
    snsReason: 'Phone number is opted out',
    to: '+447911000111',
  },
  {
    eums: {Reason: 'MONTHLY_SPEND_LIMIT_REACHED_FOR_TEXT', name: 'ServiceQuotaExceededException'},
    name: 'a message over the monthly spend limit fails',
    region: 'ca-central-1',
    rule: 'spend-limit',
    snsReason: 'No quota left for account',
    to: '+4915112345678',
  },
  {
    eums: {Reason: 'PRICE_OVER_THRESHOLD', name: 'ValidationException'},
    maxPrice: '0.001',
    name: 'a message dearer than MaxPrice fails',
    region: 'us-east-1',
    rule: 'max-price',
    snsReason: 'This delivery would exceed max price',
    to: '+12125551234',
  },
  {
    eums: {Reason: 'NO_ORIGINATION_IDENTITIES_FOUND', name: 'ConflictException'},
    name: 'a US destination without a US origination number in the region fails',
    region: 'eu-north-1',
    rule: 'us-origination',
    snsReason: 'No origination entities available to send',
    to: '+12125551234',
  },
  {eums: 'accepted', name: 'a US destination with a toll-free number in the region is delivered', region: 'us-east-1', to: '+12125551234'},
  {eums: 'accepted', name: 'a non-US destination without any origination identity is delivered', region: 'eu-north-1', to: '+4915112345678'},
  {
    eums: 'accepted',
    name: 'a fictional 555-01xx number is accepted and then fails as invalid',
    region: 'us-east-1',
    rule: 'invalid-number',
    snsReason: 'Invalid phone number',
    to: '+12025550123',
  },
  {
    eums: 'accepted',
    name: 'the SMS simulator failure number is accepted and then fails',
    region: 'us-east-1',
    rule: 'simulator-failure',
    snsReason: 'Simulated delivery failure (SMS simulator failure number)',
    to: '+14254147167',
  },
  {eums: 'accepted', name: 'the SMS simulator success number is delivered from the simulator number', region: 'us-east-1', to: '+14254147755'},
]

describe('delivery outcome of each captured SMS', () => {
  it.each(CASES)('SNS Publish: $name', async (c) => {
    const out = await snsIn(c.region).send(
      new PublishCommand({
        Message: 'Your code is 123456',
        MessageAttributes: c.maxPrice ? {'AWS.SNS.SMS.MaxPrice': {DataType: 'Number', StringValue: c.maxPrice}} : undefined,
        PhoneNumber: c.to,
      }),
    )
    // SNS returns a MessageId either way: the failure only shows in the delivery record.
    expect(out.MessageId).toBeTruthy()
    const record = server.inbox.list().messages.find((m) => m.id === out.MessageId)
    expect(record).toMatchObject({channel: 'sns', region: c.region, to: c.to})
    if (c.rule) expect(record).toMatchObject({outcome: 'failed', reason: c.snsReason, rule: c.rule})
    else expect(record).toMatchObject({outcome: 'delivered'})
  })

  it.each(CASES)('End User Messaging SendTextMessage: $name', async (c) => {
    const send = eumsIn(c.region).send(new SendTextMessageCommand({DestinationPhoneNumber: c.to, MaxPrice: c.maxPrice, MessageBody: 'Your code is 654321'}))
    if (c.eums === 'accepted') {
      const out = await send
      const record = server.inbox.list().messages.find((m) => m.id === out.MessageId)
      expect(record).toMatchObject({channel: 'eums', outcome: c.rule ? 'failed' : 'delivered', rule: c.rule})
      if (c.to === '+14254147755') expect(record?.from).toBe('+12065550199')
      return
    }

    const err = await sdkError(send)
    expect(err.name).toBe(c.eums.name)
    expect(err.Reason).toBe(c.eums.Reason)
    const record = server.inbox.latestTo(c.to)
    expect(record).toMatchObject({apiError: {code: c.eums.name, reason: c.eums.Reason}, channel: 'eums', outcome: 'failed', rule: c.rule})
  })

  it('has a test case for every delivery rule except the API-level E.164 check', () => {
    const covered = new Set(CASES.map((c) => c.rule))
    const untested = DELIVERY_RULES.map((r) => r.id).filter((id) => id !== 'not-e164' && !covered.has(id))
    expect(untested).toEqual([])
  })

  it('charges delivered messages against the region\'s spend and fails once the limit is reached', async () => {
    const tight = await withServer({scenario: {regions: {'eu-west-1': {sandbox: {inSandbox: false}, sms: {maxSpendLimitUsd: 1, pricePerMessageUsd: 0.4}}}}})
    const client = new SNSClient(sdkConfig(tight, 'eu-west-1'))
    try {
      for (let i = 0; i < 3; i++) await client.send(new PublishCommand({Message: `code ${i}`, PhoneNumber: '+4915112345678'}))
      expect(tight.inbox.list().messages.map((m) => m.outcome)).toEqual(['delivered', 'delivered', 'failed'])
      expect(tight.state.region('eu-west-1').spend.usedUsd).toBeCloseTo(0.8)
    } finally {
      client.destroy()
      await tight.close()
    }
  })
})

describe('SMS parts', () => {
  it('counts GSM-7 and UCS-2 parts the way carriers bill them', () => {
    expect(smsParts('a'.repeat(160))).toBe(1)
    expect(smsParts('a'.repeat(161))).toBe(2)
    expect(smsParts('€'.repeat(80))).toBe(1)
    expect(smsParts('€'.repeat(81))).toBe(2)
    expect(smsParts('código 123456 ✓')).toBe(1)
    expect(smsParts('✓'.repeat(71))).toBe(2)
  })
})
