import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {globMatch} from '../../src/lib/iam/policy-eval.js'
import {globSource} from '../../src/lib/text/glob.js'

/** Anchored, as its user (policy-eval's globMatch) compiles it; no `i` flag unless asked. */
const matches = (pattern: string, value: string, flags = 's') => new RegExp(`^${globSource(pattern)}$`, flags).test(value)

describe('globSource', () => {
  it('`*` matches any run of characters, including none', () => {
    expect(globSource('sns:*')).toBe('sns:.*')
    expect(matches('sns:*', 'sns:')).toBe(true)
    expect(matches('sns:*', 'sns:Publish')).toBe(true)
    expect(matches('arn:*:sns:*', 'arn:aws:sns:eu-west-1:1:x')).toBe(true)
    expect(matches('sns:*', 'sms-voice:SendTextMessage')).toBe(false)
    expect(matches('*', 'a\nb')).toBe(true)
  })

  it('`?` matches exactly one character', () => {
    expect(globSource('a?c')).toBe('a.c')
    expect(matches('a?c', 'abc')).toBe(true)
    expect(matches('a?c', 'ac')).toBe(false)
    expect(matches('a?c', 'abbc')).toBe(false)
  })

  it('takes regular-expression metacharacters literally', () => {
    for (const literal of ['a.b', 'a+b', '(x)', '[ab]', '{1,2}', 'a|b', '^a$', 'a\\b']) {
      expect(matches(literal, literal)).toBe(true)
    }

    expect(matches('a.b', 'axb')).toBe(false)
    expect(matches('[ab]', 'a')).toBe(false)
    expect(matches('a|b', 'a')).toBe(false)
    expect(matches('a+b', 'aab')).toBe(false)
    expect(matches('a.*', 'a.xyz')).toBe(true)
    expect(matches('a.*', 'abxyz')).toBe(false)
  })

  it('leaves letter case alone: case-sensitive unless the caller adds the `i` flag', () => {
    expect(globSource('Sns:Publish')).toBe('Sns:Publish')
    expect(matches('sns:Publish', 'SNS:publish')).toBe(false)
    expect(matches('sns:Publish', 'SNS:publish', 'is')).toBe(true)
    expect(globMatch('sns:publish*', 'SNS:PublishBatch')).toBe(false)
    expect(globMatch('sns:publish*', 'SNS:PublishBatch', true)).toBe(true)
  })

  it('a pattern without wildcards matches only itself', () => {
    const noWildcards = fc.string({unit: 'grapheme'}).filter((s) => !s.includes('*') && !s.includes('?'))
    fc.assert(
      fc.property(noWildcards, fc.string({unit: 'grapheme'}), (pattern, other) => {
        expect(matches(pattern, pattern)).toBe(true)
        expect(matches(pattern, other)).toBe(other === pattern)
      }),
    )
  })
})
