import {Flags} from '@oclif/core'

import {BaseCommand} from '../../base-command.js'
import {badInput, ExitCode} from '../../errors.js'
import {parsePoolId, parseRegionInput, regionOfPoolId} from '../../lib/knowledge/region-input.js'
import {checkSmsRegion, cognitoRegionRule, regionName, type RegionVerdict} from '../../lib/knowledge/regions.js'
import {originationRequirement} from '../../lib/knowledge/origination.js'

export interface RegionCheckResult {
  allowedSmsRegions: string[]
  cognitoRegion: string
  cognitoRegionName: string
  effectiveSmsRegion: string
  /** Where the effective region came from. */
  effectiveSource: 'EumsSms' | 'SnsRegion' | 'legacy-default' | 'pool-region'
  eumsDirectAvailable: boolean
  explanation: string
  identity?: {account: string; profile: string; region: string}
  path?: 'eums' | 'none' | 'sns'
  smsConfigurationFailure?: string
  snsRegion?: string
  usOrigination: string[]
  userPoolId?: string
  verdict: RegionVerdict
}

export default class RegionCheck extends BaseCommand<typeof RegionCheck> {
  static override description = `Cognito sends a pool's SMS from the region in SmsConfiguration.SnsRegion, from a legacy alternate region when it is unset (Frankfurt → Ireland, London → Ireland, Ohio → N. Virginia, Canada → N. Virginia, Mumbai → Singapore), and never from Seoul (Tokyo only). The SMS sandbox, spend limit and origination numbers that matter are the ones in that region.

Without --user-pool-id this works offline. With it, the pool is read (cognito-idp:DescribeUserPool) and the region that really sends is resolved, including the End User Messaging direct path (EumsSms).

Exit codes: 0 allowed, 1 Cognito refuses the pair, 2 bad input, 3 AWS unreachable or credentials refused.`
  static override examples = [
    {command: '<%= config.bin %> <%= command.id %> --cognito-region ap-northeast-2 --sns-region ap-northeast-2', description: 'Seoul cannot send from Seoul (exit 1, names Tokyo)'},
    {command: '<%= config.bin %> <%= command.id %> --cognito-region eu-central-1', description: 'Where a Frankfurt pool without SnsRegion sends from'},
    {command: '<%= config.bin %> <%= command.id %> --user-pool-id eu-central-1_AbCdEf123 --profile prod', description: 'Read a real pool'},
  ]
  static override flags = {
    'cognito-region': Flags.string({summary: 'Region of the user pool (default: from --user-pool-id, else --region).'}),
    'sns-region': Flags.string({exclusive: ['user-pool-id'], summary: 'The SnsRegion to check (omit to see where SMS goes when it is unset).'}),
    'user-pool-id': Flags.string({summary: 'Read this pool and resolve the region that really sends its SMS.'}),
  }
  static override summary = 'Check which region sends a Cognito pool\'s SMS, and whether Cognito allows it.'

  async run(): Promise<RegionCheckResult> {
    const {flags} = this
    const poolId = flags['user-pool-id'] === undefined ? undefined : parsePoolId(flags['user-pool-id'])
    const cognitoInput = flags['cognito-region'] ?? (poolId ? regionOfPoolId(poolId) : undefined) ?? flags.region
    if (!cognitoInput) {
      throw badInput('MISSING_INPUT', 'Which Cognito region? None was given.', ['pass --cognito-region eu-central-1 (or --user-pool-id, or --region)'])
    }

    const cognitoRegion = parseRegionInput(cognitoInput, '--cognito-region', {mustBeCognito: true})
    const rule = cognitoRegionRule(cognitoRegion)!
    const result = poolId ? await this.fromPool(poolId, cognitoRegion) : this.offline(cognitoRegion, flags['sns-region'])
    const full: RegionCheckResult = {
      ...result,
      allowedSmsRegions: rule.allowedSmsRegions,
      cognitoRegion,
      cognitoRegionName: rule.name,
      eumsDirectAvailable: rule.eumsDirect,
      usOrigination: originationRequirement('US', result.effectiveSmsRegion).notes,
    }
    if (full.verdict === 'refused') this.setExitCode(ExitCode.failed)
    if (full.verdict === 'doubtful') this.warn(full.explanation)
    if (!this.jsonEnabled()) this.render(full)
    return full
  }

  private async fromPool(poolId: string, cognitoRegion: string) {
    const session = await this.aws(cognitoRegion)
    const {readPoolSmsRegion} = await import('../../lib/cognito/pool.js')
    const [pool, identity] = await Promise.all([readPoolSmsRegion(session, poolId, cognitoRegion), session.identity()])
    const source = pool.path === 'eums' ? 'EumsSms' : pool.smsConfiguration?.SnsRegion ? 'SnsRegion' : 'legacy-default'
    return {
      effectiveSmsRegion: pool.effectiveSmsRegion,
      effectiveSource: source,
      explanation: pool.explanation,
      identity: {account: identity.account, profile: identity.profile, region: identity.region},
      path: pool.path,
      smsConfigurationFailure: pool.smsConfigurationFailure,
      snsRegion: pool.smsConfiguration?.SnsRegion,
      userPoolId: poolId,
      verdict: pool.verdict,
    } as const
  }

  private offline(cognitoRegion: string, snsInput: string | undefined) {
    const snsRegion = snsInput === undefined ? undefined : parseRegionInput(snsInput, '--sns-region')
    const check = checkSmsRegion(cognitoRegion, snsRegion)
    return {
      effectiveSmsRegion: check.effectiveSmsRegion,
      effectiveSource: check.effectiveSource,
      explanation: check.explanation,
      snsRegion,
      verdict: check.verdict,
    }
  }

  private render(r: RegionCheckResult): void {
    const s = this.style
    const mark = r.verdict === 'allowed' ? s.green('✓') : r.verdict === 'refused' ? s.red('✗') : s.yellow('!')
    this.log(`${mark} ${r.explanation}`)
    this.log('')
    if (r.userPoolId) this.log(`  user pool        ${r.userPoolId}${r.path === 'none' ? s.yellow(' (no SMS configuration)') : ''}`)
    this.log(`  cognito region   ${r.cognitoRegion} ${s.dim(`(${r.cognitoRegionName})`)}`)
    this.log(`  sms region       ${s.bold(r.effectiveSmsRegion)} ${s.dim(`(${regionName(r.effectiveSmsRegion)}, from ${r.effectiveSource})`)}`)
    this.log(`  allowed          ${r.allowedSmsRegions.join(', ')}`)
    this.log(`  EumsSms direct   ${r.eumsDirectAvailable ? 'available' : 'not offered here'}`)
    if (r.smsConfigurationFailure) this.log(`  ${s.red('failure')}          ${r.smsConfigurationFailure}`)
    for (const note of r.usOrigination) this.log(s.dim(`  note: ${note}`))
    if (r.identity) this.log(s.dim(`  read as account ${r.identity.account}, profile ${r.identity.profile}`))
  }
}
