/** Every fact the doctor can gather, by id. */
import type {FactRegistry} from '../store.js'
import * as auth0 from './auth0.js'
import {mfaConfig, smsRegion, userPool} from './cognito.js'
import {permission, role} from './iam.js'
import {identity} from './identity.js'
import * as messaging from './messaging.js'
import * as resources from './resources.js'

export const FACTS: FactRegistry = {
  'auth0.bindings': auth0.bindings,
  'auth0.boundActions': auth0.boundActions,
  'auth0.factors': auth0.factors,
  'auth0.hooks': auth0.hooks,
  'auth0.phoneProviders': auth0.phoneProviders,
  'auth0.selectedProvider': auth0.selectedProvider,
  'auth0.smsFailureLogs': auth0.smsFailureLogs,
  'cloudwatch.smsMonthToDateSpend': messaging.smsMonthToDateSpend,
  'cognito.mfaConfig': mfaConfig,
  'cognito.userPool': userPool,
  'customMessage.function': resources.customMessageFunction,
  'customMessage.policy': resources.customMessagePolicy,
  'eums.accountTier': messaging.eumsAccountTier,
  'eums.phoneNumbers': messaging.eumsPhoneNumbers,
  'eums.spendLimits': messaging.eumsSpendLimits,
  'eums.verifiedDestinations': messaging.eumsVerifiedDestinations,
  'iam.permission': permission,
  'iam.role': role,
  'kms.key': resources.kmsKey,
  'lambda.function': resources.lambdaFunction,
  'lambda.policy': resources.lambdaPolicy,
  'pool.smsRegion': smsRegion,
  'sms.role': resources.smsRole,
  'sms.rolePermission': resources.smsRolePermission,
  'smsSender.decrypt': resources.smsSenderDecrypt,
  'smsSender.function': resources.smsSenderFunction,
  'smsSender.key': resources.smsSenderKey,
  'smsSender.policy': resources.smsSenderPolicy,
  'sns.originationNumbers': messaging.snsOriginationNumbers,
  'sns.sandboxNumbers': messaging.sandboxNumbers,
  'sns.sandboxStatus': messaging.sandboxStatus,
  'sns.smsAttributes': messaging.smsAttributes,
  'sts.identity': identity,
}

/** The IAM actions and Auth0 scopes facts can need, for `--list` and the README. */
export function factActions(): {aws: string[]; auth0: string[]} {
  const actions = new Set<string>(['iam:ListRolePolicies', 'iam:GetRolePolicy', 'iam:ListAttachedRolePolicies', 'iam:GetPolicy', 'iam:GetPolicyVersion'])
  for (const def of Object.values(FACTS)) if (def.action) actions.add(def.action)
  const all = [...actions].sort()
  return {auth0: all.filter((a) => /^(read|create):/.test(a)), aws: all.filter((a) => !/^(read|create):/.test(a))}
}
