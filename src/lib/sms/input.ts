/**
 * Checks what people type into `sandbox`, `send` and `origination` before any AWS call: the
 * destination number, the one-time password, the OTP language and a destination country.
 * Pure: data in, data out (or a bad-input MfaSmsError, exit 2).
 */
import {isSupportedCountry} from 'libphonenumber-js/max'

import {badInput} from '../../errors.js'
import {analysePhone, type PhoneAnalysis} from '../knowledge/phone.js'
import {closest} from '../text/closest.js'

export interface Destination {
  analysis: PhoneAnalysis
  /** Strict E.164, as SNS and End User Messaging need it. */
  e164: string
  /** Problems that do not stop the call (fictional number, not valid for its country…), one sentence each. */
  warnings: string[]
}

/**
 * A destination phone number, checked with analysePhone: anything that is not strict E.164 (or is
 * unreadable, the wrong length…) is bad input naming the fix; warnings come back for the caller to show.
 */
export function parseDestination(input: string, what = 'The phone number'): Destination {
  const analysis = analysePhone(input)
  const error = analysis.problems.find((p) => p.severity === 'error')
  if (error || !analysis.e164 || !analysis.strictE164) {
    const problem = error ?? {code: 'NOT_E164', fix: undefined, message: `${JSON.stringify(input)} is not in E.164 format.`}
    throw badInput('BAD_PHONE_NUMBER', `${what} ${JSON.stringify(input)} cannot be used: ${problem.message}`, problem.fix ? [problem.fix] : ['write it as + country code + number, e.g. +12065550100'], {
      problem: problem.code,
    })
  }

  const warnings = analysis.problems.filter((p) => p.severity === 'warning').map((p) => p.message)
  return {analysis, e164: analysis.e164, warnings}
}

/** Why `code` cannot be a sandbox one-time password (SNS OTPCode: 5 to 8 ASCII digits, aws-facts §1), or undefined when it can. Never echoes the code. */
export function otpProblem(code: string): string | undefined {
  const trimmed = code.trim()
  if (trimmed === '') return 'the code is empty'
  if (!/^[0-9]+$/.test(trimmed)) return 'the code must be digits only'
  if (trimmed.length < 5 || trimmed.length > 8) return `the code must be 5 to 8 digits (this one has ${trimmed.length})`
  return undefined
}

/** The one-time password, trimmed, or a bad-input error naming --code. The value is never put in the message. */
export function parseOtp(code: string): string {
  const problem = otpProblem(code)
  if (problem) throw badInput('BAD_OTP', `--code is not a one-time password: ${problem}.`, ['pass the 5 to 8 digit code AWS texted, e.g. --code 123456'])
  return code.trim()
}

/** SNS CreateSMSSandboxPhoneNumber LanguageCode (note AWS's own `kr-KR`). */
export const SANDBOX_LANGUAGES = ['en-US', 'en-GB', 'es-419', 'es-ES', 'de-DE', 'fr-CA', 'fr-FR', 'it-IT', 'ja-JP', 'pt-BR', 'kr-KR', 'zh-CN', 'zh-TW'] as const
export type SandboxLanguage = (typeof SANDBOX_LANGUAGES)[number]

/** Accepts any letter case, `_` for `-`, and `ko-KR` (the standard tag) for AWS's `kr-KR`. */
export function parseLanguage(input: string): SandboxLanguage {
  const wanted = input.trim().replace('_', '-').toLowerCase()
  const aliased = wanted === 'ko-kr' || wanted === 'ko' ? 'kr-kr' : wanted
  const match = SANDBOX_LANGUAGES.find((l) => l.toLowerCase() === aliased)
  if (match) return match
  const suggestion = closest(input, SANDBOX_LANGUAGES)
  throw badInput(
    'BAD_LANGUAGE',
    `--language "${input}" is not a language AWS sends sandbox codes in.${suggestion ? ` Did you mean ${suggestion}?` : ''}`,
    [`use one of ${SANDBOX_LANGUAGES.join(', ')}`],
  )
}

/** An ISO 3166-1 alpha-2 destination country, upper-cased. */
export function parseCountry(input: string): string {
  const iso = input.trim().toUpperCase()
  if (/^[A-Z]{2}$/.test(iso) && isSupportedCountry(iso)) return iso
  throw badInput('BAD_COUNTRY', `--country "${input}" is not a two-letter ISO country code.`, ['use e.g. --country US, --country GB, --country DE'])
}
