/**
 * Tables the checks read: documentation links, what Cognito's SmsConfigurationFailure values mean,
 * and the Cognito/Lambda constants. Data only.
 */

export const DOCS = {
  auth0Hooks: 'https://auth0.com/docs/customize/hooks',
  auth0Logs: 'https://auth0.com/docs/deploy-monitor/logs/log-event-type-codes',
  auth0Management: 'https://auth0.com/docs/get-started/apis/scopes',
  auth0PhoneMessageAction: 'https://auth0.com/docs/customize/actions/explore-triggers/mfa-notifications-trigger/send-phone-message-trigger',
  auth0PhoneProviders: 'https://auth0.com/docs/customize/phone-messages/configure-phone-messaging-providers',
  auth0SmsMfa: 'https://auth0.com/docs/secure/multi-factor-authentication/multi-factor-authentication-factors/configure-sms-voice-notifications-mfa',
  awsCredentials: 'https://docs.aws.amazon.com/cli/latest/userguide/cli-chap-authentication.html',
  cognitoCustomMessage: 'https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-custom-message.html',
  cognitoCustomSmsSender: 'https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-lambda-custom-sms-sender.html',
  cognitoLambdaTriggers: 'https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-working-with-lambda-triggers.html',
  cognitoMessageTemplates: 'https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pool-settings-message-templates.html',
  cognitoMfa: 'https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa.html',
  cognitoSmsSettings: 'https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-sms-settings.html',
  eumsSandbox: 'https://docs.aws.amazon.com/sms-voice/latest/userguide/sandbox.html',
  eumsSenderIdCountries: 'https://docs.aws.amazon.com/sms-voice/latest/userguide/phone-numbers-sms-by-country.html',
  eumsSpendLimit: 'https://docs.aws.amazon.com/sms-voice/latest/userguide/awssupport-spend-threshold.html',
  eumsUsRequirements: 'https://docs.aws.amazon.com/sms-voice/latest/userguide/phone-numbers-us-requirements.html',
  e164: 'https://docs.aws.amazon.com/sms-voice/latest/userguide/phone-numbers.html',
  snsDeliveryLogs: 'https://docs.aws.amazon.com/sns/latest/dg/sms_stats_cloudwatch.html',
  snsSandbox: 'https://docs.aws.amazon.com/sns/latest/dg/sns-sms-sandbox.html',
  snsSmsPreferences: 'https://docs.aws.amazon.com/sns/latest/dg/sms_preferences.html',
} as const

/** What a DescribeUserPool SmsConfigurationFailure value means, and what to do. */
export const SMS_CONFIGURATION_FAILURES: Readonly<Record<string, {meaning: string; fix: string}>> = {
  InvalidSmsRoleAccessPolicyException: {
    fix: 'Give the SMS role sns:Publish on "*" (or sms-voice:SendTextMessage on the EumsSms origination identity); see the sms-role.permission check.',
    meaning: 'the SMS role may not publish SMS',
  },
  InvalidSmsRoleTrustRelationshipException: {
    fix: 'Let cognito-idp.amazonaws.com assume the SMS role with the pool\'s ExternalId; see the sms-role.trust and sms-role.external-id checks.',
    meaning: 'Cognito may not assume the SMS role',
  },
  SNSSandbox: {
    fix: 'Move the account out of the SMS sandbox in the region that sends (see sandbox.status), or verify each test number.',
    meaning: 'the account is in the SMS sandbox, so only verified numbers receive codes',
  },
}

/** Cognito waits this long for a synchronous trigger (not configurable). */
export const COGNITO_TRIGGER_TIMEOUT_SECONDS = 5

export const COGNITO_SERVICE_PRINCIPAL = 'cognito-idp.amazonaws.com'

/** Auth0's built-in SMS provider stops after this many messages per tenant lifetime. */
export const AUTH0_BUILTIN_SMS_CAP = 100

/** Legacy Hooks end of life (older pages said 2024-11-18). */
export const AUTH0_HOOKS_END_OF_LIFE = '2026-11-18'

/** Shows the last digits of a phone number only ("+1•••••7755"). */
export function maskPhone(phone: string): string {
  const digits = phone.replaceAll(/\D/g, '')
  if (digits.length < 6) return phone
  return `${phone.startsWith('+') ? '+' : ''}${digits.slice(0, phone.startsWith('+1') ? 1 : 2)}${'•'.repeat(Math.max(3, digits.length - 6))}${digits.slice(-4)}`
}

export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", String.raw`'\''`)}'`
}
