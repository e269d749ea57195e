/**
 * Identity, recipients and the account-level SMS settings of the region that sends: sandbox,
 * spend limit, default SMS type, delivery logging, origination identities.
 */
import {originationRequirement, SENDER_ID_REGISTRATION_COUNTRIES} from '../../knowledge/origination.js'
import {analysePhone} from '../../knowledge/phone.js'
import {describeRegion} from '../../knowledge/regions.js'
import type {OriginationNumberFact, SandboxNumber} from '../facts/types.js'
import {DOCS, maskPhone} from '../knowledge.js'
import type {Check, Facts} from '../types.js'
import {notApplicable} from './finding.js'

function where(facts: Facts): string {
  return describeRegion(facts.params.region ?? 'this region')
}

export const identityCheck: Check = {
  docs: DOCS.awsCredentials,
  evaluate(facts) {
    const outcome = facts.outcome('sts.identity')
    if (!outcome.ok) {
      if (outcome.kind === 'denied') {
        return {evidence: {error: outcome.message}, needs: [outcome.action], skipReason: 'denied', status: 'skip', summary: `skipped: needs ${outcome.action}`}
      }

      const unreachable = outcome.kind === 'unreachable' || outcome.kind === 'timeout'
      return {
        evidence: {error: outcome.message, ...('code' in outcome && outcome.code ? {code: outcome.code} : {})},
        fix: unreachable
          ? {text: 'Check the network, proxy and --endpoint-url, then run again.'}
          : {command: 'aws sts get-caller-identity', text: 'Check that the same profile works with the AWS CLI; for SSO profiles run `aws sso login --profile <name>` first.'},
        status: 'fail',
        summary: unreachable ? `Could not reach AWS: ${outcome.message}` : `AWS did not accept the credentials: ${outcome.message}`,
      }
    }

    const id = outcome.value
    const evidence = {account: id.account, arn: id.arn, profile: id.profile, region: id.region, ...(id.endpoint ? {endpoint: id.endpoint} : {})}
    if (/:root$/.test(id.arn)) {
      return {
        evidence,
        fix: {text: 'Use an IAM role or user with read-only permissions for the doctor; keep root credentials for account tasks only.'},
        status: 'warn',
        summary: `Signed in as the account's root user (account ${id.account}, region ${id.region}).`,
      }
    }

    return {evidence, status: 'pass', summary: `Signed in as ${id.arn} (account ${id.account}, profile ${id.profile}, region ${id.region}).`}
  },
  group: 'identity',
  id: 'identity.credentials',
  needs: [],
  scope: 'run',
  title: 'AWS credentials work',
  uses: ['sts.identity'],
}

export const recipientsFormatCheck: Check = {
  docs: DOCS.e164,
  evaluate(facts) {
    const phones = facts.input.phones
    if (phones.length === 0) return notApplicable('no --phone recipients given')
    const bad: string[] = []
    const warned: string[] = []
    for (const phone of phones) {
      const a = analysePhone(phone)
      const errors = a.problems.filter((p) => p.severity === 'error')
      const warnings = a.problems.filter((p) => p.severity === 'warning')
      if (errors.length > 0) bad.push(`${phone}: ${errors[0]!.message}`)
      else if (warnings.length > 0) warned.push(`${phone}: ${warnings[0]!.message}`)
    }

    if (bad.length > 0) {
      return {
        evidence: [...bad, ...warned],
        fix: {text: 'Store and send numbers in E.164: a +, the country code and the number, digits only (e.g. +14255550123). Check each with `mfa-sms phone check <number>`.'},
        status: 'fail',
        summary: `${bad.length} of ${phones.length} recipient${phones.length === 1 ? '' : 's'} cannot receive SMS as written.`,
      }
    }

    if (warned.length > 0) return {evidence: warned, status: 'warn', summary: `${warned.length} recipient${warned.length === 1 ? '' : 's'} may not receive SMS.`}
    return {evidence: phones, status: 'pass', summary: `${phones.length === 1 ? 'The recipient is' : `All ${phones.length} recipients are`} valid E.164 mobile numbers.`}
  },
  group: 'recipients',
  id: 'recipients.format',
  needs: [],
  scope: 'run',
  title: 'Recipients are E.164 numbers SMS can reach',
}

function sandboxVerdict(facts: Facts): {inSandbox?: boolean; evidence: Record<string, unknown>} {
  const sns = facts.maybe('sns.sandboxStatus')
  const tier = facts.maybe('eums.accountTier')?.tier
  const eumsSandbox = tier === undefined ? undefined : tier.toUpperCase() === 'SANDBOX' ? true : tier.toUpperCase() === 'PRODUCTION' ? false : undefined
  const evidence: Record<string, unknown> = {
    'End User Messaging ACCOUNT_TIER': tier ?? describeMissing(facts, 'eums.accountTier'),
    'SNS IsInSandbox': sns ? sns.inSandbox : describeMissing(facts, 'sns.sandboxStatus'),
  }
  const inSandbox = sns?.inSandbox === true || eumsSandbox === true ? true : sns || eumsSandbox !== undefined ? false : undefined
  return {evidence, inSandbox}
}

function describeMissing(facts: Facts, id: Parameters<Facts['outcome']>[0]): string {
  const o = facts.outcome(id)
  if (o.ok) return 'read'
  if (o.kind === 'denied') return `not readable (needs ${o.action})`
  if (o.kind === 'unsupported') return 'not implemented by this endpoint'
  return `not read (${o.message})`
}

function verifiedNumbers(facts: Facts): {verified: Set<string>; pending: Set<string>; read: boolean} {
  const lists: SandboxNumber[][] = []
  const sns = facts.maybe('sns.sandboxNumbers')
  const eums = facts.maybe('eums.verifiedDestinations')
  if (sns) lists.push(sns)
  if (eums) lists.push(eums)
  const verified = new Set<string>()
  const pending = new Set<string>()
  for (const n of lists.flat()) {
    if (/^verified$/i.test(n.status)) verified.add(n.phoneNumber)
    else pending.add(n.phoneNumber)
  }

  for (const v of verified) pending.delete(v)
  return {pending, read: lists.length > 0, verified}
}

export const sandboxStatusCheck: Check = {
  docs: DOCS.eumsSandbox,
  evaluate(facts) {
    const {evidence, inSandbox} = sandboxVerdict(facts)
    const region = facts.params.region ?? ''
    if (inSandbox === undefined) {
      return {evidence, status: 'info', summary: `Could not tell whether the account is in the SMS sandbox in ${where(facts)} (ACCOUNT_TIER is not SANDBOX or PRODUCTION).`}
    }

    if (!inSandbox) return {evidence, status: 'pass', summary: `The account is out of the SMS sandbox in ${where(facts)}.`}
    const {verified} = verifiedNumbers(facts)
    const phones = facts.input.phones
    const allVerified = phones.length > 0 && phones.every((p) => verified.has(p))
    const fix = {
      command: `aws pinpoint-sms-voice-v2 describe-account-attributes --region ${region}`,
      console: `AWS End User Messaging SMS › Configurations › Account settings (region ${region}) › Request production access`,
      text: `Request production access in ${region} (the region that sends, not necessarily the pool's). Until then, verify each test number there.`,
    }
    const summary = `The account is in the SMS sandbox in ${where(facts)}: codes reach only the ${verified.size} verified number${verified.size === 1 ? '' : 's'}.`
    return allVerified
      ? {evidence: {...evidence, verifiedNumbers: verified.size}, fix, status: 'warn', summary: `${summary} Every --phone is verified, so tests pass; real users get nothing.`}
      : {evidence: {...evidence, verifiedNumbers: verified.size}, fix, status: 'fail', summary}
  },
  group: 'sandbox',
  id: 'sandbox.status',
  needs: [],
  needsAny: ['sns.sandboxStatus', 'eums.accountTier'],
  scope: 'region',
  title: 'Out of the SMS sandbox in the sending region',
  uses: ['sns.sandboxNumbers', 'eums.verifiedDestinations'],
}

export const sandboxRecipientsCheck: Check = {
  docs: DOCS.snsSandbox,
  evaluate(facts) {
    const phones = facts.input.phones
    if (phones.length === 0) return notApplicable('no --phone recipients given')
    const {inSandbox} = sandboxVerdict(facts)
    if (inSandbox === false) return {evidence: {recipients: phones}, status: 'pass', summary: `Not in the sandbox in ${where(facts)}: any number can receive.`}
    const {pending, verified} = verifiedNumbers(facts)
    const rows = phones.map((p) => `${p}: ${verified.has(p) ? 'verified' : pending.has(p) ? 'pending verification' : 'not verified'}`)
    const unverified = phones.filter((p) => !verified.has(p))
    const region = facts.params.region ?? ''
    if (unverified.length === 0) return {evidence: rows, status: 'pass', summary: `Every recipient is a verified sandbox number in ${where(facts)}.`}
    const first = unverified[0]!
    return {
      evidence: rows,
      fix: {
        command: `aws sns create-sms-sandbox-phone-number --phone-number ${first} --region ${region}  # then: aws sns verify-sms-sandbox-phone-number --phone-number ${first} --one-time-password <code> --region ${region}`,
        console: `Amazon SNS › Text messaging (SMS) › Sandbox destination phone numbers (region ${region}) › Add phone number`,
        text: `Verify ${unverified.length === 1 ? 'the number' : 'each number'} in ${region}, the region that sends (up to 10 numbers).`,
      },
      status: 'fail',
      summary: `${unverified.length} of ${phones.length} recipient${phones.length === 1 ? ' is' : 's are'} not verified in the sandbox of ${where(facts)}, so ${unverified.length === 1 ? 'it gets' : 'they get'} no code.`,
    }
  },
  group: 'sandbox',
  id: 'sandbox.recipients',
  needs: [],
  needsAny: ['sns.sandboxNumbers', 'eums.verifiedDestinations'],
  scope: 'region',
  title: 'Each --phone is verified while in the sandbox',
  uses: ['sns.sandboxStatus', 'eums.accountTier'],
}

function toNumber(value: string | number | undefined): number | undefined {
  if (value === undefined || value === '') return undefined
  const n = Number(value)
  return Number.isFinite(n) ? n : undefined
}

export const spendLimitCheck: Check = {
  docs: DOCS.eumsSpendLimit,
  evaluate(facts) {
    const attributes = facts.get('sns.smsAttributes')
    const eumsLimit = facts.maybe('eums.spendLimits')?.find((l) => l.name === 'TEXT_MESSAGE_MONTHLY_SPEND_LIMIT')
    const eumsValue = eumsLimit ? (eumsLimit.overridden ? eumsLimit.enforcedLimit : eumsLimit.maxLimit) : undefined
    const limit = toNumber(attributes.MonthlySpendLimit) ?? eumsValue
    const spendOutcome = facts.outcome('cloudwatch.smsMonthToDateSpend')
    const spend = spendOutcome.ok ? spendOutcome.value.usd : undefined
    const region = facts.params.region ?? ''
    const evidence: Record<string, unknown> = {
      MonthlySpendLimit: attributes.MonthlySpendLimit ?? '(not set: the account quota applies)',
      ...(eumsLimit ? {'End User Messaging text limit (USD)': eumsValue} : {}),
      'month-to-date spend (USD)': spendOutcome.ok ? (spend ?? 'no data this month') : describeMissing(facts, 'cloudwatch.smsMonthToDateSpend'),
    }
    const fix = {
      command: `aws sns set-sms-attributes --attributes MonthlySpendLimit=<usd> --region ${region}`,
      console: `AWS End User Messaging SMS › Configurations › Account settings (region ${region}) › Spend limits`,
      text: `Raise the monthly SMS spend limit in ${region}; above the account quota (USD 1 for new accounts) it takes a quota increase request first.`,
    }
    if (limit !== undefined && spend !== undefined && spend >= limit) {
      return {evidence, fix, status: 'fail', summary: `This month's SMS spend (USD ${spend.toFixed(2)}) has reached the limit (USD ${limit}) in ${where(facts)}: SMS stopped.`}
    }

    if (limit !== undefined && spend !== undefined && spend >= 0.8 * limit) {
      return {evidence, fix, status: 'warn', summary: `This month's SMS spend (USD ${spend.toFixed(2)}) is at ${Math.round((spend / limit) * 100)}% of the limit (USD ${limit}) in ${where(facts)}.`}
    }

    if (limit === undefined || limit <= 1) {
      return {evidence, fix, status: 'info', summary: `The SMS spend limit in ${where(facts)} is ${limit === undefined ? 'the account default' : `USD ${limit}`}: at about USD 0.0065 a part that is roughly 150 codes a month.`}
    }

    return {evidence, status: 'pass', summary: `SMS spend limit USD ${limit} in ${where(facts)}${spend === undefined ? '' : `, USD ${spend.toFixed(2)} spent this month`}.`}
  },
  group: 'sms-settings',
  id: 'sms-settings.spend-limit',
  needs: ['sns.smsAttributes'],
  scope: 'region',
  title: 'Monthly SMS spend limit not reached',
  uses: ['cloudwatch.smsMonthToDateSpend', 'eums.spendLimits'],
}

export const defaultTypeCheck: Check = {
  docs: DOCS.snsSmsPreferences,
  evaluate(facts) {
    const type = facts.get('sns.smsAttributes').DefaultSMSType
    const region = facts.params.region ?? ''
    if (type?.toLowerCase() === 'transactional') return {evidence: {DefaultSMSType: type}, status: 'pass', summary: `Default SMS type is Transactional in ${where(facts)}.`}
    return {
      evidence: {DefaultSMSType: type ?? '(not set: Promotional)'},
      fix: {
        command: `aws sns set-sms-attributes --attributes DefaultSMSType=Transactional --region ${region}`,
        console: `Amazon SNS › Text messaging (SMS) › Text messaging preferences (region ${region}) › Default message type: Transactional`,
        text: 'Send one-time codes as Transactional: Promotional messages get lower priority and are blocked in some countries and at quiet hours.',
      },
      status: 'warn',
      summary: `Default SMS type in ${where(facts)} is ${type ?? 'unset (so Promotional)'}, not Transactional.`,
    }
  },
  group: 'sms-settings',
  id: 'sms-settings.default-type',
  needs: ['sns.smsAttributes'],
  scope: 'region',
  title: 'Default SMS type is Transactional',
}

export const deliveryLoggingCheck: Check = {
  docs: DOCS.snsDeliveryLogs,
  evaluate(facts) {
    const attributes = facts.get('sns.smsAttributes')
    const region = facts.params.region ?? ''
    const role = attributes.DeliveryStatusIAMRole
    if (role) {
      return {
        evidence: {DeliveryStatusIAMRole: role, DeliveryStatusSuccessSamplingRate: attributes.DeliveryStatusSuccessSamplingRate ?? '0 (failures only)'},
        status: 'pass',
        summary: `SMS delivery status is logged to CloudWatch Logs in ${where(facts)} (sns/${region}/<account>/DirectPublishToPhoneNumber).`,
      }
    }

    return {
      evidence: {DeliveryStatusIAMRole: '(not set)'},
      fix: {
        command: `aws sns set-sms-attributes --attributes DeliveryStatusIAMRole=arn:aws:iam::<account>:role/SNSSuccessFeedback,DeliveryStatusSuccessSamplingRate=100 --region ${region}`,
        console: `Amazon SNS › Text messaging (SMS) › Text messaging preferences (region ${region}) › Delivery status logging`,
        text: 'Turn on delivery status logging, so each failed code shows why (opted out, carrier blocked, sandbox, spend limit).',
      },
      status: 'warn',
      summary: `SMS delivery status logging is off in ${where(facts)}: failed deliveries leave no trace.`,
    }
  },
  group: 'sms-settings',
  id: 'sms-settings.delivery-logging',
  needs: ['sns.smsAttributes'],
  scope: 'region',
  title: 'Delivery status logging is on',
}

function isActive(n: OriginationNumberFact): boolean {
  return /^(active|verified)$/i.test(n.status ?? 'ACTIVE')
}

/** Why US origination matters here, or undefined when nothing points at US recipients. */
function usFacing(facts: Facts): string | undefined {
  const usPhones = facts.input.phones.filter((p) => analysePhone(p).country === 'US')
  if (usPhones.length > 0) return `${usPhones.length === 1 ? 'a --phone is' : `${usPhones.length} --phone numbers are`} in the US`
  if (facts.input.countries.map((c) => c.toUpperCase()).includes('US')) return 'the project file lists US among the countries served'
  if (facts.params.region?.startsWith('us-')) return `SMS is sent from ${facts.params.region}, a US region`
  return undefined
}

export const usOriginationCheck: Check = {
  docs: DOCS.eumsUsRequirements,
  evaluate(facts) {
    const why = usFacing(facts)
    if (!why) return notApplicable('no US recipients (pass --phone +1… or list "US" in the project file\'s countries)')
    const numbers = [...(facts.maybe('sns.originationNumbers') ?? []), ...(facts.maybe('eums.phoneNumbers') ?? [])]
    const us = numbers.filter((n) => (n.country ?? '').toUpperCase() === 'US' && (n.capabilities.length === 0 || n.capabilities.includes('SMS')))
    const active = us.filter((n) => isActive(n))
    const real = active.filter((n) => n.type?.toUpperCase() !== 'SIMULATOR')
    const region = facts.params.region ?? ''
    const evidence: Record<string, unknown> = {
      why,
      'US SMS identities': us.map((n) => `${maskPhone(n.phoneNumber)} ${n.type ?? ''} ${n.status ?? ''}`.trim()),
    }
    const fix = {
      command: `aws pinpoint-sms-voice-v2 request-phone-number --iso-country-code US --message-type TRANSACTIONAL --number-capabilities SMS --number-type TOLL_FREE --region ${region}`,
      console: `AWS End User Messaging SMS › Phone numbers (region ${region}) › Request originator › United States, toll-free or 10DLC, then register it`,
      text: `US carriers drop SMS sent without a registered origination identity (toll-free, 10DLC or short code). Get one in ${region}, the region that sends, and complete its registration.`,
    }
    if (real.length > 0) {
      return {evidence, status: 'pass', summary: `${real.length} active US origination identit${real.length === 1 ? 'y' : 'ies'} in ${where(facts)}.`}
    }

    if (active.length > 0) {
      return {evidence, fix, status: 'warn', summary: `Only simulator numbers in ${where(facts)}: they reach simulator destinations, never real US phones.`}
    }

    if (us.length > 0) {
      return {evidence, fix, status: 'fail', summary: `The US origination identities in ${where(facts)} are not active yet (registration pending?): US numbers get no code.`}
    }

    return {evidence, fix, status: 'fail', summary: `No US origination identity in ${where(facts)}: US numbers get no code.`}
  },
  group: 'origination',
  id: 'origination.us',
  needs: [],
  needsAny: ['sns.originationNumbers', 'eums.phoneNumbers'],
  scope: 'region',
  title: 'US recipients have a registered origination identity',
}

export const senderIdCheck: Check = {
  docs: DOCS.eumsSenderIdCountries,
  evaluate(facts) {
    const countries = new Set<string>(facts.input.countries.map((c) => c.toUpperCase()))
    for (const phone of facts.input.phones) {
      const country = analysePhone(phone).country
      if (country) countries.add(country)
    }

    if (countries.size === 0) return notApplicable('no --phone recipients or countries given')
    const needing = [...countries].filter((c) => SENDER_ID_REGISTRATION_COUNTRIES[c] !== undefined || c === 'CN')
    if (needing.length === 0) return {evidence: {countries: [...countries]}, status: 'pass', summary: `No registered sender ID needed for ${[...countries].join(', ')}.`}
    return {
      evidence: needing.map((c) => `${c}: ${originationRequirement(c).notes.filter((n) => !n.startsWith('US')).join(' ')}`),
      fix: {
        console: 'AWS End User Messaging SMS › Registrations › Create registration (sender ID) for each country',
        text: 'Register a sender ID (and, for India, DLT entity and template IDs) before sending there; carriers filter unregistered senders.',
      },
      status: 'info',
      summary: `${needing.join(', ')} require${needing.length === 1 ? 's' : ''} a pre-registered sender ID.`,
    }
  },
  group: 'origination',
  id: 'origination.sender-id',
  needs: [],
  scope: 'run',
  title: 'Countries that need a registered sender ID',
}

export const ACCOUNT_CHECKS: Check[] = [
  identityCheck,
  recipientsFormatCheck,
  sandboxStatusCheck,
  sandboxRecipientsCheck,
  spendLimitCheck,
  defaultTypeCheck,
  deliveryLoggingCheck,
  usOriginationCheck,
  senderIdCheck,
]
