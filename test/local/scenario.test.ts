import {mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {beforeAll, describe, expect, it} from 'vitest'

import {MfaSmsError} from '../../src/errors.js'
import {listBundledScenarios, loadScenario, parseScenario, parseScenarioText} from '../../src/lib/local/scenario.js'

let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mfa-sms-scenario-'))
})

function caught(fn: () => unknown): MfaSmsError {
  try {
    fn()
  } catch (error) {
    if (error instanceof MfaSmsError) return error
    throw error
  }

  throw new Error('expected a scenario error')
}

async function caughtAsync(promise: Promise<unknown>): Promise<MfaSmsError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof MfaSmsError) return error
    throw error
  }

  throw new Error('expected a scenario error')
}

describe('scenario validation', () => {
  it('names the path and line of a number that is not E.164, with exit code 2', async () => {
    const file = join(dir, 'bad-number.yaml')
    await writeFile(
      file,
      ['account:', '  id: "111122223333"', 'regions:', '  eu-west-1:', '    sandbox:', '      verifiedNumbers:', '        - "+447911123456"', '        - "+447911123457"', '        - "07911 123458"', ''].join('\n'),
    )
    const err = await caughtAsync(loadScenario(file))
    expect(err.code).toBe('BAD_SCENARIO')
    expect(err.exitCode).toBe(2)
    expect(err.message).toContain('regions.eu-west-1.sandbox.verifiedNumbers[2]: expected E.164')
    expect(err.message).toContain('(line 9)')
    expect(err.details?.issues).toEqual([expect.objectContaining({line: 9, path: 'regions.eu-west-1.sandbox.verifiedNumbers[2]'})])
  })

  it('explains that YAML turned an unquoted +1… into a number', () => {
    const err = caught(() => parseScenarioText('regions:\n  us-east-1:\n    sms:\n      optedOut: [+14255550123]\n', 'inline.yaml'))
    expect(err.message).toContain('regions.us-east-1.sms.optedOut[0]')
    expect(err.message).toMatch(/quote it/)
  })

  it('reports unknown keys, bad region names and bad enum values, each with its path', () => {
    const err = caught(() =>
      parseScenarioText(
        [
          'acount: {id: "111122223333"}',
          'regions:',
          '  europe-1: {}',
          '  eu-west-1:',
          '    userPools:',
          '      - {Id: eu-west-1_Abc, Name: x, MfaConfiguration: MAYBE}',
          'faults:',
          '  - {kind: explode}',
          '',
        ].join('\n'),
        'many.yaml',
      ),
    )
    expect(err.message).toMatch(/has 4 problems/)
    expect(err.message).toMatch(/line 1: acount: unknown key "acount"/)
    expect(err.message).toMatch(/regions\.europe-1: bad key: expected an AWS region code/)
    expect(err.message).toMatch(/regions\.eu-west-1\.userPools\[0\]\.MfaConfiguration/)
    expect(err.message).toMatch(/faults\[0\]\.kind: expected kind to be one of latency, throttle, server-error, access-denied, hang/)
  })

  it('refuses a user pool filed under the wrong region', () => {
    const err = caught(() => parseScenario({regions: {'eu-west-1': {userPools: [{Id: 'eu-central-1_Abc', Name: 'x'}]}}}))
    expect(err.message).toContain('regions.eu-west-1.userPools[0].Id: user pool eu-central-1_Abc belongs in regions.eu-central-1')
  })

  it('validates KMS keys as describe-key prints them, naming the path and line', () => {
    const err = caught(() =>
      parseScenarioText(
        [
          'account: {id: "111122223333"}',
          'regions:',
          '  eu-west-1:',
          '    keys:',
          '      - KeyId: not-a-uuid',
          '      - {KeyId: 1234abcd-12ab-34cd-56ef-1234567890ab, KeySpec: RSA_2048, KeyUsage: GENERATE_VERIFY_MAC}',
          '      - {KeyId: 11111111-2222-4333-8444-555555555555, Policy: {Statement: [{Effect: Maybe}]}, aliases: [cognito]}',
          '',
        ].join('\n'),
        'keys.yaml',
      ),
    )
    const lines = err.message.split('\n')
    expect(lines).toContainEqual(expect.stringMatching(/line 5: regions\.eu-west-1\.keys\[0\]\.KeyId: expected a key id: a UUID/))
    expect(lines).toContainEqual(expect.stringMatching(/line 6: regions\.eu-west-1\.keys\[1\]\.KeyUsage: a RSA_2048 key cannot have usage GENERATE_VERIFY_MAC/))
    expect(lines).toContainEqual(expect.stringMatching(/line 7: regions\.eu-west-1\.keys\[2\]\.Policy\.Statement\[0\]\.Effect/))
    expect(lines).toContainEqual(expect.stringMatching(/line 7: regions\.eu-west-1\.keys\[2\]\.aliases\[0\]: expected alias\/<name>/))
  })

  it('checks keys against their region, account and each other once their shape is right', () => {
    const key = (id: string, extra: Record<string, unknown> = {}) => ({KeyId: id, ...extra})
    const err = caught(() =>
      parseScenario({
        account: {id: '111122223333'},
        regions: {
          'eu-west-1': {
            keys: [
              key('1234abcd-12ab-34cd-56ef-1234567890ab', {aliases: ['alias/a']}),
              key('0987dcba-09fe-47dc-85ba-ab0987654321', {Arn: 'arn:aws:kms:eu-central-1:444455556666:key/0987dcba-09fe-47dc-85ba-ab0987654321', aliases: ['alias/a']}),
              key('11111111-2222-4333-8444-555555555555', {Enabled: true, KeyState: 'Disabled'}),
              key('1234abcd-12ab-34cd-56ef-1234567890ab', {Arn: 'arn:aws:kms:eu-west-1:111122223333:key/66666666-7777-4888-9999-000000000000'}),
            ],
          },
        },
      }),
    )
    const lines = err.message.split('\n').map((l) => l.trim())
    expect(lines).toEqual(
      expect.arrayContaining([
        'regions.eu-west-1.keys[2].Enabled: Enabled: true contradicts KeyState Disabled',
        'regions.eu-west-1.keys[3].Arn: the ARN names key 66666666-7777-4888-9999-000000000000, not KeyId 1234abcd-12ab-34cd-56ef-1234567890ab',
      ]),
    )
    const again = caught(() =>
      parseScenario({
        account: {id: '111122223333'},
        regions: {'eu-west-1': {keys: [key('1234abcd-12ab-34cd-56ef-1234567890ab', {aliases: ['alias/a']}), key('1234abcd-12ab-34cd-56ef-1234567890ab', {Arn: 'arn:aws:kms:eu-central-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab', aliases: ['alias/a']})]}},
      }),
    )
    expect(again.message.split('\n').map((l) => l.trim())).toEqual([
      'Scenario scenario has 4 problems:',
      'regions.eu-west-1.keys[1].KeyId: duplicate key 1234abcd-12ab-34cd-56ef-1234567890ab',
      'regions.eu-west-1.keys[1].Arn: a key of eu-central-1 belongs in regions.eu-central-1, not eu-west-1',
      "regions.eu-west-1.keys[1].Arn: the ARN's account 444455556666 is not the scenario's account 111122223333",
      'regions.eu-west-1.keys[1].aliases[0]: alias/a already points at key 1234abcd-12ab-34cd-56ef-1234567890ab',
    ])
  })

  it('validates the auth0 block with the Auth0 schema, naming the path', () => {
    const provider = caught(() => parseScenario({auth0: {guardian: {phone: {selectedProvider: 'sms-gateway'}}}}, 'auth0.yaml'))
    expect(provider.code).toBe('BAD_SCENARIO')
    expect(provider.message).toMatch(/auth0\.guardian\.phone\.selectedProvider: Invalid option/)
    const binding = caught(() => parseScenario({auth0: {triggerBindings: {'send-phone-message': ['nope']}}}, 'auth0.yaml'))
    expect(binding.message).toMatch(/auth0\.triggerBindings\.send-phone-message\[0\]: no action with id or name "nope"/)
  })

  it('reports YAML syntax errors with their line', () => {
    const err = caught(() => parseScenarioText('regions:\n  eu-west-1:\n    sandbox: {inSandbox: true\n', 'broken-syntax.yaml'))
    expect(err.code).toBe('BAD_SCENARIO')
    expect(err.details?.issues).toEqual([expect.objectContaining({line: expect.any(Number), path: '(syntax)'})])
  })

  it('fills in a new account\'s defaults', () => {
    const s = parseScenario({})
    expect(s.account).toEqual({defaultRegion: 'us-east-1', id: '123456789012'})
    expect(s.regions).toEqual({})
    expect(s.faults).toEqual([])
  })
})

describe('loading scenarios', () => {
  it('ships healthy-us, broken and auth0-custom-unwired, and all of them are valid', async () => {
    const names = await listBundledScenarios()
    expect(names).toEqual(expect.arrayContaining(['auth0-custom-unwired', 'broken', 'healthy-us']))
    for (const name of names) {
      const loaded = await loadScenario(name)
      expect(loaded.name).toBe(name)
      expect(loaded.path).toMatch(new RegExp(`fixtures/scenarios/${name}\\.ya?ml$`))
    }
  })

  it('keeps the bundled broken scenario\'s traps in place', async () => {
    const {scenario} = await loadScenario('broken')
    const pool = scenario.regions['eu-central-1']!.userPools[0]!
    expect(pool.SmsConfiguration?.SnsRegion).toBeUndefined()
    expect(pool.LambdaConfig?.KMSKeyID).toMatch(/:alias\//)
    expect(scenario.regions['eu-central-1']!.sandbox.inSandbox).toBe(false)
    expect(scenario.regions['eu-west-1']!.sandbox.inSandbox).toBe(true)
    expect(scenario.regions['eu-west-1']!.originationNumbers).toEqual([])
    const smsRole = scenario.iam.roles.find((r) => r.RoleName === 'CognitoSmsRole-broken')!
    expect(JSON.stringify(smsRole.AssumeRolePolicyDocument)).not.toContain('sts:ExternalId')
    expect(JSON.stringify(smsRole.RolePolicyList)).not.toContain('sns:Publish')
    expect(scenario.regions['eu-central-1']!.functions.find((f) => f.FunctionName === 'shop-custom-message')!.policy).toBeUndefined()
  })

  it('reads the Auth0 tenant block through its schema', async () => {
    const {scenario} = await loadScenario('auth0-custom-unwired')
    expect(scenario.auth0).toMatchObject({guardian: {phone: {selectedProvider: {provider: 'phone-message-hook'}}}, triggerBindings: {'send-phone-message': []}})
    expect(scenario.auth0?.clients.map((c) => [c.client_id, c.scopes.length])).toEqual([
      ['mfa-sms-doctor-client', 5],
      ['mfa-sms-simulate-client', 2],
    ])
    // Parsing is idempotent, so a parsed scenario can be handed to startLocalServer again.
    expect(parseScenario(scenario)).toEqual(scenario)
  })

  it('reads JSON scenarios too', async () => {
    const file = join(dir, 'tiny.json')
    await writeFile(file, JSON.stringify({account: {defaultRegion: 'eu-west-1', id: '210987654321'}, name: 'tiny'}))
    const loaded = await loadScenario(file)
    expect(loaded).toMatchObject({name: 'tiny', scenario: {account: {defaultRegion: 'eu-west-1', id: '210987654321'}}})
  })

  it('suggests the closest bundled name for a typo, with exit code 2', async () => {
    const err = await caughtAsync(loadScenario('brokn'))
    expect(err.code).toBe('SCENARIO_NOT_FOUND')
    expect(err.exitCode).toBe(2)
    expect(err.hints.join('\n')).toContain('did you mean --scenario broken?')
  })
})
