import {describe, expect, it} from 'vitest'

import {customMessageEvent, customSmsSenderEvent, userAttributesFor} from '../../src/lib/simulate/cognito-event.js'
import {parseTriggerSource} from '../../src/lib/simulate/triggers.js'
import type {AttributedSms, InvocationRecord, RuleContext} from '../../src/lib/simulate/types.js'
import {failed, judge, VERDICT_IDS, VERDICT_RULES} from '../../src/lib/simulate/verdicts.js'

const PHONE = '+14254147755'
const KEY = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'

function cmEvent(source = 'CustomMessage_SignUp') {
  const spec = parseTriggerSource(source)
  return customMessageEvent({region: 'us-east-1', spec, userAttributes: userAttributesFor(spec, {phone: PHONE}), userName: 'alice', userPoolId: 'us-east-1_Abc123'})
}

function record(overrides: Partial<InvocationRecord> = {}): InvocationRecord {
  return {blocked: [], code: '123456', coldStart: false, durationMs: 40, event: cmEvent(), logs: [], notes: [], outcome: 'ok', requestId: 'r', wallMs: 40, ...overrides}
}

function context(source = 'CustomMessage_SignUp', overrides: Partial<RuleContext> = {}): RuleContext {
  return {budgetMs: 5000, configuredKeys: [], emailSendingAccount: 'COGNITO_DEFAULT', keyArn: KEY, phone: PHONE, spec: parseTriggerSource(source), target: 'local', timeoutMs: 7000, ...overrides}
}

/** The event came back with these response fields. */
function answered(response: Record<string, unknown>, source = 'CustomMessage_SignUp'): Partial<InvocationRecord> {
  const event = cmEvent(source)
  return {event, response: {...event, response: {...event.response, ...response}}}
}

function finding(inv: InvocationRecord, ctx: RuleContext, id: string) {
  return judge(inv, ctx).find((f) => f.id === id)
}

describe('CustomMessage rules', () => {
  it('a good answer passes every rule', () => {
    const findings = judge(record(answered({smsMessage: 'Your code is {####}'})), context())
    expect(failed(findings)).toBe(false)
    expect(findings.map((f) => f.id)).toEqual(expect.arrayContaining(['response-shape', 'sms-code-placeholder', 'sms-length', 'email-fields', 'budget', 'no-error']))
  })

  it('response-shape: nothing returned, or fields dropped, fails', () => {
    expect(finding(record({response: null}), context(), 'response-shape')?.status).toBe('fail')
    expect(finding(record({response: {response: {smsMessage: 'x {####}'}}}), context(), 'response-shape')).toMatchObject({message: expect.stringMatching(/lacks version/), status: 'fail'})
  })

  it('sms-code-placeholder: pass with {####}, fail without (and names a look-alike)', () => {
    expect(finding(record(answered({smsMessage: 'Code {####}'})), context(), 'sms-code-placeholder')?.status).toBe('pass')
    const miss = finding(record(answered({smsMessage: 'Code {###}'})), context(), 'sms-code-placeholder')
    expect(miss?.status).toBe('fail')
    expect(miss?.message).toContain('{###}')
  })

  it('sms-username-placeholder: AdminCreateUser needs {username} too', () => {
    const source = 'CustomMessage_AdminCreateUser'
    expect(finding(record(answered({smsMessage: 'User {username} password {####}'}, source)), context(source), 'sms-username-placeholder')?.status).toBe('pass')
    expect(finding(record(answered({smsMessage: 'Password {####}'}, source)), context(source), 'sms-username-placeholder')?.status).toBe('fail')
    expect(finding(record(answered({smsMessage: 'Password {####}'})), context(), 'sms-username-placeholder')).toBeUndefined()
  })

  it('sms-length: 140 passes, 160 fails', () => {
    expect(finding(record(answered({smsMessage: `{####}${'a'.repeat(134)}`})), context(), 'sms-length')?.status).toBe('pass')
    expect(finding(record(answered({smsMessage: `{####}${'a'.repeat(154)}`})), context(), 'sms-length')).toMatchObject({message: expect.stringContaining('160 characters'), status: 'fail'})
  })

  it('email-fields: fail with COGNITO_DEFAULT, pass with DEVELOPER, warn when unknown', () => {
    const inv = record(answered({emailMessage: 'Code {####}', emailSubject: 'Hi', smsMessage: 'Code {####}'}))
    expect(finding(inv, context(), 'email-fields')).toMatchObject({message: expect.stringMatching(/InvalidLambdaResponseException/), status: 'fail'})
    expect(finding(inv, context(undefined, {emailSendingAccount: 'DEVELOPER'}), 'email-fields')?.status).toBe('pass')
    expect(finding(inv, context(undefined, {emailSendingAccount: undefined}), 'email-fields')?.status).toBe('warn')
  })

  it('sms-message: null is the pool default (info), empty fails', () => {
    expect(finding(record(answered({smsMessage: null})), context(), 'sms-message')?.status).toBe('info')
    expect(finding(record(answered({smsMessage: ''})), context(), 'sms-message')?.status).toBe('fail')
  })

  it('sms-encoding and sms-segments warn for UCS-2 and multipart', () => {
    const emoji = record(answered({smsMessage: 'Code {####} 🔐'}))
    expect(finding(emoji, context(), 'sms-encoding')?.status).toBe('warn')
    expect(finding(record(answered({smsMessage: 'Code {####}'})), context(), 'sms-encoding')?.status).toBe('pass')
    const long = record(answered({smsMessage: `Code {####} ${'ж'.repeat(80)}`}))
    expect(finding(long, context(), 'sms-segments')?.status).toBe('warn')
  })
})

describe('rules for every family', () => {
  it('no-error: pass when ok, fail on a thrown error', () => {
    expect(finding(record(answered({smsMessage: '{####}'})), context(), 'no-error')?.status).toBe('pass')
    const thrown = finding(record({error: {errorMessage: 'boom', errorType: 'Error'}, functionError: 'Unhandled', outcome: 'error'}), context(), 'no-error')
    expect(thrown).toMatchObject({message: expect.stringMatching(/UserLambdaValidationException/), status: 'fail'})
  })

  it('budget: 4.9 s passes, 6 s fails', () => {
    expect(finding(record({...answered({smsMessage: '{####}'}), durationMs: 4900}), context(), 'budget')?.status).toBe('pass')
    expect(finding(record({...answered({smsMessage: '{####}'}), durationMs: 6000}), context(), 'budget')).toMatchObject({message: expect.stringMatching(/over the 5.00 s budget/), status: 'fail'})
  })

  it('timeout: only when the function timed out', () => {
    expect(finding(record(), context(), 'timeout')).toBeUndefined()
    expect(finding(record({error: {errorMessage: 'Task timed out after 7.00 seconds', errorType: 'Sandbox.Timedout'}, outcome: 'timeout'}), context(), 'timeout')?.status).toBe('fail')
  })

  it('handler-loads: fails naming a missing aws-sdk', () => {
    const inv = record({error: {errorMessage: "Cannot find module 'aws-sdk'\nRequire stack: …", errorType: 'Runtime.ImportModuleError'}, outcome: 'init-error'})
    expect(finding(inv, context(), 'handler-loads')).toMatchObject({fix: expect.stringMatching(/aws-sdk.*bundle/), status: 'fail'})
    expect(finding(record(), context(), 'handler-loads')?.status).toBe('pass')
  })

  it('network-blocked: fails when the handler tried to leave the machine', () => {
    expect(finding(record({blocked: [{host: 'api.twilio.com', port: 443}]}), context(), 'network-blocked')).toMatchObject({fix: expect.stringContaining('--allow-host api.twilio.com'), status: 'fail'})
    expect(finding(record(), context(), 'network-blocked')).toBeUndefined()
  })

  it('sdk-v2: warns when aws-sdk v2 was loaded', () => {
    expect(finding(record({awsSdkV2: true}), context(), 'sdk-v2')?.status).toBe('warn')
    expect(finding(record(), context(), 'sdk-v2')).toBeUndefined()
  })
})

describe('custom sender and Auth0 rules', () => {
  const source = 'CustomSMSSender_SignUp'
  const spec = parseTriggerSource(source)
  const event = customSmsSenderEvent({encryptedCode: 'AYADeQUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo', region: 'us-east-1', spec, userAttributes: userAttributesFor(spec, {phone: PHONE}), userName: 'alice', userPoolId: 'us-east-1_Abc123'})
  const sms = (overrides: Partial<AttributedSms> = {}): AttributedSms => ({body: 'Your code is 123456', channel: 'sns', outcome: 'delivered', to: PHONE, ...overrides})
  const inv = (overrides: Partial<InvocationRecord> = {}) => record({event, response: null, sms: [sms()], ...overrides})

  it('a good send passes', () => {
    const findings = judge(inv(), context(source))
    expect(failed(findings)).toBe(false)
    expect(findings.filter((f) => f.status === 'pass').map((f) => f.id)).toEqual(expect.arrayContaining(['decrypt', 'sms-sent', 'sms-recipient', 'sms-code', 'sms-awaited', 'sms-delivery']))
  })

  it('decrypt: names the commitment policy and the alias keyring, from the error or the logs', () => {
    const commitment = inv({error: {errorMessage: 'Configuration conflict. … due to CommitmentPolicy REQUIRE_ENCRYPT_REQUIRE_DECRYPT requiring only committed messages.', errorType: 'Error'}, outcome: 'error', sms: []})
    expect(finding(commitment, context(source), 'decrypt-commitment-policy')?.status).toBe('fail')
    const alias = inv({logs: ['… ERROR decrypt failed: Error: unencryptedDataKey has not been set'], sms: []})
    expect(finding(alias, context(source, {configuredKeys: ['alias/sender']}), 'decrypt-alias-keyring')?.message).toMatch(/only by alias/)
  })

  it('sms-sent: fails with nothing captured', () => {
    expect(finding(inv({sms: []}), context(source), 'sms-sent')?.status).toBe('fail')
  })

  it('sms-recipient: fails when the SMS goes elsewhere', () => {
    expect(finding(inv({sms: [sms({to: '+447860019066'})]}), context(source), 'sms-recipient')?.status).toBe('fail')
  })

  it('sms-code: fails without the code, and spots the ciphertext sent instead', () => {
    expect(finding(inv({sms: [sms({body: 'Your code is'})]}), context(source), 'sms-code')?.status).toBe('fail')
    expect(finding(inv({sms: [sms({body: `Code AYADeQUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo`})]}), context(source), 'sms-code')?.message).toMatch(/encrypted code/)
  })

  it('sms-awaited: fails when the SMS arrived after the handler returned', () => {
    expect(finding(inv({sms: [sms({afterReturnMs: 35})]}), context(source), 'sms-awaited')).toMatchObject({message: expect.stringMatching(/after the handler returned/), status: 'fail'})
  })

  it('sms-delivery: warns when the emulated account would not deliver', () => {
    expect(finding(inv({sms: [sms({outcome: 'failed', reason: 'Sandboxed account unable to send to number.', rule: 'sandbox-unverified'})]}), context(source), 'sms-delivery')?.status).toBe('warn')
  })

  it('logs-show-send: deployed custom senders without a send in the logs get a warning, not a pass', () => {
    expect(finding(record({event, logs: ['START', 'END']}), context(source, {target: 'deployed'}), 'logs-show-send')?.status).toBe('warn')
    expect(finding(record({event, logs: ['INFO sent MessageId abc']}), context(source, {target: 'deployed'}), 'logs-show-send')?.status).toBe('pass')
  })

  it('hook-callback: a hook that never calls cb fails; one that does passes', () => {
    const hook = 'send-phone-message'
    expect(finding(inv({notes: ['hook-returned-without-callback'], style: 'auth0-hook'}), context(hook), 'hook-callback')?.status).toBe('fail')
    expect(finding(inv({outcome: 'timeout', style: 'auth0-hook'}), context(hook), 'hook-callback')?.status).toBe('fail')
    expect(finding(inv({style: 'auth0-hook'}), context(hook), 'hook-callback')?.status).toBe('pass')
  })
})

describe('the rule table', () => {
  it('has unique ids, each with a summary', () => {
    expect(new Set(VERDICT_IDS).size).toBe(VERDICT_IDS.length)
    for (const rule of VERDICT_RULES) expect(rule.summary.length).toBeGreaterThan(10)
  })
})
