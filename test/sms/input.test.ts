import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {MfaSmsError} from '../../src/errors.js'
import {otpProblem, parseCountry, parseDestination, parseLanguage, parseOtp, SANDBOX_LANGUAGES} from '../../src/lib/sms/input.js'

function thrown(fn: () => unknown): MfaSmsError {
  try {
    fn()
  } catch (error) {
    if (error instanceof MfaSmsError) return error
    throw error
  }

  throw new Error('expected an MfaSmsError')
}

describe('parseDestination', () => {
  it('accepts strict E.164 and passes warnings on (a fictional 555-01xx number)', () => {
    const d = parseDestination('+12065550123')
    expect(d.e164).toBe('+12065550123')
    expect(d.analysis.country).toBe('US')
    expect(d.warnings.join(' ')).toMatch(/fictional/)
  })

  it('refuses anything that is not strict E.164, with the fix, exit 2', () => {
    const err = thrown(() => parseDestination('+1 206 555 0123'))
    expect(err).toMatchObject({code: 'BAD_PHONE_NUMBER', exitCode: 2})
    expect(err.message).toContain('contains spaces')
    expect(err.hints[0]).toContain('+12065550123')
  })

  it('refuses a number with the wrong length', () => {
    expect(thrown(() => parseDestination('+1206555012')).details).toMatchObject({problem: 'WRONG_LENGTH'})
  })

  it('accepts simulator numbers without warnings', () => {
    expect(parseDestination('+14254147755').warnings).toEqual([])
  })
})

describe('one-time passwords', () => {
  it('any 5 to 8 digits are a code', () => {
    fc.assert(fc.property(fc.stringMatching(/^[0-9]{5,8}$/), (code) => otpProblem(code) === undefined && parseOtp(` ${code} `) === code))
  })

  it('anything else is refused, and the message never repeats the code', () => {
    fc.assert(
      fc.property(
        fc.string({maxLength: 12}).filter((s) => !/^\s*[0-9]{5,8}\s*$/.test(s)),
        (code) => {
          const problem = otpProblem(code)
          if (problem === undefined) return false
          const err = thrown(() => parseOtp(code))
          return err.code === 'BAD_OTP' && err.exitCode === 2 && (code.trim().length < 3 || !err.message.includes(code.trim()))
        },
      ),
    )
  })

  it('says what is wrong', () => {
    expect(otpProblem('1234')).toMatch(/5 to 8 digits \(this one has 4\)/)
    expect(otpProblem('12a456')).toMatch(/digits only/)
    expect(otpProblem('')).toMatch(/empty/)
  })
})

describe('parseLanguage', () => {
  it('takes every AWS language in any case, and ko-KR for AWS\'s kr-KR', () => {
    for (const l of SANDBOX_LANGUAGES) expect(parseLanguage(l.toUpperCase())).toBe(l)
    expect(parseLanguage('ko-KR')).toBe('kr-KR')
    expect(parseLanguage('en_gb')).toBe('en-GB')
  })

  it('suggests the closest one for a typo', () => {
    const err = thrown(() => parseLanguage('en-UK'))
    expect(err).toMatchObject({code: 'BAD_LANGUAGE', exitCode: 2})
    expect(err.message).toMatch(/Did you mean en-(US|GB)\?/)
  })
})

describe('parseCountry', () => {
  it('upper-cases ISO codes and refuses names', () => {
    expect(parseCountry('us')).toBe('US')
    expect(thrown(() => parseCountry('USA'))).toMatchObject({code: 'BAD_COUNTRY', exitCode: 2})
    expect(thrown(() => parseCountry('ZZ'))).toMatchObject({code: 'BAD_COUNTRY'})
  })
})
