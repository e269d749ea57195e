import {describe, expect, it} from 'vitest'

import {runCli} from '../helpers/cli.js'

describe('mfa-sms region', () => {
  it('check: Seoul sending from Seoul exits 1 and names Tokyo', async () => {
    const run = await runCli(['region', 'check', '--cognito-region', 'ap-northeast-2', '--sns-region', 'ap-northeast-2'])
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('ap-northeast-1')
    expect(run.stdout).toContain('Tokyo')
  })

  it('check --json: the same verdict in the envelope, status 1', async () => {
    const run = await runCli(['region', 'check', '--cognito-region', 'ap-northeast-2', '--sns-region', 'ap-northeast-2', '--json'])
    expect(run.code).toBe(1)
    const out = run.json()
    expect(out).toMatchObject({command: 'region check', ok: false, status: 1})
    expect(out.result).toMatchObject({allowedSmsRegions: ['ap-northeast-1'], verdict: 'refused'})
  })

  it('check: a Frankfurt pool without SnsRegion sends from Ireland', async () => {
    const run = await runCli(['region', 'check', '--cognito-region', 'eu-central-1', '--json'])
    expect(run.code).toBe(0)
    expect(run.json().result).toMatchObject({effectiveSmsRegion: 'eu-west-1', effectiveSource: 'legacy-default', verdict: 'allowed'})
  })

  it('check takes the Cognito region from --region (AWS_REGION) when nothing else names it', async () => {
    const run = await runCli(['region', 'check', '--json'], {env: {AWS_REGION: 'eu-west-2'}})
    expect(run.code).toBe(0)
    expect(run.json().result).toMatchObject({cognitoRegion: 'eu-west-2', effectiveSmsRegion: 'eu-west-1'})
  })

  it('check without any region is bad input naming the flag', async () => {
    const run = await runCli(['region', 'check'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('--cognito-region')
  })

  it('check: a typo in a region suggests the right one', async () => {
    const run = await runCli(['region', 'check', '--cognito-region', 'eu-west-1', '--sns-region', 'eu-wset-1'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('Did you mean eu-west-1?')
    expect(run.stderr.trim().split('\n')[0]).toMatch(/--sns-region "eu-wset-1"/)
  })

  it('list: the table in JSON has every Cognito region once, Seoul pointing at Tokyo', async () => {
    const run = await runCli(['region', 'list', '--json'])
    expect(run.code).toBe(0)
    const regions = run.json().result.regions as {allowedSmsRegions: string[]; cognitoRegion: string}[]
    expect(new Set(regions.map((r) => r.cognitoRegion)).size).toBe(regions.length)
    expect(regions.find((r) => r.cognitoRegion === 'ap-northeast-2')?.allowedSmsRegions).toEqual(['ap-northeast-1'])
  })

  it('list: people get a table without colour under NO_COLOR', async () => {
    const run = await runCli(['region', 'list'])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('eu-central-1')
    expect(run.stdout).not.toContain(String.fromCharCode(27))
  })
})
