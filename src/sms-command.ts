/**
 * The base of `sandbox *`, `origination list` and `send`: resolves the region to act in (the one a
 * --user-pool-id really sends from, else --region) and says which it is, on stderr.
 */
import type {Command} from '@oclif/core'

import {BaseCommand} from './base-command.js'
import {askInput} from './ui/prompt.js'
import {MARK} from './ui/style.js'
import type {AwsSession} from './lib/aws/clients.js'
import {otpProblem} from './lib/sms/input.js'
import {verifyWithRetries, wrongCodeMessage} from './lib/sms/verify-loop.js'
import type {SandboxMode, SandboxNumber} from './lib/sms/sandbox.js'
import type {SmsTarget} from './lib/sms/target.js'

/** The target as it goes into every --json result. */
export interface TargetResult {
  explanation: string
  region: string
  regionName: string
  source: SmsTarget['source']
  userPool?: SmsTarget['userPool']
}

export abstract class SmsCommand<T extends typeof Command> extends BaseCommand<T> {
  // Restated so `oclif manifest` (which walks static properties only while each class has some) records it.
  static override enableJsonFlag = true

  /** Checks --user-pool-id / --region, builds the session, resolves the region and notes it. */
  protected async smsTarget(): Promise<{session: AwsSession; target: SmsTarget; targetResult: TargetResult}> {
    const flags = this.flags as {region?: string; 'user-pool-id'?: string}
    const {checkTargetFlags, resolveSmsTarget} = await import('./lib/sms/target.js')
    const input = {region: flags.region, userPoolId: flags['user-pool-id']}
    const {cognitoRegion} = checkTargetFlags(input)
    const session = await this.aws(cognitoRegion)
    const target = await resolveSmsTarget(session, input)
    this.note(this.stderrStyle.dim(target.explanation))
    for (const note of target.notes) this.note(this.stderrStyle.dim(note))
    for (const warning of target.warnings) this.warn(warning)
    const {explanation, region, regionName, source, userPool} = target
    return {session, target, targetResult: {explanation, region, regionName, source, ...(userPool ? {userPool} : {})}}
  }

  /**
   * The sandbox state of `region` before a sandbox change, warning about what could not be read
   * (the command goes ahead) and about SNS and End User Messaging disagreeing.
   */
  protected async sandboxContext(session: AwsSession, region: string): Promise<{mode?: SandboxMode; numbers?: SandboxNumber[]}> {
    const {describeMode, readSandboxContext} = await import('./lib/sms/sandbox.js')
    const {mode, numbers, unavailable} = await readSandboxContext(session, region)
    for (const text of unavailable) this.warn(`Not checked (going ahead; AWS will decide): ${text}`)
    if (mode?.disagree) this.warn(describeMode(mode, region))
    return {mode, numbers}
  }

  /**
   * Asks for the one-time password on the terminal (askInput refuses, exit 2 naming --code, when it
   * may not prompt). @inquirer/prompts leaves "✔ <question> <answer>" on screen; that line is
   * replaced so the code the user typed is not left printed.
   */
  protected async askCode(phone: string): Promise<string> {
    return askInput(this.promptPolicy, {
      flag: '--code <otp>',
      message: `Code texted to ${phone}:`,
      secret: true,
      validate: (value) => otpProblem(value) ?? true,
      what: 'The one-time password',
    })
  }

  /** Asks for the code at the prompt and verifies it, with another try after a wrong one. */
  protected async verifyAtPrompt(phone: string, verify: (code: string) => Promise<void>): Promise<number> {
    return verifyWithRetries({
      ask: () => this.askCode(phone),
      onWrong: (left) => this.note(this.stderrStyle.red(`${MARK.fail} ${wrongCodeMessage(left)}`)),
      verify,
    })
  }
}
