import {EXIT_CODES_HELP} from '../../base-command.js'
import {SmsCommand, type TargetResult} from '../../sms-command.js'
import {smsFlags} from '../../lib/sms/flags.js'
import type {SandboxNumber} from '../../lib/sms/sandbox.js'
import {renderTable} from '../../ui/table.js'

export interface SandboxListResult {
  numbers: SandboxNumber[]
  region: string
  summary: {max: number; pending: number; used: number; verified: number}
  target: TargetResult
}

export default class SandboxList extends SmsCommand<typeof SandboxList> {
  static override description = `Lists the destination phone numbers in the SMS sandbox of the sending region (SNS ListSMSSandboxPhoneNumbers, every page), each Pending (code sent, not verified yet) or Verified. The list is per region: with --user-pool-id it is the one of the region that pool really sends from.

${EXIT_CODES_HELP}`
  static override examples = [
    {command: '<%= config.bin %> <%= command.id %> --region eu-west-1', description: 'The numbers verified in Ireland'},
    {command: '<%= config.bin %> <%= command.id %> --user-pool-id eu-central-1_AbCdEf123', description: 'The list that counts for a Frankfurt pool'},
    {command: '<%= config.bin %> <%= command.id %> --region us-east-1 --json', description: 'For scripts'},
  ]
  static override flags = {...smsFlags}
  static override summary = 'List the verified and pending numbers in the SMS sandbox.'

  async run(): Promise<SandboxListResult> {
    const {session, targetResult} = await this.smsTarget()
    const {listSandboxNumbers, SANDBOX_NUMBER_LIMIT} = await import('../../lib/sms/sandbox.js')
    const numbers = await listSandboxNumbers(session, targetResult.region)
    const verified = numbers.filter((n) => n.status === 'Verified').length
    const result = {
      numbers,
      region: targetResult.region,
      summary: {max: SANDBOX_NUMBER_LIMIT, pending: numbers.length - verified, used: numbers.length, verified},
      target: targetResult,
    }
    if (!this.jsonEnabled()) await this.render(result)
    return result
  }

  private async render(r: SandboxListResult): Promise<void> {
    const s = this.style
    if (r.numbers.length === 0) {
      this.log(`No numbers in the SMS sandbox of ${r.region}. Add one with: mfa-sms sandbox add <phone> --region ${r.region}`)
      return
    }

    const rows = r.numbers.map((n) => [n.phoneNumber, n.status === 'Verified' ? s.green('Verified') : s.yellow(n.status), n.country ?? s.dim('?')])
    this.log(await renderTable(s, ['Phone number', 'Status', 'Country'], rows))
    const {max, pending, used, verified} = r.summary
    this.log(`${verified} verified, ${pending} pending: ${used} of ${max} sandbox slots used in ${r.region}.`)
    if (pending > 0) this.log(s.dim(`Finish a pending one with: mfa-sms sandbox verify <phone> --code <otp> --region ${r.region}`))
  }
}
