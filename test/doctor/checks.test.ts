import {describe, expect, it} from 'vitest'

import {CATALOGUE} from '../../src/lib/doctor/checks/index.js'
import type {Auth0ActionFact, FunctionFact, PermissionFact, RoleFact, SmsRegionFact} from '../../src/lib/doctor/facts/types.js'
import type {CheckStatus, DoctorInput, InstanceParams} from '../../src/lib/doctor/types.js'
import {resolvePoolSmsRegion} from '../../src/lib/knowledge/regions.js'
import {ACCOUNT, denied, evaluate, type FactInput, FN_ARN, GOOD_INVOKE_POLICY, GOOD_TRUST, invokePolicy, KEY_ARN, pool, POOL_ARN, POOL_ID, ROLE_ARN, SENDER_ARN} from './helpers.js'

interface Case {
  check: string
  name: string
  facts: FactInput
  input?: Partial<DoctorInput>
  params?: InstanceParams
  /** 'pass' for the passing case; anything else is a failing case. */
  status: CheckStatus
  summary?: RegExp
}

const US = {region: 'us-east-1'}
const EU = {region: 'eu-west-1'}

function smsRegion(cognitoRegion: string, sms: Parameters<typeof resolvePoolSmsRegion>[1], source: SmsRegionFact['source']): SmsRegionFact {
  return {...resolvePoolSmsRegion(cognitoRegion, sms), source}
}

const role = (trust: unknown, exists = true): RoleFact => ({arn: ROLE_ARN, exists, name: 'CognitoSms', trust: trust as RoleFact['trust']})
const allowed = (action: string, resource = '*'): PermissionFact => ({action, decision: 'allowed', method: 'simulation', notes: [], principalArn: ROLE_ARN, resource})
const implicitDeny = (action: string, resource = '*'): PermissionFact => ({...allowed(action, resource), decision: 'implicitDeny'})
const fn = (overrides: Partial<FunctionFact> = {}): FunctionFact => ({arn: FN_ARN, exists: true, lastUpdateStatus: 'Successful', role: `arn:aws:iam::${ACCOUNT}:role/fn`, runtime: 'nodejs20.x', state: 'Active', timeoutSeconds: 3, ...overrides})
const action = (overrides: Partial<Auth0ActionFact> = {}): Auth0ActionFact => ({
  allChangesDeployed: true,
  dependencies: [{name: '@aws-sdk/client-sns', version: '3.0.0'}],
  deployedVersion: 3,
  id: 'act_1',
  name: 'send-sms',
  secretNames: ['AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'],
  status: 'built',
  usedModules: ['@aws-sdk/client-sns'],
  usedSecrets: ['AWS_ACCESS_KEY_ID', 'AWS_REGION', 'AWS_SECRET_ACCESS_KEY'],
  ...overrides,
})
const custom = {provider: 'phone-message-hook'}
const EUMS_IDENTITY = `arn:aws:sms-voice:us-east-1:${ACCOUNT}:phone-number/phone-0123456789abcdef0123456789abcdef`

const CASES: Case[] = [
  // identity
  {check: 'identity.credentials', facts: {'sts.identity': {account: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/dev`, profile: 'default', region: 'us-east-1'}}, name: 'credentials work', status: 'pass', summary: /account 111122223333/},
  {check: 'identity.credentials', facts: {'sts.identity': {action: 'sts:GetCallerIdentity', code: 'ExpiredToken', kind: 'credentials', message: 'The security token included in the request is expired', ok: false}}, name: 'expired token', status: 'fail', summary: /did not accept the credentials/},
  {check: 'identity.credentials', facts: {'sts.identity': {account: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, profile: 'default', region: 'us-east-1'}}, name: 'root user', status: 'warn'},
  // recipients
  {check: 'recipients.format', facts: {}, input: {phones: ['+14254147755']}, name: 'E.164 number', status: 'pass'},
  {check: 'recipients.format', facts: {}, input: {phones: ['015112345678']}, name: 'national format', status: 'fail'},
  {check: 'recipients.format', facts: {}, name: 'no phones', status: 'skip'},
  // sandbox
  {check: 'sandbox.status', facts: {'eums.accountTier': {tier: 'PRODUCTION'}, 'sns.sandboxStatus': {inSandbox: false}}, name: 'production', params: EU, status: 'pass', summary: /eu-west-1/},
  {check: 'sandbox.status', facts: {'eums.accountTier': {tier: 'SANDBOX'}, 'sns.sandboxStatus': {inSandbox: true}, 'sns.sandboxNumbers': []}, name: 'sandboxed', params: EU, status: 'fail', summary: /sandbox in eu-west-1/},
  {check: 'sandbox.status', facts: {'eums.accountTier': denied('sms-voice:DescribeAccountAttributes'), 'sns.sandboxStatus': {inSandbox: true}, 'sns.sandboxNumbers': [{phoneNumber: '+14254147755', status: 'Verified'}]}, input: {phones: ['+14254147755']}, name: 'sandboxed, test phone verified', params: EU, status: 'warn'},
  {check: 'sandbox.status', facts: {'eums.accountTier': {tier: 'SANDBOX'}, 'sns.sandboxStatus': denied('sns:GetSMSSandboxAccountStatus')}, name: 'only End User Messaging readable', params: EU, status: 'fail'},
  {check: 'sandbox.recipients', facts: {'sns.sandboxNumbers': [{phoneNumber: '+14254147755', status: 'Verified'}], 'sns.sandboxStatus': {inSandbox: true}}, input: {phones: ['+14254147755']}, name: 'verified', params: EU, status: 'pass'},
  {check: 'sandbox.recipients', facts: {'sns.sandboxNumbers': [{phoneNumber: '+14254147755', status: 'Pending'}], 'sns.sandboxStatus': {inSandbox: true}}, input: {phones: ['+14254147755']}, name: 'pending', params: EU, status: 'fail', summary: /not verified/},
  // account settings
  {check: 'sms-settings.spend-limit', facts: {'cloudwatch.smsMonthToDateSpend': {usd: 3}, 'sns.smsAttributes': {MonthlySpendLimit: '100'}}, name: 'room left', params: US, status: 'pass'},
  {check: 'sms-settings.spend-limit', facts: {'cloudwatch.smsMonthToDateSpend': {usd: 1}, 'sns.smsAttributes': {MonthlySpendLimit: '1'}}, name: 'limit reached', params: US, status: 'fail', summary: /reached/},
  {check: 'sms-settings.spend-limit', facts: {'cloudwatch.smsMonthToDateSpend': {usd: 85}, 'sns.smsAttributes': {MonthlySpendLimit: '100'}}, name: 'nearly reached', params: US, status: 'warn'},
  {check: 'sms-settings.spend-limit', facts: {'cloudwatch.smsMonthToDateSpend': denied('cloudwatch:GetMetricStatistics'), 'sns.smsAttributes': {}}, name: 'default quota, spend unreadable', params: US, status: 'info'},
  {check: 'sms-settings.default-type', facts: {'sns.smsAttributes': {DefaultSMSType: 'Transactional'}}, name: 'transactional', params: US, status: 'pass'},
  {check: 'sms-settings.default-type', facts: {'sns.smsAttributes': {}}, name: 'unset', params: US, status: 'warn'},
  {check: 'sms-settings.delivery-logging', facts: {'sns.smsAttributes': {DeliveryStatusIAMRole: `arn:aws:iam::${ACCOUNT}:role/SNSSuccessFeedback`}}, name: 'on', params: US, status: 'pass'},
  {check: 'sms-settings.delivery-logging', facts: {'sns.smsAttributes': {}}, name: 'off', params: US, status: 'warn'},
  // origination
  {check: 'origination.us', facts: {'eums.phoneNumbers': [], 'sns.originationNumbers': [{capabilities: ['SMS'], country: 'US', phoneNumber: '+18332010143', source: 'sns', status: 'ACTIVE', type: 'Transactional'}]}, name: 'toll-free in a US region', params: US, status: 'pass'},
  {check: 'origination.us', facts: {'eums.phoneNumbers': [], 'sns.originationNumbers': []}, input: {phones: ['+14155552671']}, name: 'US phone, none in eu-west-1', params: EU, status: 'fail', summary: /No US origination identity in eu-west-1/},
  {check: 'origination.us', facts: {'eums.phoneNumbers': [{capabilities: ['SMS'], country: 'US', phoneNumber: '+12065550199', source: 'eums', status: 'ACTIVE', type: 'SIMULATOR'}], 'sns.originationNumbers': denied('sns:ListOriginationNumbers')}, name: 'simulator only', params: US, status: 'warn'},
  {check: 'origination.us', facts: {'eums.phoneNumbers': [{capabilities: ['SMS'], country: 'US', phoneNumber: '+18332010143', source: 'eums', status: 'PENDING', type: 'TOLL_FREE'}], 'sns.originationNumbers': []}, name: 'registration pending', params: US, status: 'fail', summary: /not active/},
  {check: 'origination.us', facts: {}, name: 'no US recipients', params: EU, status: 'skip'},
  {check: 'origination.sender-id', facts: {}, input: {phones: ['+4915112345678']}, name: 'Germany', status: 'pass'},
  {check: 'origination.sender-id', facts: {}, input: {phones: ['+919876543210']}, name: 'India', status: 'info', summary: /IN requires/},
  // region
  {check: 'sms-region.allowed', facts: {'cognito.userPool': pool(), 'pool.smsRegion': smsRegion('us-east-1', pool().smsConfiguration, 'SnsRegion')}, name: 'own region', status: 'pass'},
  {check: 'sms-region.allowed', facts: {'cognito.userPool': pool({region: 'eu-central-1'}), 'pool.smsRegion': smsRegion('eu-central-1', {SnsCallerArn: ROLE_ARN}, 'legacy-default')}, name: 'legacy default', status: 'warn', summary: /eu-west-1/},
  {check: 'sms-region.allowed', facts: {'cognito.userPool': pool({region: 'ap-northeast-2'}), 'pool.smsRegion': smsRegion('ap-northeast-2', {SnsCallerArn: ROLE_ARN, SnsRegion: 'ap-northeast-2'}, 'SnsRegion')}, name: 'Seoul from Seoul', status: 'fail'},
  // pool
  {check: 'pool.sms-configuration', facts: {'cognito.mfaConfig': {emailMfaEnabled: false, mfaConfiguration: 'ON', smsMfaEnabled: true, softwareTokenMfaEnabled: false}, 'cognito.userPool': pool()}, name: 'configured', status: 'pass'},
  {check: 'pool.sms-configuration', facts: {'cognito.mfaConfig': {emailMfaEnabled: false, mfaConfiguration: 'ON', smsMfaEnabled: true, softwareTokenMfaEnabled: false}, 'cognito.userPool': pool({lambdaConfig: {}, smsConfiguration: undefined})}, name: 'SMS MFA without configuration', status: 'fail', summary: /no SMS configuration/},
  {check: 'pool.sms-configuration-failure', facts: {'cognito.userPool': pool()}, name: 'none', status: 'pass'},
  {check: 'pool.sms-configuration-failure', facts: {'cognito.userPool': pool({smsConfigurationFailure: 'SNSSandbox'})}, name: 'SNSSandbox', status: 'fail', summary: /sandbox/},
  {check: 'pool.sms-templates', facts: {'cognito.userPool': pool()}, name: 'with {####}', status: 'pass'},
  {check: 'pool.sms-templates', facts: {'cognito.userPool': pool({smsTemplates: {SmsAuthenticationMessage: 'Your code is {###}'}})}, name: 'placeholder typo', status: 'fail', summary: /\{####\}/},
  {check: 'pool.sms-templates', facts: {'cognito.userPool': pool({inviteSmsTemplate: 'Your temporary password is {####}'})}, name: 'invitation without {username}', status: 'fail'},
  {check: 'pool.sms-templates', facts: {'cognito.userPool': pool({smsTemplates: {SmsVerificationMessage: `Your verification code for the Example Corporation customer portal is {####}. ${'Please do not share it with anyone, ever. '.repeat(3)}`}})}, name: 'longer than 140 characters', status: 'fail', summary: /SmsVerificationMessage.*140/},
  {check: 'pool.mfa', facts: {'cognito.mfaConfig': {emailMfaEnabled: false, mfaConfiguration: 'ON', smsMfaEnabled: true, softwareTokenMfaEnabled: false}, 'cognito.userPool': pool()}, name: 'SMS MFA with verified phones', status: 'pass'},
  {check: 'pool.mfa', facts: {'cognito.mfaConfig': {emailMfaEnabled: false, mfaConfiguration: 'OPTIONAL', smsMfaEnabled: true, softwareTokenMfaEnabled: false}, 'cognito.userPool': pool({autoVerifiedAttributes: ['email']})}, name: 'phones never verified', status: 'warn'},
  // role
  {check: 'sms-role.exists', facts: {'cognito.userPool': pool(), 'sms.role': role(GOOD_TRUST)}, name: 'exists', status: 'pass'},
  {check: 'sms-role.exists', facts: {'cognito.userPool': pool(), 'sms.role': role(undefined, false)}, name: 'deleted', status: 'fail'},
  {check: 'sms-role.trust', facts: {'cognito.userPool': pool(), 'sms.role': role(GOOD_TRUST)}, name: 'trusts cognito-idp', status: 'pass'},
  {check: 'sms-role.trust', facts: {'cognito.userPool': pool(), 'sms.role': role({Statement: [{Action: 'sts:AssumeRoleWithWebIdentity', Effect: 'Allow', Principal: {Federated: 'cognito-identity.amazonaws.com'}}]})}, name: 'federated principal', status: 'fail'},
  // A confused-deputy guard: the Deny applies to other accounts only, so it does not stop this pool.
  {check: 'sms-role.trust', facts: {'cognito.userPool': pool(), 'sms.role': role({...GOOD_TRUST, Statement: [...GOOD_TRUST.Statement, {Action: 'sts:AssumeRole', Condition: {StringNotEquals: {'aws:SourceAccount': ACCOUNT}}, Effect: 'Deny', Principal: {Service: 'cognito-idp.amazonaws.com'}}]})}, name: 'deny for other accounts only', status: 'pass'},
  {check: 'sms-role.trust', facts: {'cognito.userPool': pool(), 'sms.role': role({...GOOD_TRUST, Statement: [...GOOD_TRUST.Statement, {Action: 'sts:AssumeRole', Condition: {StringNotEquals: {'aws:SourceAccount': '999999999999'}}, Effect: 'Deny', Principal: {Service: 'cognito-idp.amazonaws.com'}}]})}, name: 'deny that catches this account', status: 'fail', summary: /denies/},
  {check: 'sms-role.external-id', facts: {'cognito.userPool': pool(), 'sms.role': role(GOOD_TRUST)}, name: 'matches', status: 'pass'},
  {check: 'sms-role.external-id', facts: {'cognito.mfaConfig': {emailMfaEnabled: false, mfaConfiguration: 'ON', smsMfaEnabled: true, softwareTokenMfaEnabled: false}, 'cognito.userPool': pool(), 'sms.role': role({Statement: [{Action: 'sts:AssumeRole', Effect: 'Allow', Principal: {Service: 'cognito-idp.amazonaws.com'}}]})}, name: 'no condition with SMS MFA', status: 'fail', summary: /no sts:ExternalId/},
  {check: 'sms-role.external-id', facts: {'cognito.userPool': pool({smsConfiguration: {ExternalId: 'other', SnsCallerArn: ROLE_ARN}}), 'sms.role': role(GOOD_TRUST)}, name: 'mismatch', status: 'fail', summary: /does not match/},
  {check: 'sms-role.external-id', facts: {'cognito.userPool': pool(), 'sms.role': role({Statement: [{Action: 'sts:AssumeRole', Condition: {StringLike: {'sts:ExternalId': 'ext-*'}}, Effect: 'Allow', Principal: {Service: 'cognito-idp.amazonaws.com'}}]})}, name: 'wildcard', status: 'pass'},
  {check: 'sms-role.source', facts: {'cognito.userPool': pool(), 'sms.role': role(GOOD_TRUST)}, name: 'matches the pool', status: 'pass'},
  {check: 'sms-role.source', facts: {'cognito.userPool': pool({arn: POOL_ARN.replace('Test123', 'Other99'), id: 'us-east-1_Other99'}), 'sms.role': role(GOOD_TRUST)}, name: 'another pool', status: 'fail'},
  {check: 'sms-role.source', facts: {'cognito.userPool': pool(), 'sms.role': role({Statement: [{Action: 'sts:AssumeRole', Condition: {ArnLike: {'aws:SourceArn': `arn:aws:cognito-idp:*:${ACCOUNT}:userpool/*`}}, Effect: 'Allow', Principal: {Service: 'cognito-idp.amazonaws.com'}}]})}, name: 'any pool of the account', status: 'pass'},
  {check: 'sms-role.permission', facts: {'cognito.userPool': pool(), 'sms.rolePermission': allowed('sns:Publish')}, name: 'may publish', status: 'pass'},
  {check: 'sms-role.permission', facts: {'cognito.userPool': pool(), 'sms.rolePermission': implicitDeny('sns:Publish')}, name: 'no sns:Publish', status: 'fail', summary: /InvalidSmsRoleAccessPolicyException/},
  {check: 'sms-role.permission', facts: {'cognito.userPool': pool({smsConfiguration: {EumsSms: {CallerArn: ROLE_ARN, OriginationIdentity: EUMS_IDENTITY}}}), 'sms.rolePermission': allowed('sms-voice:SendTextMessage', EUMS_IDENTITY)}, name: 'End User Messaging path: may SendTextMessage on the identity', status: 'pass', summary: /sms-voice:SendTextMessage on arn:aws:sms-voice/},
  {check: 'sms-role.permission', facts: {'cognito.userPool': pool({smsConfiguration: {EumsSms: {CallerArn: ROLE_ARN, OriginationIdentity: EUMS_IDENTITY}}}), 'sms.rolePermission': implicitDeny('sms-voice:SendTextMessage', EUMS_IDENTITY)}, name: 'End User Messaging path: no SendTextMessage', status: 'fail', summary: /may not sms-voice:SendTextMessage/},
  // CustomMessage
  {check: 'custom-message.function', facts: {'customMessage.function': fn()}, name: 'active', status: 'pass'},
  {check: 'custom-message.function', facts: {'customMessage.function': fn({exists: false})}, name: 'missing', status: 'fail'},
  {check: 'custom-message.permission', facts: {'cognito.userPool': pool(), 'customMessage.function': fn(), 'customMessage.policy': {arn: FN_ARN, policy: GOOD_INVOKE_POLICY}}, name: 'cognito may invoke', status: 'pass'},
  {check: 'custom-message.permission', facts: {'cognito.userPool': pool(), 'customMessage.function': fn(), 'customMessage.policy': {arn: FN_ARN}}, name: 'no resource policy', status: 'fail', summary: /AccessDeniedException/},
  {check: 'custom-message.timeout', facts: {'customMessage.function': fn({timeoutSeconds: 3})}, name: '3 s', status: 'pass'},
  {check: 'custom-message.timeout', facts: {'customMessage.function': fn({timeoutSeconds: 30})}, name: '30 s', status: 'warn'},
  {check: 'custom-message.email-rules', facts: {'cognito.userPool': pool(), 'customMessage.function': fn()}, name: 'DEVELOPER', status: 'pass'},
  {check: 'custom-message.email-rules', facts: {'cognito.userPool': pool({emailSendingAccount: 'COGNITO_DEFAULT'}), 'customMessage.function': fn()}, name: 'COGNITO_DEFAULT', status: 'info'},
  // CustomSMSSender
  {check: 'custom-sms-sender.version', facts: {'cognito.userPool': pool()}, name: 'V1_0', status: 'pass'},
  {check: 'custom-sms-sender.version', facts: {'cognito.userPool': pool({lambdaConfig: {customSmsSender: {lambdaArn: SENDER_ARN}, kmsKeyId: KEY_ARN}})}, name: 'missing version', status: 'fail'},
  {check: 'custom-sms-sender.kms-key-arn', facts: {'cognito.userPool': pool()}, name: 'key ARN', status: 'pass'},
  {check: 'custom-sms-sender.kms-key-arn', facts: {'cognito.userPool': pool({lambdaConfig: {customSmsSender: {lambdaArn: SENDER_ARN, lambdaVersion: 'V1_0'}, kmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/cognito`}})}, name: 'alias ARN', status: 'fail', summary: /alias/},
  {check: 'custom-sms-sender.kms-key-arn', facts: {'cognito.userPool': pool({lambdaConfig: {customSmsSender: {lambdaArn: SENDER_ARN, lambdaVersion: 'V1_0'}, kmsKeyId: '1234abcd-12ab-34cd-56ef-1234567890ab'}})}, name: 'bare key id', status: 'fail', summary: /bare key id/},
  {check: 'custom-sms-sender.kms-key', facts: {'smsSender.key': {arn: KEY_ARN, configured: KEY_ARN, enabled: true, exists: true, keySpec: 'SYMMETRIC_DEFAULT', keyState: 'Enabled', keyUsage: 'ENCRYPT_DECRYPT'}}, name: 'usable', status: 'pass'},
  {check: 'custom-sms-sender.kms-key', facts: {'smsSender.key': {arn: KEY_ARN, configured: KEY_ARN, enabled: false, exists: true, keySpec: 'RSA_2048', keyState: 'Disabled', keyUsage: 'SIGN_VERIFY'}}, name: 'disabled asymmetric', status: 'fail'},
  {check: 'custom-sms-sender.kms-decrypt', facts: {'smsSender.decrypt': allowed('kms:Decrypt', KEY_ARN)}, name: 'may decrypt', status: 'pass'},
  {check: 'custom-sms-sender.kms-decrypt', facts: {'smsSender.decrypt': implicitDeny('kms:Decrypt', KEY_ARN)}, name: 'may not decrypt', status: 'fail'},
  {check: 'custom-sms-sender.function', facts: {'smsSender.function': fn({arn: SENDER_ARN})}, name: 'active', status: 'pass'},
  {check: 'custom-sms-sender.function', facts: {'smsSender.function': fn({arn: SENDER_ARN, lastUpdateStatus: 'Failed', state: 'Failed'})}, name: 'failed', status: 'fail'},
  {check: 'custom-sms-sender.permission', facts: {'cognito.userPool': pool(), 'smsSender.function': fn({arn: SENDER_ARN}), 'smsSender.policy': {arn: SENDER_ARN, policy: invokePolicy(SENDER_ARN)}}, name: 'cognito may invoke', status: 'pass'},
  {check: 'custom-sms-sender.permission', facts: {'cognito.userPool': pool(), 'smsSender.function': fn({arn: SENDER_ARN}), 'smsSender.policy': {arn: SENDER_ARN, policy: invokePolicy(SENDER_ARN, {ArnLike: {'AWS:SourceArn': POOL_ARN.replace(POOL_ID, 'us-east-1_Other')}})}}, name: 'for another pool', status: 'fail', summary: /another pool/},
  {check: 'custom-sms-sender.permission', facts: {'cognito.userPool': pool(), 'smsSender.function': fn({arn: SENDER_ARN}), 'smsSender.policy': {arn: SENDER_ARN, policy: invokePolicy(`${SENDER_ARN}:prod`)}}, name: 'permission on an alias only', status: 'fail', summary: /invoke only .*:prod, not/},
  {check: 'custom-sms-sender.permission', facts: {'cognito.userPool': pool(), 'smsSender.function': fn({arn: SENDER_ARN}), 'smsSender.policy': {arn: SENDER_ARN, policy: invokePolicy(SENDER_ARN, {StringEquals: {'AWS:SourceAccount': ACCOUNT}})}}, name: 'account condition only', status: 'pass', summary: /for this pool/},
  // Auth0
  {check: 'auth0.access', facts: {'auth0.factors': []}, name: 'connected', status: 'pass'},
  {check: 'auth0.access', facts: {'auth0.factors': {action: 'read:guardian_factors', code: 'HTTP 401', kind: 'credentials', message: 'Unauthorized', ok: false}}, name: 'bad secret', status: 'fail'},
  {check: 'auth0.sms-factor', facts: {'auth0.factors': [{enabled: true, name: 'sms'}]}, name: 'enabled', status: 'pass'},
  {check: 'auth0.sms-factor', facts: {'auth0.factors': [{enabled: false, name: 'sms'}]}, name: 'disabled', status: 'fail'},
  {check: 'auth0.provider', facts: {'auth0.selectedProvider': {provider: 'twilio'}}, name: 'Twilio', status: 'pass'},
  {check: 'auth0.provider', facts: {'auth0.selectedProvider': {provider: 'auth0'}}, name: 'built-in', status: 'warn', summary: /100 messages/},
  {check: 'auth0.action-bound', facts: {'auth0.bindings': [{actionId: 'act_1', actionName: 'send-sms', displayName: 'send-sms'}], 'auth0.selectedProvider': custom}, name: 'bound', status: 'pass'},
  {check: 'auth0.action-bound', facts: {'auth0.bindings': [], 'auth0.hooks': [], 'auth0.selectedProvider': custom}, name: 'unwired', status: 'fail', summary: /nothing is bound/},
  {check: 'auth0.action-deployed', facts: {'auth0.boundActions': [action()], 'auth0.selectedProvider': custom}, name: 'built and deployed', status: 'pass'},
  {check: 'auth0.action-deployed', facts: {'auth0.boundActions': [action({status: 'failed'})], 'auth0.selectedProvider': custom}, name: 'build failed', status: 'fail'},
  {check: 'auth0.action-deployed', facts: {'auth0.boundActions': [action({allChangesDeployed: false})], 'auth0.selectedProvider': custom}, name: 'draft changes', status: 'warn'},
  {check: 'auth0.action-secrets', facts: {'auth0.boundActions': [action()], 'auth0.selectedProvider': custom}, name: 'complete', status: 'pass'},
  {check: 'auth0.action-secrets', facts: {'auth0.boundActions': [action({dependencies: [], secretNames: ['AWS_REGION']})], 'auth0.selectedProvider': custom}, name: 'missing secret and dependency', status: 'fail', summary: /AWS_ACCESS_KEY_ID.*not set.*@aws-sdk\/client-sns/},
  {check: 'auth0.legacy-hook', facts: {'auth0.hooks': []}, name: 'none', status: 'pass'},
  {check: 'auth0.legacy-hook', facts: {'auth0.hooks': [{enabled: true, id: 'h1', name: 'sns-sender'}]}, name: 'enabled hook', status: 'warn', summary: /2026-11-18/},
  {check: 'auth0.phone-provider', facts: {'auth0.phoneProviders': [], 'auth0.selectedProvider': custom}, name: 'none', status: 'pass'},
  {check: 'auth0.phone-provider', facts: {'auth0.phoneProviders': [{disabled: false, name: 'twilio'}], 'auth0.selectedProvider': custom}, name: 'bypasses the action', status: 'warn', summary: /bypassed/},
  {check: 'auth0.send-failures', facts: {'auth0.smsFailureLogs': []}, name: 'none', status: 'pass'},
  {check: 'auth0.send-failures', facts: {'auth0.smsFailureLogs': [{date: '2025-01-01T00:00:00Z', description: 'Failed to send to +1••••71', type: 'gd_send_sms_failure'}]}, name: 'recent failures', status: 'fail'},
]

describe('doctor checks', () => {
  it.each(CASES)('$check: $name → $status', (c) => {
    const finding = evaluate(c.check, c.facts, c.input, c.params)
    expect(finding.status, JSON.stringify(finding)).toBe(c.status)
    if (c.summary) expect(finding.summary).toMatch(c.summary)
    expect(finding.summary.length).toBeGreaterThan(0)
    if (finding.status === 'fail' || finding.status === 'warn') expect(finding.fix?.text, `${c.check} has no fix`).toBeTruthy()
  })

  it('every check in the catalogue has a passing and a failing case', () => {
    const missing: string[] = []
    for (const check of CATALOGUE) {
      const cases = CASES.filter((c) => c.check === check.id)
      if (!cases.some((c) => c.status === 'pass')) missing.push(`${check.id}: no passing case`)
      if (!cases.some((c) => c.status !== 'pass' && c.status !== 'skip')) missing.push(`${check.id}: no failing case`)
    }

    expect(missing).toEqual([])
  })

  it('ids are unique, stable-looking and documented', () => {
    const ids = CATALOGUE.map((c) => c.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const c of CATALOGUE) {
      expect(c.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*\.[a-z0-9]+(-[a-z0-9]+)*$/)
      expect(c.docs).toMatch(/^https:\/\//)
      expect(c.id.startsWith(`${c.group}.`) || c.group === 'identity' || c.group === 'recipients').toBe(true)
    }
  })

  it('the sms-role.permission fix names the role whose policy is missing the action', () => {
    const finding = evaluate('sms-role.permission', {'cognito.userPool': pool(), 'sms.rolePermission': implicitDeny('sns:Publish')})
    expect(finding.fix?.command).toContain('--role-name CognitoSms ')
  })

  it('a needed fact that was denied makes the check skip, naming the IAM action', () => {
    const finding = evaluate('sms-settings.default-type', {'sns.smsAttributes': denied('sns:GetSMSAttributes')}, {}, US)
    expect(finding).toMatchObject({needs: ['sns:GetSMSAttributes'], skipReason: 'denied', status: 'skip', summary: 'skipped: needs sns:GetSMSAttributes'})
  })

  it('checks needing one of two sources skip only when both are denied', () => {
    const finding = evaluate('sandbox.status', {'eums.accountTier': denied('sms-voice:DescribeAccountAttributes'), 'sns.sandboxStatus': denied('sns:GetSMSSandboxAccountStatus')}, {}, EU)
    expect(finding.status).toBe('skip')
    expect(finding.summary).toBe('skipped: needs sns:GetSMSSandboxAccountStatus or sms-voice:DescribeAccountAttributes')
  })

  it('a trigger that is not configured is not applicable', () => {
    const finding = evaluate('custom-message.function', {'customMessage.function': {kind: 'not-applicable', message: 'the pool has no CustomMessage trigger', ok: false}})
    expect(finding).toMatchObject({skipReason: 'not-applicable', status: 'skip', summary: 'the pool has no CustomMessage trigger'})
  })
})
