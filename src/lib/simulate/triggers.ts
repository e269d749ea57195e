/**
 * The trigger sources `mfa-sms simulate` can fire, as data: which family each belongs to, which
 * API call makes Cognito (or Auth0) fire it, and what its request carries.
 *
 * Sources: aws-facts.md §4.2 (CustomMessage), §4.3 (CustomSMSSender), peers-and-pains.md A1/A2
 * (Auth0), seeds 001/002/000/004.
 */
import {badInput, type MfaSmsError} from '../../errors.js'
import {closest} from '../text/closest.js'

export type TriggerFamily = 'auth0' | 'custom-message' | 'custom-sms-sender'

/** How Cognito/Auth0 calls the code: synchronously (the caller waits) or not. */
export type InvocationStyle = 'async' | 'sync'

export type UserStatus = 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD' | 'UNCONFIRMED'

export interface TriggerSpec {
  /** The API operation(s) that make the service fire this source. */
  firedBy: string
  family: TriggerFamily
  /** What the code is: a verification code or a temporary password (AdminCreateUser). */
  codeKind: 'otp' | 'temporary-password'
  /**
   * Whether the firing API passes ClientMetadata through. `maybe`: only from some of the calls
   * that fire it (e.g. not from InitiateAuth).
   */
  clientMetadata: 'maybe' | 'no' | 'yes'
  /** The admin APIs have no app client: Cognito sends "CLIENT_ID_NOT_APPLICABLE" (⚠ assumed, aws-facts §4.1). */
  adminCall: boolean
  /** Short description for --help and reports. */
  description: string
  invocation: InvocationStyle
  /** The user's state when the message goes out. */
  phoneVerified: boolean
  source: string
  /** CustomMessage only: the request carries usernameParameter ("{username}") and the SMS must contain it. */
  usernameParameter: boolean
  userStatus: UserStatus
}

const cm = (
  suffix: string,
  firedBy: string,
  description: string,
  fields: Partial<Pick<TriggerSpec, 'adminCall' | 'clientMetadata' | 'codeKind' | 'phoneVerified' | 'usernameParameter' | 'userStatus'>> = {},
): TriggerSpec => ({
  adminCall: false,
  clientMetadata: 'yes',
  codeKind: 'otp',
  description,
  family: 'custom-message',
  firedBy,
  invocation: 'sync',
  phoneVerified: true,
  source: `CustomMessage_${suffix}`,
  usernameParameter: false,
  userStatus: 'CONFIRMED',
  ...fields,
})

const sender = (
  suffix: string,
  firedBy: string,
  description: string,
  fields: Partial<Pick<TriggerSpec, 'adminCall' | 'clientMetadata' | 'codeKind' | 'phoneVerified' | 'userStatus'>> = {},
): TriggerSpec => ({
  adminCall: false,
  // Seed 002: custom senders get ClientMetadata only from (Admin)RespondToAuthChallenge.
  clientMetadata: 'no',
  codeKind: 'otp',
  description,
  family: 'custom-sms-sender',
  firedBy,
  invocation: 'async',
  phoneVerified: true,
  source: `CustomSMSSender_${suffix}`,
  usernameParameter: false,
  userStatus: 'CONFIRMED',
  ...fields,
})

export const SEND_PHONE_MESSAGE = 'send-phone-message'

/** Every source, in the order --help lists them. */
export const TRIGGER_SOURCES: readonly TriggerSpec[] = [
  cm('SignUp', 'SignUp', 'confirmation code after sign-up', {phoneVerified: false, userStatus: 'UNCONFIRMED'}),
  cm('AdminCreateUser', 'AdminCreateUser', 'temporary password for a new user (SMS must contain {username} and {####})', {
    adminCall: true,
    codeKind: 'temporary-password',
    phoneVerified: false,
    usernameParameter: true,
    userStatus: 'FORCE_CHANGE_PASSWORD',
  }),
  cm('ResendCode', 'ResendConfirmationCode', 'confirmation code sent again', {phoneVerified: false, userStatus: 'UNCONFIRMED'}),
  cm('ForgotPassword', 'ForgotPassword (and AdminResetUserPassword, assumed)', 'code to reset a forgotten password'),
  cm('UpdateUserAttribute', 'UpdateUserAttributes / AdminUpdateUserAttributes (phone_number changed)', 'code to verify a changed phone number', {
    phoneVerified: false,
  }),
  cm('VerifyUserAttribute', 'GetUserAttributeVerificationCode', 'code the user asked for to verify the phone number', {phoneVerified: false}),
  cm('Authentication', '(Admin)InitiateAuth / (Admin)RespondToAuthChallenge', 'SMS MFA code at sign-in', {clientMetadata: 'maybe'}),
  sender('SignUp', 'SignUp', 'confirmation code after sign-up', {phoneVerified: false, userStatus: 'UNCONFIRMED'}),
  sender('ResendCode', 'ResendConfirmationCode', 'confirmation code sent again', {phoneVerified: false, userStatus: 'UNCONFIRMED'}),
  sender('ForgotPassword', 'ForgotPassword', 'code to reset a forgotten password'),
  sender('UpdateUserAttribute', 'UpdateUserAttributes / AdminUpdateUserAttributes', 'code to verify a changed phone number', {phoneVerified: false}),
  sender('VerifyUserAttribute', 'GetUserAttributeVerificationCode', 'code the user asked for to verify the phone number', {phoneVerified: false}),
  sender('AdminCreateUser', 'AdminCreateUser', 'temporary password for a new user', {
    adminCall: true,
    codeKind: 'temporary-password',
    phoneVerified: false,
    userStatus: 'FORCE_CHANGE_PASSWORD',
  }),
  sender('Authentication', '(Admin)InitiateAuth / (Admin)RespondToAuthChallenge', 'SMS MFA code at sign-in', {clientMetadata: 'maybe'}),
  {
    adminCall: false,
    clientMetadata: 'no',
    codeKind: 'otp',
    description: 'Auth0 MFA by SMS/voice through a custom provider: an Action (exports.onExecuteSendPhoneMessage) or a legacy hook (module.exports = function (recipient, text, context, cb))',
    family: 'auth0',
    firedBy: 'Auth0 MFA enrollment or challenge',
    invocation: 'sync',
    phoneVerified: true,
    source: SEND_PHONE_MESSAGE,
    usernameParameter: false,
    userStatus: 'CONFIRMED',
  },
]

const BY_SOURCE = new Map(TRIGGER_SOURCES.map((t) => [t.source.toLowerCase(), t]))

export const TRIGGER_SOURCE_NAMES: readonly string[] = TRIGGER_SOURCES.map((t) => t.source)

/**
 * How long the caller waits, in ms. Cognito gives a trigger 5 s (aws-facts §4.4); an Auth0 flow
 * must finish within 20 s (Auth0 "Actions Limitations"; assumed to hold for legacy hooks too).
 */
export function budgetMs(family: TriggerFamily): number {
  return family === 'auth0' ? 20_000 : 5000
}

/** The spec for a source as typed (case-insensitive), or a bad-input error with a did-you-mean. */
export function parseTriggerSource(input: string): TriggerSpec {
  const found = BY_SOURCE.get(input.trim().toLowerCase())
  if (found) return found
  throw unknownTriggerSource(input)
}

export function unknownTriggerSource(input: string): MfaSmsError {
  // Match on the whole name and on the part after the family prefix, so "SignUp" and "CustomMesage_SignUp" both get help.
  const suggestion = closest(input, TRIGGER_SOURCE_NAMES) ?? suffixMatch(input)
  return badInput(
    'UNKNOWN_TRIGGER_SOURCE',
    `"${input}" is not a trigger source mfa-sms can simulate.${suggestion ? ` Did you mean ${suggestion}?` : ''}`,
    [suggestion ? `mfa-sms simulate ${suggestion} …` : `the sources are: ${TRIGGER_SOURCE_NAMES.join(', ')}`],
    suggestion ? {suggestion} : undefined,
  )
}

function suffixMatch(input: string): string | undefined {
  const wanted = input.trim().toLowerCase()
  const suffixes = TRIGGER_SOURCE_NAMES.filter((n) => n.includes('_')).map((n) => n.slice(n.indexOf('_') + 1))
  const suffix = closest(wanted.includes('_') ? wanted.slice(wanted.indexOf('_') + 1) : wanted, suffixes)
  if (!suffix) return undefined
  const family = wanted.startsWith('customsms') || wanted.includes('sender') ? 'CustomSMSSender' : 'CustomMessage'
  return `${family}_${suffix}`
}

/** The LambdaConfig field Cognito reads the function from. */
export function lambdaConfigField(family: TriggerFamily): 'CustomMessage' | 'CustomSMSSender' | undefined {
  if (family === 'custom-message') return 'CustomMessage'
  if (family === 'custom-sms-sender') return 'CustomSMSSender'
  return undefined
}
