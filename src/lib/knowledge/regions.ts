/**
 * Which AWS region a Cognito user pool's SMS really leaves from, and which ones Cognito allows.
 *
 * Sources: Cognito Developer Guide "SMS message settings" (current text and the June 2023 copy),
 * summarised in shared/reference/aws-facts.md §7.1. Region codes were added by us.
 */
import {closest} from '../text/closest.js'

export type OwnRegionRule =
  /** The pool's own region may be its SnsRegion. */
  | 'allowed'
  /** Cognito refuses the pool's own region (Seoul). */
  | 'refused'
  /**
   * The current table lists only another region, while the page's text says every region except
   * Seoul may use its own. We let it pass with a warning until AWS settles it.
   */
  | 'unlisted'

export interface CognitoRegionRule {
  /** SnsRegion values Cognito accepts for a pool in this region (own region first when allowed). */
  allowedSmsRegions: string[]
  cognitoRegion: string
  /** Whether the End User Messaging direct path (SmsConfiguration.EumsSms) is offered here. */
  eumsDirect: boolean
  /** Where SMS leaves from when SnsRegion is unset (pools created by API before SnsRegion existed). */
  legacyDefault: string
  name: string
  ownRegion: OwnRegionRule
}

const same = (cognitoRegion: string, name: string): CognitoRegionRule => ({
  allowedSmsRegions: [cognitoRegion],
  cognitoRegion,
  eumsDirect: true,
  legacyDefault: cognitoRegion,
  name,
  ownRegion: 'allowed',
})

const dual = (cognitoRegion: string, name: string, alternate: string): CognitoRegionRule => ({
  allowedSmsRegions: [cognitoRegion, alternate],
  cognitoRegion,
  eumsDirect: true,
  legacyDefault: alternate,
  name,
  ownRegion: 'allowed',
})

const elsewhere = (cognitoRegion: string, name: string, alternate: string, ownRegion: OwnRegionRule): CognitoRegionRule => ({
  allowedSmsRegions: [alternate],
  cognitoRegion,
  // The EumsSms direct path is unavailable in Hong Kong, Malaysia and Thailand; Seoul has it.
  eumsDirect: cognitoRegion === 'ap-northeast-2',
  legacyDefault: alternate,
  name,
  ownRegion,
})

export const COGNITO_SMS_REGIONS: readonly CognitoRegionRule[] = [
  dual('us-east-2', 'US East (Ohio)', 'us-east-1'),
  dual('ca-central-1', 'Canada (Central)', 'us-east-1'),
  dual('eu-central-1', 'Europe (Frankfurt)', 'eu-west-1'),
  dual('eu-west-2', 'Europe (London)', 'eu-west-1'),
  dual('ap-south-1', 'Asia Pacific (Mumbai)', 'ap-southeast-1'),
  elsewhere('ap-northeast-2', 'Asia Pacific (Seoul)', 'ap-northeast-1', 'refused'),
  elsewhere('ap-east-1', 'Asia Pacific (Hong Kong)', 'ap-southeast-1', 'unlisted'),
  elsewhere('ap-southeast-5', 'Asia Pacific (Malaysia)', 'ap-southeast-1', 'unlisted'),
  elsewhere('ap-southeast-7', 'Asia Pacific (Thailand)', 'ap-south-1', 'unlisted'),
  same('us-east-1', 'US East (N. Virginia)'),
  same('us-west-1', 'US West (N. California)'),
  same('us-west-2', 'US West (Oregon)'),
  same('ca-west-1', 'Canada West (Calgary)'),
  same('mx-central-1', 'Mexico (Central)'),
  same('eu-west-1', 'Europe (Ireland)'),
  same('eu-west-3', 'Europe (Paris)'),
  same('eu-north-1', 'Europe (Stockholm)'),
  same('eu-south-1', 'Europe (Milan)'),
  same('eu-south-2', 'Europe (Spain)'),
  same('eu-central-2', 'Europe (Zurich)'),
  same('ap-south-2', 'Asia Pacific (Hyderabad)'),
  same('ap-southeast-1', 'Asia Pacific (Singapore)'),
  same('ap-southeast-2', 'Asia Pacific (Sydney)'),
  same('ap-southeast-3', 'Asia Pacific (Jakarta)'),
  same('ap-southeast-4', 'Asia Pacific (Melbourne)'),
  same('ap-northeast-1', 'Asia Pacific (Tokyo)'),
  same('ap-northeast-3', 'Asia Pacific (Osaka)'),
  same('me-south-1', 'Middle East (Bahrain)'),
  same('me-central-1', 'Middle East (UAE)'),
  same('sa-east-1', 'South America (São Paulo)'),
  same('il-central-1', 'Israel (Tel Aviv)'),
  same('af-south-1', 'Africa (Cape Town)'),
]

const RULES_BY_REGION = new Map(COGNITO_SMS_REGIONS.map((rule) => [rule.cognitoRegion, rule]))

/** Every region code we know, Cognito's and the SMS regions they point at. */
export const KNOWN_REGIONS: readonly string[] = [...RULES_BY_REGION.keys()].sort()

export function cognitoRegionRule(region: string): CognitoRegionRule | undefined {
  return RULES_BY_REGION.get(region)
}

export function regionName(region: string): string {
  return RULES_BY_REGION.get(region)?.name ?? region
}

export type RegionVerdict = 'allowed' | 'refused' | 'doubtful'

export interface RegionCheck {
  allowedSmsRegions: string[]
  cognitoRegion: string
  /** The SMS region that really sends. */
  effectiveSmsRegion: string
  /** Why that region: the SnsRegion given, or the legacy default when it is unset. */
  effectiveSource: 'SnsRegion' | 'legacy-default'
  explanation: string
  verdict: RegionVerdict
}

/**
 * Checks a Cognito region with an optional SnsRegion. Callers validate region codes first
 * (see `suggestRegion`); an unknown Cognito region throws.
 */
export function checkSmsRegion(cognitoRegion: string, snsRegion?: string): RegionCheck {
  const rule = cognitoRegionRule(cognitoRegion)
  if (!rule) throw new Error(`unknown Cognito region ${cognitoRegion}`)
  const base = {allowedSmsRegions: rule.allowedSmsRegions, cognitoRegion}
  const choices = formatChoices(rule.allowedSmsRegions)

  if (snsRegion === undefined) {
    const viaLegacy = rule.legacyDefault !== cognitoRegion
    return {
      ...base,
      effectiveSmsRegion: rule.legacyDefault,
      effectiveSource: 'legacy-default',
      explanation: viaLegacy
        ? `SnsRegion is unset, so a ${rule.name} pool sends SMS from ${describeRegion(rule.legacyDefault)}: its sandbox, spend limit and origination numbers are the ones that count.`
        : `SnsRegion is unset, so SMS leaves from the pool's own region, ${describeRegion(cognitoRegion)}.`,
      verdict: 'allowed',
    }
  }

  const checked = {...base, effectiveSmsRegion: snsRegion, effectiveSource: 'SnsRegion' as const}
  if (snsRegion === cognitoRegion && rule.ownRegion === 'refused') {
    return {
      ...checked,
      explanation: `Cognito in ${rule.name} cannot send SMS from its own region; set SnsRegion to ${choices}.`,
      verdict: 'refused',
    }
  }

  if (snsRegion === cognitoRegion && rule.ownRegion === 'unlisted') {
    return {
      ...checked,
      explanation: `AWS's table lists only ${choices} for ${rule.name}, though its text allows every region but Seoul to use its own; prefer ${choices}.`,
      verdict: 'doubtful',
    }
  }

  if (rule.allowedSmsRegions.includes(snsRegion)) {
    return {...checked, explanation: `Cognito in ${rule.name} may send SMS from ${describeRegion(snsRegion)}.`, verdict: 'allowed'}
  }

  return {
    ...checked,
    explanation: `Cognito in ${rule.name} cannot use SnsRegion ${snsRegion}; allowed: ${choices}.`,
    verdict: 'refused',
  }
}

export interface PoolSmsConfiguration {
  EumsSms?: {CallerArn?: string; ExternalId?: string; OriginationIdentity?: string; Region?: string}
  ExternalId?: string
  SnsCallerArn?: string
  SnsRegion?: string
}

export interface PoolSmsRegion {
  check?: RegionCheck
  cognitoRegion: string
  effectiveSmsRegion: string
  explanation: string
  path: 'eums' | 'none' | 'sns'
  verdict: RegionVerdict
}

/** Where a pool's SMS really leaves from, given DescribeUserPool's SmsConfiguration. */
export function resolvePoolSmsRegion(cognitoRegion: string, sms: PoolSmsConfiguration | undefined): PoolSmsRegion {
  const rule = cognitoRegionRule(cognitoRegion)
  if (sms?.EumsSms) {
    const region = sms.EumsSms.Region ?? cognitoRegion
    const base = {cognitoRegion, effectiveSmsRegion: region, path: 'eums' as const}
    if (rule && !rule.eumsDirect) {
      return {...base, explanation: `The End User Messaging direct path (EumsSms) is not offered in ${rule.name}; use SnsCallerArn with SnsRegion ${formatChoices(rule.allowedSmsRegions)}.`, verdict: 'refused'}
    }

    if (region !== cognitoRegion) {
      return {...base, explanation: `EumsSms.Region must be omitted or equal the pool's region (${cognitoRegion}); it is ${region}.`, verdict: 'refused'}
    }

    return {...base, explanation: `SMS goes through End User Messaging directly (EumsSms) in ${describeRegion(region)}.`, verdict: 'allowed'}
  }

  if (!rule) {
    const region = sms?.SnsRegion ?? cognitoRegion
    return {cognitoRegion, effectiveSmsRegion: region, explanation: `${cognitoRegion} is not in Cognito's SMS region table; assuming SMS leaves from ${region}.`, path: sms ? 'sns' : 'none', verdict: 'doubtful'}
  }

  const check = checkSmsRegion(cognitoRegion, sms?.SnsRegion)
  if (!sms?.SnsCallerArn && !sms?.SnsRegion) {
    return {
      check,
      cognitoRegion,
      effectiveSmsRegion: check.effectiveSmsRegion,
      explanation: `The pool has no SMS configuration; if one is added without SnsRegion, SMS will leave from ${describeRegion(check.effectiveSmsRegion)}.`,
      path: 'none',
      verdict: check.verdict,
    }
  }

  return {check, cognitoRegion, effectiveSmsRegion: check.effectiveSmsRegion, explanation: check.explanation, path: 'sns', verdict: check.verdict}
}

/** The closest known region code, for "did you mean" (undefined when nothing is close). */
export function suggestRegion(input: string): string | undefined {
  return closest(input, KNOWN_REGIONS)
}

/** Region codes look like `eu-west-1`, `us-gov-west-1`, `ap-southeast-7`. */
export function isRegionCode(input: string): boolean {
  return /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d{1,2}$/.test(input)
}

/** `eu-west-1 (Europe (Ireland))`, or the bare code when its name is not known. */
export function describeRegion(region: string): string {
  const name = regionName(region)
  return name === region ? region : `${region} (${name})`
}

function formatChoices(regions: string[]): string {
  return regions.map((r) => describeRegion(r)).join(' or ')
}
