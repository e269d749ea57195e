import {
  DescribeAccountAttributesCommand,
  DescribeAccountLimitsCommand,
  DescribePhoneNumbersCommand,
  DescribePoolsCommand,
  DescribeSenderIdsCommand,
  DescribeSpendLimitsCommand,
  DescribeVerifiedDestinationNumbersCommand,
  DeleteOptOutListCommand,
  paginateDescribePhoneNumbers,
  PinpointSMSVoiceV2Client,
  SendTextMessageCommand,
} from '@aws-sdk/client-pinpoint-sms-voice-v2'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {LocalServer} from '../../src/lib/local/server.js'
import {sdkConfig, sdkError, withServer} from './helpers.js'

let server: LocalServer
let eums: PinpointSMSVoiceV2Client
let sandboxed: PinpointSMSVoiceV2Client

beforeAll(async () => {
  server = await withServer({
    scenario: {
      account: {id: '111122223333'},
      regions: {
        'eu-west-1': {sandbox: {verifiedNumbers: ['+447911123456'], pendingNumbers: ['+447911123457']}},
        'us-east-1': {
          originationNumbers: [
            {numberType: 'TOLL_FREE', phoneNumber: '+18332010143'},
            {numberType: 'TEN_DLC', phoneNumber: '+12064560177'},
            {messageType: 'PROMOTIONAL', numberType: 'LONG_CODE', phoneNumber: '+12064560188', capabilities: ['VOICE']},
            {isoCountryCode: 'US', numberType: 'SHORT_CODE', phoneNumber: '55512', status: 'PENDING'},
          ],
          pools: [{originationIdentities: ['+18332010143'], poolId: 'pool-0123456789abcdef'}],
          sandbox: {inSandbox: false},
          senderIds: [{isoCountryCode: 'IN', registered: false, senderId: 'MyShop'}],
          sms: {attributes: {MonthlySpendLimit: '40'}, maxSpendLimitUsd: 100},
        },
      },
    },
  })
  eums = new PinpointSMSVoiceV2Client(sdkConfig(server, 'us-east-1'))
  sandboxed = new PinpointSMSVoiceV2Client(sdkConfig(server, 'eu-west-1'))
})

afterAll(async () => {
  eums.destroy()
  sandboxed.destroy()
  await server.close()
})

describe('End User Messaging account views', () => {
  it('reports ACCOUNT_TIER per region from the sandbox state', async () => {
    expect((await eums.send(new DescribeAccountAttributesCommand({}))).AccountAttributes).toEqual([{Name: 'ACCOUNT_TIER', Value: 'PRODUCTION'}])
    expect((await sandboxed.send(new DescribeAccountAttributesCommand({}))).AccountAttributes).toEqual([{Name: 'ACCOUNT_TIER', Value: 'SANDBOX'}])
  })

  it('reports spend limits with the SNS MonthlySpendLimit as the overridden text limit', async () => {
    const {SpendLimits} = await eums.send(new DescribeSpendLimitsCommand({}))
    expect(SpendLimits?.find((l) => l.Name === 'TEXT_MESSAGE_MONTHLY_SPEND_LIMIT')).toEqual({
      EnforcedLimit: 40,
      MaxLimit: 100,
      Name: 'TEXT_MESSAGE_MONTHLY_SPEND_LIMIT',
      Overridden: true,
    })
    const sandboxLimits = await sandboxed.send(new DescribeSpendLimitsCommand({}))
    expect(sandboxLimits.SpendLimits?.find((l) => l.Name === 'TEXT_MESSAGE_MONTHLY_SPEND_LIMIT')).toMatchObject({EnforcedLimit: 1, MaxLimit: 1, Overridden: false})
  })

  it('counts used account limits', async () => {
    const {AccountLimits} = await sandboxed.send(new DescribeAccountLimitsCommand({}))
    expect(AccountLimits).toContainEqual({Max: 10, Name: 'VERIFIED_DESTINATION_NUMBERS', Used: 2})
  })

  it('describes phone numbers with filters, ids and pagination', async () => {
    const all = await eums.send(new DescribePhoneNumbersCommand({}))
    expect(all.PhoneNumbers).toHaveLength(4)
    const tollFree = all.PhoneNumbers!.find((n) => n.NumberType === 'TOLL_FREE')!
    expect(tollFree).toMatchObject({IsoCountryCode: 'US', MessageType: 'TRANSACTIONAL', PhoneNumber: '+18332010143', Status: 'ACTIVE'})
    expect(tollFree.PhoneNumberArn).toBe(`arn:aws:sms-voice:us-east-1:111122223333:phone-number/${tollFree.PhoneNumberId}`)
    expect(tollFree.CreatedTimestamp).toBeInstanceOf(Date)

    const byId = await eums.send(new DescribePhoneNumbersCommand({PhoneNumberIds: [tollFree.PhoneNumberId!]}))
    expect(byId.PhoneNumbers?.map((n) => n.PhoneNumber)).toEqual(['+18332010143'])

    const sms = await eums.send(new DescribePhoneNumbersCommand({Filters: [{Name: 'number-capability', Values: ['SMS']}, {Name: 'status', Values: ['ACTIVE']}]}))
    expect(sms.PhoneNumbers?.map((n) => n.PhoneNumber).sort()).toEqual(['+12064560177', '+18332010143'])

    const sizes: number[] = []
    for await (const page of paginateDescribePhoneNumbers({client: eums, pageSize: 3}, {})) sizes.push(page.PhoneNumbers!.length)
    expect(sizes).toEqual([3, 1])
  })

  it('answers unknown ids with ResourceNotFoundException and bad filters with ValidationException and its Reason', async () => {
    const missing = await sdkError(eums.send(new DescribePhoneNumbersCommand({PhoneNumberIds: ['phone-doesnotexist']})))
    expect(missing.name).toBe('ResourceNotFoundException')
    expect(missing.ResourceType).toBe('phone-number')
    expect(missing.ResourceId).toBe('phone-doesnotexist')
    const badFilter = await sdkError(eums.send(new DescribePhoneNumbersCommand({Filters: [{Name: 'colour' as never, Values: ['red']}]})))
    expect(badFilter.name).toBe('ValidationException')
    expect(badFilter.Reason).toBe('INVALID_FILTER_VALUES')
  })

  it('describes sender ids, pools and verified destination numbers', async () => {
    const senders = await eums.send(new DescribeSenderIdsCommand({}))
    expect(senders.SenderIds).toEqual([expect.objectContaining({IsoCountryCode: 'IN', Registered: false, SenderId: 'MyShop', SenderIdArn: 'arn:aws:sms-voice:us-east-1:111122223333:sender-id/MyShop/IN'})])
    const pools = await eums.send(new DescribePoolsCommand({}))
    expect(pools.Pools).toEqual([expect.objectContaining({PoolArn: 'arn:aws:sms-voice:us-east-1:111122223333:pool/pool-0123456789abcdef', PoolId: 'pool-0123456789abcdef', Status: 'ACTIVE'})])
    const verified = await sandboxed.send(new DescribeVerifiedDestinationNumbersCommand({}))
    expect(verified.VerifiedDestinationNumbers?.map((n) => [n.DestinationPhoneNumber, n.Status])).toEqual([
      ['+447911123456', 'VERIFIED'],
      ['+447911123457', 'PENDING'],
    ])
    const onlyVerified = await sandboxed.send(new DescribeVerifiedDestinationNumbersCommand({Filters: [{Name: 'status', Values: ['VERIFIED']}]}))
    expect(onlyVerified.VerifiedDestinationNumbers).toHaveLength(1)
  })
})

describe('End User Messaging SendTextMessage', () => {
  it('sends from the named origination identity and captures it', async () => {
    const out = await eums.send(
      new SendTextMessageCommand({DestinationPhoneNumber: '+12125551234', MessageBody: 'Code 123456', MessageType: 'TRANSACTIONAL', OriginationIdentity: 'pool-0123456789abcdef'}),
    )
    expect(server.inbox.list().messages.find((m) => m.id === out.MessageId)).toMatchObject({channel: 'eums', from: '+18332010143', outcome: 'delivered', smsType: 'TRANSACTIONAL'})
  })

  it('validates a DryRun without capturing or charging it', async () => {
    const before = server.inbox.list().messages.length
    const spent = server.state.region('us-east-1').spend.usedUsd
    const out = await eums.send(new SendTextMessageCommand({DestinationPhoneNumber: '+12125551234', DryRun: true, MessageBody: 'dry'}))
    expect(out.MessageId).toBeTruthy()
    expect(server.inbox.list().messages.length).toBe(before)
    expect(server.state.region('us-east-1').spend.usedUsd).toBe(spent)
    const invalid = await sdkError(eums.send(new SendTextMessageCommand({DestinationPhoneNumber: '+49 151 1234', DryRun: true, MessageBody: 'dry'})))
    expect(invalid.name).toBe('ValidationException')
    expect(server.inbox.list().messages.length).toBe(before)
  })

  it('refuses identities that cannot reach the destination with the documented reasons', async () => {
    const longCode = await sdkError(eums.send(new SendTextMessageCommand({DestinationPhoneNumber: '+12125551234', MessageBody: 'x', OriginationIdentity: '+12064560188'})))
    expect(longCode.name).toBe('ValidationException')
    expect(longCode.Reason).toBe('INVALID_IDENTITY_FOR_DESTINATION_COUNTRY')
    const unregistered = await sdkError(eums.send(new SendTextMessageCommand({DestinationPhoneNumber: '+919812345678', MessageBody: 'x', OriginationIdentity: 'MyShop'})))
    expect(unregistered.Reason).toBe('SENDER_ID_NOT_REGISTERED')
    const unknown = await sdkError(eums.send(new SendTextMessageCommand({DestinationPhoneNumber: '+12125551234', MessageBody: 'x', OriginationIdentity: '+18005550000'})))
    expect(unknown.name).toBe('ResourceNotFoundException')
  })

  it('answers an operation it does not emulate with UnknownOperationException', async () => {
    const err = await sdkError(eums.send(new DeleteOptOutListCommand({OptOutListName: 'Default'})))
    expect(err.name).toBe('UnknownOperationException')
  })
})
