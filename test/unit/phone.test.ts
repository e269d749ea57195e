import fc from 'fast-check'
import {getCountries, getExampleNumber, parsePhoneNumberWithError, type PhoneNumber} from 'libphonenumber-js/max'
import examples from 'libphonenumber-js/mobile/examples'
import {describe, expect, it} from 'vitest'

import {
  SMS_SIMULATOR_NUMBERS,
  analysePhone,
  simulatorNumberFor,
  type PhoneAnalysis,
  type PhoneProblem,
} from '../../src/lib/knowledge/phone.js'

function codes(analysis: PhoneAnalysis): string[] {
  return analysis.problems.map((problem) => problem.code)
}

function problem(analysis: PhoneAnalysis, code: string): PhoneProblem {
  const found = analysis.problems.find((p) => p.code === code)
  if (!found) throw new Error(`expected a ${code} problem, got ${JSON.stringify(codes(analysis))}`)
  return found
}

describe('analysePhone: the cases the CLI must explain', () => {
  it('"+1 555 0100": not E.164 because of spaces, and too short for +1', () => {
    const analysis = analysePhone('+1 555 0100')
    expect(analysis.strictE164).toBe(false)
    expect(analysis.northAmerica).toBe(true)
    expect(analysis.possible).toBe(false)
    expect(analysis.valid).toBe(false)
    expect(codes(analysis)).toEqual(['NOT_E164', 'WRONG_LENGTH'])

    const syntax = problem(analysis, 'NOT_E164')
    expect(syntax.severity).toBe('error')
    expect(syntax.message).toContain('"+1 555 0100"')
    expect(syntax.message).toContain('it contains spaces')

    const length = problem(analysis, 'WRONG_LENGTH')
    expect(length.severity).toBe('error')
    expect(length.message).toContain('exactly 10 digits')
    expect(length.message).toContain('7 digits after +1 (5550100)')
    expect(length.message).toContain('too short')
    expect(length.message).toContain('area code is probably missing')
  })

  it('+12065550100: fictional, US, needs a US origination identity', () => {
    const analysis = analysePhone('+12065550100')
    expect(analysis).toMatchObject({
      e164: '+12065550100',
      strictE164: true,
      country: 'US',
      countryCallingCode: '1',
      possible: true,
      valid: true,
      numberType: 'FIXED_LINE_OR_MOBILE',
      northAmerica: true,
      needsUsOriginationIdentity: true,
      fictional: true,
    })
    expect(analysis.simulator).toBeUndefined()
    expect(analysis.problems.map((p) => [p.code, p.severity])).toEqual([
      ['FICTIONAL', 'warning'],
      ['US_ORIGINATION_REQUIRED', 'info'],
    ])
    expect(problem(analysis, 'FICTIONAL').message).toContain('never receive an SMS')
    expect(problem(analysis, 'US_ORIGINATION_REQUIRED').message).toContain('1 June 2021')
  })

  it('+14254147755: the US simulator success number', () => {
    const analysis = analysePhone('+14254147755')
    expect(analysis.simulator).toEqual({country: 'US', countryName: 'United States', outcome: 'success'})
    expect(analysis.country).toBe('US')
    expect(analysis.needsUsOriginationIdentity).toBe(true)
    expect(analysis.fictional).toBe(false)
    expect(analysis.problems.map((p) => [p.code, p.severity])).toEqual([
      ['SIMULATOR', 'info'],
      ['US_ORIGINATION_REQUIRED', 'info'],
    ])
    expect(problem(analysis, 'SIMULATOR').message).toContain('SendTextMessage')
  })

  it('+14254147167: the US simulator failure number says the delivery fails', () => {
    const analysis = analysePhone('+14254147167')
    expect(analysis.simulator).toEqual({country: 'US', countryName: 'United States', outcome: 'failure'})
    expect(problem(analysis, 'SIMULATOR').message).toContain('failed delivery')
  })
})

describe('analysePhone: strict E.164 syntax', () => {
  it.each([
    ['+12065550100', true],
    ['+4759449384', true],
    ['+12345678', true],
    ['+123456789012345', true],
    ['+1234567', false],
    ['+1234567890123456', false],
    ['12065550100', false],
    [' +12065550100', false],
    ['+12065550100\n', false],
    ['+1 2065550100', false],
    ['+１２０６５５５０１００', false],
    ['', false],
  ])('%j strict: %s', (input, strict) => {
    const analysis = analysePhone(input)
    expect(analysis.strictE164).toBe(strict)
    expect(codes(analysis).includes('NOT_E164')).toBe(!strict)
  })

  it.each([
    ['+1 206 555 0100', 'it contains spaces', '+12065550100'],
    ['+1-206-555-0100', 'it contains dashes', '+12065550100'],
    ['+1–206–555–0100', 'it contains dashes (–)', '+12065550100'],
    ['+1 (206) 5550100', 'it contains parentheses', '+12065550100'],
    ['+1.206.555.0100', 'it contains dots', '+12065550100'],
    ['+1/206/555/0100', 'it contains slashes', '+12065550100'],
    [' +12065550100 ', 'leading or trailing whitespace', '+12065550100'],
    ['+1\u00A0206\u00A05550100', 'special whitespace (U+00A0)', '+12065550100'],
    ['\u202A+12065550100\u202C', 'invisible formatting characters (U+202A, U+202C)', '+12065550100'],
    ['+１２０６５５５０１００', 'digits other than ASCII 0-9', '+12065550100'],
    ['+12065550100+', 'more than one +', '+12065550100'],
    ['00447911123456', 'starts with 00', '+447911123456'],
    ['0044 7911 123456', 'starts with 00', '+447911123456'],
    ['+12065550100 ext 5', 'extension (5)', '+12065550100'],
  ])('%j → says "%s" and suggests %s', (input, says, suggestion) => {
    const analysis = analysePhone(input)
    const syntax = problem(analysis, 'NOT_E164')
    expect(syntax.severity).toBe('error')
    expect(syntax.message).toContain(says)
    expect(syntax.fix).toBe(`Write it as ${suggestion}.`)
    expect(analysis.e164).toBe(suggestion)
  })

  it.each([
    ['+1234567', 'only 7 digits after the +'],
    ['+12', 'only 2 digits after the +'],
    ['+1206555010099999', '16 digits after the +, and E.164 allows at most 15'],
    ['+1800FLOWERS', 'letters (F, L, O, W, E, R, S)'],
    ['＋447911123456', 'not allowed (＋ U+FF0B)'],
    ['1+2065550100', 'its + is not at the start'],
    ['abc', 'letters (a, b, c)'],
    ['', 'it is empty'],
    ['  ', 'only whitespace'],
  ])('%j → says "%s"', (input, says) => {
    expect(problem(analysePhone(input), 'NOT_E164').message).toContain(says)
  })

  it('explains that SNS cannot text a valid number shorter than 8 digits', () => {
    const analysis = analysePhone('+6907290')
    expect(analysis).toMatchObject({country: 'TK', valid: true, strictE164: false, e164: '+6907290'})
    const syntax = problem(analysis, 'NOT_E164')
    expect(syntax.message).toContain('only 7 digits after the +, and SNS needs at least 8')
    expect(syntax.fix).toContain('AWS cannot text it')
    expect(problem(analysePhone('+690 7290'), 'NOT_E164').fix).toContain('AWS cannot text it')
  })

  it('does not trust a number libphonenumber cut short at a letter', () => {
    const analysis = analysePhone('+1800FLOWERS')
    expect(analysis.e164).toBeUndefined()
    expect(analysis.possible).toBe(false)
    expect(problem(analysis, 'NOT_E164').fix).not.toContain('Write it as')
  })
})

describe('analysePhone: numbers without + cannot be placed', () => {
  it('asks for the country calling code when no country is known', () => {
    const analysis = analysePhone('2065550100')
    expect(codes(analysis)).toEqual(['NOT_E164'])
    const syntax = problem(analysis, 'NOT_E164')
    expect(syntax.message).toContain('does not start with + and the country calling code')
    expect(syntax.fix).toContain('Put + and the country calling code in front')
    expect(analysis).toMatchObject({e164: undefined, country: undefined, possible: false, valid: false})
  })

  it('points out a country calling code typed without its +', () => {
    const fix = problem(analysePhone('447911123456'), 'NOT_E164').fix
    expect(fix).toContain('If it already starts with the country calling code (+44), write it as +447911123456.')
  })

  it('uses defaultCountry to suggest a fix but still reports the missing + as an error', () => {
    const analysis = analysePhone('(206) 555-0100', {defaultCountry: 'us'})
    const syntax = problem(analysis, 'NOT_E164')
    expect(syntax.severity).toBe('error')
    expect(syntax.message).toContain('does not start with +')
    expect(syntax.fix).toBe('Write it as +12065550100 (reading it as a United States number).')
    expect(analysis).toMatchObject({e164: '+12065550100', country: 'US', strictE164: false, fictional: true})
  })

  it('reads a national trunk 0 with defaultCountry', () => {
    const analysis = analysePhone('07911 123456', {defaultCountry: 'GB'})
    expect(analysis.e164).toBe('+447911123456')
    expect(codes(analysis)).toEqual(['NOT_E164'])
  })

  it('ignores an unknown defaultCountry', () => {
    const analysis = analysePhone('2065550100', {defaultCountry: 'XX'})
    expect(analysis.e164).toBeUndefined()
    expect(problem(analysis, 'NOT_E164').fix).toContain('country calling code')
  })
})

describe('analysePhone: parse failures, lengths and validity', () => {
  it.each([
    ['abc', 'does not contain a phone number'],
    ['+999123456789', 'do not begin with any country calling code'],
    ['+0123456789', 'no country calling code starts with 0'],
    ['+12', 'too short to be a phone number'],
  ])('%j is UNPARSEABLE: %s', (input, says) => {
    const unparseable = problem(analysePhone(input), 'UNPARSEABLE')
    expect(unparseable.severity).toBe('error')
    expect(unparseable.message).toContain(says)
  })

  it('explains a too-long +1 number', () => {
    const length = problem(analysePhone('+1206555010099999'), 'WRONG_LENGTH')
    expect(length.message).toContain('15 digits after +1')
    expect(length.message).toContain('too long')
  })

  it('gives the possible lengths of other calling codes', () => {
    const length = problem(analysePhone('+447911123456789012'), 'WRONG_LENGTH')
    expect(length.message).toContain('+44 (GB, GG, IM, JE) have 7, 9 or 10 digits')
    expect(length.message).toContain('too long')
    expect(problem(analysePhone('+4191234567890'), 'WRONG_LENGTH').message).toContain('+41 (Switzerland) have')
  })

  it('warns about a number of the right length that is not valid, naming the country', () => {
    const uk = analysePhone('+447911123')
    expect(uk.possible).toBe(true)
    expect(uk.valid).toBe(false)
    const invalid = problem(uk, 'NOT_VALID_FOR_COUNTRY')
    expect(invalid.severity).toBe('warning')
    expect(invalid.message).toContain('GB')

    const ch = problem(analysePhone('+41123456789'), 'NOT_VALID_FOR_COUNTRY')
    expect(ch.message).toContain('Switzerland (CH)')

    const nanp = problem(analysePhone('+11234567890'), 'NOT_VALID_FOR_COUNTRY')
    expect(nanp.message).toContain('+1')
  })

  it('flags a trunk prefix kept after the country calling code', () => {
    const uk = analysePhone('+4407911123456')
    expect(uk.strictE164).toBe(true)
    expect(uk.e164).toBe('+447911123456')
    const trunk = problem(uk, 'TRUNK_PREFIX')
    expect(trunk.message).toContain('The 0 after +44')
    expect(trunk.fix).toBe('Write it as +447911123456.')

    expect(problem(analysePhone('+112065550100'), 'TRUNK_PREFIX').message).toContain('The 1 after +1')
    expect(codes(analysePhone('+33 (0)6 12 34 56 78'))).toEqual(['NOT_E164', 'TRUNK_PREFIX'])
    // Italian numbers keep their leading 0 in E.164.
    expect(codes(analysePhone('+390612345678'))).not.toContain('TRUNK_PREFIX')
  })

  it('warns about landlines and toll-free numbers', () => {
    const landline = analysePhone('+442079460958')
    expect(landline.numberType).toBe('FIXED_LINE')
    expect(problem(landline, 'NOT_MOBILE').severity).toBe('warning')
    expect(codes(analysePhone('+80012345678'))).toContain('NOT_MOBILE')
    expect(analysePhone('+447911123456').numberType).toBe('MOBILE')
    expect(codes(analysePhone('+447911123456'))).toEqual([])
  })
})

describe('analysePhone: North America', () => {
  it.each([
    ['+12065550100', true],
    ['+12065550199', true],
    ['+12065550150', true],
    ['+12065550099', false],
    ['+12065550200', false],
    ['+12065551100', false],
    ['+16045550123', true],
  ])('%s fictional: %s', (input, fictional) => {
    const analysis = analysePhone(input)
    expect(analysis.fictional).toBe(fictional)
    expect(codes(analysis).includes('FICTIONAL')).toBe(fictional)
  })

  it.each([
    ['+12015550123', 'US', true],
    ['+16045550123', 'CA', false],
    ['+17875550123', 'PR', false],
    ['+447911123456', 'GG', false],
  ])('%s is %s; US origination identity needed: %s', (input, country, needed) => {
    const analysis = analysePhone(input)
    expect(analysis.country).toBe(country)
    expect(analysis.northAmerica).toBe(input.startsWith('+1'))
    expect(analysis.needsUsOriginationIdentity).toBe(needed)
    expect(codes(analysis).includes('US_ORIGINATION_REQUIRED')).toBe(needed)
  })
})

describe('SMS simulator numbers', () => {
  it('has 25 countries with distinct, strict E.164 numbers', () => {
    expect(SMS_SIMULATOR_NUMBERS).toHaveLength(25)
    const all = SMS_SIMULATOR_NUMBERS.flatMap((row) => [row.success, row.failure])
    expect(new Set(all).size).toBe(all.length)
    for (const number of all) expect(number).toMatch(/^\+[0-9]{8,15}$/)
  })

  it.each(SMS_SIMULATOR_NUMBERS.flatMap((row) => [
    [row.success, row.country, 'success'] as const,
    [row.failure, row.country, 'failure'] as const,
  ]))('%s is the %s %s number', (number, country, outcome) => {
    const analysis = analysePhone(number)
    expect(analysis.simulator).toMatchObject({country, outcome})
    expect(analysis.country).toBe(country)
    expect(analysis.possible).toBe(true)
    expect(problem(analysis, 'SIMULATOR').severity).toBe('info')
    // Norway's simulator range is not valid in libphonenumber's metadata; that must not be reported.
    expect(analysis.problems.filter((p) => p.severity !== 'info')).toEqual([])
  })

  it('recognises a simulator number typed with separators, while still flagging the syntax', () => {
    const analysis = analysePhone('+44 7860 019066')
    expect(analysis.simulator).toEqual({country: 'GB', countryName: 'United Kingdom', outcome: 'success'})
    expect(codes(analysis)).toEqual(['NOT_E164', 'SIMULATOR'])
  })

  it.each([
    ['US', 'success', '+14254147755'],
    ['us', 'failure', '+14254147167'],
    ['United Kingdom', 'success', '+447860019066'],
    ['gb', 'failure', '+447860019067'],
    ['jersey', 'success', '+447937404990'],
    [' TW ', 'failure', '+886903444632'],
    ['DE', 'success', undefined],
    ['Atlantis', 'failure', undefined],
  ] as const)('simulatorNumberFor(%j, %s) = %s', (country, outcome, expected) => {
    expect(simulatorNumberFor(country, outcome)).toBe(expected)
  })
})

describe('analysePhone: properties', () => {
  const validNumber = fc
    .tuple(fc.constantFrom(...getCountries()), fc.array(fc.integer({min: 0, max: 9}), {minLength: 1, maxLength: 4}))
    .map(([country, tail]): PhoneNumber | undefined => {
      const example = getExampleNumber(country, examples)
      if (!example) return undefined
      const national = example.nationalNumber
      const digits = national.slice(0, Math.max(0, national.length - tail.length)) + tail.join('').slice(0, national.length)
      try {
        const number = parsePhoneNumberWithError(digits, country)
        return number.isValid() ? number : undefined
      } catch {
        return undefined
      }
    })
    .filter((number): number is PhoneNumber => number !== undefined)
  // SNS wants at least 8 digits after the +; a few territories have shorter numbers (tested above).
  const validSnsNumber = validNumber.filter((number) => number.number.length >= 9)

  it('a valid number formatted as E.164 round-trips as strict and valid', () => {
    fc.assert(
      fc.property(validSnsNumber, (number) => {
        const analysis = analysePhone(number.number)
        expect(analysis.strictE164).toBe(true)
        expect(analysis.e164).toBe(number.number)
        expect(analysis.valid).toBe(true)
        expect(analysis.possible).toBe(true)
        expect(analysis.country).toBe(number.country)
        expect(analysis.countryCallingCode).toBe(number.countryCallingCode)
        expect(analysis.problems.filter((p) => p.severity === 'error')).toEqual([])
      }),
      {numRuns: 300},
    )
  })

  it('a valid number in international format is normalised back to its E.164 form', () => {
    fc.assert(
      fc.property(validSnsNumber, (number) => {
        const analysis = analysePhone(number.formatInternational())
        expect(analysis.e164).toBe(number.number)
        expect(problem(analysis, 'NOT_E164').fix).toBe(`Write it as ${number.number}.`)
      }),
      {numRuns: 200},
    )
  })

  it('never throws, and reports NOT_E164 exactly when the input is not strict', () => {
    const phoneish = fc.string({
      unit: fc.constantFrom(...'+0123456789 -().0/#*abcxX\u00A0\u202A１٩'.split('')),
      maxLength: 25,
    })
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({unit: 'grapheme'}), fc.string({unit: 'binary'}), phoneish), (input) => {
        const analysis = analysePhone(input)
        expect(analysis.input).toBe(input)
        expect(analysis.problems.some((p) => p.code === 'NOT_E164')).toBe(!analysis.strictE164)
        for (const p of analysis.problems) expect(p.message.length).toBeGreaterThan(0)
      }),
      {numRuns: 1000},
    )
  })

  it('inserting a space into a strict E.164 number always gives a NOT_E164 error', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\+[0-9]{8,15}$/), fc.nat(), (strict, at) => {
        const position = at % (strict.length + 1)
        const spaced = `${strict.slice(0, position)} ${strict.slice(position)}`
        const analysis = analysePhone(spaced)
        expect(analysis.strictE164).toBe(false)
        const syntax = problem(analysis, 'NOT_E164')
        expect(syntax.severity).toBe('error')
        expect(syntax.message).toMatch(/it contains spaces|leading or trailing whitespace/)
      }),
    )
  })

  it('a space inside a valid number does not change what it is read as', () => {
    fc.assert(
      fc.property(validNumber, fc.nat(), (number, at) => {
        const position = 1 + (at % number.number.length)
        const spaced = `${number.number.slice(0, position)} ${number.number.slice(position)}`
        expect(analysePhone(spaced).e164).toBe(number.number)
      }),
      {numRuns: 200},
    )
  })

  it('every simulator number is recognised with its country and outcome', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SMS_SIMULATOR_NUMBERS), fc.constantFrom('success' as const, 'failure' as const), (row, outcome) => {
        const analysis = analysePhone(row[outcome])
        expect(analysis.simulator).toEqual({country: row.country, countryName: row.countryName, outcome})
        expect(simulatorNumberFor(row.country, outcome)).toBe(row[outcome])
        expect(simulatorNumberFor(row.countryName, outcome)).toBe(row[outcome])
      }),
    )
  })
})
