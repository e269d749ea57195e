import type {CustomMessageTriggerEvent, CustomSMSSenderTriggerEvent} from 'aws-lambda'
import {describe, expect, it} from 'vitest'

import {auth0ActionEvent, auth0HookArgs, auth0TestPayload, defaultAuth0Text} from '../../src/lib/simulate/auth0-event.js'
import {
  attributesFromList,
  CLIENT_ID_NOT_APPLICABLE,
  cognitoEvent,
  customMessageEvent,
  customSmsSenderEvent,
  LINK_PARAMETER,
  userAttributesFor,
} from '../../src/lib/simulate/cognito-event.js'
import {budgetMs, parseTriggerSource, TRIGGER_SOURCE_NAMES, TRIGGER_SOURCES} from '../../src/lib/simulate/triggers.js'
import {CUSTOM_MESSAGE_SOURCES as CUSTOM_MESSAGE, CUSTOM_SMS_SENDER_SOURCES as CUSTOM_SMS_SENDER} from '../helpers/trigger-sources.js'

const base = {region: 'eu-west-1', userName: 'alice', userPoolId: 'eu-west-1_AbCdEf123'}

describe('the trigger source table', () => {
  it('has the seven CustomMessage, the seven CustomSMSSender sources and send-phone-message', () => {
    expect(TRIGGER_SOURCE_NAMES.filter((n) => n.startsWith('CustomMessage_')).sort()).toEqual([...CUSTOM_MESSAGE].sort())
    expect(TRIGGER_SOURCE_NAMES.filter((n) => n.startsWith('CustomSMSSender_')).sort()).toEqual([...CUSTOM_SMS_SENDER].sort())
    expect(TRIGGER_SOURCE_NAMES).toContain('send-phone-message')
    expect(TRIGGER_SOURCES).toHaveLength(15)
  })

  it('parses case-insensitively and suggests the closest source for a typo', () => {
    expect(parseTriggerSource('custommessage_signup').source).toBe('CustomMessage_SignUp')
    expect(() => parseTriggerSource('CustomMesage_SignUp')).toThrow(/Did you mean CustomMessage_SignUp\?/)
    expect(() => parseTriggerSource('CustomSMSSender_Authentcation')).toThrow(/Did you mean CustomSMSSender_Authentication\?/)
    expect(() => parseTriggerSource('ForgotPassword')).toThrow(/Did you mean CustomMessage_ForgotPassword\?/)
    let error: unknown
    try {
      parseTriggerSource('nonsense-entirely-unrelated')
    } catch (caught) {
      error = caught
    }

    expect((error as {exitCode: number}).exitCode).toBe(2)
    expect((error as {hints: string[]}).hints[0]).toContain('CustomMessage_SignUp')
  })

  it('budgets: Cognito 5 s, Auth0 20 s', () => {
    expect(budgetMs('custom-message')).toBe(5000)
    expect(budgetMs('custom-sms-sender')).toBe(5000)
    expect(budgetMs('auth0')).toBe(20_000)
  })
})

describe('CustomMessage events', () => {
  it.each(CUSTOM_MESSAGE)('%s has the envelope and request Cognito sends (and type-checks)', (source) => {
    const spec = parseTriggerSource(source)
    const event: CustomMessageTriggerEvent = customMessageEvent({...base, spec, userAttributes: userAttributesFor(spec, {phone: '+14254147755', sub: 'sub-1'})})
    expect(Object.keys(event)).toEqual(['version', 'triggerSource', 'region', 'userPoolId', 'userName', 'callerContext', 'request', 'response'])
    expect(event.version).toBe('1')
    expect(event.triggerSource).toBe(source)
    expect(event.callerContext.awsSdkVersion).toBe('aws-sdk-unknown-unknown')
    expect(event.request.codeParameter).toBe('{####}')
    expect(event.request.linkParameter).toBe(LINK_PARAMETER)
    expect(event.request.usernameParameter).toBe(source === 'CustomMessage_AdminCreateUser' ? '{username}' : null)
    expect(event.request).not.toHaveProperty('clientMetadata')
    expect(event.response).toEqual({emailMessage: null, emailSubject: null, smsMessage: null})
    for (const value of Object.values(event.request.userAttributes)) expect(typeof value).toBe('string')
    expect(event.request.userAttributes.phone_number).toBe('+14254147755')
    expect(['true', 'false']).toContain(event.request.userAttributes.phone_number_verified)
  })

  it('matches the documented sign-up example (seed 001) field for field', () => {
    const spec = parseTriggerSource('CustomMessage_SignUp')
    const event = customMessageEvent({...base, clientMetadata: {source: 'web'}, spec, userAttributes: userAttributesFor(spec, {email: 'a@example.com', phone: '+14254147755'})})
    // The documented test event: version, triggerSource, region, userPoolId, userName, callerContext{…, clientId},
    // request{userAttributes{phone_number_verified, email_verified, …}, codeParameter}, response{smsMessage, emailMessage, emailSubject}.
    expect(event).toMatchObject({
      callerContext: {clientId: expect.stringMatching(/^[a-z0-9]{26}$/)},
      request: {clientMetadata: {source: 'web'}, codeParameter: '{####}', userAttributes: {email_verified: 'false', phone_number_verified: 'false'}},
      response: {emailMessage: null, emailSubject: null, smsMessage: null},
    })
    expect(event.request.userAttributes['cognito:user_status']).toBe('UNCONFIRMED')
  })

  it('AdminCreateUser is an admin call: no app client', () => {
    const spec = parseTriggerSource('CustomMessage_AdminCreateUser')
    const event = customMessageEvent({...base, spec, userAttributes: userAttributesFor(spec, {phone: '+14254147755'})})
    expect(event.callerContext.clientId).toBe(CLIENT_ID_NOT_APPLICABLE)
    expect(event.request.userAttributes['cognito:user_status']).toBe('FORCE_CHANGE_PASSWORD')
  })

  it('attributes read from the real user win, and every value stays a string', () => {
    const spec = parseTriggerSource('CustomMessage_Authentication')
    const read = attributesFromList([
      {Name: 'sub', Value: 'abc'},
      {Name: 'phone_number', Value: '+447860019066'},
      {Name: 'phone_number_verified', Value: 'true'},
    ])
    const attributes = userAttributesFor(spec, {extra: {'custom:tier': 'gold'}, phone: '+14254147755', read})
    expect(attributes).toMatchObject({'custom:tier': 'gold', phone_number: '+447860019066', phone_number_verified: 'true', sub: 'abc'})
  })
})

describe('CustomSMSSender events', () => {
  it.each(CUSTOM_SMS_SENDER)('%s carries type customSMSSenderRequestV1 and the encrypted code (and type-checks)', (source) => {
    const spec = parseTriggerSource(source)
    const event: CustomSMSSenderTriggerEvent = customSmsSenderEvent({...base, encryptedCode: 'AYADeXXXX', spec, userAttributes: userAttributesFor(spec, {phone: '+14254147755'})})
    expect(event.request).toEqual({code: 'AYADeXXXX', type: 'customSMSSenderRequestV1', userAttributes: event.request.userAttributes})
    expect(event.response).toEqual({})
    expect(event.version).toBe('1')
  })

  it('needs the encrypted code, and cognitoEvent dispatches by family', () => {
    const spec = parseTriggerSource('CustomSMSSender_SignUp')
    expect(() => customSmsSenderEvent({...base, spec, userAttributes: {}})).toThrow(/encrypted code/)
    expect((cognitoEvent({...base, encryptedCode: 'x', spec, userAttributes: {}}) as CustomSMSSenderTriggerEvent).request.type).toBe('customSMSSenderRequestV1')
  })
})

describe('Auth0 send-phone-message', () => {
  const input = {action: 'second-factor-authentication' as const, code: '123456', messageType: 'sms' as const, recipient: '+14254147755', secrets: {AWS_REGION: 'us-east-1'}, tenant: 'acme'}

  it('the Action event has the documented message_options, user, client, request, tenant and secrets', () => {
    const event = auth0ActionEvent(input)
    expect(Object.keys(event).sort()).toEqual(['client', 'message_options', 'request', 'secrets', 'tenant', 'transaction', 'user'])
    expect(event.message_options).toEqual({action: 'second-factor-authentication', code: '123456', message_type: 'sms', recipient: '+14254147755', text: defaultAuth0Text('second-factor-authentication', '123456', 'acme')})
    expect(event.message_options.text).toContain('123456')
    expect(event.user).toMatchObject({app_metadata: {}, phone_number: '+14254147755', user_id: expect.stringMatching(/^auth0\|/), user_metadata: {}})
    expect(event.request).toMatchObject({geoip: expect.any(Object), ip: expect.any(String), method: 'POST'})
    expect(event.tenant).toEqual({id: 'acme'})
    expect(event.secrets).toEqual({AWS_REGION: 'us-east-1'})
    expect(event).not.toHaveProperty('authorization')
  })

  it('the hook gets recipient, text and the documented context with webtask.secrets', () => {
    const {context, recipient, text} = auth0HookArgs({...input, action: 'enrollment'})
    expect(recipient).toBe('+14254147755')
    expect(text).toContain('123456')
    expect(Object.keys(context).sort()).toEqual(['action', 'client', 'code', 'ip', 'language', 'message_type', 'user', 'user_agent', 'webtask'])
    expect(context).toMatchObject({action: 'enrollment', code: '123456', message_type: 'sms', webtask: {secrets: {AWS_REGION: 'us-east-1'}}})
    for (const k of ['language', 'code', 'ip', 'user_agent'] as const) expect(typeof context[k]).toBe('string')
  })

  it('the test-action payload leaves the secrets out', () => {
    expect(auth0TestPayload(auth0ActionEvent(input))).not.toHaveProperty('secrets')
  })
})
