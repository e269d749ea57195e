/**
 * Which region the sandbox, origination and send commands act in: the region a Cognito user pool
 * really sends its SMS from (--user-pool-id: its SnsRegion, its EumsSms region or the legacy
 * default, via readPoolSmsRegion), else --region / AWS_REGION / the profile's region.
 */
import type {AwsSession} from '../aws/clients.js'
import {readPoolSmsRegion} from '../cognito/pool.js'
import {parsePoolId, parseRegionInput, regionOfPoolId} from '../knowledge/region-input.js'
import {describeRegion, regionName} from '../knowledge/regions.js'

export interface SmsTarget {
  /** One sentence: which region and why. */
  explanation: string
  region: string
  regionName: string
  source: 'region' | 'user-pool'
  userPool?: {
    cognitoRegion: string
    id: string
    name?: string
    /** How the pool sends: SNS (SnsCallerArn), End User Messaging directly (EumsSms), or not set up. */
    path: 'eums' | 'none' | 'sns'
    /** Where its SMS region comes from. */
    smsRegionFrom: 'EumsSms' | 'SnsRegion' | 'legacy-default'
    smsConfigurationFailure?: string
    verdict: 'allowed' | 'doubtful' | 'refused'
  }
  /** Facts worth a line on stderr (a --region that is not used, …). */
  notes: string[]
  /** Problems with the region (a pool Cognito refuses to send from, …). */
  warnings: string[]
}

/** Validates the flags only (no AWS call): the pool id's shape and the --region code. */
export function checkTargetFlags(flags: {region?: string; userPoolId?: string}): {cognitoRegion?: string; poolId?: string; region?: string} {
  const poolId = flags.userPoolId === undefined ? undefined : parsePoolId(flags.userPoolId)
  const region = flags.region === undefined ? undefined : parseRegionInput(flags.region, '--region')
  return {cognitoRegion: poolId ? regionOfPoolId(poolId) : undefined, poolId, region}
}

export async function resolveSmsTarget(session: AwsSession, flags: {region?: string; userPoolId?: string}): Promise<SmsTarget> {
  const {cognitoRegion, poolId, region} = checkTargetFlags(flags)
  if (!poolId || !cognitoRegion) {
    const resolved = region ?? (await session.region())
    return {
      explanation: `Acting in ${describeRegion(resolved)}, ${region ? 'from --region (or AWS_REGION)' : 'the region of the AWS profile'}.`,
      region: resolved,
      regionName: regionName(resolved),
      notes: [],
      source: 'region',
      warnings: [],
    }
  }

  const pool = await readPoolSmsRegion(session, poolId, cognitoRegion)
  const smsRegionFrom = pool.path === 'eums' ? 'EumsSms' : pool.smsConfiguration?.SnsRegion ? 'SnsRegion' : 'legacy-default'
  const target = pool.effectiveSmsRegion
  const why =
    smsRegionFrom === 'EumsSms'
      ? 'it sends through End User Messaging directly (EumsSms)'
      : smsRegionFrom === 'SnsRegion'
        ? 'its SmsConfiguration.SnsRegion says so'
        : target === cognitoRegion
          ? 'SnsRegion is unset, so SMS leaves from the pool\'s own region'
          : `SnsRegion is unset, so SMS leaves from the legacy default for ${cognitoRegion}`
  const warnings: string[] = []
  if (pool.verdict !== 'allowed') warnings.push(pool.explanation)
  if (pool.path === 'none') warnings.push(`User pool ${poolId} has no SMS configuration yet; ${describeRegion(target)} is where its SMS would leave from.`)
  const notes = region && region !== target ? [`--region/AWS_REGION ${region} is not used for SMS calls: user pool ${poolId} sends from ${target}.`] : []
  return {
    explanation: `Acting in ${describeRegion(target)}, where user pool ${poolId}${pool.userPoolName ? ` (${pool.userPoolName})` : ''} sends SMS from: ${why}.`,
    notes,
    region: target,
    regionName: regionName(target),
    source: 'user-pool',
    userPool: {
      cognitoRegion,
      id: poolId,
      name: pool.userPoolName,
      path: pool.path,
      smsConfigurationFailure: pool.smsConfigurationFailure,
      smsRegionFrom,
      verdict: pool.verdict,
    },
    warnings,
  }
}
