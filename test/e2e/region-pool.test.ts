/**
 * `mfa-sms region check --user-pool-id` end to end: the built binary reads real pools
 * (cognito-idp:DescribeUserPool) from an in-process `mfa-sms local` server over HTTP.
 */
import {describe, expect, it} from 'vitest'

import type {ScenarioInput} from '../../src/lib/local/scenario.js'
import {runCli} from '../helpers/cli.js'
import {useLocalServer} from '../helpers/local-server.js'

const ACCOUNT = '111122223333'
const role = `arn:aws:iam::${ACCOUNT}:role/CognitoSms`

const scenario: ScenarioInput = {
  account: {id: ACCOUNT},
  name: 'region-pool-e2e',
  regions: {
    'ap-northeast-2': {userPools: [{Id: 'ap-northeast-2_SeoulPool', Name: 'seoul', SmsConfiguration: {ExternalId: 'x', SnsCallerArn: role, SnsRegion: 'ap-northeast-2'}}]},
    'eu-central-1': {
      userPools: [
        {Id: 'eu-central-1_LegacyFra', Name: 'legacy', SmsConfiguration: {ExternalId: 'x', SnsCallerArn: role}, SmsConfigurationFailure: 'SNSSandbox'},
        {Id: 'eu-central-1_EumsFra', Name: 'eums', SmsConfiguration: {EumsSms: {CallerArn: role}}},
      ],
    },
  },
}

const local = useLocalServer(scenario)
const check = (poolId: string, extra: string[] = []) => runCli(['region', 'check', '--user-pool-id', poolId, ...extra], {env: local.env('us-east-1')})

describe('mfa-sms region check --user-pool-id (against mfa-sms local)', () => {
  it('a Frankfurt pool without SnsRegion really sends from Ireland (legacy default), read with DescribeUserPool', async () => {
    const ops = await local.operationsDuring(async () => {
      const run = await check('eu-central-1_LegacyFra', ['--json'])
      expect(run.code).toBe(0)
      expect(run.json().result).toMatchObject({
        cognitoRegion: 'eu-central-1',
        effectiveSmsRegion: 'eu-west-1',
        effectiveSource: 'legacy-default',
        identity: {account: ACCOUNT},
        path: 'sns',
        smsConfigurationFailure: 'SNSSandbox',
        userPoolId: 'eu-central-1_LegacyFra',
        verdict: 'allowed',
      })
    })
    expect(ops).toContain('DescribeUserPool')
  })

  it('people see the sending region, the pool and its SmsConfigurationFailure', async () => {
    const run = await check('eu-central-1_LegacyFra')
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/sms region\s+eu-west-1/)
    expect(run.stdout).toContain('SNSSandbox')
    expect(run.stdout).toContain(ACCOUNT)
  })

  it('the EumsSms path sends from the pool region', async () => {
    const run = await check('eu-central-1_EumsFra', ['--json'])
    expect(run.code).toBe(0)
    expect(run.json().result).toMatchObject({effectiveSmsRegion: 'eu-central-1', effectiveSource: 'EumsSms', path: 'eums', verdict: 'allowed'})
  })

  it('a Seoul pool configured to send from Seoul exits 1 and names Tokyo', async () => {
    const run = await check('ap-northeast-2_SeoulPool')
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('ap-northeast-1')
  })

  it('a pool that does not exist is reported, not a crash', async () => {
    const run = await check('eu-central-1_Missing1', ['--json'])
    expect(run.code).not.toBe(0)
    const out = run.json()
    expect(out.ok).toBe(false)
    expect(out.error?.message).toMatch(/eu-central-1_Missing1|not found|does not exist/i)
  })
})
