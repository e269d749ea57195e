import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {
  COGNITO_SMS_LIMIT,
  GSM7_BASIC,
  GSM7_EXTENSION,
  analyseSmsBody,
  renderTemplate,
  type SmsBodyAnalysis,
} from '../../src/lib/knowledge/sms-body.js'

function codes(analysis: SmsBodyAnalysis): string[] {
  return analysis.problems.map((problem) => problem.code)
}

// A placeholder no generated or hand-written body below contains, so only the encoding is tested.
const NO_PLACEHOLDER = {codePlaceholder: '\uE000'}
const CODE = '{####}'

describe('GSM 03.38 alphabets', () => {
  it('has 127 distinct basic characters (128 less the escape) and 10 extension characters', () => {
    expect([...GSM7_BASIC]).toHaveLength(127)
    expect(new Set(GSM7_BASIC).size).toBe(127)
    expect([...GSM7_EXTENSION]).toHaveLength(10)
    expect(new Set(GSM7_EXTENSION).size).toBe(10)
    for (const char of GSM7_EXTENSION) expect(GSM7_BASIC).not.toContain(char)
    expect(GSM7_BASIC).not.toContain('\u001B')
  })

  it.each(['@', '£', '$', '¥', 'è', 'Ç', '\n', '\r', 'Δ', '_', 'ß', ' ', '¤', '¡', '§', '¿', 'à', 'ü', "'", '"'])(
    '%j is a basic character',
    (char) => expect(GSM7_BASIC).toContain(char),
  )

  it.each(['{', '}', '[', ']', '~', '\\', '|', '^', '€', '\f'])('%j is an extension character', (char) =>
    expect(GSM7_EXTENSION).toContain(char),
  )

  it.each(['ç', '`', '’', '“', '–', '…', 'á', 'ж', '😀', '\t', '\u00A0'])('%j is in neither', (char) => {
    expect(GSM7_BASIC).not.toContain(char)
    expect(GSM7_EXTENSION).not.toContain(char)
  })
})

describe('analyseSmsBody: a normal template', () => {
  it('measures "Your code is {####}" after putting a 6-digit code in', () => {
    const analysis = analyseSmsBody('Your code is {####}')
    expect(analysis).toMatchObject({
      rendered: 'Your code is 123456',
      length: 19,
      renderedLength: 19,
      encoding: 'GSM-7',
      septets: 19,
      ucs2Units: 19,
      nonGsmCharacters: [],
      segments: 1,
      cognitoLimit: 140,
      withinCognitoLimit: true,
      hasCodePlaceholder: true,
      hasUsernamePlaceholder: false,
      problems: [],
    })
  })

  it('does not count the braces of the placeholder, which are never sent', () => {
    // Rendered: "Code 123456" — 11 septets, where the template's braces would have cost 4.
    expect(analyseSmsBody('Code {####}').septets).toBe(11)
  })

  it('renders with a given code and username', () => {
    const analysis = analyseSmsBody('Hi {username}, code {####}', {code: '42', username: 'ana'})
    expect(analysis.rendered).toBe('Hi ana, code 42')
    expect(analysis.length).toBe(26)
    expect(analysis.renderedLength).toBe(15)
  })
})

describe('analyseSmsBody: GSM-7 segments', () => {
  it.each([
    [1, 1],
    [160, 1],
    [161, 2],
    [306, 2],
    [307, 3],
    [459, 3],
    [460, 4],
  ])('%i septets → %i segment(s)', (length, segments) => {
    const analysis = analyseSmsBody('a'.repeat(length), NO_PLACEHOLDER)
    expect(analysis.encoding).toBe('GSM-7')
    expect(analysis.septets).toBe(length)
    expect(analysis.segments).toBe(segments)
    expect(codes(analysis).includes('MULTIPART')).toBe(segments > 1)
  })

  it('counts extension characters as two septets', () => {
    expect(analyseSmsBody('€', NO_PLACEHOLDER).septets).toBe(2)
    expect(analyseSmsBody('{}[]~\\|^€\f', NO_PLACEHOLDER).septets).toBe(20)
    expect(analyseSmsBody('€'.repeat(80), NO_PLACEHOLDER)).toMatchObject({length: 80, septets: 160, segments: 1})
    expect(analyseSmsBody('€'.repeat(81), NO_PLACEHOLDER)).toMatchObject({length: 81, septets: 162, segments: 2})
    expect(analyseSmsBody('a'.repeat(159) + '^', NO_PLACEHOLDER)).toMatchObject({septets: 161, segments: 2})
  })

  it('does not split an escape + extension character pair across parts', () => {
    // 306 septets would fit two 153-septet parts, but the € would straddle them.
    const analysis = analyseSmsBody('a'.repeat(152) + '€' + 'a'.repeat(152), NO_PLACEHOLDER)
    expect(analysis.septets).toBe(306)
    expect(analysis.segments).toBe(3)
    // Moved one character along, the € fits in the first part.
    expect(analyseSmsBody('a'.repeat(151) + '€' + 'a'.repeat(153), NO_PLACEHOLDER).segments).toBe(2)
  })

  it('describes a multipart message in septets', () => {
    const multipart = analyseSmsBody('a'.repeat(161), NO_PLACEHOLDER).problems.find((p) => p.code === 'MULTIPART')
    expect(multipart?.severity).toBe('warning')
    expect(multipart?.message).toContain('2 SMS parts (161 GSM-7 septets')
  })
})

describe('analyseSmsBody: UCS-2', () => {
  it.each([
    [70, 1],
    [71, 2],
    [134, 2],
    [135, 3],
    [201, 3],
    [202, 4],
  ])('%i UCS-2 characters → %i segment(s)', (length, segments) => {
    const analysis = analyseSmsBody('ж'.repeat(length), NO_PLACEHOLDER)
    expect(analysis.encoding).toBe('UCS-2')
    expect(analysis.septets).toBeUndefined()
    expect(analysis.ucs2Units).toBe(length)
    expect(analysis.segments).toBe(segments)
  })

  it('counts an emoji as one character but two UTF-16 code units', () => {
    const one = analyseSmsBody('😀', NO_PLACEHOLDER)
    expect(one).toMatchObject({length: 1, renderedLength: 1, ucs2Units: 2, encoding: 'UCS-2', nonGsmCharacters: ['😀']})
    expect(analyseSmsBody('😀'.repeat(35), NO_PLACEHOLDER)).toMatchObject({ucs2Units: 70, segments: 1})
    expect(analyseSmsBody('😀'.repeat(36), NO_PLACEHOLDER)).toMatchObject({ucs2Units: 72, segments: 2})
  })

  it('does not split a surrogate pair across parts', () => {
    const analysis = analyseSmsBody('ж'.repeat(66) + '😀' + 'ж'.repeat(66), NO_PLACEHOLDER)
    expect(analysis.ucs2Units).toBe(134)
    expect(analysis.segments).toBe(3)
  })

  it('names the curly quote that forced UCS-2 and says what to use instead', () => {
    const analysis = analyseSmsBody('Don’t share {####}')
    expect(analysis.encoding).toBe('UCS-2')
    expect(analysis.nonGsmCharacters).toEqual(['’'])
    const ucs2 = analysis.problems.find((p) => p.code === 'UCS2_ENCODING')
    expect(ucs2?.severity).toBe('warning')
    expect(ucs2?.message).toContain('’ (U+2019)')
    expect(ucs2?.fix).toContain("Replace ’ (U+2019) with '")
    expect(analysis.segments).toBe(1)
    expect(codes(analysis)).toEqual(['UCS2_ENCODING'])
  })

  it('names an emoji and an invisible character', () => {
    const ucs2 = analyseSmsBody('Code:\u00A0{####} 🔐').problems.find((p) => p.code === 'UCS2_ENCODING')
    expect(ucs2?.message).toContain('U+00A0')
    expect(ucs2?.message).toContain('🔐 (U+1F510)')
    expect(ucs2?.fix).toContain('remove or replace 🔐 (U+1F510)')
  })

  it('lists non-GSM characters once each, in order of first appearance', () => {
    expect(analyseSmsBody('ж😀a ж’😀ç {####}').nonGsmCharacters).toEqual(['ж', '😀', '’', 'ç'])
  })

  it('describes a multipart UCS-2 message in code units', () => {
    const multipart = analyseSmsBody('😀'.repeat(36), NO_PLACEHOLDER).problems.find((p) => p.code === 'MULTIPART')
    expect(multipart?.message).toContain('72 UCS-2 code units')
  })
})

describe('analyseSmsBody: Cognito rules', () => {
  it('requires the code placeholder', () => {
    const analysis = analyseSmsBody('Your code is ready')
    expect(analysis.hasCodePlaceholder).toBe(false)
    const missing = analysis.problems.find((p) => p.code === 'NO_CODE_PLACEHOLDER')
    expect(missing?.severity).toBe('error')
    expect(missing?.message).toContain('{####}')
  })

  it.each(['Code: {###}', 'Code: { #### }', 'Code: ####', 'Code: {####'])('points at the lookalike in %j', (text) => {
    const missing = analyseSmsBody(text).problems.find((p) => p.code === 'NO_CODE_PLACEHOLDER')
    expect(missing?.message).toContain('which is not replaced')
  })

  it('accepts a custom code placeholder', () => {
    const analysis = analyseSmsBody('Code: <code>', {codePlaceholder: '<code>'})
    expect(analysis.hasCodePlaceholder).toBe(true)
    expect(analysis.rendered).toBe('Code: 123456')
    expect(codes(analysis)).toEqual([])
    expect(codes(analyseSmsBody('Code: {####}', {codePlaceholder: '<code>'}))).toEqual(['NO_CODE_PLACEHOLDER'])
  })

  it('requires the username placeholder only when asked', () => {
    expect(codes(analyseSmsBody('Your temporary password is {####}'))).toEqual([])
    const invite = analyseSmsBody('Your temporary password is {####}', {requireUsername: true})
    expect(codes(invite)).toEqual(['NO_USERNAME_PLACEHOLDER'])
    expect(invite.problems[0]?.severity).toBe('error')

    const withUsername = analyseSmsBody('User {username}, password {####}', {requireUsername: true})
    expect(withUsername.hasUsernamePlaceholder).toBe(true)
    expect(codes(withUsername)).toEqual([])

    const custom = analyseSmsBody('User <u>, password {####}', {requireUsername: true, usernamePlaceholder: '<u>'})
    expect(codes(custom)).toEqual([])
  })

  it('accepts 140 characters and rejects 141', () => {
    const template = (length: number) => CODE + 'x'.repeat(length - CODE.length)
    const fits = analyseSmsBody(template(140))
    expect(fits).toMatchObject({length: 140, renderedLength: 140, withinCognitoLimit: true, segments: 1})
    expect(codes(fits)).toEqual([])

    const over = analyseSmsBody(template(141))
    expect(over).toMatchObject({length: 141, renderedLength: 141, withinCognitoLimit: false, segments: 1})
    const tooLong = over.problems.find((p) => p.code === 'TOO_LONG_FOR_COGNITO')
    expect(tooLong?.severity).toBe('error')
    expect(tooLong?.message).toContain('141 characters')
    expect(COGNITO_SMS_LIMIT).toBe(140)
  })

  it('counts the 140 in characters, not bytes or code units', () => {
    const analysis = analyseSmsBody(CODE + '😀'.repeat(134))
    expect(analysis.length).toBe(140)
    expect(analysis.withinCognitoLimit).toBe(true)
    expect(analysis.ucs2Units).toBe(274)
  })

  it('checks the limit after the username is filled in', () => {
    const analysis = analyseSmsBody('Hi {username}, code {####}', {username: 'u'.repeat(130)})
    expect(analysis.length).toBeLessThanOrEqual(140)
    expect(analysis.renderedLength).toBe(146)
    expect(analysis.withinCognitoLimit).toBe(false)
    expect(analysis.problems.find((p) => p.code === 'TOO_LONG_FOR_COGNITO')?.message).toContain('username')
  })

  it.each(['', '   ', '\n'])('reports %j as EMPTY and nothing else', (text) => {
    const analysis = analyseSmsBody(text)
    expect(codes(analysis)).toEqual(['EMPTY'])
    expect(analysis.problems[0]?.severity).toBe('error')
  })

  it('has 0 segments for an empty message', () => {
    expect(analyseSmsBody('').segments).toBe(0)
  })
})

describe('renderTemplate', () => {
  it('replaces every occurrence', () => {
    expect(renderTemplate('{####} again {####}', {code: '111222'})).toBe('111222 again 111222')
  })

  it('leaves placeholders without a value alone', () => {
    expect(renderTemplate('{username}: {####}', {code: '1'})).toBe('{username}: 1')
    expect(renderTemplate('{username}: {####}', {username: 'ana'})).toBe('ana: {####}')
  })

  it('treats values literally', () => {
    expect(renderTemplate('{username}', {username: '$&$1$$'})).toBe('$&$1$$')
  })

  it('takes custom placeholders', () => {
    expect(renderTemplate('%u %c', {code: '9', username: 'x'}, {code: '%c', username: '%u'})).toBe('x 9')
  })
})

describe('analyseSmsBody: properties', () => {
  const basicChar = fc.constantFrom(...GSM7_BASIC)
  const gsmChar = fc.constantFrom(...GSM7_BASIC, ...GSM7_EXTENSION)
  const basicString = fc.string({unit: basicChar, maxLength: 700})
  const gsmString = fc.string({unit: gsmChar, maxLength: 700})
  const gsm = new Set([...GSM7_BASIC, ...GSM7_EXTENSION])
  const nonGsmChar = fc
    .oneof(fc.string({unit: 'binary', minLength: 1, maxLength: 1}), fc.constantFrom('’', '“', '😀', 'ж', 'ç', '\u00A0'))
    .filter((c) => !gsm.has(c) && c !== NO_PLACEHOLDER.codePlaceholder)

  it('any string of GSM basic characters is GSM-7 with one septet per character', () => {
    fc.assert(
      fc.property(basicString, (text) => {
        const analysis = analyseSmsBody(text, NO_PLACEHOLDER)
        const length = [...text].length
        expect(analysis.encoding).toBe('GSM-7')
        expect(analysis.nonGsmCharacters).toEqual([])
        expect(analysis.septets).toBe(length)
        expect(analysis.segments).toBe(length === 0 ? 0 : length <= 160 ? 1 : Math.ceil(length / 153))
      }),
    )
  })

  it('segments grow monotonically with length for GSM basic strings', () => {
    fc.assert(
      fc.property(basicString, basicString, (a, b) => {
        const [short, long] = a.length <= b.length ? [a, b] : [b, a]
        expect(analyseSmsBody(short, NO_PLACEHOLDER).segments).toBeLessThanOrEqual(analyseSmsBody(long, NO_PLACEHOLDER).segments)
      }),
    )
  })

  it('appending a GSM character never lowers the segment count, and parts hold 152-153 septets', () => {
    fc.assert(
      fc.property(gsmString, gsmChar, (text, char) => {
        const before = analyseSmsBody(text, NO_PLACEHOLDER)
        const after = analyseSmsBody(text + char, NO_PLACEHOLDER)
        expect(after.segments).toBeGreaterThanOrEqual(before.segments)
        const septets = after.septets ?? Number.NaN
        if (septets > 160) {
          expect(after.segments).toBeGreaterThanOrEqual(Math.ceil(septets / 153))
          expect(after.segments).toBeLessThanOrEqual(Math.ceil(septets / 152))
        }
      }),
    )
  })

  it('one non-GSM character forces UCS-2 and is the one listed', () => {
    fc.assert(
      fc.property(gsmString, nonGsmChar, fc.nat(), (text, char, at) => {
        const chars = [...text]
        const position = at % (chars.length + 1)
        const mixed = [...chars.slice(0, position), char, ...chars.slice(position)].join('')
        const analysis = analyseSmsBody(mixed, NO_PLACEHOLDER)
        expect(analysis.encoding).toBe('UCS-2')
        expect(analysis.nonGsmCharacters).toEqual([char])
        expect(analysis.septets).toBeUndefined()
        expect(analysis.ucs2Units).toBe(mixed.length)
        // A whitespace-only message (e.g. a lone no-break space) is reported as EMPTY instead.
        if (mixed.trim() !== '') {
          expect(analysis.problems.find((p) => p.code === 'UCS2_ENCODING')?.message).toContain(`U+`)
        }
      }),
    )
  })

  it('never throws, and lengths are consistent', () => {
    fc.assert(
      fc.property(fc.string({unit: 'binary', maxLength: 400}), fc.boolean(), (text, requireUsername) => {
        const analysis = analyseSmsBody(text, {requireUsername})
        expect(analysis.length).toBe([...text].length)
        expect(analysis.renderedLength).toBe([...analysis.rendered].length)
        expect(analysis.withinCognitoLimit).toBe(analysis.length <= 140 && analysis.renderedLength <= 140)
        expect(analysis.encoding === 'GSM-7').toBe(analysis.nonGsmCharacters.length === 0)
        expect(new Set(analysis.nonGsmCharacters).size).toBe(analysis.nonGsmCharacters.length)
      }),
    )
  })
})
