import {describe, expect, it} from 'vitest'

import {MfaSmsError} from '../../src/errors.js'
import {type Optional} from '../../src/lib/sms/call.js'
import {
  combineSandbox,
  deliveryLogGroups,
  describeMode,
  planSandbox,
  type SandboxStatusInput,
  summariseSandbox,
  tierInSandbox,
} from '../../src/lib/sms/sandbox.js'
import {CODE_ATTEMPTS, verifyWithRetries, wrongCodeMessage} from '../../src/lib/sms/verify-loop.js'

const ok = <T>(value: T): Optional<T> => ({ok: true, value})
const failed = <T>(message = 'denied'): Optional<T> => ({error: new MfaSmsError('AWS_ACCESS_DENIED', message, {exit: 3}), ok: false})

describe('sandbox mode', () => {
  it('reads ACCOUNT_TIER case-insensitively and leaves unknown values unknown', () => {
    expect(tierInSandbox('SANDBOX')).toBe(true)
    expect(tierInSandbox('production')).toBe(false)
    expect(tierInSandbox('BASIC')).toBeUndefined()
    expect(tierInSandbox(undefined)).toBeUndefined()
  })

  it('agreeing sources', () => {
    expect(combineSandbox(true, ok('SANDBOX'))).toEqual({accountTier: 'SANDBOX', disagree: false, inSandbox: true, snsInSandbox: true, tierInSandbox: true})
    expect(combineSandbox(false, ok('PRODUCTION'))).toMatchObject({disagree: false, inSandbox: false})
  })

  it('disagreeing sources: both shown, the stricter one acted on', () => {
    const mode = combineSandbox(false, ok('SANDBOX'))
    expect(mode).toMatchObject({disagree: true, inSandbox: true})
    expect(describeMode(mode, 'eu-west-1')).toMatch(/SNS says .*production.*ACCOUNT_TIER SANDBOX/)
    expect(combineSandbox(true, ok('PRODUCTION'))).toMatchObject({disagree: true, inSandbox: true})
    expect(combineSandbox(false, ok('SOMETHING_NEW'))).toMatchObject({accountTier: 'SOMETHING_NEW', disagree: true, inSandbox: false})
  })

  it('an unreadable ACCOUNT_TIER falls back on SNS alone', () => {
    expect(combineSandbox(false, failed())).toMatchObject({accountTierError: 'denied', disagree: false, inSandbox: false})
  })
})

describe('planSandbox', () => {
  const sandboxed = combineSandbox(true, ok('SANDBOX'))
  const numbers = [
    {phoneNumber: '+12065550101', status: 'Verified'},
    {phoneNumber: '+12065550102', status: 'Pending'},
  ]

  it('production: not needed, and says why', () => {
    const plan = planSandbox('add', combineSandbox(false, ok('PRODUCTION')), [], '+12065550103', 'us-east-1')
    expect(plan.action).toBe('not-needed')
    if (plan.action === 'not-needed') expect(plan.reason).toMatch(/out of the SMS sandbox in us-east-1.*without verifying/)
  })

  it('add: already verified, pending (a new code) or new', () => {
    expect(planSandbox('add', sandboxed, numbers, '+12065550101', 'r')).toEqual({action: 'already-verified'})
    expect(planSandbox('add', sandboxed, numbers, '+12065550102', 'r')).toEqual({action: 'proceed', pending: true, slotsUsed: 2})
    expect(planSandbox('add', sandboxed, numbers, '+12065550103', 'r')).toEqual({action: 'proceed', pending: false, slotsUsed: 2})
  })

  it('unknown mode or list (denied): go ahead and let AWS decide', () => {
    expect(planSandbox('add', undefined, undefined, '+12065550101', 'r')).toEqual({action: 'proceed', pending: false})
    expect(planSandbox('verify', sandboxed, undefined, '+12065550103', 'r')).toEqual({action: 'proceed', pending: false})
    expect(planSandbox('verify', undefined, numbers, '+12065550101', 'r')).toEqual({action: 'already-verified'})
  })

  it('verify: a number never added is not-found', () => {
    expect(planSandbox('verify', sandboxed, numbers, '+12065550103', 'r')).toEqual({action: 'not-found'})
    expect(planSandbox('verify', sandboxed, numbers, '+12065550102', 'r')).toMatchObject({action: 'proceed'})
  })
})

describe('summariseSandbox', () => {
  const base: SandboxStatusInput = {
    account: ok('111122223333'),
    accountLimits: ok([{max: 10, name: 'VERIFIED_DESTINATION_NUMBERS', used: 3}]),
    attributes: ok({DeliveryStatusIAMRole: 'arn:aws:iam::111122223333:role/log', DeliveryStatusSuccessSamplingRate: '100', DefaultSMSType: 'Transactional'}),
    mode: combineSandbox(true, ok('SANDBOX')),
    numbers: ok([
      {phoneNumber: '+12065550101', status: 'Verified'},
      {phoneNumber: '+12065550102', status: 'Verified'},
      {phoneNumber: '+12065550103', status: 'Pending'},
    ]),
    region: 'us-east-1',
    spendLimits: ok([{enforced: 20, max: 100, name: 'TEXT_MESSAGE_MONTHLY_SPEND_LIMIT', overridden: true}]),
  }

  it('counts numbers, reads the enforced spend limit, logging and the SMS type', () => {
    const s = summariseSandbox(base)
    expect(s.verifiedNumbers).toEqual({max: 10, pending: 1, used: 3, verified: 2})
    expect(s.spendLimit).toEqual({limitUsd: 20, maxUsd: 100, source: 'End User Messaging'})
    expect(s.defaultSmsType).toEqual({set: true, value: 'Transactional'})
    expect(s.deliveryLogging).toEqual({
      enabled: true,
      logGroups: ['sns/us-east-1/111122223333/DirectPublishToPhoneNumber', 'sns/us-east-1/111122223333/DirectPublishToPhoneNumber/Failure'],
      role: 'arn:aws:iam::111122223333:role/log',
      successSamplingRate: '100',
    })
    expect(s.nextSteps.join('\n')).toMatch(/request production access for SMS in us-east-1/)
    expect(s.nextSteps.join('\n')).toMatch(/still pending/)
    expect(s.nextSteps.join('\n')).not.toMatch(/Delivery-status logging is off/)
  })

  it('MaxLimit is the cap unless Overridden; SNS MonthlySpendLimit is the fallback', () => {
    expect(summariseSandbox({...base, spendLimits: ok([{enforced: 20, max: 1, name: 'TEXT_MESSAGE_MONTHLY_SPEND_LIMIT', overridden: false}])}).spendLimit?.limitUsd).toBe(1)
    expect(summariseSandbox({...base, attributes: ok({MonthlySpendLimit: '7'}), spendLimits: failed()}).spendLimit).toEqual({limitUsd: 7, source: 'SNS MonthlySpendLimit'})
  })

  it('a full sandbox, a $1 limit, no logging and Promotional each get a next step', () => {
    const full = Array.from({length: 10}, (_, i) => ({phoneNumber: `+120655501${String(i).padStart(2, '0')}`, status: 'Verified'}))
    const s = summariseSandbox({...base, attributes: ok({}), numbers: ok(full), spendLimits: ok([{max: 1, name: 'TEXT_MESSAGE_MONTHLY_SPEND_LIMIT', overridden: false}])})
    const steps = s.nextSteps.join('\n')
    expect(steps).toMatch(/All 10 sandbox slots are used/)
    expect(steps).toMatch(/\$1, the new-account quota/)
    expect(steps).toMatch(/Delivery-status logging is off in us-east-1/)
    expect(steps).toMatch(/DefaultSMSType=Transactional/)
    expect(s.defaultSmsType).toEqual({set: false, value: 'Promotional'})
  })

  it('unreadable facts stay undefined rather than guessed', () => {
    const s = summariseSandbox({...base, accountLimits: failed(), attributes: failed(), numbers: failed(), spendLimits: failed()})
    expect(s.verifiedNumbers).toBeUndefined()
    expect(s.spendLimit).toBeUndefined()
    expect(s.deliveryLogging).toBeUndefined()
  })

  it('log groups name the account, or a placeholder', () => {
    expect(deliveryLogGroups('eu-west-1', undefined)[1]).toBe('sns/eu-west-1/<account-id>/DirectPublishToPhoneNumber/Failure')
  })
})

describe('verifyWithRetries', () => {
  const wrong = () => new MfaSmsError('SANDBOX_CODE_WRONG', 'no', {exit: 1})

  it('asks again after a wrong code, up to the limit', async () => {
    const typed = ['11111', ' 22222 ']
    const told: number[] = []
    const used = await verifyWithRetries({
      ask: async () => typed.shift()!,
      onWrong: (left) => told.push(left),
      verify: async (code) => {
        if (code !== '22222') throw wrong()
      },
    })
    expect(used).toBe(2)
    expect(told).toEqual([CODE_ATTEMPTS - 1])
  })

  it('gives up with the last wrong-code error, and rethrows anything else at once', async () => {
    let asked = 0
    const loop = {ask: async () => String(++asked).padStart(5, '0'), onWrong: () => {}}
    await expect(verifyWithRetries({...loop, verify: async () => Promise.reject(wrong())})).rejects.toMatchObject({code: 'SANDBOX_CODE_WRONG'})
    expect(asked).toBe(CODE_ATTEMPTS)
    asked = 0
    await expect(verifyWithRetries({...loop, verify: async () => Promise.reject(new MfaSmsError('AWS_THROTTLED', 't', {exit: 3}))})).rejects.toMatchObject({code: 'AWS_THROTTLED'})
    expect(asked).toBe(1)
  })

  it('words the retry', () => {
    expect(wrongCodeMessage(1)).toMatch(/1 try left/)
    expect(wrongCodeMessage(2)).toMatch(/2 tries left/)
  })
})
