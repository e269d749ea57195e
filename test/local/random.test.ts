import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {randomDigits, randomHex, randomString, randomUuid, seededRandom} from '../../src/lib/local/random.js'

const take = (seed: number, n: number) => {
  const random = seededRandom(seed)
  return Array.from({length: n}, () => random())
}

describe('seededRandom', () => {
  it('gives the same sequence for the same seed', () => {
    fc.assert(fc.property(fc.integer(), (seed) => {
      expect(take(seed, 20)).toEqual(take(seed, 20))
    }))
  })

  it('gives different sequences for different seeds', () => {
    expect(take(1, 10)).not.toEqual(take(2, 10))
    fc.assert(fc.property(fc.integer({max: 0xff_ff_ff_ff, min: 0}), fc.integer({max: 0xff_ff_ff_ff, min: 0}), (a, b) => {
      fc.pre(a !== b)
      expect(take(a, 4)).not.toEqual(take(b, 4))
    }))
  })

  it('treats the seed as an unsigned 32-bit integer', () => {
    expect(take(-1, 5)).toEqual(take(0xff_ff_ff_ff, 5))
  })

  it('stays in [0, 1)', () => {
    fc.assert(fc.property(fc.integer(), (seed) => {
      for (const value of take(seed, 50)) {
        expect(value).toBeGreaterThanOrEqual(0)
        expect(value).toBeLessThan(1)
      }
    }))
  })
})

describe('random strings from a seeded source', () => {
  it('draws only from the alphabet, with the requested length', () => {
    fc.assert(fc.property(fc.integer(), fc.nat({max: 40}), (seed, count) => {
      const random = seededRandom(seed)
      expect(randomDigits(random, count)).toMatch(new RegExp(`^[0-9]{${count}}$`))
      expect(randomHex(random, count)).toMatch(new RegExp(`^[0-9a-f]{${count}}$`))
      expect(randomString(random, 'xy', count)).toMatch(new RegExp(`^[xy]{${count}}$`))
    }))
  })

  it('makes version-4-shaped UUIDs, reproducibly', () => {
    fc.assert(fc.property(fc.integer(), (seed) => {
      const uuid = randomUuid(seededRandom(seed))
      expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      expect(randomUuid(seededRandom(seed))).toBe(uuid)
    }))
  })
})
