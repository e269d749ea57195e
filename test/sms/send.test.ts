import {describe, expect, it} from 'vitest'

import {MfaSmsError} from '../../src/errors.js'
import {type Optional} from '../../src/lib/sms/call.js'
import {parseDestination} from '../../src/lib/sms/input.js'
import {mergeIdentities} from '../../src/lib/sms/origination.js'
import {combineSandbox} from '../../src/lib/sms/sandbox.js'
import {checkSendRequest, deliveryAdvice, MAX_MESSAGE_LENGTH, type SendPreflight, type SendRequest, sendWarnings} from '../../src/lib/sms/send.js'

const ok = <T>(value: T): Optional<T> => ({ok: true, value})

function thrown(fn: () => unknown): MfaSmsError {
  try {
    fn()
  } catch (error) {
    if (error instanceof MfaSmsError) return error
  }

  throw new Error('expected an MfaSmsError')
}

const usIdentities = mergeIdentities({
  eumsNumbers: [
    {capabilities: ['SMS'], country: 'US', numberType: 'TOLL_FREE', phoneNumber: '+18005550100', status: 'ACTIVE'},
    {capabilities: ['SMS'], country: 'US', id: 'phone-sim', numberType: 'SIMULATOR', phoneNumber: '+12065550199', status: 'ACTIVE'},
  ],
})

const production: SendPreflight = {identities: usIdentities, mode: combineSandbox(false, ok('PRODUCTION')), optedOut: false, unavailable: [], verified: false}
const request = (phone: string, extra: Partial<SendRequest> = {}): SendRequest => ({destination: parseDestination(phone), dryRun: false, message: 'hi', via: 'sns', ...extra})
const codes = (pre: SendPreflight, req: SendRequest) => sendWarnings(pre, req, 'us-east-1').map((w) => w.code)

describe('checkSendRequest', () => {
  it('defaults to SNS, and to End User Messaging for a dry run', () => {
    expect(checkSendRequest({dryRun: false})).toBe('sns')
    expect(checkSendRequest({dryRun: true})).toBe('eums')
  })

  it('refuses --via sns --dry-run, empty or too long messages, and a non-number origination for SNS', () => {
    expect(thrown(() => checkSendRequest({dryRun: true, via: 'sns'}))).toMatchObject({code: 'DRY_RUN_NEEDS_EUMS', exitCode: 2})
    expect(thrown(() => checkSendRequest({dryRun: false, message: '  '}))).toMatchObject({code: 'BAD_MESSAGE'})
    expect(thrown(() => checkSendRequest({dryRun: false, message: 'x'.repeat(MAX_MESSAGE_LENGTH + 1)}))).toMatchObject({code: 'BAD_MESSAGE'})
    expect(thrown(() => checkSendRequest({dryRun: false, origination: 'MyApp', via: 'sns'}))).toMatchObject({code: 'BAD_ORIGINATION'})
    expect(checkSendRequest({dryRun: false, origination: 'MyApp', via: 'eums'})).toBe('eums')
  })
})

describe('sendWarnings', () => {
  it('production, a US toll-free number, not opted out: only the fictional-number warning', () => {
    expect(codes(production, request('+12065550123'))).toEqual(['PHONE'])
  })

  it('sandboxed and unverified; verified is fine; simulator destinations are exempt', () => {
    const sandboxed = {...production, mode: combineSandbox(true, ok('SANDBOX'))}
    expect(codes(sandboxed, request('+12065550123'))).toContain('SANDBOX_UNVERIFIED')
    expect(codes({...sandboxed, verified: true}, request('+12065550123'))).not.toContain('SANDBOX_UNVERIFIED')
    expect(codes({...sandboxed, verified: undefined}, request('+12065550123'))).not.toContain('SANDBOX_UNVERIFIED')
    expect(codes(sandboxed, request('+14254147755', {via: 'eums'}))).toEqual([])
  })

  it('a US number without a US-capable identity', () => {
    const warnings = sendWarnings({...production, identities: []}, request('+12065550123'), 'us-west-2')
    expect(warnings.map((w) => w.code)).toContain('US_NO_ORIGINATION')
    expect(warnings.find((w) => w.code === 'US_NO_ORIGINATION')?.message).toMatch(/us-west-2 has no active toll-free/)
    expect(codes({...production, identities: undefined}, request('+12065550123'))).not.toContain('US_NO_ORIGINATION')
  })

  it('opted out', () => {
    expect(codes({...production, optedOut: true}, request('+12065550123'))).toContain('OPTED_OUT')
  })

  it('an --origination that is unknown, or cannot reach the country', () => {
    expect(codes(production, request('+12065550123', {origination: '+18005550111'}))).toContain('ORIGINATION_NOT_FOUND')
    expect(codes(production, request('+12065550123', {origination: 'phone-sim', via: 'eums'}))).toContain('ORIGINATION_WRONG_COUNTRY')
    expect(codes(production, request('+12065550123', {origination: '18005550100'}))).toEqual(['PHONE'])
  })

  it('simulator destinations: SNS is not the documented way, and they need a simulator origination', () => {
    expect(codes(production, request('+14254147755'))).toEqual(['SIMULATOR_NEEDS_EUMS'])
    expect(codes(production, request('+14254147755', {origination: '+12065550199', via: 'eums'}))).toEqual([])
    expect(codes(production, request('+14254147755', {origination: '+18005550100', via: 'eums'}))).toEqual(['SIMULATOR_NEEDS_SIMULATOR_ORIGINATION'])
    expect(codes({...production, identities: []}, request('+14254147755', {via: 'eums'}))).toEqual(['SIMULATOR_NEEDS_SIMULATOR_ORIGINATION'])
  })
})

describe('deliveryAdvice', () => {
  it('SNS with logging on names the two log groups; a MessageId is not delivery', () => {
    const advice = deliveryAdvice({...production, account: '111122223333', deliveryLoggingRole: 'arn:aws:iam::111122223333:role/x'}, request('+12065550123'), 'us-east-1')
    expect(advice.logGroups).toEqual(['sns/us-east-1/111122223333/DirectPublishToPhoneNumber', 'sns/us-east-1/111122223333/DirectPublishToPhoneNumber/Failure'])
    expect(advice.notes[0]).toMatch(/accepted the message, not that the phone received it/)
    expect(advice.notes.join(' ')).toMatch(/simulator number/)
  })

  it('SNS with logging off says how to turn it on; End User Messaging points at configuration sets; dry runs say nothing was sent', () => {
    expect(deliveryAdvice(production, request('+12065550123'), 'us-east-1').notes.join(' ')).toMatch(/DeliveryStatusIAMRole=<role-arn>/)
    expect(deliveryAdvice(production, request('+12065550123', {via: 'eums'}), 'us-east-1').notes.join(' ')).toMatch(/configuration set/)
    const dry = deliveryAdvice(production, request('+14254147755', {dryRun: true, via: 'eums'}), 'us-east-1')
    expect(dry.notes).toEqual(['Dry run: End User Messaging validated the message; nothing was sent and nothing is billed.'])
  })
})
