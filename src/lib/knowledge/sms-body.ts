/**
 * What an SMS message template costs once it is sent: encoding, segments, and the limits Cognito
 * puts on SMS templates. Pure: data in, data out.
 */

/**
 * GSM 03.38 (3GPP TS 23.038) default alphabet, in code-table order, without 0x1B (the escape to
 * the extension table, which is not a character). Every one costs 1 septet.
 */
export const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅå' +
  'Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ' +
  ' !"#¤%&\'()*+,-./' +
  '0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNO' +
  'PQRSTUVWXYZÄÖÑÜ§' +
  '¿abcdefghijklmno' +
  'pqrstuvwxyzäöñüà'

/** GSM 03.38 extension table: each is sent as escape + character, so costs 2 septets. */
export const GSM7_EXTENSION = '\f^{}\\[~]|€'

export const COGNITO_SMS_LIMIT = 140
export const DEFAULT_CODE_PLACEHOLDER = '{####}'
export const DEFAULT_USERNAME_PLACEHOLDER = '{username}'
/** Cognito's SMS codes are 6 digits long by default. */
export const DEFAULT_CODE_LENGTH = 6
const SAMPLE_CODE = '123456'

const GSM_SINGLE = 160
const GSM_PART = 153
const UCS2_SINGLE = 70
const UCS2_PART = 67

const basic = new Set(GSM7_BASIC)
const extension = new Set(GSM7_EXTENSION)

export type SmsEncoding = 'GSM-7' | 'UCS-2'

export type SmsBodyProblemCode =
  | 'EMPTY'
  | 'NO_CODE_PLACEHOLDER'
  | 'NO_USERNAME_PLACEHOLDER'
  | 'TOO_LONG_FOR_COGNITO'
  | 'UCS2_ENCODING'
  | 'MULTIPART'

export interface SmsBodyProblem {
  severity: 'error' | 'warning' | 'info'
  code: SmsBodyProblemCode
  message: string
  fix?: string
}

export interface SmsBodyOptions {
  /** Default `{####}`, Cognito's code placeholder. */
  codePlaceholder?: string
  /** Default `{username}`, Cognito's placeholder in invitation messages. */
  usernamePlaceholder?: string
  /** Invitation (AdminCreateUser) messages must also contain the username placeholder. */
  requireUsername?: boolean
  /** Code used to render the message; default a 6-digit code. */
  code?: string
  /** Username used to render the message; without one the placeholder is left in as written. */
  username?: string
}

export interface SmsBodyAnalysis {
  /** The template as given. */
  text: string
  /** The template with the code (and the username, if given) filled in: what the phone receives. */
  rendered: string
  /** Characters (Unicode code points) in the template. */
  length: number
  /** Characters (Unicode code points) in the rendered message. */
  renderedLength: number
  /** Encoding, septets, code units and segments all describe `rendered`, not the template. */
  encoding: SmsEncoding
  /** GSM-7 septets (extension characters count 2); undefined when the message needs UCS-2. */
  septets: number | undefined
  /** UTF-16 code units, which is what a UCS-2 SMS counts (an emoji is 2). */
  ucs2Units: number
  /** Characters outside the GSM-7 alphabet, unique, in order of first appearance. */
  nonGsmCharacters: string[]
  /** SMS parts needed to send `rendered`; 0 for an empty message. */
  segments: number
  cognitoLimit: typeof COGNITO_SMS_LIMIT
  /** Both the template and the rendered message fit Cognito's 140-character limit. */
  withinCognitoLimit: boolean
  hasCodePlaceholder: boolean
  hasUsernamePlaceholder: boolean
  problems: SmsBodyProblem[]
}

export interface TemplateValues {
  code?: string
  username?: string
}

export interface TemplatePlaceholders {
  code?: string
  username?: string
}

function replaceAllLiteral(text: string, placeholder: string, value: string): string {
  // split/join rather than replaceAll, so `$&` and friends in a value are not patterns.
  return placeholder === '' ? text : text.split(placeholder).join(value)
}

/** Fills in every occurrence of the code and username placeholders; missing values leave them as they are. */
export function renderTemplate(template: string, values: TemplateValues, placeholders: TemplatePlaceholders = {}): string {
  let rendered = template
  if (values.code !== undefined) {
    rendered = replaceAllLiteral(rendered, placeholders.code ?? DEFAULT_CODE_PLACEHOLDER, values.code)
  }

  if (values.username !== undefined) {
    rendered = replaceAllLiteral(rendered, placeholders.username ?? DEFAULT_USERNAME_PLACEHOLDER, values.username)
  }

  return rendered
}

/** Septets for one character, or undefined when GSM-7 cannot carry it. */
function gsmCost(char: string): 1 | 2 | undefined {
  if (basic.has(char)) return 1
  if (extension.has(char)) return 2
  return undefined
}

/**
 * Parts needed for characters of the given costs. Greedy packing never splits a character across
 * parts: real senders keep an escape + extension character pair (GSM-7) and a surrogate pair (UCS-2)
 * together, so a part may hold one unit less than the nominal 153 or 67. Some senders do split
 * surrogate pairs or use other per-part budgets, so treat this as very close rather than exact.
 */
function countSegments(costs: readonly number[], single: number, part: number): number {
  const total = costs.reduce((sum, cost) => sum + cost, 0)
  if (total === 0) return 0
  if (total <= single) return 1
  let parts = 1
  let used = 0
  for (const cost of costs) {
    if (used + cost > part) {
      parts++
      used = 0
    }

    used += cost
  }

  return parts
}

/**
 * SMS parts `text` takes as sent (no placeholders replaced): GSM-7 when every character is in its
 * alphabet, else UCS-2. 0 for an empty text.
 */
export function countSmsParts(text: string): number {
  const chars = [...text]
  const costs = chars.map((c) => gsmCost(c))
  return costs.every((cost): cost is 1 | 2 => cost !== undefined)
    ? countSegments(costs, GSM_SINGLE, GSM_PART)
    : countSegments(chars.map((c) => c.length), UCS2_SINGLE, UCS2_PART)
}

const REPLACEMENTS: ReadonlyMap<string, string> = new Map([
  ['‘', "'"],
  ['’', "'"],
  ['‚', "'"],
  ['′', "'"],
  ['“', '"'],
  ['”', '"'],
  ['„', '"'],
  ['″', '"'],
  ['–', '-'],
  ['—', '-'],
  ['‐', '-'],
  ['‑', '-'],
  ['−', '-'],
  ['…', '...'],
  ['\u00A0', 'a plain space'],
  ['\u202F', 'a plain space'],
  ['•', '-'],
  ['`', "'"],
  ['´', "'"],
])

function describeChar(char: string): string {
  const code = `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`
  return /[\p{L}\p{N}\p{P}\p{S}]/u.test(char) ? `${char} (${code})` : code
}

function ucs2Fix(chars: readonly string[]): string {
  const steps: string[] = []
  const replaceable = chars.filter((c) => REPLACEMENTS.has(c))
  const other = chars.filter((c) => !REPLACEMENTS.has(c))
  if (replaceable.length > 0) {
    steps.push(`Replace ${replaceable.map((c) => `${describeChar(c)} with ${REPLACEMENTS.get(c)}`).join(', ')}`)
  }

  if (other.length > 0) steps.push(`${steps.length > 0 ? 'remove' : 'Remove'} or replace ${other.map(describeChar).join(', ')}`)
  return `${steps.join('; ')} to send the message as GSM-7 (${GSM_SINGLE} characters per SMS).`
}

/** A lookalike of the code placeholder that Cognito would not replace, e.g. `{###}` or `{ #### }`. */
function placeholderLookalike(text: string): string | undefined {
  return /\{\s*#+\s*\}?|#{3,}/.exec(text)?.[0]
}

/** Encoding, length, segments and Cognito template rules for an SMS message template. */
export function analyseSmsBody(text: string, options: SmsBodyOptions = {}): SmsBodyAnalysis {
  const codePlaceholder = options.codePlaceholder ?? DEFAULT_CODE_PLACEHOLDER
  const usernamePlaceholder = options.usernamePlaceholder ?? DEFAULT_USERNAME_PLACEHOLDER
  const hasCodePlaceholder = codePlaceholder !== '' && text.includes(codePlaceholder)
  const hasUsernamePlaceholder = usernamePlaceholder !== '' && text.includes(usernamePlaceholder)

  const rendered = renderTemplate(
    text,
    {code: options.code ?? SAMPLE_CODE, username: options.username},
    {code: codePlaceholder, username: usernamePlaceholder},
  )
  const chars = [...rendered]
  const length = [...text].length
  const renderedLength = chars.length

  const nonGsm: string[] = []
  let septets = 0
  for (const char of chars) {
    const cost = gsmCost(char)
    if (cost === undefined) {
      if (!nonGsm.includes(char)) nonGsm.push(char)
    } else {
      septets += cost
    }
  }

  const encoding: SmsEncoding = nonGsm.length === 0 ? 'GSM-7' : 'UCS-2'
  const segments = countSmsParts(rendered)
  const withinCognitoLimit = length <= COGNITO_SMS_LIMIT && renderedLength <= COGNITO_SMS_LIMIT

  const problems: SmsBodyProblem[] = []
  if (text.trim() === '') {
    problems.push({
      severity: 'error',
      code: 'EMPTY',
      message: 'The message is empty, so there is nothing to send and no code in it.',
      fix: `Write a message containing ${codePlaceholder}, e.g. "Your verification code is ${codePlaceholder}".`,
    })
  } else {
    if (!hasCodePlaceholder) {
      const lookalike = codePlaceholder === DEFAULT_CODE_PLACEHOLDER ? placeholderLookalike(text) : undefined
      problems.push({
        severity: 'error',
        code: 'NO_CODE_PLACEHOLDER',
        message:
          `The message does not contain the code placeholder ${codePlaceholder}` +
          (lookalike ? ` (it has "${lookalike}", which is not replaced: the placeholder must be exactly ${codePlaceholder})` : '') +
          '. Cognito rejects SMS templates without it, and a message without the code is useless.',
        fix: `Put ${codePlaceholder} where the code should go.`,
      })
    }

    if (options.requireUsername && !hasUsernamePlaceholder) {
      problems.push({
        severity: 'error',
        code: 'NO_USERNAME_PLACEHOLDER',
        message: `The message does not contain the username placeholder ${usernamePlaceholder}, which invitation messages must include.`,
        fix: `Add ${usernamePlaceholder} so the user learns their username along with the temporary password.`,
      })
    }

    if (!withinCognitoLimit) {
      const message =
        length > COGNITO_SMS_LIMIT
          ? `The template is ${length} characters; Cognito accepts SMS templates of at most ${COGNITO_SMS_LIMIT}.`
          : `Rendered with the username, the message is ${renderedLength} characters, over Cognito's ${COGNITO_SMS_LIMIT}-character limit.`
      problems.push({
        severity: 'error',
        code: 'TOO_LONG_FOR_COGNITO',
        message,
        fix: `Shorten it by ${Math.max(length, renderedLength) - COGNITO_SMS_LIMIT} characters or more.`,
      })
    }

    if (encoding === 'UCS-2') {
      problems.push({
        severity: 'warning',
        code: 'UCS2_ENCODING',
        message:
          `The message must be sent as UCS-2 (${UCS2_SINGLE} characters per SMS instead of ${GSM_SINGLE}) because of ` +
          `${nonGsm.length === 1 ? 'a character' : 'characters'} outside the GSM-7 alphabet: ${nonGsm.map(describeChar).join(', ')}.`,
        fix: ucs2Fix(nonGsm),
      })
    }

    if (segments > 1) {
      const size =
        encoding === 'GSM-7'
          ? `${septets} GSM-7 septets; one SMS holds ${GSM_SINGLE}, each part of a longer one ${GSM_PART}`
          : `${rendered.length} UCS-2 code units; one SMS holds ${UCS2_SINGLE}, each part of a longer one ${UCS2_PART}`
      problems.push({
        severity: 'warning',
        code: 'MULTIPART',
        message:
          `The message is sent as ${segments} SMS parts (${size}). Each part is billed, ` +
          'and some phones and carriers show the parts separately or drop one.',
        fix:
          encoding === 'UCS-2'
            ? 'Replace the non-GSM characters, or shorten the message.'
            : `Shorten it to ${GSM_SINGLE} septets or fewer.`,
      })
    }
  }

  return {
    text,
    rendered,
    length,
    renderedLength,
    encoding,
    septets: encoding === 'GSM-7' ? septets : undefined,
    ucs2Units: rendered.length,
    nonGsmCharacters: nonGsm,
    segments,
    cognitoLimit: COGNITO_SMS_LIMIT,
    withinCognitoLimit,
    hasCodePlaceholder,
    hasUsernamePlaceholder,
    problems,
  }
}
