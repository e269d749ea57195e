import {describe, expect, it} from 'vitest'

import {runCli} from '../helpers/cli.js'

describe('mfa-sms phone check', () => {
  it('"+1 555 0100" exits 2 and says exactly what is wrong: spaces, and too few digits after +1', async () => {
    const run = await runCli(['phone', 'check', '+1 555 0100'])
    expect(run.code).toBe(2)
    expect(run.stdout).toContain('contains spaces')
    expect(run.stdout).toMatch(/exactly 10 digits/)
    expect(run.stdout).toMatch(/has 7 digits/)
    expect(run.stderr).toMatch(/^✗ \+1 555 0100: .*spaces/m)
  })

  it('--json reports each number with its problems, status 2 when one is malformed', async () => {
    const run = await runCli(['phone', 'check', '+1 555 0100', '+14254147755', '--json'])
    expect(run.code).toBe(2)
    const out = run.json()
    expect(out).toMatchObject({command: 'phone check', ok: false, status: 2})
    expect(out.result.summary).toEqual({errors: 1, numbers: 2, warnings: 0})
    const [bad, simulator] = out.result.numbers
    expect(bad.problems.map((p: {code: string}) => p.code)).toEqual(expect.arrayContaining(['NOT_E164', 'WRONG_LENGTH']))
    expect(simulator).toMatchObject({country: 'US', e164: '+14254147755', needsUsOriginationIdentity: true, simulator: {outcome: 'success'}})
  })

  it('a fictional 555-01xx number is a warning, not an error (exit 0)', async () => {
    const run = await runCli(['phone', 'check', '+12065550100', '--json'])
    expect(run.code).toBe(0)
    expect(run.json().result.numbers[0]).toMatchObject({fictional: true, valid: true})
  })

  it('tells Canada from the US although both start +1', async () => {
    const run = await runCli(['phone', 'check', '+14165550123', '+12065550123', '--json'])
    const [ca, us] = run.json().result.numbers
    expect(ca).toMatchObject({country: 'CA', needsUsOriginationIdentity: false})
    expect(us).toMatchObject({country: 'US', needsUsOriginationIdentity: true})
  })

  it('a national number gets its E.164 form suggested with --default-country', async () => {
    const run = await runCli(['phone', 'check', '0612345678', '--default-country', 'FR'])
    expect(run.code).toBe(2)
    expect(run.stdout).toContain('+33612345678')
  })

  it('without a number it is bad input', async () => {
    const run = await runCli(['phone', 'check'])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/number/i)
  })
})
