import {badInput, type MfaSmsError} from '../../errors.js'
import {cognitoRegionRule, isRegionCode, KNOWN_REGIONS, suggestRegion} from './regions.js'

/**
 * Validates a region a user typed; returns it normalised or throws a one-line bad-input error.
 * A well-formed code we do not know is accepted only when it is not a near miss of one we do
 * (so "eu-wset-1" gets a did-you-mean, while "us-gov-west-1" reaches the verdict).
 */
export function parseRegionInput(input: string, flag: string, options: {mustBeCognito?: boolean} = {}): string {
  const region = input.trim().toLowerCase()
  if (cognitoRegionRule(region)) return region
  if (!options.mustBeCognito && isRegionCode(region) && !suggestRegion(region)) return region
  throw unknownRegion(input, flag, options.mustBeCognito)
}

export function unknownRegion(input: string, flag: string, cognito = false): MfaSmsError {
  const suggestion = suggestRegion(input)
  const known = cognito ? 'a region with Cognito user pools' : 'an AWS region mfa-sms knows'
  const message = isRegionCode(input.trim().toLowerCase())
    ? `${flag} "${input}" is not ${known}.`
    : `${flag} "${input}" is not an AWS region code.`
  return badInput(
    'UNKNOWN_REGION',
    suggestion ? `${message} Did you mean ${suggestion}?` : message,
    [suggestion ? `pass ${flag} ${suggestion}` : `use a region code such as ${KNOWN_REGIONS.slice(0, 3).join(', ')} (see \`mfa-sms region list\`)`],
    suggestion ? {suggestion} : undefined,
  )
}

/** Cognito pool ids start with their region: "eu-central-1_AbCdEf123". */
export function regionOfPoolId(poolId: string): string | undefined {
  const match = /^([a-z]{2}(?:-gov)?-[a-z]+-\d{1,2})_[0-9a-zA-Z]+$/.exec(poolId)
  return match?.[1]
}

export function parsePoolId(input: string): string {
  const poolId = input.trim()
  if (regionOfPoolId(poolId)) return poolId
  throw badInput('BAD_USER_POOL_ID', `--user-pool-id "${input}" is not a user pool id.`, [
    'a pool id looks like eu-central-1_AbCdEf123 (region, underscore, id); list them with `aws cognito-idp list-user-pools --max-results 20`',
  ])
}
