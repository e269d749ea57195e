import {describe, expect, it} from 'vitest'

import {originationRequirement, SUPPORT_CASE_ORIGINATION_REGIONS} from '../../src/lib/knowledge/origination.js'

describe('originationRequirement', () => {
  it('US destinations need an origination identity and hide sender IDs', () => {
    const r = originationRequirement('us')
    expect(r.usOriginationIdentity).toBe(true)
    expect(r.senderIdSupported).toBe(false)
    expect(r.notes[0]).toContain('2021-06-01')
  })

  it('mentions the historical support-case route in the regions that needed one', () => {
    expect(SUPPORT_CASE_ORIGINATION_REGIONS).toContain('us-east-2')
    expect(originationRequirement('US', 'us-east-2').notes.join(' ')).toMatch(/Support case/)
    expect(originationRequirement('US', 'us-east-1').notes.join(' ')).not.toMatch(/Support case/)
  })

  it('flags countries that need a registered sender ID', () => {
    expect(originationRequirement('IN')).toMatchObject({senderIdRegistration: true, usOriginationIdentity: false})
    expect(originationRequirement('GB')).toMatchObject({notes: [], senderIdRegistration: false, senderIdSupported: true})
  })
})
