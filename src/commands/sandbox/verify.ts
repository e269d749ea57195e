import {Args, Flags} from '@oclif/core'

import {EXIT_CODES_HELP} from '../../base-command.js'
import {badInput, ExitCode, MfaSmsError} from '../../errors.js'
import {SmsCommand, type TargetResult} from '../../sms-command.js'
import {smsFlags} from '../../lib/sms/flags.js'
import {parseDestination, parseOtp} from '../../lib/sms/input.js'
import {promptBlocker} from '../../ui/prompt.js'
import {MARK} from '../../ui/style.js'

export interface SandboxVerifyResult {
  phoneNumber: string
  reason?: string
  region: string
  status: 'already-verified' | 'not-needed' | 'verified'
  target: TargetResult
}

export default class SandboxVerify extends SmsCommand<typeof SandboxVerify> {
  static override args = {
    phone: Args.string({description: 'The pending destination number, in E.164.', required: true}),
  }
  static override description = `Finishes what \`sandbox add\` started: sends the one-time password AWS texted (SNS VerifySMSSandboxPhoneNumber). The code's format (5 to 8 digits) is checked before any call. Without --code it is asked for on a terminal; without a terminal (or with --json / --no-prompt) the command stops with exit 2 naming --code. A wrong --code exits 1; at the prompt you get another try.

The code you type is never printed or logged by mfa-sms.

${EXIT_CODES_HELP}`
  static override examples = [
    {command: '<%= config.bin %> <%= command.id %> +12065550123 --code 123456 --region us-east-1', description: 'Verify with the code from the text'},
    {command: '<%= config.bin %> <%= command.id %> +12065550123 --region us-east-1', description: 'Be asked for the code'},
    {command: '<%= config.bin %> <%= command.id %> +447700900123 --code 123456 --user-pool-id eu-central-1_AbCdEf123 --json', description: 'In the region a pool sends from, for scripts'},
  ]
  static override flags = {
    ...smsFlags,
    code: Flags.string({summary: 'The one-time password AWS texted (5 to 8 digits); asked for when missing on a terminal.'}),
  }
  static override summary = 'Verify a pending sandbox number with the one-time password AWS texted.'

  async run(): Promise<SandboxVerifyResult> {
    const destination = parseDestination(this.args.phone)
    const phone = destination.e164
    const given = this.flags.code === undefined ? undefined : parseOtp(this.flags.code)
    const blocker = promptBlocker(this.promptPolicy)
    if (given === undefined && blocker) {
      throw badInput('MISSING_INPUT', `The one-time password is needed and ${blocker}, so mfa-sms cannot ask for it.`, [`pass --code <otp>, e.g. mfa-sms sandbox verify ${phone} --code 123456`])
    }

    const {session, targetResult} = await this.smsTarget()
    const region = targetResult.region
    const sandbox = await import('../../lib/sms/sandbox.js')
    const {mode, numbers} = await this.sandboxContext(session, region)
    const base = {phoneNumber: phone, region, target: targetResult}
    const plan = sandbox.planSandbox('verify', mode, numbers, phone, region)
    if (plan.action === 'not-needed') return this.finish({...base, reason: plan.reason, status: 'not-needed'})
    if (plan.action === 'already-verified') return this.finish({...base, status: 'already-verified'})
    if (plan.action === 'not-found') {
      throw new MfaSmsError('SANDBOX_NUMBER_NOT_FOUND', `${phone} is not in the SMS sandbox list of ${region}, so there is nothing to verify.`, {
        exit: ExitCode.badInput,
        hints: [`add it first (AWS texts a code): mfa-sms sandbox add ${phone} --region ${region}`, `see what is there: mfa-sms sandbox list --region ${region}`],
      })
    }

    if (given !== undefined) {
      await sandbox.verifySandboxNumber(session, region, phone, given)
      return this.finish({...base, status: 'verified'})
    }

    await this.verifyAtPrompt(phone, (code) => sandbox.verifySandboxNumber(session, region, phone, code))
    return this.finish({...base, status: 'verified'})
  }

  private finish(result: SandboxVerifyResult): SandboxVerifyResult {
    if (this.jsonEnabled()) return result
    const s = this.style
    if (result.status === 'not-needed') this.log(`${s.cyan(MARK.info)} Not needed: ${result.reason}`)
    else if (result.status === 'already-verified') this.log(`${s.green(MARK.pass)} ${result.phoneNumber} is already verified in the SMS sandbox of ${result.region}; nothing to do.`)
    else this.log(`${s.green(MARK.pass)} ${result.phoneNumber} is verified in the SMS sandbox of ${result.region}: AWS will now text it from there.`)
    return result
  }
}
