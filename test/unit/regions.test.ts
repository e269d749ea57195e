import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {parsePoolId, parseRegionInput, regionOfPoolId} from '../../src/lib/knowledge/region-input.js'
import {checkSmsRegion, COGNITO_SMS_REGIONS, KNOWN_REGIONS, resolvePoolSmsRegion, suggestRegion} from '../../src/lib/knowledge/regions.js'
import {MfaSmsError} from '../../src/errors.js'

describe('checkSmsRegion', () => {
  it('refuses Seoul sending from Seoul and names Tokyo', () => {
    const r = checkSmsRegion('ap-northeast-2', 'ap-northeast-2')
    expect(r.verdict).toBe('refused')
    expect(r.allowedSmsRegions).toEqual(['ap-northeast-1'])
    expect(r.explanation).toContain('ap-northeast-1')
    expect(r.explanation).toContain('Tokyo')
  })

  it('allows Seoul sending from Tokyo', () => {
    expect(checkSmsRegion('ap-northeast-2', 'ap-northeast-1').verdict).toBe('allowed')
  })

  it.each([
    ['eu-central-1', 'eu-west-1'],
    ['eu-west-2', 'eu-west-1'],
    ['us-east-2', 'us-east-1'],
    ['ca-central-1', 'us-east-1'],
    ['ap-south-1', 'ap-southeast-1'],
    ['ap-northeast-2', 'ap-northeast-1'],
  ])('a %s pool without SnsRegion sends from its legacy region %s', (cognito, legacy) => {
    const r = checkSmsRegion(cognito)
    expect(r.effectiveSmsRegion).toBe(legacy)
    expect(r.effectiveSource).toBe('legacy-default')
    expect(r.verdict).toBe('allowed')
  })

  it('a us-east-1 pool without SnsRegion sends from us-east-1', () => {
    expect(checkSmsRegion('us-east-1').effectiveSmsRegion).toBe('us-east-1')
  })

  it('refuses an SMS region outside the pool\'s list and lists the choices', () => {
    const r = checkSmsRegion('eu-central-1', 'us-east-1')
    expect(r.verdict).toBe('refused')
    expect(r.explanation).toMatch(/eu-central-1.*or.*eu-west-1/)
  })

  it('warns (doubtful) for Hong Kong using its own region, which the table does not list', () => {
    expect(checkSmsRegion('ap-east-1', 'ap-east-1').verdict).toBe('doubtful')
    expect(checkSmsRegion('ap-east-1', 'ap-southeast-1').verdict).toBe('allowed')
  })

  it('every rule allows its legacy default and lists its region once', () => {
    for (const rule of COGNITO_SMS_REGIONS) {
      expect(checkSmsRegion(rule.cognitoRegion, rule.legacyDefault).verdict).toBe('allowed')
    }

    expect(new Set(KNOWN_REGIONS).size).toBe(COGNITO_SMS_REGIONS.length)
  })

  it('property: any SnsRegion not in the allowed list is refused', () => {
    fc.assert(
      fc.property(fc.constantFrom(...COGNITO_SMS_REGIONS), fc.constantFrom(...KNOWN_REGIONS), (rule, sns) => {
        const verdict = checkSmsRegion(rule.cognitoRegion, sns).verdict
        if (!rule.allowedSmsRegions.includes(sns) && sns !== rule.cognitoRegion) expect(verdict).toBe('refused')
        if (rule.allowedSmsRegions.includes(sns)) expect(verdict).toBe('allowed')
      }),
    )
  })
})

describe('resolvePoolSmsRegion', () => {
  it('a Frankfurt pool with a role but no SnsRegion sends from Ireland', () => {
    const r = resolvePoolSmsRegion('eu-central-1', {ExternalId: 'x', SnsCallerArn: 'arn:aws:iam::1:role/sms'})
    expect(r).toMatchObject({effectiveSmsRegion: 'eu-west-1', path: 'sns', verdict: 'allowed'})
  })

  it('honours SnsRegion', () => {
    const r = resolvePoolSmsRegion('eu-central-1', {SnsCallerArn: 'arn:aws:iam::1:role/sms', SnsRegion: 'eu-central-1'})
    expect(r.effectiveSmsRegion).toBe('eu-central-1')
  })

  it('a Seoul pool configured with SnsRegion Seoul is refused', () => {
    expect(resolvePoolSmsRegion('ap-northeast-2', {SnsCallerArn: 'arn', SnsRegion: 'ap-northeast-2'}).verdict).toBe('refused')
  })

  it('the EumsSms path sends from the pool region and refuses another EumsSms.Region', () => {
    expect(resolvePoolSmsRegion('eu-central-1', {EumsSms: {CallerArn: 'arn'}})).toMatchObject({effectiveSmsRegion: 'eu-central-1', path: 'eums', verdict: 'allowed'})
    expect(resolvePoolSmsRegion('eu-central-1', {EumsSms: {CallerArn: 'arn', Region: 'eu-west-1'}}).verdict).toBe('refused')
  })

  it('the EumsSms path is refused where it is not offered (Hong Kong)', () => {
    const r = resolvePoolSmsRegion('ap-east-1', {EumsSms: {CallerArn: 'arn'}})
    expect(r.verdict).toBe('refused')
    expect(r.explanation).toContain('ap-southeast-1')
  })

  it('says when a pool has no SMS configuration at all', () => {
    const r = resolvePoolSmsRegion('us-east-1', undefined)
    expect(r.path).toBe('none')
    expect(r.explanation).toMatch(/no SMS configuration/)
  })
})

describe('region input', () => {
  it('suggests the closest region for a typo', () => {
    expect(suggestRegion('eu-west1')).toBe('eu-west-1')
    expect(suggestRegion('us-esat-1')).toBe('us-east-1')
    expect(suggestRegion('banana')).toBeUndefined()
  })

  it('rejects an unknown region with exit 2 and a did-you-mean', () => {
    try {
      parseRegionInput('eu-wst-1', '--cognito-region', {mustBeCognito: true})
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(MfaSmsError)
      expect((error as MfaSmsError).exitCode).toBe(2)
      expect((error as MfaSmsError).message).toContain('Did you mean eu-west-1?')
    }
  })

  it('accepts region codes regardless of case and spaces', () => {
    expect(parseRegionInput(' EU-West-1 ', '--sns-region')).toBe('eu-west-1')
  })

  it('reads the region from a pool id and rejects malformed ids', () => {
    expect(regionOfPoolId('eu-central-1_AbC123')).toBe('eu-central-1')
    expect(() => parsePoolId('AbC123')).toThrow(/not a user pool id/)
  })
})

describe('region input: properties', () => {
  const cognitoRegion = fc.constantFrom(...COGNITO_SMS_REGIONS.map((r) => r.cognitoRegion))
  const casing = (text: string) =>
    fc.array(fc.boolean(), {maxLength: text.length, minLength: text.length}).map((upper) => [...text].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(''))

  it('every Cognito region, in any case and with surrounding spaces, parses to its code', () => {
    fc.assert(
      fc.property(
        cognitoRegion.chain((r) => fc.tuple(fc.constant(r), casing(r), fc.stringMatching(/^ {0,3}$/), fc.stringMatching(/^ {0,3}$/))),
        ([region, typed, before, after]) => {
          expect(parseRegionInput(`${before}${typed}${after}`, '--cognito-region', {mustBeCognito: true})).toBe(region)
        },
      ),
    )
  })

  it('anything else is either accepted as a region code or refused with exit 2 naming the flag, never another error', () => {
    fc.assert(
      fc.property(fc.string({maxLength: 30}), (input) => {
        try {
          const region = parseRegionInput(input, '--sns-region')
          expect(region).toBe(input.trim().toLowerCase())
          expect(KNOWN_REGIONS.includes(region) || /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d{1,2}$/.test(region)).toBe(true)
        } catch (error) {
          expect(error).toBeInstanceOf(MfaSmsError)
          expect((error as MfaSmsError).exitCode).toBe(2)
          expect((error as MfaSmsError).message).toContain('--sns-region')
          expect((error as MfaSmsError).message).not.toContain('\n')
        }
      }),
    )
  })

  it('a pool id gives back the region it starts with; anything without REGION_ID is refused with exit 2', () => {
    fc.assert(
      fc.property(cognitoRegion, fc.stringMatching(/^[0-9a-zA-Z]{1,12}$/), (region, id) => {
        expect(regionOfPoolId(`${region}_${id}`)).toBe(region)
        expect(parsePoolId(` ${region}_${id} `)).toBe(`${region}_${id}`)
      }),
    )
    fc.assert(
      fc.property(fc.string({maxLength: 30}).filter((s) => !s.includes('_')), (input) => {
        expect(() => parsePoolId(input)).toThrow(MfaSmsError)
      }),
    )
  })
})
