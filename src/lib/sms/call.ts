/**
 * One SNS / End User Messaging call: session.call maps the SDK error, explainSmsError sharpens it
 * for the operation. `optional` turns a failure into data for facts a command can do without.
 */
import type {AwsSession} from '../aws/clients.js'
import {MfaSmsError} from '../../errors.js'
import {explainSmsError, type SmsErrorContext, type SmsOperation} from './errors.js'

const IAM_PREFIX: Record<SmsOperation, 'sms-voice' | 'sns'> = {
  CheckIfPhoneNumberIsOptedOut: 'sns',
  CreateSMSSandboxPhoneNumber: 'sns',
  DeleteSMSSandboxPhoneNumber: 'sns',
  DescribeAccountAttributes: 'sms-voice',
  DescribeAccountLimits: 'sms-voice',
  DescribePhoneNumbers: 'sms-voice',
  DescribePools: 'sms-voice',
  DescribeSenderIds: 'sms-voice',
  DescribeSpendLimits: 'sms-voice',
  GetSMSAttributes: 'sns',
  GetSMSSandboxAccountStatus: 'sns',
  ListOriginationNumbers: 'sns',
  ListSMSSandboxPhoneNumbers: 'sns',
  Publish: 'sns',
  SendTextMessage: 'sms-voice',
  VerifySMSSandboxPhoneNumber: 'sns',
}

/** The SNS client of `region` with its SDK module, both loaded on first use. */
export async function snsClient(session: AwsSession, region: string) {
  const [client, sdk] = await Promise.all([session.client('sns', region), import('@aws-sdk/client-sns')])
  return {client, sdk}
}

/** The End User Messaging SMS client of `region` with its SDK module, both loaded on first use. */
export async function eumsClient(session: AwsSession, region: string) {
  const [client, sdk] = await Promise.all([session.client('eums', region), import('@aws-sdk/client-pinpoint-sms-voice-v2')])
  return {client, sdk}
}

/** The IAM action a call needs, e.g. `sns:CreateSMSSandboxPhoneNumber`. */
export function iamAction(operation: SmsOperation): string {
  return `${IAM_PREFIX[operation]}:${operation}`
}

/**
 * Runs one call. `doing` reads after "while", e.g. "adding +1… to the SMS sandbox"; the IAM action
 * is appended so an access-denied error names what to grant.
 */
export async function smsCall<T>(session: AwsSession, ctx: SmsErrorContext & {doing: string}, send: () => Promise<T>): Promise<T> {
  const {doing, ...errorContext} = ctx
  try {
    return await session.call(`${doing} (${iamAction(ctx.operation)})`, send, ctx.region)
  } catch (error) {
    throw explainSmsError(error, errorContext)
  }
}

export type Optional<T> = {error: MfaSmsError; ok: false} | {ok: true; value: T}

/** Settles a call into data, so one missing permission does not sink a whole report. */
export async function optional<T>(promise: Promise<T>): Promise<Optional<T>> {
  try {
    return {ok: true, value: await promise}
  } catch (error) {
    if (error instanceof MfaSmsError) return {error, ok: false}
    throw error
  }
}

/** Errors that mean "this fact is not available to you", as opposed to "nothing works" (credentials, network, throttling). */
const UNAVAILABLE = new Set(['AWS_ACCESS_DENIED', 'AWS_UNSUPPORTED_OPERATION'])

/** Like optional, for checks a command can go ahead without: only a denied or unsupported call becomes data. */
export async function optionalIfDenied<T>(promise: Promise<T>): Promise<Optional<T>> {
  const result = await optional(promise)
  if (!result.ok && !UNAVAILABLE.has(result.error.code)) throw result.error
  return result
}
