/**
 * The SMS sandbox of one region: whether the account is in it (SNS GetSMSSandboxAccountStatus and
 * End User Messaging ACCOUNT_TIER), its verified destination numbers (at most 10), and the account
 * settings that decide whether a test SMS arrives (spend limit, default SMS type, delivery logs).
 * Data in, data out: the SDK is loaded on first use, nothing is printed.
 */
import type {AwsSession} from '../aws/clients.js'
import {allPages} from '../aws/pages.js'
import {analysePhone} from '../knowledge/phone.js'
import {eumsClient, type Optional, optional, optionalIfDenied, smsCall, snsClient} from './call.js'
import type {SandboxLanguage} from './input.js'

/** SNS and End User Messaging both allow 10 verified destination numbers per region. */
export const SANDBOX_NUMBER_LIMIT = 10

export const PRODUCTION_ACCESS_URL = 'https://docs.aws.amazon.com/sms-voice/latest/userguide/sandbox.html#sandbox-sms'

export interface SandboxNumber {
  /** ISO country from the number, when it can be placed. */
  country?: string
  phoneNumber: string
  /** `Pending` (code sent, not yet verified) or `Verified`. */
  status: string
}

export interface SandboxMode {
  /** End User Messaging ACCOUNT_TIER as AWS gives it (the value set is undocumented). */
  accountTier?: string
  /** Why ACCOUNT_TIER could not be read. */
  accountTierError?: string
  /** The two sources disagree (both are shown then). */
  disagree: boolean
  /** What to act on: in the sandbox when either source says so. */
  inSandbox: boolean
  snsInSandbox: boolean
  /** ACCOUNT_TIER read as sandbox (true), production (false) or unknown. */
  tierInSandbox?: boolean
}

/** Reads ACCOUNT_TIER: SANDBOX / PRODUCTION are assumed, case-insensitively; other values stay unknown. */
export function tierInSandbox(tier: string | undefined): boolean | undefined {
  if (tier === undefined) return undefined
  if (/sandbox/i.test(tier)) return true
  if (/production/i.test(tier)) return false
  return undefined
}

export function combineSandbox(snsInSandbox: boolean, tier: Optional<string | undefined>): SandboxMode {
  const accountTier = tier.ok ? tier.value : undefined
  const fromTier = tierInSandbox(accountTier)
  return {
    ...(accountTier === undefined ? {} : {accountTier}),
    ...(tier.ok ? {} : {accountTierError: tier.error.message}),
    disagree: (fromTier !== undefined && fromTier !== snsInSandbox) || (accountTier !== undefined && fromTier === undefined),
    inSandbox: snsInSandbox || fromTier === true,
    snsInSandbox,
    ...(fromTier === undefined ? {} : {tierInSandbox: fromTier}),
  }
}

/** "in the SMS sandbox" / "out of the sandbox (production)", with both sources when they differ. */
export function describeMode(mode: SandboxMode, region: string): string {
  const sns = mode.snsInSandbox ? 'in the SMS sandbox' : 'out of the SMS sandbox (production)'
  if (!mode.disagree) return `The account is ${sns} in ${region}.`
  const tier = mode.accountTier ?? 'unknown'
  return (
    `SNS says the account is ${sns} in ${region}, but End User Messaging reports ACCOUNT_TIER ${tier}. ` +
    'Since November 2024 SNS SMS runs on End User Messaging, so the stricter answer is the safer one to plan for' +
    (mode.inSandbox ? ': treating it as in the sandbox.' : '.')
  )
}

export async function readSnsSandboxStatus(session: AwsSession, region: string): Promise<boolean> {
  const {client, sdk} = await snsClient(session, region)
  const out = await smsCall(session, {doing: 'checking the SMS sandbox status', operation: 'GetSMSSandboxAccountStatus', region}, () =>
    client.send(new sdk.GetSMSSandboxAccountStatusCommand({})),
  )
  return out.IsInSandbox === true
}

export async function readAccountTier(session: AwsSession, region: string): Promise<string | undefined> {
  const {client, sdk} = await eumsClient(session, region)
  const out = await smsCall(session, {doing: 'reading the End User Messaging account tier', operation: 'DescribeAccountAttributes', region}, () =>
    client.send(new sdk.DescribeAccountAttributesCommand({})),
  )
  return out.AccountAttributes?.find((a) => a.Name === 'ACCOUNT_TIER')?.Value
}

/** Both views of the sandbox, read together; ACCOUNT_TIER is optional (End User Messaging may be denied). */
export async function readSandboxMode(session: AwsSession, region: string): Promise<SandboxMode> {
  const [sns, tier] = await Promise.all([readSnsSandboxStatus(session, region), optional(readAccountTier(session, region))])
  return combineSandbox(sns, tier)
}

export async function listSandboxNumbers(session: AwsSession, region: string): Promise<SandboxNumber[]> {
  const {client, sdk} = await snsClient(session, region)
  return allPages(async (NextToken) => {
    const out = await smsCall(session, {doing: 'listing the SMS sandbox numbers', operation: 'ListSMSSandboxPhoneNumbers', region}, () =>
      client.send(new sdk.ListSMSSandboxPhoneNumbersCommand({MaxResults: 100, NextToken})),
    )
    const items = (out.PhoneNumbers ?? []).map((n) => {
      const phoneNumber = n.PhoneNumber ?? ''
      const country = analysePhone(phoneNumber).country
      return {...(country ? {country} : {}), phoneNumber, status: n.Status ?? 'unknown'}
    })
    return {items, next: out.NextToken}
  })
}

export async function createSandboxNumber(session: AwsSession, region: string, phone: string, language: SandboxLanguage): Promise<void> {
  const {client, sdk} = await snsClient(session, region)
  await smsCall(session, {doing: `adding ${phone} to the SMS sandbox`, operation: 'CreateSMSSandboxPhoneNumber', phone, region}, () =>
    client.send(new sdk.CreateSMSSandboxPhoneNumberCommand({LanguageCode: language, PhoneNumber: phone})),
  )
}

/** Verifies `phone` with `code`; a wrong code throws SANDBOX_CODE_WRONG. The code is never put in an error. */
export async function verifySandboxNumber(session: AwsSession, region: string, phone: string, code: string): Promise<void> {
  const {client, sdk} = await snsClient(session, region)
  await smsCall(session, {doing: `verifying ${phone} in the SMS sandbox`, operation: 'VerifySMSSandboxPhoneNumber', phone, region}, () =>
    client.send(new sdk.VerifySMSSandboxPhoneNumberCommand({OneTimePassword: code, PhoneNumber: phone})),
  )
}

export async function deleteSandboxNumber(session: AwsSession, region: string, phone: string): Promise<void> {
  const {client, sdk} = await snsClient(session, region)
  await smsCall(session, {doing: `deleting ${phone} from the SMS sandbox`, operation: 'DeleteSMSSandboxPhoneNumber', phone, region}, () =>
    client.send(new sdk.DeleteSMSSandboxPhoneNumberCommand({PhoneNumber: phone})),
  )
}

// ---------------------------------------------------------------------------------------------
// add / verify: what to do, decided from the mode and the list

export type SandboxPlan =
  /** The account is out of the sandbox: verification is not needed. */
  | {action: 'not-needed'; reason: string}
  | {action: 'already-verified'}
  /** verify only: the number was never added (or was deleted). */
  | {action: 'not-found'}
  /** add: create (or, for a pending number, send a new code); verify: check the code. */
  | {action: 'proceed'; pending: boolean; slotsUsed?: number}

export function notNeededReason(mode: SandboxMode, region: string): string {
  const tier = mode.accountTier ? ` and End User Messaging ACCOUNT_TIER is ${mode.accountTier}` : ''
  return (
    `The account is out of the SMS sandbox in ${region} (SNS GetSMSSandboxAccountStatus says so${tier}), ` +
    'so AWS texts any number without verifying it first: adding or verifying a sandbox number is not needed.'
  )
}

/**
 * What add / verify should do. An unknown mode (the status call was denied) is treated as the
 * sandbox, and an unknown list skips the already-verified and not-found checks: AWS then decides.
 */
export function planSandbox(
  kind: 'add' | 'verify',
  mode: SandboxMode | undefined,
  numbers: readonly SandboxNumber[] | undefined,
  phone: string,
  region: string,
): SandboxPlan {
  if (mode && !mode.inSandbox) return {action: 'not-needed', reason: notNeededReason(mode, region)}
  const entry = numbers?.find((n) => n.phoneNumber === phone)
  if (entry?.status === 'Verified') return {action: 'already-verified'}
  if (kind === 'verify' && numbers && !entry) return {action: 'not-found'}
  return {action: 'proceed', pending: entry !== undefined, ...(numbers ? {slotsUsed: numbers.length} : {})}
}

/**
 * The sandbox mode and list before add / verify, concurrently. A denied call leaves that part
 * undefined (named in `unavailable`); anything else (credentials, network, throttling) is thrown.
 */
export async function readSandboxContext(session: AwsSession, region: string): Promise<{mode?: SandboxMode; numbers?: SandboxNumber[]; unavailable: string[]}> {
  const [mode, numbers] = await Promise.all([optionalIfDenied(readSandboxMode(session, region)), optionalIfDenied(listSandboxNumbers(session, region))])
  return {
    ...(mode.ok ? {mode: mode.value} : {}),
    ...(numbers.ok ? {numbers: numbers.value} : {}),
    unavailable: [mode, numbers].flatMap((o) => (o.ok ? [] : [o.error.message])),
  }
}

// ---------------------------------------------------------------------------------------------
// status

export interface SpendLimit {
  /** What End User Messaging / SNS stop at this month, in USD. */
  limitUsd: number
  /** The account's quota: the most the limit can be raised to without asking AWS. */
  maxUsd?: number
  source: 'End User Messaging' | 'SNS MonthlySpendLimit'
}

export interface DeliveryLogging {
  enabled: boolean
  /** CloudWatch log groups SNS writes delivery status to (SNS Publish only). */
  logGroups: string[]
  role?: string
  /** DeliveryStatusSuccessSamplingRate: percentage of successes logged (failures are always logged). */
  successSamplingRate?: string
}

export interface SandboxStatus {
  defaultSmsType?: {set: boolean; value: string}
  deliveryLogging?: DeliveryLogging
  mode: SandboxMode
  nextSteps: string[]
  region: string
  spendLimit?: SpendLimit
  verifiedNumbers?: {max: number; pending: number; used: number; verified: number}
}

export interface SandboxStatusInput {
  account: Optional<string>
  accountLimits: Optional<{max?: number; name?: string; used?: number}[]>
  attributes: Optional<Record<string, string>>
  mode: SandboxMode
  numbers: Optional<SandboxNumber[]>
  region: string
  spendLimits: Optional<{enforced?: number; max?: number; name?: string; overridden?: boolean}[]>
}

/** The CloudWatch log groups SNS writes SMS delivery status to (aws-facts §1.3). */
export function deliveryLogGroups(region: string, account: string | undefined): string[] {
  const base = `sns/${region}/${account ?? '<account-id>'}/DirectPublishToPhoneNumber`
  return [base, `${base}/Failure`]
}

/** Pure: the facts read by readSandboxStatus, summarised, with what to do next. */
export function summariseSandbox(input: SandboxStatusInput): SandboxStatus {
  const {mode, region} = input
  const attributes = input.attributes.ok ? input.attributes.value : undefined
  const status: SandboxStatus = {mode, nextSteps: [], region}

  if (input.numbers.ok) {
    const numbers = input.numbers.value
    const limit = input.accountLimits.ok ? input.accountLimits.value.find((l) => l.name === 'VERIFIED_DESTINATION_NUMBERS') : undefined
    const verified = numbers.filter((n) => n.status === 'Verified').length
    status.verifiedNumbers = {max: limit?.max ?? SANDBOX_NUMBER_LIMIT, pending: numbers.length - verified, used: numbers.length, verified}
  }

  const text = input.spendLimits.ok ? input.spendLimits.value.find((l) => l.name === 'TEXT_MESSAGE_MONTHLY_SPEND_LIMIT') : undefined
  if (text && (text.enforced !== undefined || text.max !== undefined)) {
    // EnforcedLimit applies only when Overridden; otherwise MaxLimit is the cap (aws-facts §2).
    const limitUsd = text.overridden && text.enforced !== undefined ? text.enforced : (text.max ?? text.enforced ?? 0)
    status.spendLimit = {limitUsd, ...(text.max === undefined ? {} : {maxUsd: text.max}), source: 'End User Messaging'}
  } else if (attributes?.MonthlySpendLimit !== undefined && Number.isFinite(Number(attributes.MonthlySpendLimit))) {
    status.spendLimit = {limitUsd: Number(attributes.MonthlySpendLimit), source: 'SNS MonthlySpendLimit'}
  }

  if (attributes) {
    const type = attributes.DefaultSMSType
    status.defaultSmsType = type ? {set: true, value: type} : {set: false, value: 'Promotional'}
    const role = attributes.DeliveryStatusIAMRole
    const account = input.account.ok ? input.account.value : undefined
    status.deliveryLogging = role
      ? {
          enabled: true,
          logGroups: deliveryLogGroups(region, account),
          role,
          ...(attributes.DeliveryStatusSuccessSamplingRate === undefined ? {} : {successSamplingRate: attributes.DeliveryStatusSuccessSamplingRate}),
        }
      : {enabled: false, logGroups: []}
  }

  status.nextSteps = sandboxNextSteps(status)
  return status
}

export function sandboxNextSteps(status: SandboxStatus): string[] {
  const r = status.region
  const steps: string[] = []
  const numbers = status.verifiedNumbers
  if (status.mode.inSandbox) {
    steps.push(`To text any number from ${r}, request production access for SMS in ${r} (End User Messaging SMS console → Account → Request production access; it is granted per region): ${PRODUCTION_ACCESS_URL}`)
    if (numbers && numbers.used >= numbers.max) {
      steps.push(`All ${numbers.max} sandbox slots are used: delete a number you no longer need with \`mfa-sms sandbox delete <phone> --region ${r}\` (allowed 24 hours after it was verified).`)
    } else {
      steps.push(`Until then, verify the phones you test with: \`mfa-sms sandbox add <phone> --region ${r}\`${numbers ? ` (${numbers.max - numbers.used} of ${numbers.max} slots free)` : ''}.`)
    }

    if (numbers && numbers.pending > 0) {
      steps.push(`${numbers.pending === 1 ? 'One number is' : `${numbers.pending} numbers are`} still pending: finish with \`mfa-sms sandbox verify <phone> --code <otp> --region ${r}\`.`)
    }
  }

  if (status.spendLimit && status.spendLimit.limitUsd <= 1) {
    steps.push(`The monthly SMS spend limit is $${status.spendLimit.limitUsd}, the new-account quota: once spent, SMS silently stop until next month. Request a higher quota (End User Messaging SMS console → Spend limits) before going live.`)
  }

  if (status.deliveryLogging && !status.deliveryLogging.enabled) {
    steps.push(
      `Delivery-status logging is off in ${r}, so failed SMS leave no trace. Turn it on: \`aws sns set-sms-attributes --region ${r} --attributes DeliveryStatusIAMRole=<role-arn>,DeliveryStatusSuccessSamplingRate=100\`.`,
    )
  }

  if (status.defaultSmsType && status.defaultSmsType.value !== 'Transactional') {
    steps.push(`The default SMS type is Promotional${status.defaultSmsType.set ? '' : ' (not set)'}: for one-time codes set \`aws sns set-sms-attributes --region ${r} --attributes DefaultSMSType=Transactional\`.`)
  }

  steps.push(
    status.mode.inSandbox
      ? `Send a test to a verified number: \`mfa-sms send <phone> --region ${r}\`, or cost-free to an SMS simulator number with --via eums.`
      : `Send a test: \`mfa-sms send <phone> --region ${r}\` (or cost-free to an SMS simulator number with --via eums).`,
  )
  return steps
}

/** Reads everything `sandbox status` shows, concurrently. Only the SNS sandbox status is required. */
export async function readSandboxStatus(session: AwsSession, region: string): Promise<{status: SandboxStatus; unavailable: string[]}> {
  const eums = eumsClient(session, region)
  const sns = snsClient(session, region)
  const [snsInSandbox, tier, numbers, attributes, spendLimits, accountLimits, account] = await Promise.all([
    readSnsSandboxStatus(session, region),
    optional(readAccountTier(session, region)),
    optional(listSandboxNumbers(session, region)),
    optional(
      (async () => {
        const {client, sdk} = await sns
        const out = await smsCall(session, {doing: 'reading the SMS settings', operation: 'GetSMSAttributes', region}, () => client.send(new sdk.GetSMSAttributesCommand({})))
        return {...out.attributes}
      })(),
    ),
    optional(
      (async () => {
        const {client, sdk} = await eums
        const out = await smsCall(session, {doing: 'reading the SMS spend limits', operation: 'DescribeSpendLimits', region}, () => client.send(new sdk.DescribeSpendLimitsCommand({})))
        return (out.SpendLimits ?? []).map((l) => ({enforced: l.EnforcedLimit, max: l.MaxLimit, name: l.Name, overridden: l.Overridden}))
      })(),
    ),
    optional(
      (async () => {
        const {client, sdk} = await eums
        const out = await smsCall(session, {doing: 'reading the End User Messaging account limits', operation: 'DescribeAccountLimits', region}, () =>
          client.send(new sdk.DescribeAccountLimitsCommand({})),
        )
        return (out.AccountLimits ?? []).map((l) => ({max: l.Max, name: l.Name, used: l.Used}))
      })(),
    ),
    optional(session.identity().then((id) => id.account)),
  ])
  const mode = combineSandbox(snsInSandbox, tier)
  const status = summariseSandbox({account, accountLimits, attributes, mode, numbers, region, spendLimits})
  const unavailable = [tier, numbers, attributes, spendLimits].flatMap((o) => (o.ok ? [] : [o.error.message]))
  return {status, unavailable}
}
