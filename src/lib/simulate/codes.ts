/**
 * The secrets a simulation makes up (verification codes, temporary passwords) and the one function
 * that keeps them, and any other secret, out of what people see unless they ask (--show-code).
 */
import {randomInt} from 'node:crypto'

import {DEFAULT_CODE_LENGTH} from '../knowledge/sms-body.js'

export const MASK = '******'

/** A Cognito-style verification code: 6 digits. */
export function verificationCode(random: (max: number) => number = randomInt): string {
  return Array.from({length: DEFAULT_CODE_LENGTH}, () => String(random(10))).join('')
}

const LOWER = 'abcdefghijkmnpqrstuvwxyz'
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ'
const DIGITS = '23456789'
// Cognito's password symbols, less the ones it HTML-escapes for custom senders (<, >, &, ", ') and
// the ones that read badly in an SMS. ⚠ Whether Cognito escapes temporary passwords for the SMS
// sender as it does for the email sender (seed 002) is not documented, so we avoid the question.
const SYMBOLS = '!#$%*+-=?@^_'

/** A temporary password as the default password policy demands: 9 characters, every class present. */
export function temporaryPassword(random: (max: number) => number = randomInt): string {
  const pick = (set: string) => set[random(set.length)]!
  const chars = [pick(UPPER), pick(LOWER), pick(DIGITS), pick(SYMBOLS)]
  const all = LOWER + UPPER + DIGITS
  while (chars.length < 9) chars.push(pick(all))
  // Fisher-Yates so the classes do not always sit in front.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = random(i + 1)
    ;[chars[i], chars[j]] = [chars[j]!, chars[i]!]
  }

  return chars.join('')
}

/** Replaces every occurrence of each secret (longest first) with the mask. Secrets under 4 characters are left alone. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text
  const list = [...new Set(secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4))].sort((a, b) => b.length - a.length)
  for (const secret of list) out = out.split(secret).join(MASK)
  return out
}

/** Deep copy of a JSON-like value with every string redacted. */
export function redactDeep<T>(value: T, secrets: readonly (string | undefined)[]): T {
  if (secrets.every((s) => !s)) return value
  return JSON.parse(JSON.stringify(value ?? null, (_key, v: unknown) => (typeof v === 'string' ? redact(v, secrets) : v))) as T
}

/**
 * A copy of an Auth0 event with every value of its secret maps (Action `secrets`, hook
 * `context.webtask.secrets`) masked, whatever its length: `redact` leaves values under 4
 * characters alone so it does not mangle other text, but a secret map is shown as names only.
 */
export function maskSecretMaps<T>(event: T): T {
  if (!event || typeof event !== 'object') return event
  const maskAll = (m: unknown) => (m && typeof m === 'object' ? Object.fromEntries(Object.keys(m).map((k) => [k, MASK])) : m)
  const copy = {...(event as Record<string, unknown>)}
  if ('secrets' in copy) copy.secrets = maskAll(copy.secrets)
  const context = copy.context as {webtask?: {secrets?: unknown}} | undefined
  if (context?.webtask && 'secrets' in context.webtask) copy.context = {...context, webtask: {...context.webtask, secrets: maskAll(context.webtask.secrets)}}
  return copy as T
}
