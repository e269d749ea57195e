import {Flags} from '@oclif/core'

import {EXIT_CODES_HELP} from '../../base-command.js'
import {ExitCode} from '../../errors.js'
import {SmsCommand, type TargetResult} from '../../sms-command.js'
import {smsFlags} from '../../lib/sms/flags.js'
import {parseCountry} from '../../lib/sms/input.js'
import type {CountryReach, OriginationIdentity} from '../../lib/sms/origination.js'
import {MARK} from '../../ui/style.js'
import {renderTable} from '../../ui/table.js'

export interface OriginationListResult {
  /** With --country: who can reach it. */
  country?: CountryReach
  identities: OriginationIdentity[]
  region: string
  target: TargetResult
}

export default class OriginationList extends SmsCommand<typeof OriginationList> {
  static override description = `Lists the origination identities of the sending region: SNS ListOriginationNumbers, and End User Messaging phone numbers, sender IDs and pools (all pages), one row per identity with its type (toll-free, 10DLC, short code, long code, simulator, sender ID, pool), status, capabilities and the destination countries it can serve.

US numbers are reached only from an active toll-free, 10DLC or short-code number in the region that sends (since 1 June 2021, even in the sandbox). With --country, the identities that can reach that country are named; --country US exits 1 when none can.

${EXIT_CODES_HELP}`
  static override examples = [
    {command: '<%= config.bin %> <%= command.id %> --region us-east-1', description: 'Everything that can send from N. Virginia'},
    {command: '<%= config.bin %> <%= command.id %> --country US --user-pool-id eu-central-1_AbCdEf123', description: 'Can the region a Frankfurt pool sends from reach US phones? (exit 1 if not)'},
    {command: '<%= config.bin %> <%= command.id %> --region eu-west-1 --json', description: 'For scripts'},
  ]
  static override flags = {
    ...smsFlags,
    country: Flags.string({summary: 'Destination country (ISO code, e.g. US): say which identities can reach it; exit 1 for US when none can.'}),
  }
  static override summary = 'List the numbers, sender IDs and pools that can send SMS, and where to.'

  async run(): Promise<OriginationListResult> {
    const country = this.flags.country === undefined ? undefined : parseCountry(this.flags.country)
    const {session, targetResult} = await this.smsTarget()
    const region = targetResult.region
    const {listOriginationIdentities, reachFor} = await import('../../lib/sms/origination.js')
    const {identities, unavailable} = await listOriginationIdentities(session, region)
    for (const text of unavailable) this.warn(`Not listed: ${text}`)
    const reach = country ? reachFor(identities, country, region) : undefined
    if (reach?.unreachable) this.setExitCode(ExitCode.failed)
    const result = {...(reach ? {country: reach} : {}), identities, region, target: targetResult}
    if (!this.jsonEnabled()) await this.render(result)
    return result
  }

  private async render(r: OriginationListResult): Promise<void> {
    const s = this.style
    const {TYPE_LABELS} = await import('../../lib/sms/origination.js')
    if (r.identities.length === 0) {
      this.log(`No origination identities in ${r.region}.`)
    } else {
      this.log(`Origination identities in ${r.region}${r.target.regionName === r.region ? '' : ` (${r.target.regionName})`}:`)
      const rows = r.identities.map((i) => [
        i.identity + (i.poolId ? s.dim(`\nin ${i.poolId}`) : ''),
        TYPE_LABELS[i.type],
        i.active ? s.green(i.status) : s.yellow(i.status),
        i.capabilities.join(', ') || s.dim('-'),
        i.serves.length > 0 ? i.servesNote : s.dim(i.servesNote),
        i.sources.join('+'),
      ])
      this.log(await renderTable(s, ['Identity', 'Type', 'Status', 'Capabilities', 'Can send to', 'Listed by'], rows))
    }

    const c = r.country
    if (c) {
      const mark = c.identities.length > 0 ? s.green(MARK.pass) : c.unreachable ? s.red(MARK.fail) : s.yellow(MARK.warn)
      this.log(`${mark} ${c.verdict}`)
      for (const note of c.notes) this.log(s.dim(`  note: ${note}`))
    }
  }
}
