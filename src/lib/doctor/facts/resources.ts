/**
 * Lambda and KMS facts, and the pool-scoped facts derived from the pool's configuration: its SMS
 * role, the CustomMessage and CustomSMSSender functions, the custom sender's KMS key.
 */
import {parsePolicy} from '../policy.js'
import {type FactDef, FactUnavailable, notApplicable} from '../store.js'
import {isRoleArn, requestContext} from './iam.js'
import type {UserPoolFact} from './types.js'

/** The region in an ARN (arn:aws:lambda:eu-west-1:…), else the fallback. */
export function arnRegion(arn: string, fallback: string): string {
  const region = arn.split(':')[3]
  return region && /^[a-z]{2}(-[a-z]+)+-\d+$/.test(region) ? region : fallback
}

function isNotFound(error: unknown): boolean {
  return error instanceof FactUnavailable && error.outcome.kind === 'error' && /NotFound/i.test(error.outcome.code ?? '')
}

export const lambdaFunction: FactDef<'lambda.function'> = {
  action: 'lambda:GetFunctionConfiguration',
  id: 'lambda.function',
  params: ['arn', 'region'],
  async fetch(ctx, {arn, region}) {
    if (!arn) throw notApplicable('no function')
    const [client, {GetFunctionConfigurationCommand}] = await Promise.all([ctx.session.client('lambda', arnRegion(arn, region ?? 'us-east-1')), import('@aws-sdk/client-lambda')])
    try {
      const out = await ctx.call('lambda:GetFunctionConfiguration', (abortSignal) => client.send(new GetFunctionConfigurationCommand({FunctionName: arn}), {abortSignal}))
      return {
        arn,
        exists: true,
        lastUpdateStatus: out.LastUpdateStatus,
        role: out.Role,
        runtime: out.Runtime,
        state: out.State,
        stateReason: out.StateReason,
        timeoutSeconds: out.Timeout,
      }
    } catch (error) {
      if (isNotFound(error)) return {arn, exists: false}
      throw error
    }
  },
}

export const lambdaPolicy: FactDef<'lambda.policy'> = {
  action: 'lambda:GetPolicy',
  id: 'lambda.policy',
  params: ['arn', 'region'],
  async fetch(ctx, {arn, region}) {
    if (!arn) throw notApplicable('no function')
    const [client, {GetPolicyCommand}] = await Promise.all([ctx.session.client('lambda', arnRegion(arn, region ?? 'us-east-1')), import('@aws-sdk/client-lambda')])
    try {
      const out = await ctx.call('lambda:GetPolicy', (abortSignal) => client.send(new GetPolicyCommand({FunctionName: arn}), {abortSignal}))
      return {arn, policy: parsePolicy(out.Policy)}
    } catch (error) {
      // GetPolicy answers ResourceNotFoundException for a function without a resource policy.
      if (isNotFound(error)) return {arn}
      throw error
    }
  },
}

export const kmsKey: FactDef<'kms.key'> = {
  action: 'kms:DescribeKey',
  id: 'kms.key',
  params: ['keyId', 'region'],
  async fetch(ctx, {keyId, region}) {
    if (!keyId) throw notApplicable('no key')
    const [client, {DescribeKeyCommand}] = await Promise.all([ctx.session.client('kms', arnRegion(keyId, region ?? 'us-east-1')), import('@aws-sdk/client-kms')])
    try {
      const out = await ctx.call('kms:DescribeKey', (abortSignal) => client.send(new DescribeKeyCommand({KeyId: keyId}), {abortSignal}))
      const m = out.KeyMetadata
      return {
        arn: m?.Arn,
        configured: keyId,
        description: m?.Description || undefined,
        enabled: m?.Enabled,
        exists: true,
        keyId: m?.KeyId,
        keySpec: m?.KeySpec ?? m?.CustomerMasterKeySpec,
        keyState: m?.KeyState,
        keyUsage: m?.KeyUsage,
      }
    } catch (error) {
      if (isNotFound(error)) return {configured: keyId, exists: false}
      throw error
    }
  },
}

/** The role Cognito assumes to send SMS: EumsSms.CallerArn or SnsCallerArn. */
export function smsRoleArn(pool: UserPoolFact): string | undefined {
  return pool.smsConfiguration?.EumsSms?.CallerArn ?? pool.smsConfiguration?.SnsCallerArn
}

/** What the SMS role must be allowed: sns:Publish on *, or sms-voice:SendTextMessage on the EumsSms identity. */
export function smsRoleRequirement(pool: UserPoolFact): {action: string; resource: string} {
  const eums = pool.smsConfiguration?.EumsSms
  if (eums) {
    const identity = eums.OriginationIdentity
    return {action: 'sms-voice:SendTextMessage', resource: identity?.startsWith('arn:') ? identity : '*'}
  }

  return {action: 'sns:Publish', resource: '*'}
}

export const smsRole: FactDef<'sms.role'> = {
  id: 'sms.role',
  params: ['poolId'],
  async fetch(ctx) {
    const pool = await ctx.get('cognito.userPool')
    const arn = smsRoleArn(pool)
    if (!arn) throw notApplicable('the pool has no SMS role (no SmsConfiguration)')
    if (!isRoleArn(arn)) return {arn, exists: false, name: arn}
    return ctx.get('iam.role', {roleArn: arn})
  },
}

export const smsRolePermission: FactDef<'sms.rolePermission'> = {
  id: 'sms.rolePermission',
  params: ['poolId'],
  async fetch(ctx) {
    const pool = await ctx.get('cognito.userPool')
    const arn = smsRoleArn(pool)
    if (!arn) throw notApplicable('the pool has no SMS role (no SmsConfiguration)')
    if (!isRoleArn(arn)) throw notApplicable(`${arn} is not an IAM role ARN`)
    const {action, resource} = smsRoleRequirement(pool)
    return ctx.get('iam.permission', {action, principalArn: arn, resource})
  },
}

export const customMessageFunction: FactDef<'customMessage.function'> = {
  id: 'customMessage.function',
  params: ['poolId'],
  async fetch(ctx) {
    const pool = await ctx.get('cognito.userPool')
    const arn = pool.lambdaConfig.customMessage
    if (!arn) throw notApplicable('the pool has no CustomMessage trigger')
    return ctx.get('lambda.function', {arn, region: pool.region})
  },
}

export const customMessagePolicy: FactDef<'customMessage.policy'> = {
  id: 'customMessage.policy',
  params: ['poolId'],
  async fetch(ctx) {
    const pool = await ctx.get('cognito.userPool')
    const arn = pool.lambdaConfig.customMessage
    if (!arn) throw notApplicable('the pool has no CustomMessage trigger')
    return ctx.get('lambda.policy', {arn, region: pool.region})
  },
}

function senderArn(pool: UserPoolFact): string {
  const arn = pool.lambdaConfig.customSmsSender?.lambdaArn
  if (!arn) throw notApplicable('the pool has no CustomSMSSender trigger')
  return arn
}

export const smsSenderFunction: FactDef<'smsSender.function'> = {
  id: 'smsSender.function',
  params: ['poolId'],
  async fetch(ctx) {
    const pool = await ctx.get('cognito.userPool')
    return ctx.get('lambda.function', {arn: senderArn(pool), region: pool.region})
  },
}

export const smsSenderPolicy: FactDef<'smsSender.policy'> = {
  id: 'smsSender.policy',
  params: ['poolId'],
  async fetch(ctx) {
    const pool = await ctx.get('cognito.userPool')
    return ctx.get('lambda.policy', {arn: senderArn(pool), region: pool.region})
  },
}

export const KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-zA-Z-]+$/

export const smsSenderKey: FactDef<'smsSender.key'> = {
  id: 'smsSender.key',
  params: ['poolId'],
  async fetch(ctx) {
    const pool = await ctx.get('cognito.userPool')
    senderArn(pool)
    const keyId = pool.lambdaConfig.kmsKeyId
    if (!keyId) throw notApplicable('the pool has no KMSKeyID')
    return ctx.get('kms.key', {keyId, region: pool.region})
  },
}

/** May the custom sender's role kms:Decrypt the pool's key? */
export const smsSenderDecrypt: FactDef<'smsSender.decrypt'> = {
  id: 'smsSender.decrypt',
  params: ['poolId'],
  async fetch(ctx) {
    const pool = await ctx.get('cognito.userPool')
    senderArn(pool)
    const configured = pool.lambdaConfig.kmsKeyId
    if (!configured) throw notApplicable('the pool has no KMSKeyID')
    // A key ARN can be simulated at once; an alias or id needs DescribeKey first.
    const [fn, keyArn] = await Promise.all([
      ctx.get('smsSender.function'),
      KEY_ARN.test(configured) ? Promise.resolve(configured) : ctx.get('smsSender.key').then((k) => k.arn),
    ])
    if (!fn.exists) throw notApplicable('the CustomSMSSender function does not exist')
    if (!fn.role) throw notApplicable('the function has no execution role')
    if (!keyArn) throw notApplicable(`the key ${configured} does not exist`)
    // Cognito encrypts each code with the encryption context {userpool-id: <pool id>}; key policies
    // and role policies often condition kms:Decrypt on it.
    const context = requestContext({'kms:EncryptionContext:userpool-id': pool.id})
    return ctx.get('iam.permission', {action: 'kms:Decrypt', context, principalArn: fn.role, resource: keyArn})
  },
}
