/**
 * A small seeded random source (mulberry32), so OTPs, request ids and probabilistic faults are
 * reproducible: the same scenario, seed and request order give the same values.
 */
export interface Random {
  /** A float in [0, 1). */
  (): number
}

export function seededRandom(seed: number): Random {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d_2b_79_f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

/** `count` random characters from `alphabet`. */
export function randomString(random: Random, alphabet: string, count: number): string {
  let out = ''
  for (let i = 0; i < count; i++) out += alphabet[Math.floor(random() * alphabet.length)]
  return out
}

export function randomDigits(random: Random, count: number): string {
  return randomString(random, '0123456789', count)
}

export function randomHex(random: Random, count: number): string {
  return randomString(random, '0123456789abcdef', count)
}

/** A version-4-shaped UUID from the seeded source (what AWS uses for MessageId and RequestId). */
export function randomUuid(random: Random): string {
  const hex = randomHex(random, 32).split('')
  hex[12] = '4'
  hex[16] = '89ab'[Math.floor(random() * 4)]!
  const s = hex.join('')
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`
}
