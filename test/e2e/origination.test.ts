/**
 * `mfa-sms origination list` end to end: the built binary against an in-process `mfa-sms local`.
 */
import {describe, expect, it} from 'vitest'

import type {ScenarioInput} from '../../src/lib/local/scenario.js'
import {runCli} from '../helpers/cli.js'
import {useLocalServer} from '../helpers/local-server.js'

const ACCOUNT = '111122223333'
// Ofcom's drama range: 105 fictional UK numbers, to page through both APIs (SNS 30 a page, End User Messaging 100).
// isoCountryCode is given because mfa-sms local places numbers libphonenumber calls invalid in the US.
const MANY = Array.from({length: 105}, (_, i) => `+447700900${String(i).padStart(3, '0')}`)

const scenario: ScenarioInput = {
  account: {id: ACCOUNT},
  regions: {
    'us-east-1': {
      originationNumbers: [
        {numberType: 'TOLL_FREE', phoneNumber: '+18005550100'},
        {numberType: 'TEN_DLC', phoneNumber: '+12065550180', poolId: 'pool-abc', status: 'PENDING'},
        {capabilities: ['SMS'], numberType: 'SIMULATOR', phoneNumber: '+12065550199'},
        {isoCountryCode: 'GB', numberType: 'LONG_CODE', phoneNumber: '+447700900555', poolId: 'pool-def'},
      ],
      pools: [
        {originationIdentities: ['+12065550180'], poolId: 'pool-abc'},
        {originationIdentities: ['+447700900555'], poolId: 'pool-def'},
      ],
      sandbox: {inSandbox: false},
      senderIds: [
        {isoCountryCode: 'DE', senderId: 'MyApp'},
        {isoCountryCode: 'IN', registered: false, senderId: 'MYAPPI'},
      ],
    },
    'eu-central-1': {userPools: [{Id: 'eu-central-1_FraPool1', Name: 'fra', SmsConfiguration: {SnsCallerArn: `arn:aws:iam::${ACCOUNT}:role/CognitoSms`}}]},
    'eu-west-2': {originationNumbers: MANY.map((phoneNumber) => ({isoCountryCode: 'GB', numberType: 'LONG_CODE' as const, phoneNumber}))},
  },
}

const local = useLocalServer(scenario)
const {env, requests} = local
const list = (args: string[], region = 'us-east-1') => runCli(['origination', 'list', ...args], {env: env(region)})

interface Row {
  active: boolean
  identity: string
  kind: string
  serves: string[]
  servesNote: string
  sources: string[]
  status: string
  type: string
}

describe('origination list', () => {
  it('merges SNS and End User Messaging: numbers, sender IDs and pools, with what each can reach', async () => {
    const run = await list(['--json'])
    expect(run.code).toBe(0)
    const rows = run.json().result.identities as Row[]
    const by = (id: string) => rows.find((r) => r.identity === id)
    expect(rows.filter((r) => r.identity === '+18005550100')).toHaveLength(1)
    expect(by('+18005550100')).toMatchObject({active: true, kind: 'phone-number', serves: ['US'], sources: ['sns', 'eums'], type: 'TOLL_FREE'})
    expect(by('+12065550180')).toMatchObject({active: false, serves: [], status: 'PENDING', type: 'TEN_DLC'})
    expect(by('+12065550199')).toMatchObject({serves: [], type: 'SIMULATOR'})
    expect(by('+12065550199')?.servesNote).toMatch(/only SMS simulator destination numbers of US/)
    expect(by('MyApp')).toMatchObject({kind: 'sender-id', serves: ['DE'], type: 'SENDER_ID'})
    expect(by('MYAPPI')).toMatchObject({serves: [], status: 'UNREGISTERED'})
    expect(by('pool-def')).toMatchObject({kind: 'pool', serves: ['GB']})
    expect(by('pool-abc')).toMatchObject({serves: []})
  })

  it('people get a table with type, status, capabilities and reach', async () => {
    const run = await list([])
    expect(run.code).toBe(0)
    for (const heading of ['Identity', 'Type', 'Status', 'Capabilities', 'Can send to', 'Listed by']) expect(run.stdout).toContain(heading)
    expect(run.stdout).toMatch(/\+18005550100\s*│\s*toll-free\s*│\s*ACTIVE\s*│\s*SMS, VOICE\s*│\s*US\s*│\s*sns\+eums/)
    expect(run.stderr).toMatch(/Acting in us-east-1/)
  })

  it('--country US where a toll-free number can: exit 0, named', async () => {
    const run = await list(['--country', 'us', '--json'])
    expect(run.code).toBe(0)
    expect(run.json().result.country).toMatchObject({country: 'US', identities: ['+18005550100'], unreachable: false})
  })

  it('--country US where nothing can: exit 1, said plainly', async () => {
    const run = await list(['--country', 'US'], 'eu-west-1')
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/✗ Nothing in eu-west-1 can send SMS to US numbers/)
    const json = await list(['--country', 'US', '--json'], 'eu-west-1')
    expect(json.json()).toMatchObject({ok: false, result: {country: {unreachable: true}}, status: 1})
  })

  it('--user-pool-id checks the region the pool really sends from (Frankfurt pool → Ireland)', async () => {
    const run = await list(['--country', 'US', '--user-pool-id', 'eu-central-1_FraPool1', '--json'], 'eu-central-1')
    expect(run.code).toBe(1)
    expect(run.json().result).toMatchObject({region: 'eu-west-1', target: {userPool: {id: 'eu-central-1_FraPool1'}}})
  })

  it('other countries: a sender ID serves DE; no identity for FR is fine (shared routes)', async () => {
    expect((await list(['--country', 'DE', '--json'])).json().result.country.identities).toEqual(['MyApp'])
    const fr = await list(['--country', 'FR', '--json'], 'eu-west-1')
    expect(fr.code).toBe(0)
    expect(fr.json().result.country.verdict).toMatch(/shared routes/)
  })

  it('reads every page of both APIs', async () => {
    const before = requests.length
    const run = await list(['--json'], 'eu-west-2')
    expect(run.code).toBe(0)
    const rows = run.json().result.identities as Row[]
    expect(rows.map((r) => r.identity).sort()).toEqual(MANY)
    expect(rows.every((r) => r.sources.join() === 'sns,eums')).toBe(true)
    const ops = requests.slice(before).map((r) => r.operation)
    expect(ops.filter((o) => o === 'ListOriginationNumbers')).toHaveLength(4)
    expect(ops.filter((o) => o === 'DescribePhoneNumbers')).toHaveLength(2)
  })

  it('a bad --country is bad input before any call', async () => {
    const before = requests.length
    const run = await list(['--country', 'USA'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('[BAD_COUNTRY]')
    expect(requests.length).toBe(before)
  })

  it('End User Messaging denied: the SNS list still shows, the gap is named', async () => {
    local.server.faults.add({kind: 'access-denied', target: 'sms-voice:*'})
    const run = await list(['--json'])
    expect(run.code).toBe(0)
    const out = run.json()
    expect((out.result.identities as Row[]).map((r) => r.identity)).toContain('+18005550100')
    expect(out.result.identities.every((r: Row) => r.sources.join() === 'sns')).toBe(true)
    expect(out.warnings.join('\n')).toMatch(/Not listed: Access denied .*sms-voice:DescribePhoneNumbers/)
  })

  it('everything denied: exit 3, AWS_ACCESS_DENIED', async () => {
    local.server.faults.add({kind: 'access-denied', target: 'sms-voice:*'})
    local.server.faults.add({kind: 'access-denied', target: 'sns:ListOriginationNumbers'})
    const run = await list(['--json'])
    expect(run.code).toBe(3)
    expect(run.json().error?.code).toBe('AWS_ACCESS_DENIED')
  })
})
