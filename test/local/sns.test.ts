import {
  CheckIfPhoneNumberIsOptedOutCommand,
  CreateSMSSandboxPhoneNumberCommand,
  DeleteSMSSandboxPhoneNumberCommand,
  GetSMSAttributesCommand,
  GetSMSSandboxAccountStatusCommand,
  type LanguageCodeString,
  ListOriginationNumbersCommand,
  ListPhoneNumbersOptedOutCommand,
  ListSMSSandboxPhoneNumbersCommand,
  ListTopicsCommand,
  paginateListOriginationNumbers,
  paginateListPhoneNumbersOptedOut,
  paginateListSMSSandboxPhoneNumbers,
  PublishCommand,
  SetSMSAttributesCommand,
  SNSClient,
  VerifySMSSandboxPhoneNumberCommand,
} from '@aws-sdk/client-sns'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {LocalServer} from '../../src/lib/local/server.js'
import {movableClock, sdkConfig, sdkError, withServer} from './helpers.js'

const clock = movableClock()
const OPTED_OUT = Array.from({length: 150}, (_, i) => `+4477009${String(i).padStart(5, '0')}`)

let server: LocalServer
let sns: SNSClient
let prod: SNSClient

beforeAll(async () => {
  server = await withServer({
    now: clock.now,
    scenario: {
      account: {id: '111122223333'},
      regions: {
        'eu-west-1': {sms: {optedOut: ['+447700900999']}},
        'us-east-1': {
          originationNumbers: Array.from({length: 7}, (_, i) => ({numberType: 'TOLL_FREE' as const, phoneNumber: `+1833201${String(i).padStart(4, '0')}`})),
          sandbox: {inSandbox: false},
          sms: {attributes: {DefaultSMSType: 'Transactional'}, maxSpendLimitUsd: 100, optedOut: OPTED_OUT},
        },
      },
    },
  })
  sns = new SNSClient(sdkConfig(server, 'eu-west-1'))
  prod = new SNSClient(sdkConfig(server, 'us-east-1'))
})

afterAll(async () => {
  sns.destroy()
  prod.destroy()
  await server.close()
})

describe('SNS SMS sandbox', () => {
  it('reports the sandbox per region: a new region is sandboxed, a production one is not', async () => {
    expect((await sns.send(new GetSMSSandboxAccountStatusCommand({}))).IsInSandbox).toBe(true)
    expect((await prod.send(new GetSMSSandboxAccountStatusCommand({}))).IsInSandbox).toBe(false)
  })

  it('texts a 6-digit code to a new sandbox number, lists it Pending, and verifies it with that code', async () => {
    const phone = '+447911100001'
    await sns.send(new CreateSMSSandboxPhoneNumberCommand({PhoneNumber: phone}))
    const otpMessage = server.inbox.latestTo(phone)
    expect(otpMessage).toMatchObject({channel: 'sandbox-otp', from: 'AWS', language: 'en-US', outcome: 'delivered', region: 'eu-west-1'})
    const otp = /(\d{6})/.exec(otpMessage!.body)?.[1]
    expect(otp).toMatch(/^\d{6}$/)

    const listed = await sns.send(new ListSMSSandboxPhoneNumbersCommand({}))
    expect(listed.PhoneNumbers).toContainEqual({PhoneNumber: phone, Status: 'Pending'})

    const wrong = await sdkError(sns.send(new VerifySMSSandboxPhoneNumberCommand({OneTimePassword: otp === '000000' ? '111111' : '000000', PhoneNumber: phone})))
    expect(wrong.name).toBe('VerificationException')
    expect(wrong.Status).toBe('Pending')

    await sns.send(new VerifySMSSandboxPhoneNumberCommand({OneTimePassword: otp!, PhoneNumber: phone}))
    const after = await sns.send(new ListSMSSandboxPhoneNumbersCommand({}))
    expect(after.PhoneNumbers).toContainEqual({PhoneNumber: phone, Status: 'Verified'})
  })

  it('records the requested LanguageCode on the captured code (en-US when none is given); the text stays English', async () => {
    const defaulted = '+447911100003'
    const german = '+447911100004'
    await sns.send(new CreateSMSSandboxPhoneNumberCommand({PhoneNumber: defaulted}))
    await sns.send(new CreateSMSSandboxPhoneNumberCommand({LanguageCode: 'de-DE', PhoneNumber: german}))
    expect(server.inbox.latestTo(defaulted)).toMatchObject({channel: 'sandbox-otp', language: 'en-US'})
    const de = server.inbox.latestTo(german)
    expect(de).toMatchObject({channel: 'sandbox-otp', language: 'de-DE'})
    expect(de?.body).toMatch(/^Your Amazon SNS verification code is: \d{6}$/)
    expect((await sdkError(sns.send(new CreateSMSSandboxPhoneNumberCommand({LanguageCode: 'xx-XX' as LanguageCodeString, PhoneNumber: '+447911100005'})))).name).toBe(
      'InvalidParameterException',
    )
  })

  it('refuses to delete a number within 24 hours of verifying it, and allows it afterwards', async () => {
    const phone = '+447911100002'
    await sns.send(new CreateSMSSandboxPhoneNumberCommand({PhoneNumber: phone}))
    const otp = /(\d{6})/.exec(server.inbox.latestTo(phone)!.body)![1]!
    await sns.send(new VerifySMSSandboxPhoneNumberCommand({OneTimePassword: otp, PhoneNumber: phone}))

    const tooSoon = await sdkError(sns.send(new DeleteSMSSandboxPhoneNumberCommand({PhoneNumber: phone})))
    expect(tooSoon.name).toBe('UserErrorException')
    expect(tooSoon.message).toMatch(/24 hours after it was verified/)

    clock.advance(25 * 3_600_000)
    await sns.send(new DeleteSMSSandboxPhoneNumberCommand({PhoneNumber: phone}))
    const listed = await sns.send(new ListSMSSandboxPhoneNumbersCommand({}))
    expect(listed.PhoneNumbers?.map((n) => n.PhoneNumber)).not.toContain(phone)
  })

  it('honours backdated scenario timestamps for the 24-hour deletion rule', async () => {
    const backdated = await withServer({
      now: clock.now,
      scenario: {regions: {'eu-west-1': {sandbox: {verifiedNumbers: [{phoneNumber: '+447911100010', verifiedAt: '2h ago'}, {phoneNumber: '+447911100011', verifiedAt: '25h ago'}]}}}},
    })
    const client = new SNSClient(sdkConfig(backdated, 'eu-west-1'))
    try {
      expect((await sdkError(client.send(new DeleteSMSSandboxPhoneNumberCommand({PhoneNumber: '+447911100010'})))).name).toBe('UserErrorException')
      await client.send(new DeleteSMSSandboxPhoneNumberCommand({PhoneNumber: '+447911100011'}))
    } finally {
      client.destroy()
      await backdated.close()
    }
  })

  it('caps the sandbox at 10 numbers with UserError', async () => {
    const region = new SNSClient(sdkConfig(server, 'ap-southeast-2'))
    try {
      for (let i = 0; i < 10; i++) await region.send(new CreateSMSSandboxPhoneNumberCommand({PhoneNumber: `+6141200${String(i).padStart(4, '0')}`}))
      const eleventh = await sdkError(region.send(new CreateSMSSandboxPhoneNumberCommand({PhoneNumber: '+61412009999'})))
      expect(eleventh.name).toBe('UserErrorException')
      expect(eleventh.message).toMatch(/at most 10/)

      const pages: string[][] = []
      for await (const page of paginateListSMSSandboxPhoneNumbers({client: region, pageSize: 4}, {})) pages.push(page.PhoneNumbers!.map((n) => n.PhoneNumber!))
      expect(pages.map((p) => p.length)).toEqual([4, 4, 2])
      expect(new Set(pages.flat()).size).toBe(10)
    } finally {
      region.destroy()
    }
  })

  it('rejects opted-out, malformed and unknown numbers with the documented error classes', async () => {
    expect((await sdkError(sns.send(new CreateSMSSandboxPhoneNumberCommand({PhoneNumber: '+447700900999'})))).name).toBe('OptedOutException')
    expect((await sdkError(sns.send(new CreateSMSSandboxPhoneNumberCommand({PhoneNumber: '07911 123456'})))).name).toBe('InvalidParameterException')
    expect((await sdkError(sns.send(new VerifySMSSandboxPhoneNumberCommand({OneTimePassword: '123456', PhoneNumber: '+447911199999'})))).name).toBe(
      'ResourceNotFoundException',
    )
    expect((await sdkError(sns.send(new DeleteSMSSandboxPhoneNumberCommand({PhoneNumber: '+447911199999'})))).name).toBe('ResourceNotFoundException')
  })
})

describe('SNS SMS attributes, origination numbers and opt-outs', () => {
  it('reads and writes the lower-case attributes map, filtered by name', async () => {
    expect((await prod.send(new GetSMSAttributesCommand({}))).attributes).toEqual({DefaultSMSType: 'Transactional'})
    await prod.send(new SetSMSAttributesCommand({attributes: {DefaultSenderID: 'MyApp', MonthlySpendLimit: '50'}}))
    const filtered = await prod.send(new GetSMSAttributesCommand({attributes: ['MonthlySpendLimit', 'DefaultSenderID']}))
    expect(filtered.attributes).toEqual({DefaultSenderID: 'MyApp', MonthlySpendLimit: '50'})
  })

  it('rejects attribute values SNS would refuse', async () => {
    const err = await sdkError(prod.send(new SetSMSAttributesCommand({attributes: {DefaultSMSType: 'Urgent'}})))
    expect(err.name).toBe('InvalidParameterException')
    const overQuota = await sdkError(prod.send(new SetSMSAttributesCommand({attributes: {MonthlySpendLimit: '5000'}})))
    expect(overQuota.message).toMatch(/quota/)
  })

  it('pages origination numbers and refuses more than 30 per page', async () => {
    const pages: number[] = []
    for await (const page of paginateListOriginationNumbers({client: prod, pageSize: 3}, {})) pages.push(page.PhoneNumbers!.length)
    expect(pages).toEqual([3, 3, 1])
    const first = await prod.send(new ListOriginationNumbersCommand({}))
    expect(first.PhoneNumbers?.[0]).toMatchObject({Iso2CountryCode: 'US', NumberCapabilities: ['SMS', 'VOICE'], RouteType: 'Transactional', Status: 'ACTIVE'})
    expect(first.PhoneNumbers?.[0]?.CreatedAt).toBeInstanceOf(Date)
    expect((await sdkError(prod.send(new ListOriginationNumbersCommand({MaxResults: 31})))).name).toBe('ValidationException')
  })

  it('answers whether a number is opted out and pages the opted-out list 100 at a time with lower-case nextToken', async () => {
    expect((await prod.send(new CheckIfPhoneNumberIsOptedOutCommand({phoneNumber: OPTED_OUT[3]!}))).isOptedOut).toBe(true)
    expect((await prod.send(new CheckIfPhoneNumberIsOptedOutCommand({phoneNumber: '+12125551234'}))).isOptedOut).toBe(false)
    const first = await prod.send(new ListPhoneNumbersOptedOutCommand({}))
    expect(first.phoneNumbers).toHaveLength(100)
    expect(first.nextToken).toBeTruthy()
    const all: string[] = []
    for await (const page of paginateListPhoneNumbersOptedOut({client: prod}, {})) all.push(...page.phoneNumbers!)
    expect(all.sort()).toEqual([...OPTED_OUT].sort())
  })
})

describe('SNS Publish to a phone number', () => {
  it('returns a MessageId and captures the SMS with its message attributes', async () => {
    const out = await prod.send(
      new PublishCommand({
        Message: 'Your code is 482913',
        MessageAttributes: {
          'AWS.MM.SMS.OriginationNumber': {DataType: 'String', StringValue: '+18332010002'},
          'AWS.SNS.SMS.SenderID': {DataType: 'String', StringValue: 'MyApp'},
          'AWS.SNS.SMS.SMSType': {DataType: 'String', StringValue: 'Promotional'},
        },
        PhoneNumber: '+12125551234',
      }),
    )
    expect(out.MessageId).toMatch(/^[0-9a-f-]{36}$/)
    const captured = server.inbox.list().messages.find((m) => m.id === out.MessageId)
    expect(captured).toMatchObject({
      body: 'Your code is 482913',
      channel: 'sns',
      from: '+18332010002',
      outcome: 'delivered',
      region: 'us-east-1',
      senderId: 'MyApp',
      smsType: 'Promotional',
      to: '+12125551234',
    })
  })

  it('fails a non-E.164 destination at the API with InvalidParameter, as SNS does', async () => {
    const err = await sdkError(prod.send(new PublishCommand({Message: 'x', PhoneNumber: '(212) 555-1234'})))
    expect(err.name).toBe('InvalidParameterException')
    expect(err.message).toBe('Invalid parameter: PhoneNumber Reason: (212) 555-1234 is not valid to publish to')
  })

  it('accepts a Message of exactly 1,600 characters and refuses 1,601 or an empty one with InvalidParameter', async () => {
    const ok = await prod.send(new PublishCommand({Message: 'a'.repeat(1600), PhoneNumber: '+12125551235'}))
    expect(ok.MessageId).toMatch(/^[0-9a-f-]{36}$/)
    expect(server.inbox.list().messages.find((m) => m.id === ok.MessageId)?.body).toHaveLength(1600)

    const before = server.inbox.list().cursor
    const tooLong = await sdkError(prod.send(new PublishCommand({Message: 'a'.repeat(1601), PhoneNumber: '+12125551235'})))
    expect(tooLong.name).toBe('InvalidParameterException')
    expect(tooLong.$metadata?.httpStatusCode).toBe(400)
    expect(tooLong.message).toMatch(/^Invalid parameter: Message\b/)
    expect(tooLong.message).toContain('1601')

    const empty = await sdkError(prod.send(new PublishCommand({Message: '', PhoneNumber: '+12125551235'})))
    expect(empty.name).toBe('InvalidParameterException')
    expect(empty.$metadata?.httpStatusCode).toBe(400)
    expect(empty.message).toMatch(/^Invalid parameter: /)
    expect(server.inbox.list(before).messages).toEqual([])
  })

  it('answers an operation it does not emulate with the query protocol\'s InvalidAction', async () => {
    const err = await sdkError(sns.send(new ListTopicsCommand({})))
    expect(err.name).toBe('InvalidAction')
    expect(err.$metadata?.httpStatusCode).toBe(400)
  })
})
