/** Facts about the user pool (DescribeUserPool, GetUserPoolMfaConfig) and where its SMS leaves from. */
import {regionOfPoolId} from '../../knowledge/region-input.js'
import {type PoolSmsConfiguration, resolvePoolSmsRegion} from '../../knowledge/regions.js'
import {type FactDef, notApplicable} from '../store.js'
import type {SmsRegionFact, UserPoolFact} from './types.js'

export function poolRegion(poolId: string | undefined): string {
  if (!poolId) throw notApplicable('no user pool was given')
  const region = regionOfPoolId(poolId)
  if (!region) throw notApplicable(`${poolId} is not a user pool id`)
  return region
}

export const userPool: FactDef<'cognito.userPool'> = {
  action: 'cognito-idp:DescribeUserPool',
  id: 'cognito.userPool',
  params: ['poolId'],
  async fetch(ctx, {poolId}) {
    const region = poolRegion(poolId)
    const [client, {DescribeUserPoolCommand}] = await Promise.all([ctx.session.client('cognito', region), import('@aws-sdk/client-cognito-identity-provider')])
    const out = await ctx.call('cognito-idp:DescribeUserPool', (abortSignal) => client.send(new DescribeUserPoolCommand({UserPoolId: poolId}), {abortSignal}))
    const pool = out.UserPool ?? {}
    const arn = pool.Arn ?? `arn:aws:cognito-idp:${region}:${(await ctx.get('sts.identity').catch(() => undefined))?.account ?? '000000000000'}:userpool/${poolId}`
    const templates: Record<string, string> = {}
    if (pool.SmsAuthenticationMessage) templates.SmsAuthenticationMessage = pool.SmsAuthenticationMessage
    if (pool.VerificationMessageTemplate?.SmsMessage) templates['VerificationMessageTemplate.SmsMessage'] = pool.VerificationMessageTemplate.SmsMessage
    else if (pool.SmsVerificationMessage) templates.SmsVerificationMessage = pool.SmsVerificationMessage
    const lambda = pool.LambdaConfig ?? {}
    return {
      account: arn.split(':')[4] ?? '',
      arn,
      autoVerifiedAttributes: [...(pool.AutoVerifiedAttributes ?? [])],
      emailSendingAccount: pool.EmailConfiguration?.EmailSendingAccount,
      id: poolId!,
      inviteSmsTemplate: pool.AdminCreateUserConfig?.InviteMessageTemplate?.SMSMessage,
      lambdaConfig: {
        customMessage: lambda.CustomMessage,
        customSmsSender: lambda.CustomSMSSender ? {lambdaArn: lambda.CustomSMSSender.LambdaArn, lambdaVersion: lambda.CustomSMSSender.LambdaVersion} : undefined,
        kmsKeyId: lambda.KMSKeyID,
      },
      mfaConfiguration: pool.MfaConfiguration,
      name: pool.Name,
      region,
      smsConfiguration: pool.SmsConfiguration as PoolSmsConfiguration | undefined,
      smsConfigurationFailure: pool.SmsConfigurationFailure,
      smsTemplates: templates,
      usernameAttributes: [...(pool.UsernameAttributes ?? [])],
    } satisfies UserPoolFact
  },
}

export const mfaConfig: FactDef<'cognito.mfaConfig'> = {
  action: 'cognito-idp:GetUserPoolMfaConfig',
  id: 'cognito.mfaConfig',
  params: ['poolId'],
  async fetch(ctx, {poolId}) {
    const region = poolRegion(poolId)
    const [client, {GetUserPoolMfaConfigCommand}] = await Promise.all([ctx.session.client('cognito', region), import('@aws-sdk/client-cognito-identity-provider')])
    const out = await ctx.call('cognito-idp:GetUserPoolMfaConfig', (abortSignal) => client.send(new GetUserPoolMfaConfigCommand({UserPoolId: poolId}), {abortSignal}))
    return {
      emailMfaEnabled: out.EmailMfaConfiguration !== undefined,
      mfaConfiguration: out.MfaConfiguration,
      smsAuthenticationMessage: out.SmsMfaConfiguration?.SmsAuthenticationMessage,
      smsMfaEnabled: out.SmsMfaConfiguration !== undefined,
      softwareTokenMfaEnabled: out.SoftwareTokenMfaConfiguration?.Enabled === true,
    }
  },
}

/** Where the pool's SMS really leaves from (derived: no call of its own). */
export const smsRegion: FactDef<'pool.smsRegion'> = {
  id: 'pool.smsRegion',
  params: ['poolId'],
  async fetch(ctx) {
    const pool = await ctx.get('cognito.userPool')
    const resolved = resolvePoolSmsRegion(pool.region, pool.smsConfiguration)
    const sms = pool.smsConfiguration
    const source: SmsRegionFact['source'] =
      resolved.path === 'eums' ? 'EumsSms.Region' : sms?.SnsRegion ? 'SnsRegion' : resolved.effectiveSmsRegion === pool.region ? 'pool-region' : 'legacy-default'
    return {...resolved, source}
  },
}
