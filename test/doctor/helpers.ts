import {evaluateCheck} from '../../src/lib/doctor/runner.js'
import {findCheck} from '../../src/lib/doctor/checks/index.js'
import type {FactTypes, UserPoolFact} from '../../src/lib/doctor/facts/types.js'
import type {DoctorInput, FactFailure, FactId, FactOutcome, Finding, InstanceParams} from '../../src/lib/doctor/types.js'

export type FactInput = Partial<{[K in FactId]: FactTypes[K] | FactFailure}>

export const POOL_ID = 'us-east-1_Test123'
export const ACCOUNT = '111122223333'
export const POOL_ARN = `arn:aws:cognito-idp:us-east-1:${ACCOUNT}:userpool/${POOL_ID}`
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/CognitoSms`
export const FN_ARN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:custom-message`
export const SENDER_ARN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:sms-sender`
export const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`

export function pool(overrides: Partial<UserPoolFact> = {}): UserPoolFact {
  return {
    account: ACCOUNT,
    arn: POOL_ARN,
    autoVerifiedAttributes: ['phone_number'],
    emailSendingAccount: 'DEVELOPER',
    id: POOL_ID,
    lambdaConfig: {customMessage: FN_ARN, customSmsSender: {lambdaArn: SENDER_ARN, lambdaVersion: 'V1_0'}, kmsKeyId: KEY_ARN},
    mfaConfiguration: 'ON',
    region: 'us-east-1',
    smsConfiguration: {ExternalId: 'ext-1', SnsCallerArn: ROLE_ARN, SnsRegion: 'us-east-1'},
    smsTemplates: {SmsAuthenticationMessage: 'Your code is {####}'},
    usernameAttributes: [],
    ...overrides,
  }
}

export const GOOD_TRUST = {
  Statement: [
    {
      Action: 'sts:AssumeRole',
      Condition: {ArnLike: {'aws:SourceArn': POOL_ARN}, StringEquals: {'aws:SourceAccount': ACCOUNT, 'sts:ExternalId': 'ext-1'}},
      Effect: 'Allow',
      Principal: {Service: 'cognito-idp.amazonaws.com'},
    },
  ],
  Version: '2012-10-17',
}

/** What `aws lambda add-permission --principal cognito-idp.amazonaws.com --source-arn POOL_ARN` leaves on a function. */
export function invokePolicy(functionArn: string, condition: Record<string, Record<string, string>> = {ArnLike: {'AWS:SourceArn': POOL_ARN}}) {
  return {
    Statement: [{Action: 'lambda:InvokeFunction', Condition: condition, Effect: 'Allow', Principal: {Service: 'cognito-idp.amazonaws.com'}, Resource: functionArn}],
    Version: '2012-10-17',
  }
}

export const GOOD_INVOKE_POLICY = invokePolicy(FN_ARN)

export function denied(action: string): FactFailure {
  return {action, kind: 'denied', message: `User is not authorized to perform: ${action}`, ok: false}
}

export function evaluate(checkId: string, facts: FactInput, input: Partial<DoctorInput> = {}, params: InstanceParams = {}): Finding {
  const check = findCheck(checkId)
  if (!check) throw new Error(`no check ${checkId}`)
  const outcomes = new Map<FactId, FactOutcome>()
  for (const [id, value] of Object.entries(facts)) {
    const failure = value && typeof value === 'object' && 'ok' in value && (value as {ok: unknown}).ok === false
    outcomes.set(id as FactId, failure ? (value as FactFailure) : {ok: true, value})
  }

  // Facts a test leaves out count as not readable, like a denied call would.
  for (const id of [...check.needs, ...(check.needsAny ?? []), ...(check.uses ?? [])]) {
    if (!outcomes.has(id)) outcomes.set(id, {action: `test:${id}`, kind: 'denied', message: 'not given in the test', ok: false})
  }

  return evaluateCheck(check, outcomes, {countries: [], phones: [], ...input}, params)
}
