/**
 * The emulated Auth0 Management API, driven by the real `auth0` v7 SDK (ManagementClient) over
 * HTTP: client-credentials and static tokens, every endpoint doctor/simulate use, pagination,
 * the 401/403/404 shapes, the pluggable test executor, and that no secret value ever leaves.
 */
import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'

import {ManagementClient, ManagementError} from 'auth0'
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'

import {createAuth0Api} from '../../src/lib/doctor/auth0-api.js'
import {
  AUTH0_EMULATED_ENDPOINTS,
  DEFAULT_EXECUTOR_NOTE,
  handleAuth0Request,
  serveAuth0,
  setAuth0ActionExecutor,
} from '../../src/lib/local/auth0/api.js'
import type {Auth0ScenarioInput} from '../../src/lib/local/auth0/schema.js'
import {auth0TenantFor, type Auth0TenantState, buildAuth0Tenant} from '../../src/lib/local/auth0/tenant.js'
import {loadScenario} from '../../src/lib/local/scenario.js'
import {LocalState} from '../../src/lib/local/state.js'
import {movableClock} from './helpers.js'

const DOMAIN = 'dev-mfa-demo.eu.auth0.com'
const ACTION_SECRET = 'wJalrXUtnFEMI-action-secret-value'
const HOOK_SECRET = 'hook-secret-value-twilio-token'
const PROVIDER_SECRET = 'provider-auth-token-value'
const CLIENT_SECRET = 'doctor-client-secret-value'
const SEND_SMS_ID = '4f6a2b1c-0d9e-4a8b-9c7d-1e2f3a4b5c6d'
const ALL_SCOPES = 'read:actions create:actions read:guardian_factors read:hooks read:phone_providers read:logs'

const TENANT: Auth0ScenarioInput = {
  actions: [
    {
      code: 'exports.onExecuteSendPhoneMessage = async (event) => { /* SNS publish */ };',
      dependencies: [{name: '@aws-sdk/client-sns', version: '3.600.0'}],
      deployed: true,
      id: SEND_SMS_ID,
      name: 'send-sms-via-sns',
      runtime: 'node18',
      secrets: [{name: 'AWS_REGION', value: 'eu-west-1'}, {name: 'AWS_SECRET_ACCESS_KEY', value: ACTION_SECRET}, 'AWS_ACCESS_KEY_ID'],
    },
    {code: 'new draft', deployed_version: {code: 'old deployed code', number: 3}, name: 'audit-sms'},
    {deployed: true, name: 'third'},
    {name: 'draft-only', status: 'building'},
    {deployed: true, name: 'post-login-thing', supported_triggers: ['post-login']},
    {name: 'throws', test: {error: {message: 'Missing secret AWS_REGION', name: 'TypeError'}}},
  ],
  clients: [
    {client_id: 'doctor', client_secret: CLIENT_SECRET, name: 'doctor', scopes: ALL_SCOPES},
    {client_id: 'factors-only', client_secret: 'factors-only-secret', scopes: ['read:guardian_factors']},
    {authorized: false, client_id: 'no-grant', client_secret: 'no-grant-secret'},
  ],
  domain: DOMAIN,
  guardian: {factors: {otp: true, sms: true}, phone: {messageTypes: ['sms', 'voice'], selectedProvider: 'phone-message-hook'}},
  hooks: [
    {dependencies: {twilio: '3.0.0'}, name: 'legacy-sms', secrets: [{name: 'TWILIO_TOKEN', value: HOOK_SECRET}]},
    {enabled: false, name: 'disabled-hook'},
    {name: 'pre-reg', triggerId: 'pre-user-registration'},
  ],
  logs: [
    {client_name: 'Demo SPA', date: '2h ago', description: 'Failed to send SMS to +15555550123', type: 'gd_send_sms_failure'},
    {date: '1h ago', type: 'gd_send_sms'},
    {date: '30m ago', type: 'gd_send_voice_failure'},
    {date: '10d ago', description: 'older failure', type: 'gd_send_sms_failure'},
  ],
  phoneProviders: [{configuration: {delivery_methods: ['text'], sid: 'AC123'}, credentials: {auth_token: PROVIDER_SECRET}, name: 'twilio'}],
  tenant: 'dev-mfa-demo',
  tokens: [
    {scopes: 'read:actions read:guardian_factors', token: 'static-token-read-only'},
    {expired: true, scopes: 'read:actions', token: 'static-token-expired'},
  ],
  triggerBindings: {'send-phone-message': ['send-sms-via-sns', {action: 'audit-sms', display_name: 'Audit'}, 'third']},
}

interface TestServer {
  bodies: string[]
  close(): Promise<void>
  origin: string
  port: number
}

/** A bare node:http server that answers only through handleAuth0Request (404 otherwise). */
async function startServer(tenant: Auth0TenantState, now: () => Date): Promise<TestServer> {
  const bodies: string[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost')
      handleAuth0Request({body: Buffer.concat(chunks), headers: req.headers, method: req.method ?? 'GET', path: url.pathname, query: url.searchParams}, tenant, {now})
        .then((out) => {
          const response = out ?? {body: '{"fell":"through"}', headers: {'content-type': 'application/json'}, status: 404}
          bodies.push(response.body)
          res.writeHead(response.status, response.headers)
          res.end(response.body)
        })
        .catch((error: unknown) => {
          res.writeHead(500)
          res.end(String(error))
        })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as AddressInfo
  return {
    bodies,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
    origin: `http://127.0.0.1:${port}`,
    port,
  }
}

/** The SDK always builds https://<domain>/…; a custom `fetch` sends it to the local http server. */
function localFetch(domain: string, origin: string): typeof fetch {
  return (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    return fetch(url.replace(`https://${domain}`, origin), init)
  }
}

function clientCredentials(server: TestServer, clientId = 'doctor', clientSecret = CLIENT_SECRET, domain = DOMAIN): ManagementClient {
  return new ManagementClient({clientId, clientSecret, domain, fetch: localFetch(domain, server.origin), maxRetries: 0, telemetry: false})
}

function withToken(server: TestServer, token: string): ManagementClient {
  return new ManagementClient({domain: DOMAIN, fetch: localFetch(DOMAIN, server.origin), maxRetries: 0, telemetry: false, token})
}

async function failure(promise: Promise<unknown>): Promise<ManagementError & {body: Record<string, unknown>}> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(ManagementError)
    return error as ManagementError & {body: Record<string, unknown>}
  }

  throw new Error('expected the call to fail')
}

const clock = movableClock(new Date())
let tenant: Auth0TenantState
let server: TestServer

beforeAll(async () => {
  tenant = buildAuth0Tenant(TENANT, {now: clock.now})
  server = await startServer(tenant, clock.now)
})

afterAll(async () => {
  await server.close()
})

afterEach(() => {
  setAuth0ActionExecutor(undefined)
})

describe('tokens', () => {
  it('issues a Bearer token with the client\'s scopes for the tenant audience (form body, as the SDK sends it)', async () => {
    const res = await fetch(`${server.origin}/oauth/token`, {
      body: new URLSearchParams({audience: `https://${DOMAIN}/api/v2/`, client_id: 'doctor', client_secret: CLIENT_SECRET, grant_type: 'client_credentials'}),
      method: 'POST',
    })
    expect(res.status).toBe(200)
    const body = (await res.json()) as Record<string, unknown>
    expect(body).toMatchObject({expires_in: 86_400, scope: ALL_SCOPES, token_type: 'Bearer'})
    const claims = JSON.parse(Buffer.from(String(body.access_token).split('.')[1]!, 'base64url').toString()) as Record<string, unknown>
    expect(claims).toMatchObject({aud: `https://${DOMAIN}/api/v2/`, gty: 'client-credentials', scope: ALL_SCOPES, sub: 'doctor@clients'})
  })

  it('accepts JSON, a requested subset of scopes, and the audience of the host the request came to', async () => {
    const res = await fetch(`${server.origin}/oauth/token`, {
      body: JSON.stringify({audience: `https://127.0.0.1:${server.port}/api/v2/`, client_id: 'doctor', client_secret: CLIENT_SECRET, grant_type: 'client_credentials', scope: 'read:logs'}),
      headers: {'content-type': 'application/json'},
      method: 'POST',
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({scope: 'read:logs'})
  })

  it('answers a wrong secret with 401 access_denied through the SDK', async () => {
    const err = await failure(clientCredentials(server, 'doctor', 'not-the-secret').guardian.factors.list())
    expect(err.statusCode).toBe(401)
    expect(err.body).toEqual({error: 'access_denied', error_description: 'Unauthorized'})
  })

  it('treats an unknown client like a wrong secret', async () => {
    const err = await failure(clientCredentials(server, 'nobody', 'x').guardian.factors.list())
    expect(err.statusCode).toBe(401)
    expect(err.body).toEqual({error: 'access_denied', error_description: 'Unauthorized'})
  })

  it('answers 403 for a wrong audience, an application without a grant, and ungranted scopes', async () => {
    const post = (params: Record<string, string>) =>
      fetch(`${server.origin}/oauth/token`, {body: new URLSearchParams({grant_type: 'client_credentials', ...params}), method: 'POST'}).then(async (r) => ({body: (await r.json()) as Record<string, string>, status: r.status}))
    const wrongAudience = await post({audience: `https://${DOMAIN}/api/v2`, client_id: 'doctor', client_secret: CLIENT_SECRET})
    expect(wrongAudience).toEqual({body: {error: 'access_denied', error_description: `Service not enabled within domain: https://${DOMAIN}/api/v2`}, status: 403})
    const noGrant = await post({audience: `https://${DOMAIN}/api/v2/`, client_id: 'no-grant', client_secret: 'no-grant-secret'})
    expect(noGrant.status).toBe(403)
    expect(noGrant.body.error_description).toContain(`Client is not authorized to access "https://${DOMAIN}/api/v2/"`)
    const scopes = await post({audience: `https://${DOMAIN}/api/v2/`, client_id: 'factors-only', client_secret: 'factors-only-secret', scope: 'read:logs'})
    expect(scopes).toEqual({body: {error: 'access_denied', error_description: 'Client has not been granted scopes: read:logs'}, status: 403})
    const grant = await post({audience: `https://${DOMAIN}/api/v2/`, client_id: 'doctor', client_secret: CLIENT_SECRET, grant_type: 'password'})
    expect(grant.status).toBe(403)
    expect(grant.body.error).toBe('unauthorized_client')
  })

  it('rejects missing, malformed, unknown and expired tokens with 401 in the Management API shape', async () => {
    const res = await fetch(`${server.origin}/api/v2/guardian/factors`)
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({error: 'Unauthorized', message: 'Missing authentication', statusCode: 401})

    const invalid = await failure(withToken(server, 'not-a-token').guardian.factors.list())
    expect(invalid.statusCode).toBe(401)
    expect(invalid.body).toMatchObject({error: 'Unauthorized', errorCode: 'invalid_token', message: 'Invalid token', statusCode: 401})

    const expired = await failure(withToken(server, 'static-token-expired').actions.get(SEND_SMS_ID))
    expect(expired.statusCode).toBe(401)
    expect(expired.body.message).toBe('Expired token received for JSON Web Token validation')
  })

  it('expires issued tokens after their lifetime on the server\'s clock', async () => {
    const client = clientCredentials(server)
    await client.guardian.factors.list()
    clock.advance(86_401_000)
    try {
      // The SDK still trusts its cached token (it uses the real clock); the server does not.
      const err = await failure(client.guardian.factors.list())
      expect(err.statusCode).toBe(401)
      expect(err.body.message).toBe('Expired token received for JSON Web Token validation')
    } finally {
      clock.advance(-86_401_000)
    }
  })
})

describe('endpoints through the SDK', () => {
  it('guardian: factors in the API\'s order, selected provider, message types, templates', async () => {
    const client = clientCredentials(server)
    const factors = await client.guardian.factors.list()
    expect(factors.map((f) => f.name)).toEqual(['sms', 'push-notification', 'otp', 'email', 'duo', 'webauthn-roaming', 'webauthn-platform', 'recovery-code'])
    expect(factors.filter((f) => f.enabled).map((f) => f.name)).toEqual(['sms', 'otp'])
    expect(factors[0]).toEqual({enabled: true, name: 'sms', trial_expired: false})
    expect(await client.guardian.factors.phone.getSelectedProvider()).toEqual({provider: 'phone-message-hook'})
    expect(await client.guardian.factors.phone.getMessageTypes()).toEqual({message_types: ['sms', 'voice']})
    const templates = await client.guardian.factors.phone.getTemplates()
    expect(templates.verification_message).toContain('{{code}}')
    expect(Object.keys(templates).sort()).toEqual(['enrollment_message', 'verification_message'])
  })

  it('bindings: in execution order, with the bound action\'s deployed version', async () => {
    const page = await clientCredentials(server).actions.triggers.bindings.list('send-phone-message')
    expect(page.data.map((b) => b.display_name)).toEqual(['send-sms-via-sns', 'Audit', 'third'])
    expect(page.response).toMatchObject({page: 0, per_page: 50, total: 3})
    const first = page.data[0]!
    expect(first).toMatchObject({action: {all_changes_deployed: true, deployed_version: {deployed: true, number: 1, status: 'built'}, id: SEND_SMS_ID, name: 'send-sms-via-sns'}, trigger_id: 'send-phone-message'})
    expect(page.data[1]!.action).toMatchObject({all_changes_deployed: false, deployed_version: {code: 'old deployed code', number: 3}})
    expect(first.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    const other = await clientCredentials(server).actions.triggers.bindings.list('post-login')
    expect(other.data).toEqual([])
  })

  it('bindings: pages with page/per_page, hasNextPage and async iteration', async () => {
    const client = clientCredentials(server)
    const first = await client.actions.triggers.bindings.list('send-phone-message', {per_page: 2})
    expect(first.data.map((b) => b.display_name)).toEqual(['send-sms-via-sns', 'Audit'])
    expect(first.response).toMatchObject({page: 0, per_page: 2, total: 3})
    expect(first.hasNextPage()).toBe(true)
    const second = await first.getNextPage()
    expect(second.data.map((b) => b.display_name)).toEqual(['third'])
    expect(second.hasNextPage()).toBe(false)
    const all: string[] = []
    for await (const b of await client.actions.triggers.bindings.list('send-phone-message', {per_page: 1})) all.push(b.display_name ?? '')
    expect(all).toEqual(['send-sms-via-sns', 'Audit', 'third'])
  })

  it('actions: list with triggerId, deployed, actionName and paging', async () => {
    const client = clientCredentials(server)
    const phone = await client.actions.list({triggerId: 'send-phone-message'})
    expect(phone.data.map((a) => a.name)).toEqual(['send-sms-via-sns', 'audit-sms', 'third', 'draft-only', 'throws'])
    const deployed = await client.actions.list({deployed: true, triggerId: 'send-phone-message'})
    expect(deployed.data.map((a) => a.name)).toEqual(['send-sms-via-sns', 'audit-sms', 'third'])
    const named = await client.actions.list({actionName: 'third'})
    expect(named.data.map((a) => a.name)).toEqual(['third'])
    const paged = await client.actions.list({page: 1, per_page: 2, triggerId: 'send-phone-message'})
    expect(paged.data.map((a) => a.name)).toEqual(['third', 'draft-only'])
    expect(paged.response).toMatchObject({page: 1, per_page: 2, total: 5})
    const names: string[] = []
    for await (const a of await client.actions.list({per_page: 4})) names.push(a.name ?? '')
    expect(names).toHaveLength(6)
  })

  it('actions: one action with secret names only, deployed version and build state', async () => {
    const action = await clientCredentials(server).actions.get(SEND_SMS_ID)
    expect(action).toMatchObject({
      all_changes_deployed: true,
      dependencies: [{name: '@aws-sdk/client-sns', version: '3.600.0'}],
      deployed_version: {action_id: SEND_SMS_ID, deployed: true, number: 1, runtime: 'node18'},
      id: SEND_SMS_ID,
      runtime: 'node18',
      status: 'built',
      supported_triggers: [{id: 'send-phone-message', version: 'v2'}],
    })
    expect(action.secrets?.map((s) => Object.keys(s).sort())).toEqual([
      ['name', 'updated_at'],
      ['name', 'updated_at'],
      ['name', 'updated_at'],
    ])
    expect(action.secrets?.map((s) => s.name)).toEqual(['AWS_REGION', 'AWS_SECRET_ACCESS_KEY', 'AWS_ACCESS_KEY_ID'])
    expect(action.built_at).toEqual(expect.any(String))
    const draft = await clientCredentials(server).actions.list({actionName: 'draft-only'})
    expect(draft.data[0]).toMatchObject({all_changes_deployed: false, status: 'building'})
    expect(draft.data[0]!.deployed_version).toBeUndefined()
  })

  it('actions: 404 for an unknown id, in the recorded wording', async () => {
    const err = await failure(clientCredentials(server).actions.get('00000000-0000-4000-8000-000000000000'))
    expect(err.statusCode).toBe(404)
    expect(err.body).toEqual({error: 'Not Found', message: 'That action does not exist.', statusCode: 404})
    const test = await failure(clientCredentials(server).actions.test('nope', {payload: {}}))
    expect(test.statusCode).toBe(404)
  })

  it('test: by default returns the payload unchanged, with a note', async () => {
    const payload = {message_options: {action: 'second-factor-authentication', code: '123456', message_type: 'sms', recipient: '+15555550100', text: 'Your code is 123456'}}
    const out = await clientCredentials(server).actions.test(SEND_SMS_ID, {payload}).withRawResponse()
    expect(out.data.payload).toEqual(payload)
    expect((out.data as Record<string, unknown>).note).toBe(DEFAULT_EXECUTOR_NOTE)
    expect(out.rawResponse.headers.get('x-mfa-sms-local-note')).toContain('ran no code')
  })

  it('test: the scenario\'s canned error comes back as Auth0 reports a throwing action (200, payload.error)', async () => {
    const id = tenant.actions.find((a) => a.name === 'throws')!.id
    const out = await clientCredentials(server).actions.test(id, {payload: {}})
    expect(out.payload).toMatchObject({error: {message: 'Missing secret AWS_REGION', name: 'TypeError'}})
  })

  it('test: a plugged-in executor gets the draft, payload and secret values; its output never shows them', async () => {
    let seen: Parameters<Parameters<typeof setAuth0ActionExecutor>[0] & object>[0] | undefined
    setAuth0ActionExecutor((run) => {
      seen = run
      return {payload: {echo: run.payload, leaked: `key=${run.secrets.AWS_SECRET_ACCESS_KEY}`, region: run.secrets.AWS_REGION}}
    })
    const out = await clientCredentials(server).actions.test(SEND_SMS_ID, {payload: {hello: 'world'}})
    expect(seen?.action).toMatchObject({id: SEND_SMS_ID, runtime: 'node18', secretNames: ['AWS_REGION', 'AWS_SECRET_ACCESS_KEY', 'AWS_ACCESS_KEY_ID']})
    expect(seen?.action.code).toContain('onExecuteSendPhoneMessage')
    expect(seen?.secrets).toEqual({AWS_REGION: 'eu-west-1', AWS_SECRET_ACCESS_KEY: ACTION_SECRET})
    expect(seen?.tenant).toEqual({domain: DOMAIN, name: 'dev-mfa-demo'})
    // Every secret value of 6+ characters is masked, the region included.
    expect(out).toEqual({payload: {echo: {hello: 'world'}, leaked: 'key=***', region: '***'}})
  })

  it('test: an executor that throws is the action throwing', async () => {
    setAuth0ActionExecutor(() => {
      throw new RangeError('boom')
    })
    const out = await clientCredentials(server).actions.test(SEND_SMS_ID, {payload: {}})
    expect(out.payload).toMatchObject({error: {message: 'boom', name: 'RangeError'}})
  })

  it('test: the body must carry a payload object', async () => {
    const token = await tokenFor('doctor', CLIENT_SECRET)
    const post = (body: string) =>
      fetch(`${server.origin}/api/v2/actions/actions/${SEND_SMS_ID}/test`, {body, headers: {authorization: `Bearer ${token}`, 'content-type': 'application/json'}, method: 'POST'}).then(async (r) => ({body: (await r.json()) as Record<string, unknown>, status: r.status}))
    expect(await post('{}')).toEqual({body: {error: 'Bad Request', errorCode: 'invalid_body', message: "Payload validation error: 'Missing required property: payload'.", statusCode: 400}, status: 400})
    expect((await post('{"payload": 3}')).status).toBe(400)
    expect((await post('not json')).body.message).toBe('Invalid request payload JSON format')
  })

  it('hooks: filtered by triggerId and enabled, single hook, secret names with hidden values', async () => {
    const client = clientCredentials(server)
    const phone = await client.hooks.list({triggerId: 'send-phone-message'})
    expect(phone.data.map((h) => h.name)).toEqual(['legacy-sms', 'disabled-hook'])
    expect(phone.response).toMatchObject({start: 0, total: 2})
    const enabled = await client.hooks.list({enabled: true, triggerId: 'send-phone-message'})
    expect(enabled.data).toEqual([{dependencies: {twilio: '3.0.0'}, enabled: true, id: expect.any(String), name: 'legacy-sms', script: expect.stringContaining('module.exports'), triggerId: 'send-phone-message'}])
    const id = enabled.data[0]!.id!
    expect(await client.hooks.get(id)).toMatchObject({id, name: 'legacy-sms'})
    expect(await client.hooks.secrets.get(id)).toEqual({TWILIO_TOKEN: '_VALUE_NOT_SHOWN_'})
  })

  it('branding: the tenant-level phone provider, without credentials', async () => {
    const out = await clientCredentials(server).branding.phone.providers.list()
    expect(out.providers).toEqual([
      {
        channel: 'phone',
        configuration: {delivery_methods: ['text'], sid: 'AC123'},
        created_at: expect.any(String),
        credentials: null,
        disabled: false,
        id: expect.stringMatching(/^pro_[0-9A-Za-z]{22}$/),
        name: 'twilio',
        tenant: DOMAIN,
        updated_at: expect.any(String),
      },
    ])
  })

  it('logs: q (as the doctor sends it) and search (as the SDK names it), newest first, with totals', async () => {
    const client = clientCredentials(server)
    const viaQ = await client.logs.list({per_page: 10, sort: 'date:-1'}, {queryParams: {q: 'type:gd_send_sms_failure'}})
    expect(viaQ.data.map((l) => l.description)).toEqual(['Failed to send SMS to +15555550123', 'older failure'])
    expect(viaQ.response).toMatchObject({length: 2, limit: 10, start: 0, total: 2})
    expect(viaQ.data[0]!.log_id).toMatch(/^900\d{53}$/)
    const viaSearch = await client.logs.list({search: 'type:gd_send_*_failure', sort: 'date:1'})
    expect(viaSearch.data.map((l) => l.type)).toEqual(['gd_send_sms_failure', 'gd_send_sms_failure', 'gd_send_voice_failure'])
    const recent = await client.logs.list({}, {queryParams: {q: `type:gd_send_sms_failure AND date:[${new Date(clock.now().getTime() - 7 * 86_400_000).toISOString().slice(0, 10)} TO *]`}})
    expect(recent.data.map((l) => l.description)).toEqual(['Failed to send SMS to +15555550123'])
    const bad = await failure(client.logs.list({}, {queryParams: {q: 'type:(gd_send_sms'}}))
    expect(bad.statusCode).toBe(400)
    expect(bad.body.errorCode).toBe('invalid_query_string')
  })

  it('logs: a plain array without include_totals, and fields selection', async () => {
    const token = await tokenFor('doctor', CLIENT_SECRET)
    const res = await fetch(`${server.origin}/api/v2/logs?q=type:gd_send_sms&fields=type,log_id&include_totals=false`, {headers: {authorization: `Bearer ${token}`}})
    const body = (await res.json()) as Record<string, unknown>[]
    expect(body).toEqual([{log_id: expect.any(String), type: 'gd_send_sms'}])
  })

  it('works with a static API token (AUTH0_TOKEN) and its scopes', async () => {
    const client = withToken(server, 'static-token-read-only')
    expect((await client.actions.get(SEND_SMS_ID)).name).toBe('send-sms-via-sns')
    expect(await client.guardian.factors.phone.getSelectedProvider()).toEqual({provider: 'phone-message-hook'})
    const err = await failure(client.hooks.list({triggerId: 'send-phone-message'}))
    expect(err.statusCode).toBe(403)
  })
})

async function tokenFor(clientId: string, secret: string): Promise<string> {
  const res = await fetch(`${server.origin}/oauth/token`, {
    body: new URLSearchParams({audience: `https://${DOMAIN}/api/v2/`, client_id: clientId, client_secret: secret, grant_type: 'client_credentials'}),
    method: 'POST',
  })
  return ((await res.json()) as {access_token: string}).access_token
}

describe('scopes', () => {
  it('answers 403 insufficient_scope naming the scope each endpoint needs', async () => {
    const client = clientCredentials(server, 'factors-only', 'factors-only-secret')
    expect(await client.guardian.factors.list()).toHaveLength(8)
    const cases: [() => Promise<unknown>, string][] = [
      [() => client.actions.get(SEND_SMS_ID), 'read:actions'],
      [() => client.actions.list(), 'read:actions'],
      [() => client.actions.triggers.bindings.list('send-phone-message'), 'read:actions'],
      [() => client.actions.test(SEND_SMS_ID, {payload: {}}), 'create:actions'],
      [() => client.hooks.list(), 'read:hooks'],
      [() => client.branding.phone.providers.list(), 'read:phone_providers'],
      [() => client.logs.list(), 'read:logs,read:logs_users'],
    ]
    for (const [call, scope] of cases) {
      const err = await failure(call())
      expect(err.statusCode).toBe(403)
      expect(err.body).toEqual({error: 'Forbidden', errorCode: 'insufficient_scope', message: `Insufficient scope, expected any of: ${scope}`, statusCode: 403})
    }
  })

  it('lists every emulated endpoint with the scopes of peers-and-pains A3', () => {
    const scopes = Object.fromEntries(AUTH0_EMULATED_ENDPOINTS.map((e) => [`${e.method} ${e.path}`, e.scopes.join(' ')]))
    expect(scopes).toMatchObject({
      'GET /api/v2/actions/actions': 'read:actions',
      'GET /api/v2/actions/actions/{id}': 'read:actions',
      'GET /api/v2/actions/triggers/{triggerId}/bindings': 'read:actions',
      'GET /api/v2/branding/phone/providers': 'read:phone_providers',
      'GET /api/v2/guardian/factors': 'read:guardian_factors',
      'GET /api/v2/guardian/factors/phone/message-types': 'read:guardian_factors',
      'GET /api/v2/guardian/factors/phone/selected-provider': 'read:guardian_factors',
      'GET /api/v2/guardian/factors/phone/templates': 'read:guardian_factors',
      'GET /api/v2/hooks': 'read:hooks',
      'GET /api/v2/logs': 'read:logs read:logs_users',
      'POST /api/v2/actions/actions/{id}/test': 'create:actions',
    })
  })
})

describe('routing', () => {
  it('returns undefined for paths that are not Auth0\'s, so AWS routing gets them', async () => {
    const view = {body: Buffer.alloc(0), headers: {}, method: 'POST', query: new URLSearchParams()}
    expect(await handleAuth0Request({...view, path: '/'}, tenant)).toBeUndefined()
    expect(await handleAuth0Request({...view, path: '/2015-03-31/functions/x/invocations'}, tenant)).toBeUndefined()
    expect(await handleAuth0Request({...view, path: '/api/v2x'}, tenant)).toBeUndefined()
  })

  it('answers 404 for an unemulated endpoint and when the scenario has no auth0 block', async () => {
    const token = await tokenFor('doctor', CLIENT_SECRET)
    const res = await fetch(`${server.origin}/api/v2/users`, {headers: {authorization: `Bearer ${token}`}})
    expect(res.status).toBe(404)
    expect(((await res.json()) as {message: string}).message).toContain('does not emulate GET /api/v2/users')
    const none = await handleAuth0Request({body: Buffer.alloc(0), headers: {}, method: 'GET', path: '/api/v2/guardian/factors', query: new URLSearchParams()}, undefined)
    expect(none?.status).toBe(404)
    expect(none?.body).toContain('no auth0 block')
  })
})

describe('secrets', () => {
  it('never puts a secret value in any response body', async () => {
    // Walk every endpoint (the executor echoing secrets included), then scan all bodies sent so far.
    setAuth0ActionExecutor((run) => ({note: `all: ${Object.values(run.secrets).join(',')}`, payload: {secrets: run.secrets}}))
    const client = clientCredentials(server)
    await client.guardian.factors.list()
    await client.actions.list()
    await client.actions.get(SEND_SMS_ID)
    await client.actions.triggers.bindings.list('send-phone-message')
    await client.actions.test(SEND_SMS_ID, {payload: {}})
    const hooks = await client.hooks.list()
    for (const h of hooks.data) {
      await client.hooks.get(h.id!)
      await client.hooks.secrets.get(h.id!)
    }

    await client.branding.phone.providers.list()
    await client.logs.list()
    expect(server.bodies.length).toBeGreaterThan(10)
    for (const body of server.bodies) {
      for (const secret of [ACTION_SECRET, HOOK_SECRET, PROVIDER_SECRET, CLIENT_SECRET, 'factors-only-secret', 'no-grant-secret']) expect(body).not.toContain(secret)
    }
  })
})

describe('mounted with serveAuth0 on the bundled auth0-custom-unwired scenario', () => {
  let mounted: {close(): Promise<void>; origin: string}
  let state: LocalState

  beforeAll(async () => {
    const {scenario} = await loadScenario('auth0-custom-unwired')
    state = new LocalState(scenario, {now: () => new Date()})
    const http = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost')
      serveAuth0(req, res, url, state)
        .then((handled) => {
          if (!handled) {
            res.writeHead(418)
            res.end('aws')
          }
        })
        .catch(() => res.destroy())
    })
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
    const {port} = http.address() as AddressInfo
    mounted = {
      close: () =>
        new Promise<void>((resolve) => {
          http.close(() => resolve())
          http.closeAllConnections()
        }),
      origin: `http://127.0.0.1:${port}`,
    }
  })

  afterAll(async () => {
    await mounted.close()
  })

  it('lets mfa-sms doctor\'s own Auth0 client read the tenant with --auth0-domain http://127.0.0.1:PORT', async () => {
    const api = await createAuth0Api(mounted.origin, {clientId: 'mfa-sms-doctor-client', clientSecret: 'mfa-sms-doctor-client-secret'}, 5000)
    expect((await api.factors()).find((f) => f.name === 'sms')?.enabled).toBe(true)
    expect(await api.selectedProvider()).toEqual({provider: 'phone-message-hook'})
    expect(await api.bindings('send-phone-message')).toEqual([])
    const action = await api.action('4f6a2b1c-0d9e-4a8b-9c7d-1e2f3a4b5c6d')
    expect(action).toMatchObject({all_changes_deployed: true, deployed_version: {number: 1}, name: 'send-sms-via-sns', status: 'built'})
    expect(action.secrets?.map((s) => s.name)).toEqual(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION'])
    expect(JSON.stringify(action)).not.toContain('mfa-sms-local-secret-not-checked')
    expect(await api.hooks('send-phone-message')).toEqual([])
    expect(await api.phoneProviders()).toEqual([])
    const since = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10)
    const logs = await api.logs(`type:gd_send_sms_failure AND date:[${since} TO *]`, 20)
    expect(logs.map((l) => l.type)).toEqual(['gd_send_sms_failure'])
  })

  it('works with the static token too, and builds the tenant once into state.extensions', async () => {
    const api = await createAuth0Api(mounted.origin, {token: 'mfa-sms-local-doctor-token'}, 5000)
    expect(await api.selectedProvider()).toEqual({provider: 'phone-message-hook'})
    expect(auth0TenantFor(state)).toBe(state.extensions.get('auth0'))
    expect(auth0TenantFor(state)?.domain).toBe('dev-mfa-demo.eu.auth0.com')
  })

  it('leaves every other path to the caller', async () => {
    const res = await fetch(`${mounted.origin}/`, {body: 'Action=Publish', method: 'POST'})
    expect(res.status).toBe(418)
  })
})
