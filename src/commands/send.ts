import {Args, Flags} from '@oclif/core'

import {EXIT_CODES_HELP} from '../base-command.js'
import {ExitCode, MfaSmsError} from '../errors.js'
import {SmsCommand, type TargetResult} from '../sms-command.js'
import {smsFlags} from '../lib/sms/flags.js'
import {parseDestination} from '../lib/sms/input.js'
import type {SendVia, SendWarning} from '../lib/sms/send.js'
import {askConfirm} from '../ui/prompt.js'
import {MARK} from '../ui/style.js'

export interface SendResult {
  /** AWS accepted the message (or, with --dry-run, validated it). Not a delivery receipt. */
  accepted: boolean
  destination: string
  dryRun: boolean
  /** CloudWatch log groups with SNS delivery status, when logging is on. */
  logGroups: string[]
  message: string
  messageId?: string
  notes: string[]
  origination?: string
  region: string
  target: TargetResult
  via: SendVia
  /** Why the destination may not receive it, found before sending. */
  warnings: SendWarning[]
}

export default class Send extends SmsCommand<typeof Send> {
  static override args = {
    phone: Args.string({description: 'Destination phone number in E.164, e.g. +12065550123.', required: true}),
  }
  static override description = `Sends one transactional test SMS from the sending region: SNS Publish (AWS.SNS.SMS.SMSType Transactional) with --via sns, or End User Messaging SendTextMessage with --via eums, whose --dry-run validates without sending or billing.

Before sending it checks whether the destination can receive it at all (the account is sandboxed and the number not verified; a US number and no toll-free, 10DLC or short-code number in the region; the number opted out) and warns. A real SMS costs money, so it asks for confirmation on a terminal; --yes skips the question, and without a terminal --yes is required (--dry-run needs neither).

A MessageId means AWS accepted the message, not that it was delivered: the outcome is in the SNS delivery-status logs (CloudWatch Logs sns/<region>/<account>/DirectPublishToPhoneNumber and .../Failure, when DeliveryStatusIAMRole is set). For cost-free end-to-end tests use an SMS simulator number (US: +14254147755 delivers, +14254147167 fails) with --via eums and a simulator origination number.

${EXIT_CODES_HELP}`
  static override examples = [
    {command: '<%= config.bin %> <%= command.id %> +12065550123 --region us-east-1', description: 'One test SMS through SNS, after a confirmation'},
    {command: '<%= config.bin %> <%= command.id %> +14254147755 --via eums --origination +12065550199 --region us-east-1 --yes', description: 'To the US SMS simulator: no phone, no carrier'},
    {command: '<%= config.bin %> <%= command.id %> +447700900123 --via eums --dry-run --user-pool-id eu-central-1_AbCdEf123', description: 'Validate only (nothing sent, nothing billed), from the region a pool sends from'},
    {command: "<%= config.bin %> <%= command.id %> +12065550123 --message 'Your code is 123456' --region us-east-1 --yes --json", description: 'Own text, no question, for scripts'},
  ]
  static override flags = {
    ...smsFlags,
    'dry-run': Flags.boolean({summary: 'Validate with End User Messaging without sending or billing (implies --via eums).'}),
    message: Flags.string({summary: 'The text to send (default: a short test message naming the region).'}),
    origination: Flags.string({summary: 'Send from this origination identity: a phone number (sns and eums), or a sender ID, pool or number id/ARN (eums).'}),
    via: Flags.string({options: ['sns', 'eums'], summary: 'SNS Publish (default) or End User Messaging SendTextMessage.'}),
    yes: Flags.boolean({char: 'y', summary: 'Send without asking for confirmation.'}),
  }
  static override summary = 'Send one transactional test SMS, safely.'

  async run(): Promise<SendResult> {
    const {flags} = this
    const destination = parseDestination(this.args.phone)
    const {checkSendRequest, defaultTestMessage, deliveryAdvice, preflightSend, sendSms, sendWarnings} = await import('../lib/sms/send.js')
    const dryRun = flags['dry-run'] ?? false
    const via = checkSendRequest({dryRun, message: flags.message, origination: flags.origination, via: flags.via as SendVia | undefined})
    const {session, targetResult} = await this.smsTarget()
    const region = targetResult.region
    const request = {destination, dryRun, message: flags.message ?? defaultTestMessage(region), ...(flags.origination ? {origination: flags.origination} : {}), via}

    this.note(this.stderrStyle.dim(`Checking ${destination.e164} before sending…`))
    const pre = await preflightSend(session, region, request)
    for (const text of pre.unavailable) this.warn(`Not checked: ${text}`)
    const warnings = sendWarnings(pre, request, region)
    for (const w of warnings) this.warn(w.message)

    if (!dryRun && !flags.yes) {
      const blocked = warnings.some((w) => w.code !== 'PHONE')
      const ok = await askConfirm(this.promptPolicy, {
        flag: '--yes',
        message: `Send one SMS to ${destination.e164} from ${region} via ${via === 'sns' ? 'SNS' : 'End User Messaging'}${blocked ? ' anyway' : ''}? AWS bills it.`,
        what: 'Confirmation to send a billed SMS',
      })
      if (!ok) throw new MfaSmsError('CANCELLED', `Nothing sent to ${destination.e164}.`, {exit: ExitCode.failed})
    }

    this.note(this.stderrStyle.dim(dryRun ? 'Validating (dry run)…' : 'Sending…'))
    const outcome = await sendSms(session, region, request)
    const advice = deliveryAdvice(pre, request, region)
    const result: SendResult = {
      accepted: true,
      destination: destination.e164,
      dryRun,
      logGroups: advice.logGroups,
      message: request.message,
      ...(outcome.messageId ? {messageId: outcome.messageId} : {}),
      notes: advice.notes,
      ...(request.origination ? {origination: request.origination} : {}),
      region,
      target: targetResult,
      via,
      warnings,
    }
    if (!this.jsonEnabled()) this.render(result)
    return result
  }

  private render(r: SendResult): void {
    const s = this.style
    const how = r.via === 'sns' ? 'SNS Publish' : 'End User Messaging SendTextMessage'
    if (r.dryRun) this.log(`${s.green(MARK.pass)} Dry run passed: ${how} would accept an SMS to ${r.destination} from ${r.region}.`)
    else this.log(`${s.green(MARK.pass)} Accepted by ${how}: MessageId ${s.bold(r.messageId ?? '(none returned)')}`)
    this.log(s.dim(`  to ${r.destination} from ${r.region}${r.origination ? `, origination ${r.origination}` : ''}, Transactional`))
    if (!r.dryRun && r.warnings.some((w) => w.code !== 'PHONE')) this.log(s.yellow(`  ${MARK.warn} It was sent despite the warnings above: expect it not to arrive.`))
    for (const note of r.notes) this.log(`  ${s.cyan(MARK.info)} ${note}`)
  }
}
