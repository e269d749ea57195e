/** The scenario's `auth0:` block: defaults, shorthands, idempotent parsing, errors naming the path. */
import {describe, expect, it} from 'vitest'

import {Auth0ScenarioError, auth0ScenarioSchema, parseAuth0Scenario} from '../../src/lib/local/auth0/schema.js'
import {AUTH0_LOCAL_CLIENT, buildAuth0Tenant, DEFAULT_ACTION_CODE} from '../../src/lib/local/auth0/tenant.js'
import {loadScenario} from '../../src/lib/local/scenario.js'

function issues(data: unknown): string[] {
  try {
    parseAuth0Scenario(data)
  } catch (error) {
    expect(error).toBeInstanceOf(Auth0ScenarioError)
    return (error as Auth0ScenarioError).issues.map((i) => `${i.path}: ${i.message}`)
  }

  throw new Error('expected the block to be invalid')
}

describe('auth0 scenario block', () => {
  it('gives a new tenant\'s defaults for an empty block', () => {
    const t = buildAuth0Tenant({}, {now: () => new Date('2025-03-01T12:00:00Z')})
    expect(t.tenant).toBe('mfa-sms-local')
    expect(t.domain).toBe('mfa-sms-local.us.auth0.com')
    expect(t.selectedProvider).toBe('auth0')
    expect(t.messageTypes).toEqual(['sms'])
    expect(t.factors.every((f) => !f.enabled)).toBe(true)
    expect(t.factors).toHaveLength(8)
    expect([...t.clients.keys()]).toEqual([AUTH0_LOCAL_CLIENT.client_id])
    expect(t.bindings.size).toBe(0)
  })

  it('accepts shorthands: factor map, provider name, message type list, scope string, secret names, binding names', () => {
    const t = buildAuth0Tenant(
      {
        actions: [{deployed: true, name: 'sns', secrets: ['AWS_REGION']}],
        clients: [{client_id: 'c', client_secret: 's', scopes: 'read:actions  read:logs'}],
        guardian: {factors: {sms: true}, phone: {messageTypes: ['voice'], selectedProvider: 'twilio'}},
        triggerBindings: {'send-phone-message': ['sns']},
      },
      {now: () => new Date('2025-03-01T12:00:00Z')},
    )
    expect(t.factors[0]).toEqual({enabled: true, name: 'sms', trial_expired: false})
    expect(t.selectedProvider).toBe('twilio')
    expect(t.messageTypes).toEqual(['voice'])
    expect(t.clients.get('c')?.scopes).toEqual(['read:actions', 'read:logs'])
    const action = t.actions[0]!
    expect(action).toMatchObject({allChangesDeployed: true, code: DEFAULT_ACTION_CODE, runtime: 'node22', status: 'built'})
    expect(action.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(action.secrets.map((s) => s.name)).toEqual(['AWS_REGION'])
    expect(t.bindings.get('send-phone-message')?.map((b) => b.action.name)).toEqual(['sns'])
    // Ids are stable across builds.
    expect(buildAuth0Tenant({actions: [{name: 'sns'}]}).actions[0]!.id).toBe(buildAuth0Tenant({actions: [{name: 'sns'}]}).actions[0]!.id)
  })

  it('parses idempotently (a parsed block is valid input and parses to itself)', () => {
    const once = parseAuth0Scenario({
      actions: [{deployed_version: 2, name: 'a', secrets: ['X', {name: 'Y', value: 'v'}], supported_triggers: ['send-phone-message']}],
      guardian: {factors: {sms: true}, phone: {messageTypes: ['sms'], selectedProvider: 'phone-message-hook'}},
      tokens: [{scopes: 'read:actions', token: 'abcdefgh'}],
      triggerBindings: {'send-phone-message': ['a']},
    })
    expect(auth0ScenarioSchema.parse(once)).toEqual(once)
  })

  it('resolves relative log dates and fills log ids, newest first by default', () => {
    const now = new Date('2025-03-01T12:00:00Z')
    const t = buildAuth0Tenant({logs: [{type: 'gd_send_sms_failure'}, {date: '2h ago', type: 'gd_send_sms'}, {date: '2025-01-01T00:00:00Z', log_id: 'given', type: 's'}]}, {now: () => now})
    expect(t.logs.map((l) => l.date)).toEqual(['2025-03-01T11:59:00.000Z', '2025-03-01T10:00:00.000Z', '2025-01-01T00:00:00.000Z'])
    expect(t.logs[0]!.log_id).toMatch(/^9002\d{52}$/)
    expect(t.logs[2]!.log_id).toBe('given')
  })

  it('marks undeployed changes when the deployed version differs from the draft', () => {
    const t = buildAuth0Tenant({actions: [{code: 'new', deployed_version: {code: 'old', number: 4}, name: 'a'}, {name: 'b'}]})
    expect(t.actions[0]).toMatchObject({allChangesDeployed: false, deployed: {code: 'old', number: 4}})
    expect(t.actions[1]).toMatchObject({allChangesDeployed: false, deployed: undefined})
  })

  it('names the path of each problem', () => {
    expect(issues({domain: 'https://x.auth0.com/'})).toEqual(['auth0.domain: expected a bare host such as my-tenant.eu.auth0.com (no https://, no path)'])
    expect(issues({triggerBindings: {'send-phone-message': ['nope']}, actions: [{name: 'real'}]})).toEqual(['auth0.triggerBindings.send-phone-message[0]: no action with id or name "nope" (actions: real)'])
    expect(issues({clients: [{client_id: 'a', client_secret: 'b', scopes: 'read:actions everything'}]})).toEqual([
      'auth0.clients[0].scopes[1]: "everything" is not a Management API scope (expected e.g. read:actions)',
    ])
    expect(issues({guardian: {phone: {selectedProvider: 'custom'}}})[0]).toMatch(/^auth0\.guardian\.phone\.selectedProvider/)
    expect(issues({actions: [{name: 'a'}, {name: 'a'}]})).toEqual(['auth0.actions[1].name: duplicate action name a'])
    expect(issues({actions: [{deployed: false, deployed_version: 2, name: 'a'}]})).toEqual(['auth0.actions[0].deployed: deployed: false contradicts deployed_version'])
    expect(issues({unknown: 1})[0]).toMatch(/^auth0: /)
  })

  it('keeps the bundled auth0-custom-unwired block valid and unwired', async () => {
    const {scenario} = await loadScenario('auth0-custom-unwired')
    const t = buildAuth0Tenant(scenario.auth0)
    expect(t.selectedProvider).toBe('phone-message-hook')
    expect(t.bindings.get('send-phone-message')).toEqual([])
    expect(t.actions[0]).toMatchObject({deployed: {number: 1}, name: 'send-sms-via-sns', status: 'built'})
  })
})
