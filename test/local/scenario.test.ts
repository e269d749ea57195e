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

  it('keeps the Auth0 tenant block as given', async () => {
    const {scenario} = await loadScenario('auth0-custom-unwired')
    expect(scenario.auth0).toMatchObject({guardian: {phone: {selectedProvider: {provider: 'phone-message-hook'}}}, triggerBindings: {'send-phone-message': []}})
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
