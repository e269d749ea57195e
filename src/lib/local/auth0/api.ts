/**
 * The Auth0 Management API subset `mfa-sms doctor` and `mfa-sms simulate` call, answered from the
 * scenario's `auth0` block, plus the client-credentials token endpoint, so the real `auth0` SDK
 * (v7, Fern-generated ManagementClient) can run against `mfa-sms local` unchanged:
 *
 *   POST /oauth/token                                        client_credentials → Bearer JWT
 *   GET  /api/v2/guardian/factors                            read:guardian_factors
 *   GET  /api/v2/guardian/factors/phone/selected-provider    read:guardian_factors
 *   GET  /api/v2/guardian/factors/phone/message-types        read:guardian_factors
 *   GET  /api/v2/guardian/factors/phone/templates            read:guardian_factors
 *   GET  /api/v2/actions/triggers/{triggerId}/bindings       read:actions    (paged)
 *   GET  /api/v2/actions/actions                             read:actions    (paged, filters)
 *   GET  /api/v2/actions/actions/{id}                        read:actions
 *   POST /api/v2/actions/actions/{id}/test                   create:actions  (pluggable executor)
 *   GET  /api/v2/hooks, /hooks/{id}, /hooks/{id}/secrets     read:hooks
 *   GET  /api/v2/branding/phone/providers                    read:phone_providers
 *   GET  /api/v2/logs                                        read:logs or read:logs_users
 *
 * Scopes are those of peers-and-pains A3 (auth0/docs-v2 `<Scopes>`). Shapes follow the auth0 v7
 * SDK's generated types and real responses recorded by auth0/go-auth0's test cassettes.
 *
 * Mounting: `serveAuth0(req, res, url, state, {now})` (answers and returns true for /oauth/token
 * and /api/v2/…, else false), or `handleAuth0Request(request, tenant)` for a plain request view.
 *
 * Secret values (client secrets, Action/Hook secret values, provider credentials) never appear in
 * a response: Actions list secret names with updated_at, hooks show "_VALUE_NOT_SHOWN_", providers
 * `credentials: null`, and a test run's result has the action's secret values masked.
 */
import {type IncomingMessage, type ServerResponse, STATUS_CODES} from 'node:http'

import {readBody} from '../read-body.js'
import type {LocalState} from '../state.js'
import {filterLogs, LogQueryError, parseLogSort, sortLogs} from './log-query.js'
import {ACTION_TRIGGER_IDS, Auth0ScenarioError} from './schema.js'
import {type Auth0ActionState, type Auth0ScenarioTest, auth0TenantFor, type Auth0TenantState, type Auth0VersionState} from './tenant.js'
import {signToken, verifyToken} from './tokens.js'

// ---------------------------------------------------------------------------------------------
// Request / response views

export interface Auth0Request {
  body: Buffer
  headers: Record<string, string | string[] | undefined>
  method: string
  /** The URL path, e.g. /api/v2/guardian/factors. */
  path: string
  query: URLSearchParams
}

export interface Auth0Response {
  body: string
  /** The error code answered, if any (for request logs). */
  errorCode?: string
  headers: Record<string, string>
  /** Which emulated operation answered, e.g. "GET /actions/actions/{id}" (for request logs). */
  operation?: string
  status: number
}

export interface Auth0RequestOptions {
  /** Runs POST /actions/actions/{id}/test; default: the one set with setAuth0ActionExecutor. */
  executor?: Auth0ActionExecutor
  /** Clock for token issue/expiry (tests pass a movable one). */
  now?: () => Date
}

/** True for the paths this module answers (the server routes everything else to AWS). */
export function isAuth0Path(path: string): boolean {
  return path === '/oauth/token' || path === '/oauth/token/' || path === '/api/v2' || path.startsWith('/api/v2/')
}

// ---------------------------------------------------------------------------------------------
// The test executor (POST /actions/actions/{id}/test)

export interface Auth0ActionTestRun {
  /** The action's draft (what Auth0's test endpoint runs), without secret values. */
  action: {
    code: string
    dependencies: {name: string; registry_url?: string; version: string}[]
    id: string
    name: string
    runtime: string
    secretNames: string[]
    status: string
    supported_triggers: Record<string, unknown>[]
  }
  /** The request's `payload` (for send-phone-message: the event object minus secrets). */
  payload: Record<string, unknown>
  /** The scenario's canned result (actions[].test), if any. */
  scenarioTest?: Auth0ScenarioTest
  /**
   * Secret values by name, for `event.secrets`. Only secrets whose value the scenario gives are
   * here; a runner should treat the other `secretNames` as set-but-unknown. Never echo them.
   */
  secrets: Record<string, string>
  tenant: {domain: string; name: string}
}

export interface Auth0ActionTestResult {
  /** Shown as `note` next to `payload` and in the x-mfa-sms-local-note header (not an Auth0 field). */
  note?: string
  /** The resulting payload; when the code throws, Auth0 answers 200 with {error: {message, name, stack}}. */
  payload: Record<string, unknown>
}

/**
 * Runs an action for the test endpoint. Throwing counts as the action's code throwing: the
 * response is 200 with `payload.error` like Auth0's. Return such a payload yourself to control it.
 */
export type Auth0ActionExecutor = (run: Auth0ActionTestRun) => Auth0ActionTestResult | Promise<Auth0ActionTestResult>

export const DEFAULT_EXECUTOR_NOTE =
  'mfa-sms local ran no code: this is the payload you sent, unchanged. Plug in a runner (setAuth0ActionExecutor) or set actions[].test in the scenario.'

/** No code runs: the scenario's canned `test` result if any, else the payload back with a note. */
export const defaultAuth0ActionExecutor: Auth0ActionExecutor = (run) => {
  const canned = run.scenarioTest
  if (canned?.error) {
    const {message, name, stack} = canned.error
    return {note: "the scenario's canned error (actions[].test.error); no code ran", payload: {error: {message, name, stack: stack ?? `${name}: ${message}`}}}
  }

  if (canned?.payload) return {note: "the scenario's canned result (actions[].test.payload); no code ran", payload: canned.payload}
  return {note: DEFAULT_EXECUTOR_NOTE, payload: run.payload}
}

let currentExecutor: Auth0ActionExecutor = defaultAuth0ActionExecutor

/** Sets the executor the test endpoint uses (undefined restores the default); returns the previous one. */
export function setAuth0ActionExecutor(executor: Auth0ActionExecutor | undefined): Auth0ActionExecutor {
  const previous = currentExecutor
  currentExecutor = executor ?? defaultAuth0ActionExecutor
  return previous
}

// ---------------------------------------------------------------------------------------------
// Errors and encoding

/**
 * A Management API error: `{statusCode, error, message, errorCode?}`.
 *
 * ⚠ Fidelity: 403 insufficient_scope and 404 "That action does not exist." are verbatim from real
 * responses (auth0-cli PR #538; go-auth0 cassettes). Auth0's 401 bodies seen in issues are
 * `{statusCode, error, message: "Invalid token", attributes: {error}}`; the `errorCode` on 401s and
 * the codes on the 400s below are this emulator's choice.
 */
export class Auth0ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errorCode?: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
    this.name = 'Auth0ApiError'
  }

  toResponse(operation?: string): Auth0Response {
    const body = {statusCode: this.status, error: STATUS_CODES[this.status] ?? 'Error', message: this.message, ...(this.errorCode ? {errorCode: this.errorCode} : {}), ...this.extra}
    return {...json(this.status, body, this.headers), errorCode: this.errorCode ?? `${this.status}`, operation}
  }
}

/** An OAuth error of /oauth/token: `{error, error_description}`. */
class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
    readonly uri?: string,
  ) {
    super(description)
  }

  toResponse(): Auth0Response {
    const body = {error: this.error, error_description: this.description, ...(this.uri ? {error_uri: this.uri} : {})}
    return {...json(this.status, body, {'cache-control': 'no-store', pragma: 'no-cache'}), errorCode: this.error, operation: 'POST /oauth/token'}
  }
}

function json(status: number, value: unknown, headers: Record<string, string> = {}): Auth0Response {
  return {body: JSON.stringify(value), headers: {'content-type': 'application/json; charset=utf-8', ...headers}, status}
}

function header(req: Auth0Request, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()]
  return Array.isArray(v) ? v[0] : v
}

const queryError = (name: string, problem: string) => new Auth0ApiError(400, `Query validation error: '${problem}' on property ${name}.`, 'invalid_query_string')

function intParam(q: URLSearchParams, name: string, min: number, max: number): number | undefined {
  const raw = q.get(name)
  if (raw === null || raw === '') return undefined
  if (!/^-?\d+$/.test(raw)) throw queryError(name, 'Expected type integer but found type string')
  const n = Number(raw)
  if (n < min) throw queryError(name, `Value ${n} is less than minimum ${min}`)
  if (n > max) throw queryError(name, `Value ${n} is greater than maximum ${max}`)
  return n
}

function boolParam(q: URLSearchParams, name: string): boolean | undefined {
  const raw = q.get(name)
  if (raw === null || raw === '') return undefined
  if (raw === 'true') return true
  if (raw === 'false') return false
  throw queryError(name, 'Expected type boolean but found type string')
}

function pageOf<T>(items: readonly T[], q: URLSearchParams, defaultPerPage: number): {items: T[]; page: number; perPage: number; total: number} {
  const page = intParam(q, 'page', 0, 100_000) ?? 0
  const perPage = intParam(q, 'per_page', 1, 100) ?? defaultPerPage
  return {items: items.slice(page * perPage, (page + 1) * perPage), page, perPage, total: items.length}
}

/** `fields=a,b` with `include_fields` (default true): keep (or drop) those keys. */
function pickFields<T extends Record<string, unknown>>(items: T[], q: URLSearchParams): Record<string, unknown>[] {
  const fields = (q.get('fields') ?? '').split(',').map((f) => f.trim()).filter(Boolean)
  if (fields.length === 0) return items
  const include = boolParam(q, 'include_fields') ?? true
  return items.map((item) => Object.fromEntries(Object.entries(item).filter(([k]) => fields.includes(k) === include)))
}

// ---------------------------------------------------------------------------------------------
// Rendering (the API's shapes)

const secretsJson = (a: {secrets: {name: string; updatedAt: string}[]}) => a.secrets.map((s) => ({name: s.name, updated_at: s.updatedAt}))

function versionJson(a: Auth0ActionState, v: Auth0VersionState): Record<string, unknown> {
  return {
    id: v.id,
    action_id: a.id,
    code: v.code,
    dependencies: v.dependencies,
    deployed: true,
    number: v.number,
    built_at: v.builtAt,
    secrets: secretsJson(a),
    status: v.status,
    created_at: v.createdAt,
    updated_at: v.builtAt,
    runtime: v.runtime,
    supported_triggers: a.supportedTriggers,
  }
}

/** The fields every representation of an action starts with, in Auth0's order. */
function actionHeadJson(a: Auth0ActionState): Record<string, unknown> {
  return {
    id: a.id,
    name: a.name,
    supported_triggers: a.supportedTriggers,
    created_at: a.createdAt,
    updated_at: a.updatedAt,
  }
}

/** GET /actions/actions/{id} and the items of GET /actions/actions (GetActionResponseContent). */
export function actionJson(a: Auth0ActionState): Record<string, unknown> {
  return {
    ...actionHeadJson(a),
    code: a.code,
    dependencies: a.dependencies,
    runtime: a.runtime,
    status: a.status,
    secrets: secretsJson(a),
    ...(a.deployed ? {deployed_version: versionJson(a, a.deployed)} : {}),
    all_changes_deployed: a.allChangesDeployed,
    ...(a.builtAt ? {built_at: a.builtAt} : {}),
  }
}

/**
 * The action inside a binding. A recorded real response carries no draft code/secrets here, but a
 * `current_version` (status in upper case, `build_time`) next to `deployed_version`.
 */
function bindingActionJson(a: Auth0ActionState): Record<string, unknown> {
  const v = a.deployed
  return {
    ...actionHeadJson(a),
    ...(v
      ? {
          current_version: {id: v.id, code: v.code, runtime: v.runtime, status: v.status.toUpperCase(), number: v.number, build_time: v.builtAt, created_at: v.createdAt, updated_at: v.builtAt},
          deployed_version: versionJson(a, v),
        }
      : {}),
    all_changes_deployed: a.allChangesDeployed,
  }
}

// ---------------------------------------------------------------------------------------------
// POST /oauth/token

function tokenParams(req: Auth0Request): Record<string, string> {
  const text = req.body.toString('utf8')
  const type = header(req, 'content-type') ?? ''
  const params: Record<string, string> = {}
  if (type.includes('json')) {
    let data: unknown
    try {
      data = text.trim() === '' ? {} : JSON.parse(text)
    } catch {
      throw new OAuthError(400, 'invalid_request', 'Invalid JSON in the request body')
    }

    if (!data || typeof data !== 'object' || Array.isArray(data)) throw new OAuthError(400, 'invalid_request', 'The request body must be a JSON object')
    for (const [k, v] of Object.entries(data)) if (typeof v === 'string' || typeof v === 'number') params[k] = String(v)
  } else {
    for (const [k, v] of new URLSearchParams(text)) params[k] = v
  }

  // client_secret_basic
  const auth = header(req, 'authorization')
  const basic = auth && /^basic\s+(.+)$/i.exec(auth)
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    if (colon > 0) {
      params.client_id ??= decodeURIComponent(decoded.slice(0, colon))
      params.client_secret ??= decodeURIComponent(decoded.slice(colon + 1))
    }
  }

  return params
}

/** The audiences a token may be asked for: the tenant's, and the host the request came to. */
function audiences(req: Auth0Request, tenant: Auth0TenantState): Set<string> {
  const out = new Set([`https://${tenant.domain}/api/v2/`])
  const host = header(req, 'host')
  if (host) {
    out.add(`https://${host}/api/v2/`)
    out.add(`http://${host}/api/v2/`)
  }

  return out
}

/**
 * ⚠ Fidelity: the error bodies are Auth0's as seen in issues (access_denied "Unauthorized",
 * "Service not enabled within domain", "Client is not authorized to access …", unauthorized_client
 * "Grant type … not allowed"); which one wins when several apply is this emulator's order.
 */
function issueToken(req: Auth0Request, tenant: Auth0TenantState, now: Date): Auth0Response {
  const p = tokenParams(req)
  if (!p.grant_type) throw new OAuthError(400, 'invalid_request', 'Missing required parameter: grant_type')
  if (!p.client_id) throw new OAuthError(400, 'invalid_request', 'Missing required parameter: client_id')
  const client = tenant.clients.get(p.client_id)
  if (!client || client.clientSecret !== (p.client_secret ?? '')) throw new OAuthError(401, 'access_denied', 'Unauthorized')
  if (p.grant_type !== 'client_credentials') {
    throw new OAuthError(403, 'unauthorized_client', `Grant type '${p.grant_type}' not allowed for the client.`, 'https://auth0.com/docs/clients/client-grant-types')
  }

  const audience = p.audience
  if (!audience) throw new OAuthError(403, 'access_denied', 'No audience parameter was provided, and no default audience has been configured')
  if (!audiences(req, tenant).has(audience)) throw new OAuthError(403, 'access_denied', `Service not enabled within domain: ${audience}`)
  if (!client.authorized) {
    throw new OAuthError(
      403,
      'access_denied',
      `Client is not authorized to access "${audience}". You need to create a "client-grant" associated to this API. See: https://auth0.com/docs/api/v2#!/Client_Grants/post_client_grants`,
    )
  }

  const requested = p.scope?.split(/\s+/).filter(Boolean)
  const missing = (requested ?? []).filter((s) => !client.scopes.includes(s))
  if (missing.length > 0) throw new OAuthError(403, 'access_denied', `Client has not been granted scopes: ${missing.join(', ')}`)
  const scopes = requested ?? client.scopes
  const iat = Math.floor(now.getTime() / 1000)
  const token = signToken(
    {aud: audience, azp: client.clientId, exp: iat + tenant.tokenLifetimeSeconds, gty: 'client-credentials', iat, iss: `https://${tenant.domain}/`, scope: scopes.join(' '), sub: `${client.clientId}@clients`},
    tenant.signingKey,
  )
  return {
    ...json(200, {access_token: token, scope: scopes.join(' '), expires_in: tenant.tokenLifetimeSeconds, token_type: 'Bearer'}, {'cache-control': 'no-store', pragma: 'no-cache'}),
    operation: 'POST /oauth/token',
  }
}

// ---------------------------------------------------------------------------------------------
// /api/v2

function authenticate(req: Auth0Request, tenant: Auth0TenantState, now: Date): Set<string> {
  const auth = header(req, 'authorization')
  if (!auth) throw new Auth0ApiError(401, 'Missing authentication', 'missing_authentication', {}, {'www-authenticate': 'Bearer'})
  const m = /^bearer\s+(\S+)\s*$/i.exec(auth)
  if (!m) throw new Auth0ApiError(400, 'Bad HTTP authentication header format', 'bad_authorization_header')
  const token = m[1]!
  const invalid = (message: string) =>
    new Auth0ApiError(401, message, 'invalid_token', {attributes: {error: message}}, {'www-authenticate': `Bearer error="invalid_token", error_description="${message}"`})
  const fixed = tenant.staticTokens.get(token)
  if (fixed) {
    if (fixed.expired) throw invalid('Expired token received for JSON Web Token validation')
    return new Set(fixed.scopes)
  }

  const check = verifyToken(token, tenant.signingKey, now)
  if (!check.ok) throw invalid(check.reason === 'expired' ? 'Expired token received for JSON Web Token validation' : 'Invalid token')
  return new Set(check.claims.scope.split(' ').filter(Boolean))
}

interface RouteContext {
  now: Date
  options: Auth0RequestOptions
  params: string[]
  req: Auth0Request
  tenant: Auth0TenantState
}

interface Route {
  method: 'GET' | 'POST'
  /** For docs and logs, e.g. /actions/actions/{id}. */
  path: string
  pattern: RegExp
  run: (ctx: RouteContext) => Promise<Auth0Response> | Auth0Response
  /** Any one of these is enough. */
  scopes: readonly string[]
}

const READ_GUARDIAN = ['read:guardian_factors'] as const
const READ_ACTIONS = ['read:actions'] as const
const READ_HOOKS = ['read:hooks'] as const

function findAction(tenant: Auth0TenantState, id: string): Auth0ActionState {
  const action = tenant.actions.find((a) => a.id === id)
  if (!action) throw new Auth0ApiError(404, 'That action does not exist.')
  return action
}

function findHook(tenant: Auth0TenantState, id: string) {
  const hook = tenant.hooks.find((h) => h.id === id)
  // ⚠ Fidelity: wording and errorCode not verified against a tenant.
  if (!hook) throw new Auth0ApiError(404, 'The hook does not exist.', 'inexistent_hook')
  return hook
}

const hookJson = (h: Auth0TenantState['hooks'][number]) => ({triggerId: h.triggerId, id: h.id, name: h.name, enabled: h.enabled, script: h.script, dependencies: h.dependencies})

/** Replaces each secret value (6+ characters) inside strings of `value` with "***". */
function maskSecrets(value: unknown, secrets: string[]): unknown {
  if (secrets.length === 0) return value
  if (typeof value === 'string') return secrets.reduce((s, secret) => s.replaceAll(secret, '***'), value)
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v, secrets))
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [maskSecrets(k, secrets) as string, maskSecrets(v, secrets)]))
  return value
}

async function testAction(ctx: RouteContext): Promise<Auth0Response> {
  const action = findAction(ctx.tenant, ctx.params[0]!)
  let body: unknown
  try {
    const text = ctx.req.body.toString('utf8')
    body = text.trim() === '' ? {} : JSON.parse(text)
  } catch {
    throw new Auth0ApiError(400, 'Invalid request payload JSON format', 'invalid_body')
  }

  const payload = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>).payload : undefined
  if (payload === undefined) throw new Auth0ApiError(400, "Payload validation error: 'Missing required property: payload'.", 'invalid_body')
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new Auth0ApiError(400, `Payload validation error: 'Expected type object but found type ${Array.isArray(payload) ? 'array' : payload === null ? 'null' : typeof payload}' on property payload.`, 'invalid_body')
  }

  const secrets = Object.fromEntries(action.secrets.filter((s) => s.value !== undefined).map((s) => [s.name, s.value!]))
  const run: Auth0ActionTestRun = {
    action: {
      code: action.code,
      dependencies: action.dependencies,
      id: action.id,
      name: action.name,
      runtime: action.runtime,
      secretNames: action.secrets.map((s) => s.name),
      status: action.status,
      supported_triggers: action.supportedTriggers,
    },
    payload: payload as Record<string, unknown>,
    scenarioTest: action.test,
    secrets,
    tenant: {domain: ctx.tenant.domain, name: ctx.tenant.tenant},
  }
  let result: Auth0ActionTestResult
  try {
    result = await (ctx.options.executor ?? currentExecutor)(run)
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error))
    result = {payload: {error: {message: e.message, name: e.name, stack: e.stack ?? `${e.name}: ${e.message}`}}}
  }

  // ⚠ Auth0 returns whatever the code produced; masking secret values is this emulator's guarantee.
  const hidden = Object.values(secrets).filter((v) => v.length >= 6)
  const out = maskSecrets(result.payload, hidden) as Record<string, unknown>
  const note = result.note === undefined ? undefined : (maskSecrets(result.note, hidden) as string)
  return json(200, {payload: out, ...(note ? {note} : {})}, note ? {'x-mfa-sms-local-note': note.replaceAll(/[^\x20-\x7E]/g, '?')} : {})
}

function listLogs(ctx: RouteContext): Auth0Response {
  const q = ctx.req.query
  const from = q.get('from')
  if (from) {
    // Checkpoint paging: `from` wins over q; ids are time-ordered, the answer is a plain array.
    const take = intParam(q, 'take', 1, 100) ?? 50
    const after = sortLogs(ctx.tenant.logs, {direction: 1, field: 'date'}).filter((l) => String(l.log_id) > from)
    return json(200, pickFields(after.slice(0, take), q))
  }

  let matched: Record<string, unknown>[]
  let sorted: Record<string, unknown>[]
  try {
    // The SDK (v7) sends the query as `search`; Auth0's docs and mfa-sms doctor use `q`.
    matched = filterLogs(ctx.tenant.logs, q.get('q') ?? q.get('search') ?? undefined)
    sorted = sortLogs(matched, parseLogSort(q.get('sort') ?? undefined))
  } catch (error) {
    if (error instanceof LogQueryError) throw new Auth0ApiError(400, `Query validation error: ${error.message}.`, 'invalid_query_string')
    throw error
  }

  const {items, page, perPage, total} = pageOf(sorted, q, 50)
  const logs = pickFields(items, q)
  if (boolParam(q, 'include_totals')) return json(200, {start: page * perPage, limit: perPage, length: logs.length, total, logs})
  return json(200, logs)
}

function listHooks(ctx: RouteContext): Auth0Response {
  const q = ctx.req.query
  const triggerId = q.get('triggerId')
  const enabled = boolParam(q, 'enabled')
  const hooks = ctx.tenant.hooks.filter((h) => (!triggerId || h.triggerId === triggerId) && (enabled === undefined || h.enabled === enabled)).map(hookJson)
  const paging = q.has('page') || q.has('per_page')
  const {items, page, perPage, total} = paging ? pageOf(hooks, q, 50) : {items: hooks, page: 0, perPage: hooks.length, total: hooks.length}
  const out = pickFields(items, q)
  if (boolParam(q, 'include_totals')) return json(200, {start: page * perPage, limit: perPage, total, hooks: out})
  return json(200, out)
}

function listActions(ctx: RouteContext): Auth0Response {
  const q = ctx.req.query
  const triggerId = q.get('triggerId')
  const actionName = q.get('actionName')
  // ⚠ deployed=false and installed=false are read as "no filter"; installed=true finds nothing,
  // since scenario actions are custom code, not Marketplace integrations.
  const deployed = boolParam(q, 'deployed')
  const installed = boolParam(q, 'installed')
  const all = ctx.tenant.actions.filter(
    (a) =>
      (!triggerId || a.supportedTriggers.some((t) => t.id === triggerId)) &&
      (!actionName || a.name === actionName) &&
      (deployed !== true || a.deployed !== undefined) &&
      installed !== true,
  )
  const {items, page, perPage, total} = pageOf(all, q, 20)
  return json(200, {actions: items.map(actionJson), total, page, per_page: perPage})
}

function listBindings(ctx: RouteContext): Auth0Response {
  const triggerId = ctx.params[0]!
  if (!(ACTION_TRIGGER_IDS as readonly string[]).includes(triggerId)) {
    // ⚠ Fidelity: Auth0 rejects unknown trigger ids; this wording is the emulator's.
    throw new Auth0ApiError(400, `Path validation error: '${triggerId}' is not a trigger id (expected one of ${ACTION_TRIGGER_IDS.join(', ')}).`, 'invalid_uri')
  }

  const {items, page, perPage, total} = pageOf(ctx.tenant.bindings.get(triggerId) ?? [], ctx.req.query, 20)
  const bindings = items.map((b) => ({
    id: b.id,
    trigger_id: b.triggerId,
    action: bindingActionJson(b.action),
    created_at: b.createdAt,
    updated_at: b.updatedAt,
    display_name: b.displayName,
  }))
  return json(200, {bindings, total, page, per_page: perPage})
}

const ROUTES: Route[] = [
  {method: 'GET', path: '/guardian/factors', pattern: /^\/guardian\/factors$/, run: ({tenant}) => json(200, tenant.factors), scopes: READ_GUARDIAN},
  {
    method: 'GET',
    path: '/guardian/factors/phone/selected-provider',
    // The older /guardian/factors/sms/… paths answer the same (both exist in the SDK).
    pattern: /^\/guardian\/factors\/(?:phone|sms)\/selected-provider$/,
    run: ({tenant}) => json(200, {provider: tenant.selectedProvider}),
    scopes: READ_GUARDIAN,
  },
  {method: 'GET', path: '/guardian/factors/phone/message-types', pattern: /^\/guardian\/factors\/phone\/message-types$/, run: ({tenant}) => json(200, {message_types: tenant.messageTypes}), scopes: READ_GUARDIAN},
  {method: 'GET', path: '/guardian/factors/phone/templates', pattern: /^\/guardian\/factors\/(?:phone|sms)\/templates$/, run: ({tenant}) => json(200, tenant.templates), scopes: READ_GUARDIAN},
  {method: 'GET', path: '/actions/triggers/{triggerId}/bindings', pattern: /^\/actions\/triggers\/([^/]+)\/bindings$/, run: listBindings, scopes: READ_ACTIONS},
  {method: 'GET', path: '/actions/actions', pattern: /^\/actions\/actions$/, run: listActions, scopes: READ_ACTIONS},
  {method: 'GET', path: '/actions/actions/{id}', pattern: /^\/actions\/actions\/([^/]+)$/, run: ({params, tenant}) => json(200, actionJson(findAction(tenant, params[0]!))), scopes: READ_ACTIONS},
  {method: 'POST', path: '/actions/actions/{id}/test', pattern: /^\/actions\/actions\/([^/]+)\/test$/, run: testAction, scopes: ['create:actions']},
  {method: 'GET', path: '/hooks', pattern: /^\/hooks$/, run: listHooks, scopes: READ_HOOKS},
  {method: 'GET', path: '/hooks/{id}', pattern: /^\/hooks\/([^/]+)$/, run: ({params, req, tenant}) => json(200, pickFields([hookJson(findHook(tenant, params[0]!))], req.query)[0]), scopes: READ_HOOKS},
  {
    method: 'GET',
    path: '/hooks/{id}/secrets',
    pattern: /^\/hooks\/([^/]+)\/secrets$/,
    run: ({params, tenant}) => json(200, Object.fromEntries(findHook(tenant, params[0]!).secrets.map((s) => [s.name, '_VALUE_NOT_SHOWN_']))),
    scopes: READ_HOOKS,
  },
  {
    method: 'GET',
    path: '/branding/phone/providers',
    pattern: /^\/branding\/phone\/providers$/,
    run: ({req, tenant}) => {
      const disabled = boolParam(req.query, 'disabled')
      return json(200, {providers: tenant.phoneProviders.filter((p) => disabled === undefined || p.disabled === disabled)})
    },
    scopes: ['read:phone_providers'],
  },
  {method: 'GET', path: '/logs', pattern: /^\/logs$/, run: listLogs, scopes: ['read:logs', 'read:logs_users']},
]

/** The emulated Management API endpoints and the scopes each accepts (any one of them). */
export const AUTH0_EMULATED_ENDPOINTS: readonly {method: string; path: string; scopes: readonly string[]}[] = [
  {method: 'POST', path: '/oauth/token', scopes: []},
  ...ROUTES.map((r) => ({method: r.method, path: `/api/v2${r.path}`, scopes: r.scopes})),
]

async function managementApi(req: Auth0Request, path: string, tenant: Auth0TenantState, now: Date, options: Auth0RequestOptions): Promise<Auth0Response> {
  const rest = path.slice('/api/v2'.length) || '/'
  for (const route of ROUTES) {
    if (route.method !== req.method) continue
    const m = route.pattern.exec(rest)
    if (!m) continue
    const operation = `${route.method} ${route.path}`
    try {
      const scopes = authenticate(req, tenant, now)
      if (!route.scopes.some((s) => scopes.has(s))) {
        throw new Auth0ApiError(403, `Insufficient scope, expected any of: ${route.scopes.join(',')}`, 'insufficient_scope')
      }

      let params: string[]
      try {
        params = m.slice(1).map((p) => decodeURIComponent(p))
      } catch {
        throw new Auth0ApiError(400, 'Bad path: invalid percent-encoding', 'invalid_uri')
      }

      return {...(await route.run({now, options, params, req, tenant})), operation}
    } catch (error) {
      if (error instanceof Auth0ApiError) return error.toResponse(operation)
      throw error
    }
  }

  const known = ROUTES.map((r) => `${r.method} /api/v2${r.path}`).join(', ')
  return new Auth0ApiError(404, `mfa-sms local does not emulate ${req.method} ${path}; it answers ${known} and POST /oauth/token.`, 'not_emulated').toResponse()
}

function internalError(message: string): Auth0Response {
  return {...json(500, {statusCode: 500, error: 'Internal Server Error', message}), errorCode: 'internal_error'}
}

/**
 * Answers an Auth0 request, or returns undefined when the path is not Auth0's (/oauth/token,
 * /api/v2/…) so the caller can route it elsewhere. `tenant` undefined (the scenario has no
 * `auth0` block) answers Auth0 paths with a 404 that says so.
 */
export async function handleAuth0Request(req: Auth0Request, tenant: Auth0TenantState | undefined, options: Auth0RequestOptions = {}): Promise<Auth0Response | undefined> {
  const path = req.path.length > 1 ? req.path.replace(/\/+$/, '') : req.path
  if (!isAuth0Path(path)) return undefined
  if (!tenant) {
    return new Auth0ApiError(404, `mfa-sms local has no Auth0 tenant to answer ${req.method} ${path}: the scenario has no auth0 block.`, 'no_tenant').toResponse()
  }

  const now = (options.now ?? (() => new Date()))()
  try {
    if (path === '/oauth/token') {
      if (req.method !== 'POST') return new Auth0ApiError(404, `mfa-sms local answers only POST /oauth/token, not ${req.method}.`, 'not_emulated').toResponse()
      return issueToken(req, tenant, now)
    }

    return await managementApi(req, path, tenant, now, options)
  } catch (error) {
    if (error instanceof OAuthError) return error.toResponse()
    if (error instanceof Auth0ApiError) return error.toResponse()
    return internalError(`mfa-sms local failed: ${error instanceof Error ? error.message : String(error)}`)
  }
}

// ---------------------------------------------------------------------------------------------
// Mounting on node:http

const MAX_BODY = 1024 * 1024

/** What a request log line gets (assignable to server.ts's RequestLog). */
export interface Auth0RequestLog {
  durationMs: number
  error?: string
  operation?: string
  service: 'auth0'
  status: number
  time: string
}

export interface Auth0ServeOptions extends Auth0RequestOptions {
  onRequest?: (log: Auth0RequestLog) => void
}

/**
 * The server hook: when `url` is an Auth0 path, answers it from the scenario's tenant (built on
 * first use, see auth0TenantFor) and returns true; otherwise touches nothing and returns false.
 */
export async function serveAuth0(req: IncomingMessage, res: ServerResponse, url: URL, state: LocalState, options: Auth0ServeOptions = {}): Promise<boolean> {
  if (!isAuth0Path(url.pathname)) return false
  const started = Date.now()
  const time = new Date().toISOString()
  let response: Auth0Response
  try {
    const tenant = auth0TenantFor(state, options.now)
    const body = await readBody(req, MAX_BODY, () => new Auth0ApiError(413, 'Request body is too large', 'payload_too_large'))
    response = (await handleAuth0Request({body, headers: req.headers, method: req.method ?? 'GET', path: url.pathname, query: url.searchParams}, tenant, options))!
  } catch (error) {
    if (error instanceof Auth0ApiError) response = error.toResponse()
    else if (error instanceof Auth0ScenarioError) response = internalError(`mfa-sms local cannot build the Auth0 tenant: ${error.message}`)
    else response = internalError(`mfa-sms local failed: ${error instanceof Error ? error.message : String(error)}`)
  }

  const payload = Buffer.from(response.body, 'utf8')
  if (!res.headersSent) {
    res.writeHead(response.status, {...response.headers, 'content-length': String(payload.length)})
    res.end(payload)
  }

  options.onRequest?.({
    durationMs: Date.now() - started,
    ...(response.status >= 400 ? {error: response.errorCode ?? String(response.status)} : {}),
    operation: response.operation,
    service: 'auth0',
    status: response.status,
    time,
  })
  return true
}
