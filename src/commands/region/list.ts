import {BaseCommand} from '../../base-command.js'
import {COGNITO_SMS_REGIONS} from '../../lib/knowledge/regions.js'
import {renderTable} from '../../ui/table.js'

export interface RegionListResult {
  regions: {
    allowedSmsRegions: string[]
    cognitoRegion: string
    eumsDirect: boolean
    legacyDefault: string
    name: string
    ownRegion: string
  }[]
}

export default class RegionList extends BaseCommand<typeof RegionList> {
  static override description =
    'For every region with Cognito user pools: the SNS regions its SMS may be sent from (SnsRegion), where SMS leaves from when SnsRegion is unset, and whether the End User Messaging direct path (EumsSms) is offered.'
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json']
  static override summary = 'Show which SMS regions each Cognito region may use.'

  async run(): Promise<RegionListResult> {
    const regions = COGNITO_SMS_REGIONS.map((r) => ({
      allowedSmsRegions: r.allowedSmsRegions,
      cognitoRegion: r.cognitoRegion,
      eumsDirect: r.eumsDirect,
      legacyDefault: r.legacyDefault,
      name: r.name,
      ownRegion: r.ownRegion,
    }))
    if (!this.jsonEnabled()) {
      const s = this.style
      const rows = regions.map((r) => [
        `${r.cognitoRegion}\n${s.dim(r.name)}`,
        r.allowedSmsRegions.join(', ') + (r.ownRegion === 'refused' ? s.red(' (own region refused)') : r.ownRegion === 'unlisted' ? s.yellow(' (own region unlisted)') : ''),
        r.legacyDefault === r.cognitoRegion ? s.dim('same') : s.yellow(r.legacyDefault),
        r.eumsDirect ? 'yes' : s.dim('no'),
      ])
      this.log(await renderTable(s, ['Cognito region', 'Allowed SnsRegion', 'Without SnsRegion', 'EumsSms direct'], rows))
    }

    return {regions}
  }
}
