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
