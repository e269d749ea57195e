import type {AwsSession} from '../aws/clients.js'
import {type PoolSmsConfiguration, type PoolSmsRegion, resolvePoolSmsRegion} from '../knowledge/regions.js'

export interface PoolSmsRegionReport extends PoolSmsRegion {
  smsConfiguration?: PoolSmsConfiguration
  smsConfigurationFailure?: string
  userPoolId: string
  userPoolName?: string
}

/** Reads a pool (DescribeUserPool) and works out which region really sends its SMS. */
export async function readPoolSmsRegion(session: AwsSession, userPoolId: string, cognitoRegion: string): Promise<PoolSmsRegionReport> {
  const [client, {DescribeUserPoolCommand}] = await Promise.all([
    session.client('cognito', cognitoRegion),
    import('@aws-sdk/client-cognito-identity-provider'),
  ])
  const out = await session.call(
    `reading user pool ${userPoolId} (cognito-idp:DescribeUserPool)`,
    () => client.send(new DescribeUserPoolCommand({UserPoolId: userPoolId})),
    cognitoRegion,
  )
  const pool = out.UserPool
  const sms = pool?.SmsConfiguration as PoolSmsConfiguration | undefined
  return {
    ...resolvePoolSmsRegion(cognitoRegion, sms),
    smsConfiguration: sms,
    smsConfigurationFailure: pool?.SmsConfigurationFailure,
    userPoolId,
    userPoolName: pool?.Name,
  }
}
