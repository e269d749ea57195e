/**
 * What SNS, End User Messaging and Cognito will make of a destination phone number.
 *
 * Pure: data in, data out. Parsing, validity and number types come from libphonenumber-js with its
 * full ("max") metadata; this module only adds the checks AWS cares about (strict E.164 syntax, the
 * SMS simulator, US origination rules) and turns everything into problems a person can act on.
 */

import {
  Metadata,
  ParseError,
  getCountries,
  getCountryCallingCode,
  isSupportedCountry,
  parseDigits,
  parsePhoneNumberWithError,
  validatePhoneNumberLength,
  type CountryCode,
  type PhoneNumber,
  type PhoneNumberType,
} from 'libphonenumber-js/max'

export type PhoneProblemSeverity = 'error' | 'warning' | 'info'

export type PhoneProblemCode =
  | 'NOT_E164'
  | 'UNPARSEABLE'
  | 'WRONG_LENGTH'
  | 'TRUNK_PREFIX'
  | 'NOT_VALID_FOR_COUNTRY'
  | 'NOT_MOBILE'
  | 'FICTIONAL'
  | 'SIMULATOR'
  | 'US_ORIGINATION_REQUIRED'

export interface PhoneProblem {
  severity: PhoneProblemSeverity
  code: PhoneProblemCode
  message: string
  fix?: string
}

export type SimulatorOutcome = 'success' | 'failure'

export interface SimulatorMatch {
  /** ISO 3166-1 alpha-2, as in SMS_SIMULATOR_NUMBERS. */
  country: string
  countryName: string
  outcome: SimulatorOutcome
}

export interface PhoneAnalysis {
  input: string
  /** The number in E.164 form as libphonenumber reads it; undefined when it cannot be placed. */
  e164: string | undefined
  /** The input, exactly as typed, is `+` and 8 to 15 ASCII digits. */
  strictE164: boolean
  country: CountryCode | undefined
  countryCallingCode: string | undefined
  possible: boolean
  valid: boolean
  numberType: PhoneNumberType | undefined
  northAmerica: boolean
  needsUsOriginationIdentity: boolean
  fictional: boolean
  simulator?: SimulatorMatch
  problems: PhoneProblem[]
}

export interface AnalysePhoneOptions {
  /**
   * ISO-2 country to read a number without `+` in, so a fix can be suggested. The missing `+` is
   * still an error: SNS and Cognito never guess the country. Unknown codes are ignored.
   */
  defaultCountry?: string
}

export interface SimulatorNumbers {
  countryName: string
  /** ISO 3166-1 alpha-2. */
  country: CountryCode
  success: string
  failure: string
}

/**
 * AWS End User Messaging SMS destination simulator numbers.
 * Source: https://docs.aws.amazon.com/sms-voice/latest/userguide/test-phone-numbers.html
 */
export const SMS_SIMULATOR_NUMBERS: readonly SimulatorNumbers[] = [
  {countryName: 'United States', country: 'US', success: '+14254147755', failure: '+14254147167'},
  {countryName: 'United Kingdom', country: 'GB', success: '+447860019066', failure: '+447860019067'},
  {countryName: 'Australia', country: 'AU', success: '+61455944038', failure: '+61455944039'},
  {countryName: 'Austria', country: 'AT', success: '+43676800442031', failure: '+43676800442032'},
  {countryName: 'Belgium', country: 'BE', success: '+32460213922', failure: '+32460213923'},
  {countryName: 'Chile', country: 'CL', success: '+56229140630', failure: '+56229140631'},
  {countryName: 'Czech Republic', country: 'CZ', success: '+420790542286', failure: '+420790542287'},
  {countryName: 'Denmark', country: 'DK', success: '+4525919410', failure: '+4525919215'},
  {countryName: 'Estonia', country: 'EE', success: '+37282720792', failure: '+37282720793'},
  {countryName: 'Finland', country: 'FI', success: '+3584573979110', failure: '+3584573979111'},
  {countryName: 'France', country: 'FR', success: '+33755512501', failure: '+33755512502'},
  {countryName: 'Hong Kong', country: 'HK', success: '+85257048426', failure: '+85257048854'},
  {countryName: 'Hungary', country: 'HU', success: '+36707178770', failure: '+36707178772'},
  {countryName: 'Italy', country: 'IT', success: '+394390009172', failure: '+394390009174'},
  {countryName: 'Jersey', country: 'JE', success: '+447937404990', failure: '+447937404992'},
  {countryName: 'Luxembourg', country: 'LU', success: '+352691385880', failure: '+352691385882'},
  {countryName: 'Netherlands', country: 'NL', success: '+3197008100148', failure: '+3197008100150'},
  {countryName: 'Norway', country: 'NO', success: '+4759449384', failure: '+4759449387'},
  {countryName: 'Poland', country: 'PL', success: '+48732141440', failure: '+48732141442'},
  {countryName: 'Portugal', country: 'PT', success: '+351927946948', failure: '+351927946950'},
  {countryName: 'Romania', country: 'RO', success: '+40783900330', failure: '+40783900332'},
  {countryName: 'Spain', country: 'ES', success: '+34683783440', failure: '+34683783442'},
  {countryName: 'Sweden', country: 'SE', success: '+46790645100', failure: '+46790645102'},
  {countryName: 'Switzerland', country: 'CH', success: '+41798075872', failure: '+41798075874'},
  {countryName: 'Taiwan', country: 'TW', success: '+886903444630', failure: '+886903444632'},
]

/** The simulator number for a country, given as ISO-2 code or name (case-insensitive). */
export function simulatorNumberFor(country: string, outcome: SimulatorOutcome): string | undefined {
  const wanted = country.trim().toLowerCase()
  const entry = SMS_SIMULATOR_NUMBERS.find(
    (row) => row.country.toLowerCase() === wanted || row.countryName.toLowerCase() === wanted,
  )
  return entry?.[outcome]
}

function findSimulator(e164: string): SimulatorMatch | undefined {
  for (const row of SMS_SIMULATOR_NUMBERS) {
    if (row.success === e164) return {country: row.country, countryName: row.countryName, outcome: 'success'}
    if (row.failure === e164) return {country: row.country, countryName: row.countryName, outcome: 'failure'}
  }

  return undefined
}

/**
 * What Cognito's phone_number attribute and SNS both insist on. SNS's own PhoneNumberString pattern
 * is `^(\+[0-9]{8,}|[0-9]{0,9})$` (the second branch is for short codes, never a person's phone);
 * E.164 caps numbers at 15 digits.
 */
export const STRICT_E164 = /^\+[0-9]{8,15}$/

const NANP_EXAMPLE = '+12065550100'
const INTERNATIONAL_EXAMPLE = '+447911123456'

// Number types that libphonenumber can tell apart from mobiles and that, as a rule, do not take SMS.
// FIXED_LINE_OR_MOBILE (all of +1, among others) and VOIP are deliberately not here.
const NOT_MOBILE_TYPES: ReadonlySet<PhoneNumberType> = new Set<PhoneNumberType>([
  'FIXED_LINE',
  'TOLL_FREE',
  'PREMIUM_RATE',
  'SHARED_COST',
  'UAN',
  'VOICEMAIL',
  'PAGER',
])

const regionNames = new Intl.DisplayNames(['en'], {type: 'region'})

function countryName(country: string): string {
  try {
    return regionNames.of(country) ?? country
  } catch {
    return country
  }
}

let countriesByCallingCode: Map<string, CountryCode[]> | undefined

function countriesFor(callingCode: string): CountryCode[] {
  if (!countriesByCallingCode) {
    countriesByCallingCode = new Map()
    for (const country of getCountries()) {
      const code = getCountryCallingCode(country)
      countriesByCallingCode.set(code, [...(countriesByCallingCode.get(code) ?? []), country])
    }
  }

  return countriesByCallingCode.get(callingCode) ?? []
}

/** Possible national-number lengths for a calling code (its main country's plan). */
function possibleLengths(callingCode: string): number[] {
  try {
    const metadata = new Metadata()
    // The typings only admit a country, but the implementation also takes a calling code and then
    // picks that code's main country (US for +1, RU for +7) or its non-geographic plan (+800…).
    metadata.selectNumberingPlan(callingCode as CountryCode)
    return metadata.numberingPlan?.possibleLengths() ?? []
  } catch {
    return []
  }
}

function joinOr(items: readonly (number | string)[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`
}

function codePoint(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}

/** Whitespace and invisible formatting characters (bidi marks, zero-width space, BOM). */
const EDGE_JUNK = /^[\s\p{Cf}]+|[\s\p{Cf}]+$/gu

interface Syntax {
  /** The input without surrounding whitespace and invisible characters. */
  core: string
  hasPlus: boolean
  leading00: boolean
  hasLetters: boolean
  /** What is wrong, each phrased "it …"; empty when the input is strict E.164. */
  issues: string[]
}

/** Describes, character by character, why a string is not strict E.164. Not a phone parser. */
function describeSyntax(input: string, strict: boolean): Syntax {
  const core = input.replaceAll(EDGE_JUNK, '')
  const hasPlus = core.startsWith('+')
  const leading00 = !hasPlus && core.startsWith('00')
  const chars = [...input]
  const hasLetters = chars.some((c) => /\p{L}/u.test(c))
  const syntax: Syntax = {core, hasPlus, leading00, hasLetters, issues: []}
  if (strict) return syntax

  const issues = syntax.issues
  if (input.length === 0) {
    issues.push('it is empty')
    return syntax
  }

  if (core.length === 0) {
    issues.push('it contains only whitespace or invisible characters')
    return syntax
  }

  const inner = [...core]
  const found = (test: (c: string) => boolean) => [...new Set(inner.filter(test))]

  if (input !== core && /^\s|\s$/u.test(input)) issues.push('it has leading or trailing whitespace')
  if (inner.includes(' ')) issues.push('it contains spaces')
  const otherSpaces = found((c) => c !== ' ' && /\s/u.test(c))
  if (otherSpaces.length > 0) {
    issues.push(`it contains special whitespace (${otherSpaces.map(codePoint).join(', ')}), such as a non-breaking space`)
  }

  const invisible = [...new Set(chars.filter((c) => /\p{Cf}/u.test(c)))]
  if (invisible.length > 0) {
    issues.push(
      `it contains invisible formatting characters (${invisible.map(codePoint).join(', ')}), usually pasted in along with the number`,
    )
  }

  const dashes = found((c) => /\p{Pd}|\u2212/u.test(c))
  if (dashes.length > 0) issues.push(dashes.every((c) => c === '-') ? 'it contains dashes' : `it contains dashes (${dashes.join(' ')})`)
  if (inner.some((c) => c === '(' || c === ')')) issues.push('it contains parentheses')
  if (inner.includes('.')) issues.push('it contains dots')
  if (inner.includes('/')) issues.push('it contains slashes')

  const letters = found((c) => /\p{L}/u.test(c))
  if (letters.length > 0) {
    issues.push(`it contains letters (${letters.join(', ')}); SMS can only be sent to digits`)
  }

  const foreignDigits = found((c) => /\p{Nd}/u.test(c) && !/[0-9]/.test(c))
  if (foreignDigits.length > 0) {
    issues.push(`it contains digits other than ASCII 0-9 (${foreignDigits.map((c) => `${c} ${codePoint(c)}`).join(', ')})`)
  }

  const plusCount = inner.filter((c) => c === '+').length
  if (plusCount > 1) issues.push('it contains more than one +')
  else if (plusCount === 1 && !hasPlus) issues.push('its + is not at the start')

  const known = /[\s\p{Cf}\p{Pd}\u2212()./\p{L}\p{Nd}+]/u
  const other = found((c) => !known.test(c))
  if (other.length > 0) {
    issues.push(`it contains characters that are not allowed (${other.map((c) => `${c} ${codePoint(c)}`).join(', ')})`)
  }

  if (leading00) {
    issues.push('it starts with 00 (an international dialling prefix) instead of +')
  } else if (!hasPlus) {
    issues.push('it does not start with + and the country calling code')
  }

  if (hasPlus || leading00) {
    const digits = parseDigits(hasPlus ? core.slice(1) : core.slice(2)).length
    if (digits < 8) issues.push(`it has only ${plural(digits, 'digit')} after the +, and SNS needs at least 8`)
    else if (digits > 15) issues.push(`it has ${digits} digits after the +, and E.164 allows at most 15`)
  }

  return syntax
}

type Parsed = {number: PhoneNumber; assumedCountry?: CountryCode} | {error: string}

function parse(text: string, defaultCountry?: CountryCode): Parsed {
  try {
    return {number: parsePhoneNumberWithError(text, defaultCountry), assumedCountry: defaultCountry}
  } catch (error) {
    return {error: error instanceof ParseError ? error.message : String(error)}
  }
}

function wrongLengthProblem(number: PhoneNumber): PhoneProblem | undefined {
  if (number.isPossible()) return undefined
  const callingCode = number.countryCallingCode
  const national = number.nationalNumber
  const verdict = validatePhoneNumberLength(number.number)
  const tooWhat = verdict === 'TOO_SHORT' ? 'too short' : verdict === 'TOO_LONG' ? 'too long' : 'not a possible length'
  const has = `This has ${plural(national.length, 'digit')} after +${callingCode} (${national}), so it is ${tooWhat}`

  if (callingCode === '1') {
    const missingAreaCode = national.length === 7 ? '; the 3-digit area code is probably missing' : ''
    return {
      severity: 'error',
      code: 'WRONG_LENGTH',
      message:
        '+1 is the North American Numbering Plan (the US, Canada and other countries and territories): ' +
        '+1 is always followed by exactly 10 digits, a 3-digit area code and a 7-digit number. ' +
        `${has}${missingAreaCode}.`,
      fix:
        national.length < 10
          ? `Add the missing digits (usually the area code) so that exactly 10 follow +1, e.g. ${NANP_EXAMPLE}.`
          : `Remove the extra digits so that exactly 10 follow +1, e.g. ${NANP_EXAMPLE}.`,
    }
  }

  const lengths = possibleLengths(callingCode)
  const countries = countriesFor(callingCode)
  const where =
    countries.length === 0 ? 'a non-geographic service' : countries.length === 1 ? countryName(countries[0] ?? '') : countries.join(', ')
  const rule =
    lengths.length > 0
      ? `Numbers under +${callingCode} (${where}) have ${joinOr(lengths)} digits after the country calling code. `
      : ''
  return {
    severity: 'error',
    code: 'WRONG_LENGTH',
    message: `${rule}${has}.`,
    fix: 'Check the number with its owner: digits are missing or extra.',
  }
}

function trunkPrefixProblem(number: PhoneNumber, syntax: Syntax): PhoneProblem | undefined {
  if (!syntax.hasPlus && !syntax.leading00) return undefined
  const digits = parseDigits(syntax.core.slice(syntax.hasPlus ? 1 : 2))
  const callingCode = number.countryCallingCode
  if (!digits.startsWith(callingCode)) return undefined
  const afterCode = digits.slice(callingCode.length)
  const national = number.nationalNumber
  if (afterCode.length <= national.length || !afterCode.endsWith(national)) return undefined

  const prefix = afterCode.slice(0, afterCode.length - national.length)
  return {
    severity: 'error',
    code: 'TRUNK_PREFIX',
    message:
      `The ${prefix} after +${callingCode} is the national (trunk) prefix, dialled only from inside the country; ` +
      `E.164 leaves it out. The number is ${number.number}, not +${callingCode}${afterCode}, ` +
      'and a Cognito phone_number or SNS destination that keeps the prefix may never reach the phone.',
    fix: `Write it as ${number.number}.`,
  }
}

function notValidProblem(number: PhoneNumber): PhoneProblem {
  const callingCode = number.countryCallingCode
  const countries = countriesFor(callingCode)
  let where: string
  if (number.country) where = `${countryName(number.country)} (${number.country})`
  else if (countries.length === 1 && countries[0]) where = `${countryName(countries[0])} (${countries[0]})`
  else if (countries.length > 1) where = `any country or territory that uses +${callingCode} (${countries.slice(0, 6).join(', ')}${countries.length > 6 ? '…' : ''})`
  else where = `the +${callingCode} numbering plan`

  return {
    severity: 'warning',
    code: 'NOT_VALID_FOR_COUNTRY',
    message:
      `${number.number} has a plausible length but is not a valid number in ${where}: ` +
      'libphonenumber knows no assigned range it falls in, so carriers are likely to reject it.',
    fix: 'Check the number with its owner. If the range is genuinely new, libphonenumber-js metadata may be out of date.',
  }
}

function isFictional(number: PhoneNumber): boolean {
  const national = number.nationalNumber
  if (number.countryCallingCode !== '1' || national.length !== 10) return false
  const line = Number(national.slice(6))
  return national.slice(3, 6) === '555' && line >= 100 && line <= 199
}

function notE164Problem(input: string, syntax: Syntax, suggestion: string | undefined, assumed: CountryCode | undefined, placed: boolean): PhoneProblem {
  let fix: string
  if (suggestion && !STRICT_E164.test(suggestion)) {
    // A few small places (Tokelau, Niue, the Falklands…) have E.164 numbers shorter than SNS's
    // 8-digit minimum.
    fix = `${suggestion} is a real number format, but SNS refuses destinations with fewer than 8 digits after the +, so AWS cannot text it.`
  } else if (suggestion) {
    fix = `Write it as ${suggestion}${assumed ? ` (reading it as a ${countryName(assumed)} number)` : ''}.`
  } else if (!placed && !syntax.hasPlus && !syntax.leading00) {
    fix = `Put + and the country calling code in front (for example +1 for the US and Canada, +44 for the UK), or give the destination country so the number can be converted.`
    const asIs = parse(`+${parseDigits(syntax.core)}`)
    if ('number' in asIs && asIs.number.isValid()) {
      fix += ` If it already starts with the country calling code (+${asIs.number.countryCallingCode}), write it as ${asIs.number.number}.`
    }
  } else {
    fix = 'Remove everything except the leading + and the digits, and fix the other problems listed.'
  }

  return {
    severity: 'error',
    code: 'NOT_E164',
    message:
      `${JSON.stringify(input)} is not in E.164 format: ${syntax.issues.join('; ')}. ` +
      'SNS and Cognito accept only a + followed by 8 to 15 digits (the country calling code first) and nothing else.',
    fix,
  }
}

function unparseableProblem(error: string, syntax: Syntax): PhoneProblem {
  const digits = parseDigits(syntax.core)
  const afterPrefix = syntax.leading00 ? digits.slice(2) : digits
  let reason: string
  switch (error) {
    case 'INVALID_COUNTRY': {
      reason = afterPrefix.startsWith('0')
        ? 'no country calling code starts with 0'
        : `the digits after the + (${afterPrefix.slice(0, 3)}…) do not begin with any country calling code`
      break
    }

    case 'NOT_A_NUMBER': {
      reason = 'it does not contain a phone number'
      break
    }

    case 'TOO_SHORT': {
      reason = 'it is too short to be a phone number anywhere'
      break
    }

    case 'TOO_LONG': {
      reason = 'it is too long to be a phone number'
      break
    }

    default: {
      reason = error
    }
  }

  return {
    severity: 'error',
    code: 'UNPARSEABLE',
    message: `libphonenumber cannot read ${JSON.stringify(syntax.core)} as a phone number: ${reason}.`,
    fix: `Write it as + country calling code + national number, digits only, e.g. ${INTERNATIONAL_EXAMPLE}.`,
  }
}

/** Explains how SNS, End User Messaging and Cognito will treat `input` as an SMS destination. */
export function analysePhone(input: string, options: AnalysePhoneOptions = {}): PhoneAnalysis {
  const strictE164 = STRICT_E164.test(input)
  const syntax = describeSyntax(input, strictE164)
  const requested = options.defaultCountry?.trim().toUpperCase()
  const defaultCountry = requested && isSupportedCountry(requested) ? requested : undefined

  let parsed: Parsed
  if (syntax.hasPlus) parsed = parse(syntax.core)
  // 00 is the international prefix nearly everywhere; no national number starts with it.
  else if (syntax.leading00) parsed = parse(`+${syntax.core.slice(2)}`)
  else parsed = parse(syntax.core, defaultCountry)

  const problems: PhoneProblem[] = []
  const read = 'number' in parsed ? parsed.number : undefined
  // libphonenumber stops reading at the first letter, so with letters about, what it read may be a
  // truncated number ("+1800FLOWERS" reads as +1800); a recognised extension ("ext 5") is the exception.
  const number = read && (!syntax.hasLetters || read.ext !== undefined) ? read : undefined
  const assumed = 'number' in parsed ? parsed.assumedCountry : undefined
  const e164 = number?.number
  const suggestion = number?.isPossible() ? number.number : undefined
  if (number?.ext !== undefined) syntax.issues.push(`it has an extension (${number.ext}), which SMS cannot reach`)

  if (!strictE164) problems.push(notE164Problem(input, syntax, suggestion, assumed, number !== undefined))

  if ('error' in parsed) {
    // Without a + (or 00) and without a country, "which country?" is the whole problem: NOT_E164 says so.
    const unplaceable = parsed.error === 'INVALID_COUNTRY' && !syntax.hasPlus && !syntax.leading00
    if (!unplaceable) problems.push(unparseableProblem(parsed.error, syntax))
  }

  const simulator = e164 ? findSimulator(e164) : undefined
  const country = number?.country
  const possible = number?.isPossible() ?? false
  const valid = number?.isValid() ?? false
  const numberType = number?.getType()
  const fictional = number ? isFictional(number) : false
  // Doubt: Puerto Rico, Guam, the US Virgin Islands and the other US territories share +1, and AWS
  // may well route them as US traffic needing the same origination identity, but its documentation
  // only names the US and libphonenumber reports them as their own countries (PR, GU, VI…), so only
  // country === 'US' is flagged.
  const needsUsOriginationIdentity = country === 'US'

  if (number) {
    const wrongLength = wrongLengthProblem(number)
    if (wrongLength) problems.push(wrongLength)
    const trunk = trunkPrefixProblem(number, syntax)
    if (trunk) problems.push(trunk)

    // AWS's simulator ranges are not always in libphonenumber's metadata (Norway's are not).
    if (possible && !valid && !simulator) problems.push(notValidProblem(number))

    if (numberType && NOT_MOBILE_TYPES.has(numberType) && !simulator) {
      problems.push({
        severity: 'warning',
        code: 'NOT_MOBILE',
        message: `libphonenumber classifies ${number.number} as ${numberType.toLowerCase().replaceAll('_', ' ')}; numbers of that type usually cannot receive SMS.`,
        fix: 'Ask the user for a mobile number.',
      })
    }
  }

  if (fictional && number) {
    problems.push({
      severity: 'warning',
      code: 'FICTIONAL',
      message:
        `${number.number} is in the North American fictional range 555-0100 to 555-0199 (kept for films and examples): ` +
        'it is never assigned to a phone, so it will never receive an SMS.',
      fix: `Use a phone you control, or the US simulator number ${simulatorNumberFor('US', 'success')} to test without one.`,
    })
  }

  if (simulator && e164) {
    problems.push({
      severity: 'info',
      code: 'SIMULATOR',
      message:
        `${e164} is the AWS End User Messaging SMS simulator ${simulator.outcome} number for ${simulator.countryName}. ` +
        'Messages to it never leave AWS and are only accepted from a simulator origination number of the same country, ' +
        'sent with End User Messaging SendTextMessage; ' +
        (simulator.outcome === 'failure'
          ? 'it always produces a failed delivery.'
          : 'it produces a successful delivery without any phone receiving it.'),
    })
  }

  if (needsUsOriginationIdentity) {
    problems.push({
      severity: 'info',
      code: 'US_ORIGINATION_REQUIRED',
      message:
        'This is a US number. Since 1 June 2021 AWS only sends SMS to US numbers from a registered origination identity ' +
        '(a toll-free number, a 10DLC number or a short code) in the region the message is sent from.',
      fix: 'Make sure the sending region has an active toll-free, 10DLC or short-code origination identity.',
    })
  }

  return {
    input,
    e164,
    strictE164,
    country,
    countryCallingCode: number?.countryCallingCode,
    possible,
    valid,
    numberType,
    northAmerica: number?.countryCallingCode === '1',
    needsUsOriginationIdentity,
    fictional,
    ...(simulator ? {simulator} : {}),
    problems,
  }
}
