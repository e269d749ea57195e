import {Args, Flags} from '@oclif/core'

import {EXIT_CODES_HELP} from '../../base-command.js'
import {ExitCode, MfaSmsError} from '../../errors.js'
import {SmsCommand, type TargetResult} from '../../sms-command.js'
import {smsFlags} from '../../lib/sms/flags.js'
import {parseDestination} from '../../lib/sms/input.js'
import {askConfirm, promptBlocker} from '../../ui/prompt.js'
import {MARK} from '../../ui/style.js'

export interface SandboxDeleteResult {
  deleted: true
  phoneNumber: string
  region: string
  target: TargetResult
}

export default class SandboxDelete extends SmsCommand<typeof SandboxDelete> {
  static override args = {
    phone: Args.string({description: 'The sandbox number to remove, in E.164.', required: true}),
  }
  static override description = `Removes a destination number from the SMS sandbox of the sending region (SNS DeleteSMSSandboxPhoneNumber), freeing one of its 10 slots. Asks for confirmation unless --yes; without a terminal (or with --json / --no-prompt) --yes is required.

AWS deletes a sandbox number only 24 hours after it was verified or after its last verification attempt; sooner, it refuses and this command says so (exit 1).

${EXIT_CODES_HELP}`
  static override examples = [
    {command: '<%= config.bin %> <%= command.id %> +12065550123 --region us-east-1', description: 'Asks before deleting'},
    {command: '<%= config.bin %> <%= command.id %> +12065550123 --region us-east-1 --yes', description: 'No question (scripts, CI)'},
    {command: '<%= config.bin %> <%= command.id %> +447700900123 --user-pool-id eu-central-1_AbCdEf123 --yes --json', description: 'In the region a pool sends from'},
  ]
  static override flags = {
    ...smsFlags,
    yes: Flags.boolean({char: 'y', summary: 'Delete without asking for confirmation.'}),
  }
  static override summary = 'Remove a phone number from the SMS sandbox.'

  async run(): Promise<SandboxDeleteResult> {
    const phone = parseDestination(this.args.phone).e164
    const confirm = {flag: '--yes', what: 'Confirmation to delete'}
    // Without a terminal this refuses (exit 2, naming --yes) before any AWS call.
    if (!this.flags.yes && promptBlocker(this.promptPolicy)) await askConfirm(this.promptPolicy, {...confirm, message: ''})
    const {session, targetResult} = await this.smsTarget()
    const region = targetResult.region
    if (!this.flags.yes) {
      const ok = await askConfirm(this.promptPolicy, {...confirm, message: `Delete ${phone} from the SMS sandbox of ${region}?`})
      if (!ok) throw new MfaSmsError('CANCELLED', `Nothing deleted: ${phone} stays in the SMS sandbox of ${region}.`, {exit: ExitCode.failed})
    }

    const {deleteSandboxNumber} = await import('../../lib/sms/sandbox.js')
    await deleteSandboxNumber(session, region, phone)
    const result = {deleted: true as const, phoneNumber: phone, region, target: targetResult}
    if (!this.jsonEnabled()) this.log(`${this.style.green(MARK.pass)} Deleted ${phone} from the SMS sandbox of ${region}.`)
    return result
  }
}
