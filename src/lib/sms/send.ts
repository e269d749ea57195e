/**
 * One transactional test SMS: the checks before it (will the destination get it at all?), the send
 * (SNS Publish or End User Messaging SendTextMessage, whose DryRun validates without sending or
 * billing), and what a MessageId does and does not mean afterwards.
 */
import {badInput} from '../../errors.js'
import type {AwsSession} from '../aws/clients.js'
import {simulatorNumberFor} from '../knowledge/phone.js'
import {eumsClient, optional, optionalIfDenied, smsCall, snsClient} from './call.js'
import type {Destination} from './input.js'
import {canServe, listOriginationIdentities, type OriginationIdentity} from './origination.js'
import {deliveryLogGroups, listSandboxNumbers, readSandboxMode, type SandboxMode} from './sandbox.js'

export type SendVia = 'eums' | 'sns'

export interface SendRequest {
  destination: Destination
  dryRun: boolean
  message: string
  origination?: string
  via: SendVia
}

export const MAX_MESSAGE_LENGTH = 1600

export function defaultTestMessage(region: string): string {
  return `mfa-sms test message sent from ${region}. If you can read this, SMS from this AWS account reach this phone.`
}

/** Checks the flag combination and the message before any call (bad input, exit 2). */
export function checkSendRequest(input: {dryRun: boolean; message?: string; origination?: string; via?: SendVia}): SendVia {
  const via = input.via ?? (input.dryRun ? 'eums' : 'sns')
  if (input.dryRun && via === 'sns') {
    throw badInput('DRY_RUN_NEEDS_EUMS', 'SNS Publish has no dry run: --dry-run works only with --via eums (End User Messaging validates the message without sending or billing it).', ['pass --via eums --dry-run'])
  }

  if (input.message !== undefined && input.message.trim() === '') {
    throw badInput('BAD_MESSAGE', '--message is empty.', ['pass some text, or leave --message out for the default test message'])
  }

  if (input.message !== undefined && input.message.length > MAX_MESSAGE_LENGTH) {
    throw badInput('BAD_MESSAGE', `--message has ${input.message.length} characters; AWS sends at most ${MAX_MESSAGE_LENGTH}.`, ['shorten it'])
  }

  if (via === 'sns' && input.origination !== undefined && !/^\+?[0-9]{5,14}$/.test(input.origination)) {
    throw badInput(
      'BAD_ORIGINATION',
      `With --via sns, --origination must be an origination phone number (5 to 14 digits, optional +); "${input.origination}" is not.`,
      ['use --via eums for a sender ID, a pool or a phone number id/ARN'],
    )
  }

  return via
}

export interface SendPreflight {
  /** For the CloudWatch log group names. */
  account?: string
  deliveryLoggingRole?: string
  identities?: OriginationIdentity[]
  /** Undefined when the sandbox status could not be read. */
  mode?: SandboxMode
  optedOut?: boolean
  /** Checks that could not be made (one sentence each). */
  unavailable: string[]
  /** Whether the destination is a verified sandbox number (undefined: unknown). */
  verified?: boolean
}

export type SendWarningCode =
  | 'OPTED_OUT'
  | 'ORIGINATION_NOT_FOUND'
  | 'ORIGINATION_WRONG_COUNTRY'
  | 'PHONE'
  | 'SANDBOX_UNVERIFIED'
  | 'SIMULATOR_NEEDS_EUMS'
  | 'SIMULATOR_NEEDS_SIMULATOR_ORIGINATION'
  | 'US_NO_ORIGINATION'

export interface SendWarning {
  code: SendWarningCode
  message: string
}

/** Reads what decides whether the SMS can arrive, concurrently. Only the sandbox status is required. */
export async function preflightSend(session: AwsSession, region: string, request: SendRequest): Promise<SendPreflight> {
  const phone = request.destination.e164
  const sns = snsClient(session, region)
  const [mode, numbers, optedOut, identities, attributes, account] = await Promise.all([
    optionalIfDenied(readSandboxMode(session, region)),
    optional(listSandboxNumbers(session, region)),
    optional(
      (async () => {
        const {client, sdk} = await sns
        const out = await smsCall(session, {doing: `checking whether ${phone} opted out`, operation: 'CheckIfPhoneNumberIsOptedOut', phone, region}, () =>
          client.send(new sdk.CheckIfPhoneNumberIsOptedOutCommand({phoneNumber: phone})),
        )
        return out.isOptedOut === true
      })(),
    ),
    optional(listOriginationIdentities(session, region)),
    optional(
      (async () => {
        const {client, sdk} = await sns
        const out = await smsCall(session, {doing: 'reading the SMS settings', operation: 'GetSMSAttributes', region}, () =>
          client.send(new sdk.GetSMSAttributesCommand({attributes: ['DeliveryStatusIAMRole']})),
        )
        return out.attributes?.DeliveryStatusIAMRole
      })(),
    ),
    optional(session.identity().then((id) => id.account)),
  ])
  const unavailable = [mode, numbers, optedOut, identities, attributes].flatMap((o) => (o.ok ? [] : [o.error.message]))
  if (identities.ok) unavailable.push(...identities.value.unavailable)
  return {
    ...(account.ok ? {account: account.value} : {}),
    ...(attributes.ok && attributes.value ? {deliveryLoggingRole: attributes.value} : {}),
    ...(identities.ok ? {identities: identities.value.identities} : {}),
    ...(mode.ok ? {mode: mode.value} : {}),
    ...(optedOut.ok ? {optedOut: optedOut.value} : {}),
    unavailable,
    ...(numbers.ok ? {verified: numbers.value.some((n) => n.phoneNumber === phone && n.status === 'Verified')} : {}),
  }
}

function findIdentity(identities: readonly OriginationIdentity[], wanted: string): OriginationIdentity | undefined {
  const digits = wanted.replace(/^\+/, '')
  return identities.find((i) => i.identity === wanted || i.id === wanted || i.arn === wanted || (i.kind === 'phone-number' && i.identity.replace(/^\+/, '') === digits))
}

/** Pure: why the destination will not receive the SMS (or might not), from the preflight facts. */
export function sendWarnings(pre: SendPreflight, request: SendRequest, region: string): SendWarning[] {
  const {analysis, e164} = request.destination
  const warnings: SendWarning[] = request.destination.warnings.map((message) => ({code: 'PHONE' as const, message}))
  const simulator = analysis.simulator
  const country = simulator?.country ?? analysis.country

  if (pre.optedOut) {
    warnings.push({code: 'OPTED_OUT', message: `${e164} has opted out of SMS from this account in ${region} (it replied STOP): AWS will not deliver to it.`})
  }

  if (pre.mode?.inSandbox && !simulator && pre.verified === false) {
    warnings.push({
      code: 'SANDBOX_UNVERIFIED',
      message:
        `The account is in the SMS sandbox in ${region} and ${e164} is not a verified sandbox number, so it will not receive the SMS` +
        (request.via === 'sns' ? ' (SNS still returns a MessageId; the delivery log says "Sandboxed account unable to send to number.").' : '.') +
        ` Verify it first: mfa-sms sandbox add ${e164} --region ${region}`,
    })
  }

  if (simulator) {
    if (request.via === 'sns') {
      warnings.push({
        code: 'SIMULATOR_NEEDS_EUMS',
        message: `${e164} is an SMS simulator number: AWS documents it only with End User Messaging SendTextMessage from a simulator origination number. Use --via eums --origination <simulator number>.`,
      })
    } else if (pre.identities) {
      const chosen = request.origination ? findIdentity(pre.identities, request.origination) : undefined
      const simulators = pre.identities.filter((i) => i.type === 'SIMULATOR' && i.active && i.country === simulator.country)
      if (request.origination ? chosen && chosen.type !== 'SIMULATOR' : simulators.length === 0) {
        warnings.push({
          code: 'SIMULATOR_NEEDS_SIMULATOR_ORIGINATION',
          message: `${e164} is an SMS simulator number, reachable only from a simulator origination number of ${simulator.country}; ${request.origination ? `${request.origination} is not one` : `${region} has none`}. Request one in the End User Messaging SMS console (Phone numbers → Request originator → Simulator).`,
        })
      }
    }
  } else if (request.origination && pre.identities) {
    const chosen = findIdentity(pre.identities, request.origination)
    if (!chosen) {
      warnings.push({code: 'ORIGINATION_NOT_FOUND', message: `The origination identity ${request.origination} is not among those in ${region} (see mfa-sms origination list --region ${region}).`})
    } else if (country && !canServe(chosen, country)) {
      warnings.push({code: 'ORIGINATION_WRONG_COUNTRY', message: `${request.origination} cannot send to ${country} numbers: ${chosen.servesNote}.`})
    }
  } else if (analysis.needsUsOriginationIdentity && pre.identities && !pre.identities.some((i) => canServe(i, 'US'))) {
    warnings.push({
      code: 'US_NO_ORIGINATION',
      message: `${e164} is a US number and ${region} has no active toll-free, 10DLC or short-code number, so AWS will not deliver to it (see mfa-sms origination list --country US --region ${region}).`,
    })
  }

  return warnings
}

export interface SendOutcome {
  messageId?: string
}

/** Sends (or, with dryRun, validates) one transactional SMS. */
export async function sendSms(session: AwsSession, region: string, request: SendRequest): Promise<SendOutcome> {
  const phone = request.destination.e164
  const ctx = {origination: request.origination, phone, region}
  if (request.via === 'sns') {
    const {client, sdk} = await snsClient(session, region)
    const attributes: Record<string, {DataType: string; StringValue: string}> = {'AWS.SNS.SMS.SMSType': {DataType: 'String', StringValue: 'Transactional'}}
    if (request.origination) attributes['AWS.MM.SMS.OriginationNumber'] = {DataType: 'String', StringValue: request.origination}
    const out = await smsCall(session, {...ctx, doing: `sending a test SMS to ${phone}`, operation: 'Publish'}, () =>
      client.send(new sdk.PublishCommand({Message: request.message, MessageAttributes: attributes, PhoneNumber: phone})),
    )
    return out.MessageId ? {messageId: out.MessageId} : {}
  }

  const {client, sdk} = await eumsClient(session, region)
  const out = await smsCall(session, {...ctx, doing: `${request.dryRun ? 'validating (dry run)' : 'sending'} a test SMS to ${phone}`, operation: 'SendTextMessage'}, () =>
    client.send(
      new sdk.SendTextMessageCommand({
        DestinationPhoneNumber: phone,
        DryRun: request.dryRun,
        MessageBody: request.message,
        MessageType: 'TRANSACTIONAL',
        ...(request.origination ? {OriginationIdentity: request.origination} : {}),
      }),
    ),
  )
  return out.MessageId ? {messageId: out.MessageId} : {}
}

export interface DeliveryAdvice {
  /** CloudWatch log groups with SNS delivery status, when logging is on (SNS only). */
  logGroups: string[]
  /** Sentences for people: what the MessageId means, where to look, how to test for free. */
  notes: string[]
}

/** Pure: what to tell people after the call. */
export function deliveryAdvice(pre: SendPreflight, request: SendRequest, region: string): DeliveryAdvice {
  const notes: string[] = []
  let logGroups: string[] = []
  if (request.dryRun) {
    notes.push('Dry run: End User Messaging validated the message; nothing was sent and nothing is billed.')
  } else {
    notes.push('A MessageId means AWS accepted the message, not that the phone received it: delivery is decided later, by AWS and the carriers.')
    if (request.via === 'sns') {
      if (pre.deliveryLoggingRole) {
        logGroups = deliveryLogGroups(region, pre.account)
        notes.push(`Delivery status is logged to CloudWatch Logs: ${logGroups[0]} (successes) and ${logGroups[1]} (failures), usually within a minute or two.`)
      } else {
        notes.push(
          `Delivery-status logging is off in ${region} (no DeliveryStatusIAMRole), so there will be no record of the outcome. Turn it on: aws sns set-sms-attributes --region ${region} --attributes DeliveryStatusIAMRole=<role-arn>,DeliveryStatusSuccessSamplingRate=100`,
        )
      }
    } else {
      notes.push('End User Messaging reports delivery only to the event destinations of a configuration set (CloudWatch, Firehose or SNS); this send used none. The SNS log groups (sns/<region>/<account>/DirectPublishToPhoneNumber) cover SNS Publish only.')
    }
  }

  if (!request.destination.analysis.simulator) {
    notes.push(`For cost-free end-to-end tests, send to an SMS simulator number instead, e.g. ${simulatorNumberFor('US', 'success')} (US, delivered) or ${simulatorNumberFor('US', 'failure')} (US, fails), with --via eums --origination <simulator origination number>.`)
  }

  return {logGroups, notes}
}
