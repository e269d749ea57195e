/** Lists a region's user pools (cognito-idp:ListUserPools), for the pool prompt and --all-pools. */
import type {AwsSession} from '../aws/clients.js'

export interface PoolSummary {
  id: string
  name?: string
}

export async function listUserPools(session: AwsSession, region: string, max = 500): Promise<PoolSummary[]> {
  const [client, {ListUserPoolsCommand}] = await Promise.all([session.client('cognito', region), import('@aws-sdk/client-cognito-identity-provider')])
  const pools: PoolSummary[] = []
  let NextToken: string | undefined
  do {
    const out = await session.call(`listing user pools in ${region} (cognito-idp:ListUserPools)`, () => client.send(new ListUserPoolsCommand({MaxResults: 60, NextToken})), region)
    for (const p of out.UserPools ?? []) if (p.Id) pools.push({id: p.Id, name: p.Name})
    NextToken = out.NextToken
  } while (NextToken && pools.length < max)
  return pools
}
