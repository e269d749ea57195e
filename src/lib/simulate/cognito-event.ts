/**
 * Cognito trigger events as Cognito sends them (aws-facts §4.1-4.3, seeds 001/002), typed against
 * @types/aws-lambda so a field that drifts from the published types fails the build.
 *
 * The per-source differences live in triggers.ts (data); this module only assembles.
 *
 * ⚠ Fidelity notes:
 * - `linkParameter` is "{##Click Here##}" and `usernameParameter` null outside AdminCreateUser in
 *   events people have logged; AWS documents neither value ("typically {username} and {####}").
 * - `callerContext.awsSdkVersion` is "aws-sdk-unknown-unknown" in the captured events we know of;
 *   it names the caller's SDK when there is one.
 * - `clientMetadata` is left out when there is none: handlers that assume it is there crash in
 *   production the same way.
 */
import {createHash, randomUUID} from 'node:crypto'

import type {CustomMessageTriggerEvent, CustomSMSSenderTriggerEvent} from 'aws-lambda'

import {DEFAULT_CODE_PLACEHOLDER, DEFAULT_USERNAME_PLACEHOLDER} from '../knowledge/sms-body.js'
import type {TriggerSpec} from './triggers.js'

export const LINK_PARAMETER = '{##Click Here##}'
export const DEFAULT_AWS_SDK_VERSION = 'aws-sdk-unknown-unknown'
/** What Cognito puts in callerContext.clientId when no app client is involved (⚠ observed, aws-facts §4.1). */
export const CLIENT_ID_NOT_APPLICABLE = 'CLIENT_ID_NOT_APPLICABLE'
export const CUSTOM_SMS_SENDER_REQUEST_TYPE = 'customSMSSenderRequestV1'

export type CognitoTriggerEvent = CustomMessageTriggerEvent | CustomSMSSenderTriggerEvent

export interface UserAttributeInput {
  email?: string
  phone?: string
  /** Attributes read from the real user (AdminGetUser) or a scenario; they win over the rest. */
  read?: Record<string, string>
  /** Extra attributes the user asked for (--attribute k=v). */
  extra?: Record<string, string>
  sub?: string
}

/** userAttributes as Cognito sends them: every value a string ("true", not true). */
export function userAttributesFor(spec: TriggerSpec, input: UserAttributeInput): Record<string, string> {
  const attributes: Record<string, string> = {
    sub: input.sub ?? randomUUID(),
    'cognito:user_status': spec.userStatus,
  }
  if (input.email !== undefined) {
    attributes.email = input.email
    attributes.email_verified = 'false'
  }

  if (input.phone !== undefined) {
    attributes.phone_number = input.phone
    attributes.phone_number_verified = String(spec.phoneVerified)
  }

  for (const [k, v] of Object.entries(input.read ?? {})) attributes[k] = String(v)
  for (const [k, v] of Object.entries(input.extra ?? {})) attributes[k] = String(v)
  return attributes
}

export interface CognitoEventInput {
  awsSdkVersion?: string
  clientId?: string
  clientMetadata?: Record<string, string>
  /** CustomSMSSender: the base64 Encryption SDK message (see encryption.ts). */
  encryptedCode?: string
  region: string
  spec: TriggerSpec
  userAttributes: Record<string, string>
  userName: string
  userPoolId: string
}

/** A made-up app client id of the shape Cognito uses (26 lowercase letters and digits), stable per seed. */
export function fakeClientId(seed: string): string {
  const digest = createHash('sha256').update(`mfa-sms-client\0${seed}`).digest()
  return [...digest.subarray(0, 26)].map((b) => '0123456789abcdefghijklmnopqrstuvwxyz'[b % 36]).join('')
}

function callerContext(input: CognitoEventInput) {
  return {
    awsSdkVersion: input.awsSdkVersion ?? DEFAULT_AWS_SDK_VERSION,
    clientId: input.clientId ?? (input.spec.adminCall ? CLIENT_ID_NOT_APPLICABLE : fakeClientId(input.userPoolId)),
  }
}

/** The fields every Cognito trigger event starts with, in Cognito's key order (request and response follow). */
function envelope<Source extends CognitoTriggerEvent['triggerSource']>(input: CognitoEventInput) {
  return {
    version: '1',
    triggerSource: input.spec.source as Source,
    region: input.region,
    userPoolId: input.userPoolId,
    userName: input.userName,
    callerContext: callerContext(input),
  }
}

function metadata(input: CognitoEventInput): {clientMetadata?: Record<string, string>} {
  return input.clientMetadata && Object.keys(input.clientMetadata).length > 0 ? {clientMetadata: {...input.clientMetadata}} : {}
}

export function customMessageEvent(input: CognitoEventInput): CustomMessageTriggerEvent {
  if (input.spec.family !== 'custom-message') throw new Error(`${input.spec.source} is not a CustomMessage source`)
  return {
    ...envelope<CustomMessageTriggerEvent['triggerSource']>(input),
    request: {
      userAttributes: {...input.userAttributes},
      codeParameter: DEFAULT_CODE_PLACEHOLDER,
      linkParameter: LINK_PARAMETER,
      usernameParameter: input.spec.usernameParameter ? DEFAULT_USERNAME_PLACEHOLDER : null,
      ...metadata(input),
    },
    response: {emailMessage: null, emailSubject: null, smsMessage: null},
  }
}

export function customSmsSenderEvent(input: CognitoEventInput): CustomSMSSenderTriggerEvent {
  if (input.spec.family !== 'custom-sms-sender') throw new Error(`${input.spec.source} is not a CustomSMSSender source`)
  if (input.encryptedCode === undefined) throw new Error('a custom sender event needs the encrypted code')
  return {
    ...envelope<CustomSMSSenderTriggerEvent['triggerSource']>(input),
    request: {
      type: CUSTOM_SMS_SENDER_REQUEST_TYPE,
      code: input.encryptedCode,
      userAttributes: {...input.userAttributes},
      ...metadata(input),
    },
    // The response is ignored, but Cognito sends an empty object (@types/aws-lambda BaseTriggerEvent).
    response: {},
  }
}

export function cognitoEvent(input: CognitoEventInput): CognitoTriggerEvent {
  return input.spec.family === 'custom-message' ? customMessageEvent(input) : customSmsSenderEvent(input)
}

/** The AdminGetUser attribute list as a map (attribute values are always strings). */
export function attributesFromList(list: readonly {Name?: string; Value?: string}[] | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const a of list ?? []) if (a.Name) out[a.Name] = a.Value ?? ''
  return out
}
