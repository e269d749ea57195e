/** The CustomMessage and CustomSMSSender Lambda triggers. */
import {roleNameFromArn} from '../facts/iam.js'
import {KEY_ARN} from '../facts/resources.js'
import type {FunctionFact, ResourcePolicyFact, UserPoolFact} from '../facts/types.js'
import {COGNITO_SERVICE_PRINCIPAL, COGNITO_TRIGGER_TIMEOUT_SECONDS, DOCS, shellQuote} from '../knowledge.js'
import {analyseInvoke} from '../policy.js'
import type {Check, Finding} from '../types.js'
import {notApplicable, permissionMethod} from './finding.js'

function functionName(arn: string): string {
  return arn.split(':')[6] ?? arn
}

function functionFinding(fn: FunctionFact, trigger: string): Finding {
  const evidence = {function: fn.arn, LastUpdateStatus: fn.lastUpdateStatus ?? '(unknown)', runtime: fn.runtime ?? '(unknown)', State: fn.state ?? '(unknown)'}
  if (!fn.exists) {
    return {
      evidence: {function: fn.arn},
      fix: {text: `Deploy the function again, or point ${trigger} at one that exists (UpdateUserPool LambdaConfig).`},
      status: 'fail',
      summary: `The ${trigger} function ${functionName(fn.arn)} does not exist: every flow that sends a code fails.`,
    }
  }

  if (fn.state === 'Failed' || fn.lastUpdateStatus === 'Failed') {
    return {evidence, fix: {command: `aws lambda get-function-configuration --function-name ${fn.arn}`, text: `Fix the deployment (${fn.stateReason ?? 'see StateReason'}) and update the function again.`}, status: 'fail', summary: `The ${trigger} function is in a failed state${fn.stateReason ? `: ${fn.stateReason}` : ''}.`}
  }

  if (fn.state && fn.state !== 'Active') {
    return {evidence, fix: {text: fn.state === 'Inactive' ? 'Invoke it once (or update it) to wake it; Cognito\'s first call may fail meanwhile.' : 'Wait for the update to finish and run again.'}, status: 'warn', summary: `The ${trigger} function is ${fn.state}, not Active.`}
  }

  return {evidence, status: 'pass', summary: `The ${trigger} function ${functionName(fn.arn)} exists and is active.`}
}

function permissionFinding(policy: ResourcePolicyFact, pool: UserPoolFact, fn: FunctionFact | undefined, trigger: string): Finding {
  if (fn && !fn.exists) return notApplicable(`the ${trigger} function does not exist`)
  const analysis = analyseInvoke(policy.policy, COGNITO_SERVICE_PRINCIPAL, policy.arn, {sourceAccount: pool.account, sourceArn: pool.arn})
  const evidence = {
    conditions: analysis.conditions.map((c) => `${c.operator} ${c.key} ${c.values.join(' | ')}: ${c.matches ? 'matches' : 'does not match'}`),
    function: policy.arn,
    'pool ARN': pool.arn,
    'statements for cognito-idp': analysis.allowing.length,
    ...(analysis.otherResources.length > 0 ? {'statements for other resources': analysis.otherResources} : {}),
    ...(analysis.malformed ? {'not a valid policy': analysis.malformed} : {}),
  }
  const fix = {
    command: `aws lambda add-permission --function-name ${policy.arn} --statement-id CognitoUserPoolInvoke --action lambda:InvokeFunction --principal ${COGNITO_SERVICE_PRINCIPAL} --source-arn ${pool.arn} --source-account ${pool.account}`,
    console: `Cognito › User pools › ${pool.id} › Extensions › Lambda triggers (re-select the function there and the console adds the permission)`,
    text: `Let ${COGNITO_SERVICE_PRINCIPAL} invoke the function for this pool.`,
  }
  if (analysis.matching.length > 0) {
    const conditioned = analysis.matching.some((t) => t.conditions.length > 0)
    return {evidence, status: 'pass', summary: `Cognito may invoke the ${trigger} function${conditioned ? ' for this pool' : ' (no SourceArn condition: any pool may)'}.`}
  }

  if (analysis.denied) {
    return {evidence, fix, status: 'fail', summary: `The ${trigger} function's resource policy denies ${COGNITO_SERVICE_PRINCIPAL} lambda:InvokeFunction for this pool: "AccessDeniedException" on every trigger.`}
  }

  if (analysis.allowing.length === 0 && analysis.otherResources.length > 0) {
    return {
      evidence,
      fix,
      status: 'fail',
      summary: `The ${trigger} function lets Cognito invoke only ${analysis.otherResources.join(', ')}, not ${policy.arn}, the ARN the pool calls: "AccessDeniedException" on every trigger.`,
    }
  }

  if (analysis.allowing.length > 0) {
    return {evidence, fix, status: 'fail', summary: `The ${trigger} function lets Cognito invoke it only for another pool or account (SourceArn/SourceAccount): "AccessDeniedException" on every trigger.`}
  }

  return {
    evidence,
    fix,
    status: 'fail',
    summary: `The ${trigger} function's resource policy does not let ${COGNITO_SERVICE_PRINCIPAL} invoke it: "${trigger} invocation failed due to error AccessDeniedException".`,
  }
}

export const customMessageFunctionCheck: Check = {
  docs: DOCS.cognitoCustomMessage,
  evaluate: (facts) => functionFinding(facts.get('customMessage.function'), 'CustomMessage'),
  group: 'custom-message',
  id: 'custom-message.function',
  needs: ['customMessage.function'],
  scope: 'pool',
  title: 'The CustomMessage function exists and is active',
}

export const customMessagePermissionCheck: Check = {
  docs: DOCS.cognitoLambdaTriggers,
  evaluate: (facts) => permissionFinding(facts.get('customMessage.policy'), facts.get('cognito.userPool'), facts.maybe('customMessage.function'), 'CustomMessage'),
  group: 'custom-message',
  id: 'custom-message.permission',
  needs: ['customMessage.policy', 'cognito.userPool'],
  scope: 'pool',
  title: 'Cognito may invoke the CustomMessage function for this pool',
  uses: ['customMessage.function'],
}

export const customMessageTimeoutCheck: Check = {
  docs: DOCS.cognitoLambdaTriggers,
  evaluate(facts) {
    const fn = facts.get('customMessage.function')
    if (!fn.exists) return notApplicable('the CustomMessage function does not exist')
    const timeout = fn.timeoutSeconds
    const evidence = {'Cognito waits (s)': COGNITO_TRIGGER_TIMEOUT_SECONDS, 'function Timeout (s)': timeout ?? '(unknown)'}
    if (timeout !== undefined && timeout > COGNITO_TRIGGER_TIMEOUT_SECONDS) {
      return {
        evidence,
        fix: {
          command: `aws lambda update-function-configuration --function-name ${fn.arn} --timeout ${COGNITO_TRIGGER_TIMEOUT_SECONDS}`,
          text: `Cognito gives up after ${COGNITO_TRIGGER_TIMEOUT_SECONDS} s whatever the function's Timeout. Keep the function well under that (cold starts included) and set Timeout to ${COGNITO_TRIGGER_TIMEOUT_SECONDS} so slow runs show up in its own logs.`,
        },
        status: 'warn',
        summary: `The CustomMessage function may run ${timeout} s, but Cognito waits only ${COGNITO_TRIGGER_TIMEOUT_SECONDS} s: a slow run fails the request with a socket timeout.`,
      }
    }

    return {evidence, status: 'pass', summary: `The function's Timeout (${timeout ?? '?'} s) is within Cognito's ${COGNITO_TRIGGER_TIMEOUT_SECONDS} s.`}
  },
  group: 'custom-message',
  id: 'custom-message.timeout',
  needs: ['customMessage.function'],
  scope: 'pool',
  title: 'The CustomMessage function answers within Cognito\'s 5 seconds',
}

export const customMessageEmailCheck: Check = {
  docs: DOCS.cognitoCustomMessage,
  evaluate(facts) {
    const pool = facts.get('cognito.userPool')
    const account = pool.emailSendingAccount ?? 'COGNITO_DEFAULT'
    if (account === 'DEVELOPER') return {evidence: {EmailSendingAccount: account}, status: 'pass', summary: 'Email is sent through SES (DEVELOPER), so the function may set emailMessage and emailSubject.'}
    return {
      evidence: {EmailSendingAccount: account},
      fix: {text: 'Have the function set only response.smsMessage (and leave emailMessage/emailSubject null), or switch email to SES (DEVELOPER).'},
      status: 'info',
      summary: `Email is sent by Cognito (${account}): if the function sets response.emailMessage or emailSubject, Cognito rejects the response (InvalidLambdaResponseException).`,
    }
  },
  group: 'custom-message',
  id: 'custom-message.email-rules',
  needs: ['cognito.userPool', 'customMessage.function'],
  scope: 'pool',
  title: 'The function\'s email fields suit the pool\'s EmailSendingAccount',
}

function senderOf(pool: UserPoolFact): Finding | undefined {
  return pool.lambdaConfig.customSmsSender?.lambdaArn ? undefined : notApplicable('the pool has no CustomSMSSender trigger')
}

function updateLambdaConfigCommand(pool: UserPoolFact, keyArn: string): string {
  const sender = pool.lambdaConfig.customSmsSender?.lambdaArn ?? '<function-arn>'
  return `aws cognito-idp update-user-pool --user-pool-id ${pool.id} --region ${pool.region} --lambda-config ${shellQuote(JSON.stringify({CustomSMSSender: {LambdaArn: sender, LambdaVersion: 'V1_0'}, KMSKeyID: keyArn}))}`
}

export const senderVersionCheck: Check = {
  docs: DOCS.cognitoCustomSmsSender,
  evaluate(facts) {
    const pool = facts.get('cognito.userPool')
    const none = senderOf(pool)
    if (none) return none
    const version = pool.lambdaConfig.customSmsSender?.lambdaVersion
    if (version === 'V1_0') return {evidence: {LambdaVersion: version}, status: 'pass', summary: 'CustomSMSSender LambdaVersion is V1_0.'}
    return {
      evidence: {LambdaVersion: version ?? '(missing)'},
      fix: {command: updateLambdaConfigCommand(pool, pool.lambdaConfig.kmsKeyId ?? '<key-arn>'), text: 'Set LambdaVersion to V1_0, the only request version Cognito has.'},
      status: 'fail',
      summary: `CustomSMSSender LambdaVersion is ${version ?? 'missing'}, not V1_0: Cognito does not call the function.`,
    }
  },
  group: 'custom-sms-sender',
  id: 'custom-sms-sender.version',
  needs: ['cognito.userPool'],
  scope: 'pool',
  title: 'LambdaVersion is V1_0',
}

export const senderKeyArnCheck: Check = {
  docs: DOCS.cognitoCustomSmsSender,
  evaluate(facts) {
    const pool = facts.get('cognito.userPool')
    const none = senderOf(pool)
    if (none) return none
    const key = pool.lambdaConfig.kmsKeyId
    const resolved = facts.maybe('smsSender.key')?.arn
    const fix = {command: updateLambdaConfigCommand(pool, resolved ?? 'arn:aws:kms:<region>:<account>:key/<key-id>'), text: 'Set KMSKeyID to the key\'s full ARN (arn:aws:kms:<region>:<account>:key/<id>).'}
    if (!key) return {evidence: {KMSKeyID: '(missing)'}, fix, status: 'fail', summary: 'The pool has a CustomSMSSender but no KMSKeyID: Cognito cannot encrypt codes for it.'}
    if (KEY_ARN.test(key)) return {evidence: {KMSKeyID: key}, status: 'pass', summary: 'KMSKeyID is a key ARN.'}
    const what = /(^|:)alias\//.test(key) ? 'an alias' : /^[0-9a-f-]{36}$|^mrk-/.test(key) ? 'a bare key id' : 'not a key ARN'
    return {
      evidence: {KMSKeyID: key, ...(resolved ? {'key ARN': resolved} : {})},
      fix,
      status: 'fail',
      summary: `KMSKeyID is ${what} (${key}), not a key ARN: Cognito needs the key's ARN, and a decrypt keyring given an alias never matches.`,
    }
  },
  group: 'custom-sms-sender',
  id: 'custom-sms-sender.kms-key-arn',
  needs: ['cognito.userPool'],
  scope: 'pool',
  title: 'KMSKeyID is a key ARN',
  uses: ['smsSender.key'],
}

export const senderKeyCheck: Check = {
  docs: DOCS.cognitoCustomSmsSender,
  evaluate(facts) {
    const key = facts.get('smsSender.key')
    const evidence = {
      ...(key.arn && key.arn !== key.configured ? {'configured as': key.configured} : {}),
      ...(key.description ? {description: key.description} : {}),
      enabled: key.enabled,
      key: key.arn ?? key.configured,
      KeySpec: key.keySpec,
      KeyState: key.keyState,
      KeyUsage: key.keyUsage,
    }
    if (!key.exists) return {evidence: {key: key.configured}, fix: {text: 'Create a symmetric ENCRYPT_DECRYPT key (or fix KMSKeyID) and put its ARN in the pool.'}, status: 'fail', summary: `The KMS key ${key.configured} does not exist.`}
    const problems: string[] = []
    if (key.enabled === false || (key.keyState && key.keyState !== 'Enabled')) problems.push(`it is ${key.keyState ?? 'disabled'}`)
    if (key.keySpec && key.keySpec !== 'SYMMETRIC_DEFAULT') problems.push(`it is ${key.keySpec}, not symmetric`)
    if (key.keyUsage && key.keyUsage !== 'ENCRYPT_DECRYPT') problems.push(`its usage is ${key.keyUsage}, not ENCRYPT_DECRYPT`)
    if (problems.length > 0) {
      return {
        evidence,
        fix: {command: key.keyState === 'Disabled' ? `aws kms enable-key --key-id ${key.arn ?? key.configured}` : undefined, text: 'Use an enabled, symmetric (SYMMETRIC_DEFAULT) key with usage ENCRYPT_DECRYPT.'},
        status: 'fail',
        summary: `The custom sender's KMS key cannot encrypt codes: ${problems.join('; ')}.`,
      }
    }

    return {evidence, status: 'pass', summary: 'The KMS key is enabled, symmetric and ENCRYPT_DECRYPT.'}
  },
  group: 'custom-sms-sender',
  id: 'custom-sms-sender.kms-key',
  needs: ['smsSender.key'],
  scope: 'pool',
  title: 'The KMS key exists, is enabled, symmetric, ENCRYPT_DECRYPT',
}

export const senderDecryptCheck: Check = {
  docs: DOCS.cognitoCustomSmsSender,
  evaluate(facts) {
    const p = facts.get('smsSender.decrypt')
    const roleName = roleNameFromArn(p.principalArn)
    const evidence = {decision: p.decision, key: p.resource, method: permissionMethod(p), notes: [...p.notes, 'the key policy was not evaluated'], role: p.principalArn}
    if (p.decision === 'allowed') return {evidence, status: 'pass', summary: 'The function\'s role may kms:Decrypt the key.'}
    const policy = {Statement: [{Action: 'kms:Decrypt', Effect: 'Allow', Resource: p.resource}], Version: '2012-10-17'}
    return {
      evidence,
      fix: {command: `aws iam put-role-policy --role-name ${roleName} --policy-name DecryptCognitoCodes --policy-document ${shellQuote(JSON.stringify(policy))}`, text: 'Allow the function\'s execution role kms:Decrypt on the key (optionally conditioned on kms:EncryptionContext:userpool-id).'},
      status: 'fail',
      summary: `The function's role may not kms:Decrypt the key${p.decision === 'explicitDeny' ? ' (explicitly denied)' : ''}: every code fails to decrypt.`,
    }
  },
  group: 'custom-sms-sender',
  id: 'custom-sms-sender.kms-decrypt',
  needs: ['smsSender.decrypt'],
  scope: 'pool',
  title: 'The function\'s role may kms:Decrypt the key',
}

export const senderFunctionCheck: Check = {
  docs: DOCS.cognitoCustomSmsSender,
  evaluate: (facts) => functionFinding(facts.get('smsSender.function'), 'CustomSMSSender'),
  group: 'custom-sms-sender',
  id: 'custom-sms-sender.function',
  needs: ['smsSender.function'],
  scope: 'pool',
  title: 'The CustomSMSSender function exists and is active',
}

export const senderPermissionCheck: Check = {
  docs: DOCS.cognitoLambdaTriggers,
  evaluate: (facts) => permissionFinding(facts.get('smsSender.policy'), facts.get('cognito.userPool'), facts.maybe('smsSender.function'), 'CustomSMSSender'),
  group: 'custom-sms-sender',
  id: 'custom-sms-sender.permission',
  needs: ['smsSender.policy', 'cognito.userPool'],
  scope: 'pool',
  title: 'Cognito may invoke the CustomSMSSender function',
  uses: ['smsSender.function'],
}

export const TRIGGER_CHECKS: Check[] = [
  customMessageFunctionCheck,
  customMessagePermissionCheck,
  customMessageTimeoutCheck,
  customMessageEmailCheck,
  senderVersionCheck,
  senderKeyArnCheck,
  senderKeyCheck,
  senderDecryptCheck,
  senderFunctionCheck,
  senderPermissionCheck,
]
