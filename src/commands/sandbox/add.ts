import {Args, Flags} from '@oclif/core'

import {EXIT_CODES_HELP} from '../../base-command.js'
import {MfaSmsError} from '../../errors.js'
import {SmsCommand, type TargetResult} from '../../sms-command.js'
import {smsFlags} from '../../lib/sms/flags.js'
import {parseDestination, parseLanguage, type SandboxLanguage} from '../../lib/sms/input.js'
import {promptBlocker} from '../../ui/prompt.js'
import {MARK} from '../../ui/style.js'

export interface SandboxAddResult {
  /** Whether AWS texted a one-time password in this run. */
  codeSent: boolean
  language: SandboxLanguage
  /** The command that finishes a pending verification. */
  next?: string
  phoneNumber: string
  /** Why nothing was done, for not-needed. */
  reason?: string
  region: string
  status: 'already-verified' | 'not-needed' | 'pending' | 'verified'
  target: TargetResult
}

export default class SandboxAdd extends SmsCommand<typeof SandboxAdd> {
  static override args = {
    phone: Args.string({description: 'Destination phone number in E.164, e.g. +12065550123.', required: true}),
  }
  static override description = `While the account is in the SMS sandbox, AWS texts only verified destination numbers (at most 10 per region). This checks the number first (E.164, country), adds it (SNS CreateSMSSandboxPhoneNumber: AWS texts it a one-time password), then, on a terminal, asks for the code and verifies it, with another try after a wrong code. Without a terminal (or with --json / --no-prompt) it stops after sending the code and prints the command that finishes: mfa-sms sandbox verify <phone> --code <otp>.

Adding a number that is still pending sends a new code (the old one stops working). In an account already out of the sandbox nothing is done: verification is not needed there.

${EXIT_CODES_HELP}`
  static override examples = [
    {command: '<%= config.bin %> <%= command.id %> +12065550123 --region us-east-1', description: 'Add a phone and type the code when it arrives'},
    {command: '<%= config.bin %> <%= command.id %> +447700900123 --user-pool-id eu-central-1_AbCdEf123 --language en-GB', description: 'In the region a Frankfurt pool really sends from, code in British English'},
    {command: '<%= config.bin %> <%= command.id %> +12065550123 --region us-east-1 --no-prompt', description: 'Only send the code; finish later with sandbox verify'},
  ]
  static override flags = {
    ...smsFlags,
    language: Flags.string({default: 'en-US', summary: 'Language of the text with the code: en-US, en-GB, es-419, es-ES, de-DE, fr-CA, fr-FR, it-IT, ja-JP, pt-BR, kr-KR, zh-CN, zh-TW.'}),
  }
  static override summary = 'Add a phone number to the SMS sandbox and verify it with the code AWS texts.'

  async run(): Promise<SandboxAddResult> {
    const destination = parseDestination(this.args.phone)
    const language = parseLanguage(this.flags.language)
    const phone = destination.e164
    for (const warning of destination.warnings) this.warn(warning)
    const {session, targetResult} = await this.smsTarget()
    const region = targetResult.region
    const sandbox = await import('../../lib/sms/sandbox.js')
    const {mode, numbers} = await this.sandboxContext(session, region)
    const base = {codeSent: false, language, phoneNumber: phone, region, target: targetResult}
    const next = `mfa-sms sandbox verify ${phone} --code <otp> --region ${region}`
    const plan = sandbox.planSandbox('add', mode, numbers, phone, region)

    if (plan.action === 'not-needed') return this.finish({...base, reason: plan.reason, status: 'not-needed'})
    if (plan.action === 'already-verified') return this.finish({...base, status: 'already-verified'})
    if (plan.action === 'proceed' && plan.pending) this.note(`${phone} is already pending in ${region}: asking AWS for a new code (the previous one stops working).`)

    try {
      await sandbox.createSandboxNumber(session, region, phone, language)
    } catch (error) {
      if (error instanceof MfaSmsError && error.code === 'SANDBOX_ALREADY_VERIFIED') return this.finish({...base, status: 'already-verified'})
      throw error
    }

    this.note(`AWS is texting a one-time password to ${phone} (from ${region}).`)
    const sent = {...base, codeSent: true}
    if (promptBlocker(this.promptPolicy)) return this.finish({...sent, next, status: 'pending'}, destination.analysis.needsUsOriginationIdentity)

    try {
      await this.verifyAtPrompt(phone, (code) => sandbox.verifySandboxNumber(session, region, phone, code))
    } catch (error) {
      if (error instanceof MfaSmsError && error.code === 'INTERRUPTED') this.note(`\nInterrupted. ${phone} stays Pending in ${region}; finish later with: ${next}`)
      throw error
    }

    return this.finish({...sent, status: 'verified'})
  }

  private finish(result: SandboxAddResult, usHint = false): SandboxAddResult {
    if (this.jsonEnabled()) return result
    const s = this.style
    switch (result.status) {
      case 'not-needed': {
        this.log(`${s.cyan(MARK.info)} Not needed: ${result.reason}`)
        this.log(s.dim(`  send a test instead: mfa-sms send ${result.phoneNumber} --region ${result.region}`))
        break
      }

      case 'already-verified': {
        this.log(`${s.green(MARK.pass)} ${result.phoneNumber} is already verified in the SMS sandbox of ${result.region}; nothing to do.`)
        break
      }

      case 'pending': {
        this.log(`${s.yellow(MARK.warn)} Code sent to ${result.phoneNumber}; it stays Pending until verified. When the text arrives, run:`)
        this.log(`  ${result.next}`)
        if (usHint) this.log(s.dim(`  No code after a few minutes? For US numbers the sending region may need a toll-free, 10DLC or short-code number: mfa-sms origination list --country US --region ${result.region}`))
        break
      }

      default: {
        this.log(`${s.green(MARK.pass)} ${result.phoneNumber} is verified in the SMS sandbox of ${result.region}: AWS will now text it from there.`)
      }
    }

    return result
  }
}
