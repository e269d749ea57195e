/**
 * The value of every fact the doctor can gather, by fact id. Values are plain data (what the checks
 * need, not the SDK's whole output), so checks can be tested with hand-written facts.
 */
import type {PoolSmsConfiguration, PoolSmsRegion} from '../../knowledge/regions.js'
import type {PolicyDocument} from '../policy.js'

export interface IdentityFact {
  account: string
  arn: string
  endpoint?: string
  profile: string
  region: string
}

export interface UserPoolFact {
  id: string
  arn: string
  account: string
  /** The pool's own (Cognito) region. */
  region: string
  name?: string
  mfaConfiguration?: string
  autoVerifiedAttributes: string[]
  usernameAttributes: string[]
  smsConfiguration?: PoolSmsConfiguration
  smsConfigurationFailure?: string
  emailSendingAccount?: string
  lambdaConfig: {
    customMessage?: string
    customSmsSender?: {lambdaArn?: string; lambdaVersion?: string}
    kmsKeyId?: string
  }
  /** SMS templates by where they live ("SmsAuthenticationMessage", "VerificationMessageTemplate.SmsMessage"…). */
  smsTemplates: Record<string, string>
  /** The invitation SMS (AdminCreateUserConfig.InviteMessageTemplate.SMSMessage). */
  inviteSmsTemplate?: string
}

export interface MfaConfigFact {
  mfaConfiguration?: string
  smsMfaEnabled: boolean
  smsAuthenticationMessage?: string
  softwareTokenMfaEnabled: boolean
  emailMfaEnabled: boolean
}

export interface SmsRegionFact extends PoolSmsRegion {
  /** Where the effective region came from. */
  source: 'EumsSms.Region' | 'legacy-default' | 'pool-region' | 'SnsRegion'
}

export interface SandboxNumber {
  phoneNumber: string
  status: string
}

export interface OriginationNumberFact {
  phoneNumber: string
  country?: string
  status?: string
  capabilities: string[]
  /** SNS RouteType or End User Messaging NumberType. */
  type?: string
  source: 'eums' | 'sns'
}

export interface SpendLimitFact {
  name: string
  enforcedLimit?: number
  maxLimit?: number
  overridden?: boolean
}

export interface MonthToDateSpendFact {
  /** Undefined when CloudWatch has no datapoint this month (no SMS sent, or the metric is absent). */
  usd?: number
  at?: string
}

export interface RoleFact {
  arn: string
  name: string
  exists: boolean
  trust?: PolicyDocument
}

export interface PermissionFact {
  principalArn: string
  action: string
  resource: string
  decision: 'allowed' | 'explicitDeny' | 'implicitDeny'
  method: 'policy-reading' | 'simulation'
  /** Policy names or statements that decided it, and caveats ("conditions not evaluated"). */
  notes: string[]
}

export interface FunctionFact {
  arn: string
  exists: boolean
  state?: string
  stateReason?: string
  lastUpdateStatus?: string
  timeoutSeconds?: number
  role?: string
  runtime?: string
}

export interface ResourcePolicyFact {
  arn: string
  /** Undefined when the function has no resource-based policy at all. */
  policy?: PolicyDocument
}

export interface KmsKeyFact {
  /** As configured in the pool (ARN, alias or id). */
  configured: string
  exists: boolean
  arn?: string
  keyId?: string
  description?: string
  enabled?: boolean
  keyState?: string
  keySpec?: string
  keyUsage?: string
}

export interface Auth0Factor {
  name: string
  enabled: boolean
}

export interface Auth0ActionFact {
  id: string
  name?: string
  status?: string
  allChangesDeployed?: boolean
  deployedVersion?: number
  builtAt?: string
  runtime?: string
  /** Names only; Auth0 never returns values. */
  secretNames: string[]
  dependencies: {name: string; version?: string}[]
  /** Secrets and modules the code reads (from a scan of its source; the source itself is never kept). */
  usedSecrets: string[]
  usedModules: string[]
}

export interface Auth0BindingFact {
  id?: string
  displayName?: string
  actionId?: string
  actionName?: string
}

export interface Auth0HookFact {
  id?: string
  name?: string
  enabled: boolean
}

export interface Auth0PhoneProviderFact {
  id?: string
  name: string
  channel?: string
  disabled: boolean
}

export interface Auth0LogFact {
  date?: string
  type?: string
  /** Digits masked: no phone numbers or codes. */
  description?: string
}

export interface FactTypes {
  'sts.identity': IdentityFact
  'cognito.userPool': UserPoolFact
  'cognito.mfaConfig': MfaConfigFact
  'pool.smsRegion': SmsRegionFact
  'sns.sandboxStatus': {inSandbox: boolean}
  'sns.sandboxNumbers': SandboxNumber[]
  'sns.smsAttributes': Record<string, string>
  'sns.originationNumbers': OriginationNumberFact[]
  'eums.accountTier': {tier?: string}
  'eums.spendLimits': SpendLimitFact[]
  'eums.phoneNumbers': OriginationNumberFact[]
  'eums.verifiedDestinations': SandboxNumber[]
  'cloudwatch.smsMonthToDateSpend': MonthToDateSpendFact
  'iam.role': RoleFact
  'iam.permission': PermissionFact
  'sms.role': RoleFact
  'sms.rolePermission': PermissionFact
  'lambda.function': FunctionFact
  'lambda.policy': ResourcePolicyFact
  'kms.key': KmsKeyFact
  'customMessage.function': FunctionFact
  'customMessage.policy': ResourcePolicyFact
  'smsSender.function': FunctionFact
  'smsSender.policy': ResourcePolicyFact
  'smsSender.key': KmsKeyFact
  'smsSender.decrypt': PermissionFact
  'auth0.factors': Auth0Factor[]
  'auth0.selectedProvider': {provider?: string}
  'auth0.bindings': Auth0BindingFact[]
  'auth0.boundActions': Auth0ActionFact[]
  'auth0.hooks': Auth0HookFact[]
  'auth0.phoneProviders': Auth0PhoneProviderFact[]
  'auth0.smsFailureLogs': Auth0LogFact[]
}
