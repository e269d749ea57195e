import {EXIT_CODES_HELP} from '../../base-command.js'
import {smsFlags} from '../../lib/sms/flags.js'
import {SmsCommand, type TargetResult} from '../../sms-command.js'
import type {SandboxStatus} from '../../lib/sms/sandbox.js'
import {MARK} from '../../ui/style.js'

export interface SandboxStatusResult extends SandboxStatus {
  target: TargetResult
}

export default class SandboxStatusCommand extends SmsCommand<typeof SandboxStatusCommand> {
  static override description = `The SMS sandbox is per region: in it, AWS texts only the (at most 10) destination numbers you verified, and spends at most the new-account quota ($1 a month). This shows, for the region that sends (with --user-pool-id, the one that pool really sends from):

- in the sandbox or not: SNS GetSMSSandboxAccountStatus and End User Messaging ACCOUNT_TIER, both shown when they differ
- verified destination numbers used, of 10
- the monthly SMS spend limit, the default SMS type and whether delivery-status logging is on
- what to do next

${EXIT_CODES_HELP}`
  static override examples = [
    {command: '<%= config.bin %> <%= command.id %> --region eu-west-1', description: 'The sandbox in Ireland'},
    {command: '<%= config.bin %> <%= command.id %> --user-pool-id eu-central-1_AbCdEf123 --profile prod', description: 'The sandbox of the region a Frankfurt pool really sends from'},
    {command: '<%= config.bin %> <%= command.id %> --region us-east-1 --json', description: 'For scripts'},
  ]
  static override flags = {...smsFlags}
  static override summary = 'Show whether the account is in the SMS sandbox, and its limits and settings.'

  async run(): Promise<SandboxStatusResult> {
    const {session, targetResult} = await this.smsTarget()
    const {describeMode, readSandboxStatus} = await import('../../lib/sms/sandbox.js')
    const {status, unavailable} = await readSandboxStatus(session, targetResult.region)
    for (const text of unavailable) this.warn(`Not shown: ${text}`)
    if (status.mode.disagree) this.warn(describeMode(status.mode, targetResult.region))
    const result = {...status, target: targetResult}
    if (!this.jsonEnabled()) this.render(result)
    return result
  }

  private render(r: SandboxStatusResult): void {
    const s = this.style
    const m = r.mode
    const head = m.inSandbox ? s.yellow(`${MARK.warn} In the SMS sandbox in ${r.region}`) : s.green(`${MARK.pass} Out of the SMS sandbox (production) in ${r.region}`)
    this.log(`${head}${r.target.regionName === r.region ? '' : s.dim(` (${r.target.regionName})`)}`)
    this.log('')
    const rows: [string, string][] = [
      ['SNS', m.snsInSandbox ? 'in the sandbox' : 'production'],
      ['End User Messaging', m.accountTier ? `ACCOUNT_TIER ${m.accountTier}${m.disagree ? s.yellow(' (differs from SNS)') : ''}` : s.dim('unknown')],
    ]
    if (!m.disagree && m.accountTier) rows.splice(0, 2, ['sandbox', `${m.snsInSandbox ? 'in the sandbox' : 'production'} ${s.dim(`(SNS and End User Messaging ACCOUNT_TIER ${m.accountTier} agree)`)}`])
    const n = r.verifiedNumbers
    rows.push(['verified numbers', n ? `${n.used} of ${n.max} used${n.pending > 0 ? ` (${n.verified} verified, ${n.pending} pending)` : ''}` : s.dim('unknown')])
    rows.push(['spend limit', r.spendLimit ? `$${r.spendLimit.limitUsd} a month${r.spendLimit.maxUsd === undefined ? '' : s.dim(` (account quota $${r.spendLimit.maxUsd})`)}` : s.dim('unknown')])
    rows.push(['default SMS type', r.defaultSmsType ? `${r.defaultSmsType.value}${r.defaultSmsType.set ? '' : s.dim(' (not set; AWS default)')}` : s.dim('unknown')])
    const log = r.deliveryLogging
    rows.push(['delivery logging', log ? (log.enabled ? `on ${s.dim(`(${log.role}${log.successSamplingRate === undefined ? '' : `, ${log.successSamplingRate}% of successes`})`)}` : s.yellow('off')) : s.dim('unknown')])
    if (log?.enabled) for (const group of log.logGroups) rows.push(['', s.dim(group)])
    for (const [label, value] of rows) this.log(`  ${s.dim(label.padEnd(20))}${value}`)
    if (r.target.userPool) this.log(s.dim(`  for user pool ${r.target.userPool.id}, which sends from ${r.region}`))
    this.log('')
    this.log(s.bold('Next:'))
    for (const step of r.nextSteps) this.log(`  - ${step}`)
  }
}
