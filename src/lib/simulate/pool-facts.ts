/**
 * The user pool settings a simulation needs: the trigger functions, the custom sender key, the email
 * sending account, and (with --username) the user's attributes. Read from the real pool for deployed
 * targets, from a scenario file for local ones; local runs never call AWS.
 */
import {badInput} from '../../errors.js'
import type {AwsSession} from '../aws/clients.js'
import type {Scenario} from '../local/scenario.js'
import {attributesFromList} from './cognito-event.js'

export interface PoolFacts {
  customMessageArn?: string
  customSmsSenderArn?: string
  emailSendingAccount?: 'COGNITO_DEFAULT' | 'DEVELOPER'
  kmsKeyId?: string
  source: 'aws' | 'scenario'
  user?: {attributes: Record<string, string>; username: string}
  userPoolId: string
}

function emailAccount(value: unknown): PoolFacts['emailSendingAccount'] {
  // Cognito's default when EmailConfiguration is absent is COGNITO_DEFAULT.
  return value === 'DEVELOPER' ? 'DEVELOPER' : 'COGNITO_DEFAULT'
}

export async function readPoolFacts(session: AwsSession, options: {region: string; userPoolId: string; username?: string}): Promise<PoolFacts> {
  const [client, sdk] = await Promise.all([session.client('cognito', options.region), import('@aws-sdk/client-cognito-identity-provider')])
  const pool = await session.call(
    `reading user pool ${options.userPoolId} (cognito-idp:DescribeUserPool)`,
    () => client.send(new sdk.DescribeUserPoolCommand({UserPoolId: options.userPoolId})),
    options.region,
  )
  const config = pool.UserPool?.LambdaConfig
  const facts: PoolFacts = {
    customMessageArn: config?.CustomMessage,
    customSmsSenderArn: config?.CustomSMSSender?.LambdaArn,
    emailSendingAccount: emailAccount(pool.UserPool?.EmailConfiguration?.EmailSendingAccount),
    kmsKeyId: config?.KMSKeyID,
    source: 'aws',
    userPoolId: options.userPoolId,
  }
  if (options.username) {
    const user = await session.call(
      `reading user ${options.username} (cognito-idp:AdminGetUser)`,
      () => client.send(new sdk.AdminGetUserCommand({UserPoolId: options.userPoolId, Username: options.username})),
      options.region,
    )
    facts.user = {attributes: attributesFromList(user.UserAttributes), username: user.Username ?? options.username}
  }

  return facts
}

/** The pool from a scenario file; undefined when the scenario does not describe it. */
export function scenarioPoolFacts(scenario: Scenario, options: {region: string; userPoolId: string; username?: string}): PoolFacts | undefined {
  const pool = scenario.regions[options.region]?.userPools.find((p) => p.Id === options.userPoolId)
  if (!pool) return undefined
  const facts: PoolFacts = {
    customMessageArn: pool.LambdaConfig?.CustomMessage,
    customSmsSenderArn: pool.LambdaConfig?.CustomSMSSender?.LambdaArn,
    emailSendingAccount: emailAccount(pool.EmailConfiguration?.EmailSendingAccount),
    kmsKeyId: pool.LambdaConfig?.KMSKeyID,
    source: 'scenario',
    userPoolId: options.userPoolId,
  }
  if (options.username) {
    const user = pool.users.find((u) => u.username === options.username || u.attributes.sub === options.username)
    if (!user) {
      throw badInput('UNKNOWN_USER', `The scenario's pool ${options.userPoolId} has no user "${options.username}".`, [
        pool.users.length > 0 ? `its users: ${pool.users.map((u) => u.username).join(', ')}` : 'add it under users:, or pass --phone instead of --username',
      ])
    }

    facts.user = {attributes: {...user.attributes}, username: user.username}
  }

  return facts
}
