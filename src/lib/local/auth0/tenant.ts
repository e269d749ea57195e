/**
 * The emulated Auth0 tenant, built once from the scenario's `auth0` block: resources rendered the
 * way the Management API returns them (snake_case, ISO dates, ids filled in) plus what only the
 * server may see (client secrets, secret values, the token signing key).
 */
import {createHash, randomBytes} from 'node:crypto'

import {resolveTime} from '../scenario.js'
import type {LocalState} from '../state.js'
import {
  type Auth0Scenario,
  type Auth0ScenarioAction,
  GUARDIAN_FACTOR_NAMES,
  parseAuth0Scenario,
} from './schema.js'

/** Used when the block names neither clients nor tokens, like LOCAL_CREDENTIALS for AWS. */
export const AUTH0_LOCAL_CLIENT = {
  client_id: 'mfa-sms-local-client',
  client_secret: 'mfa-sms-local-client-secret',
  /** Everything the emulated endpoints check (doctor's read-only set plus create:actions for test). */
  scopes: ['read:actions', 'create:actions', 'read:guardian_factors', 'read:hooks', 'read:phone_providers', 'read:logs'],
} as const

/** Auth0's editor template for a new send-phone-message action. ⚠ Wording from memory of the editor. */
export const DEFAULT_ACTION_CODE = `/**
* Handler that will be called during the execution of a SendPhoneMessage flow.
*
* @param {Event} event - Details about the user and the context in which they are logging in.
* @param {SendPhoneMessageAPI} api - Methods and utilities to help change the behavior of sending a phone message.
*/
exports.onExecuteSendPhoneMessage = async (event, api) => {};
`

/** The send-phone-message Hook template (auth0/docs articles/hooks/extensibility-points/send-phone-message.md). */
export const DEFAULT_HOOK_SCRIPT = `/**
@param {string} recipient - phone number
@param {string} text - message body
@param {object} context - additional authorization context
@param {function} cb - function (error, response)
*/
module.exports = function(recipient, text, context, cb) {
  cb(null, {});
};
`

/** A scenario's canned test result for an action (actions[].test). */
export type Auth0ScenarioTest = NonNullable<Auth0ScenarioAction['test']>

export interface Auth0ClientState {
  authorized: boolean
  clientId: string
  clientSecret: string
  name?: string
  scopes: string[]
}

export interface Auth0SecretState {
  name: string
  updatedAt: string
  value?: string
}

export interface Auth0VersionState {
  builtAt: string
  code: string
  createdAt: string
  dependencies: {name: string; registry_url?: string; version: string}[]
  id: string
  number: number
  runtime: string
  status: string
}

export interface Auth0ActionState {
  allChangesDeployed: boolean
  builtAt?: string
  code: string
  createdAt: string
  dependencies: {name: string; registry_url?: string; version: string}[]
  deployed?: Auth0VersionState
  id: string
  name: string
  runtime: string
  secrets: Auth0SecretState[]
  status: string
  supportedTriggers: Record<string, unknown>[]
  /** The scenario's canned test result, for the default executor. */
  test?: Auth0ScenarioTest
  updatedAt: string
}

export interface Auth0BindingState {
  action: Auth0ActionState
  createdAt: string
  displayName: string
  id: string
  triggerId: string
  updatedAt: string
}

export interface Auth0HookState {
  dependencies: Record<string, string>
  enabled: boolean
  id: string
  name: string
  script: string
  secrets: Auth0SecretState[]
  triggerId: string
}

export interface Auth0TenantState {
  actions: Auth0ActionState[]
  /** Trigger id → bindings in execution order. */
  bindings: Map<string, Auth0BindingState[]>
  clients: Map<string, Auth0ClientState>
  /** The bare host, e.g. dev-mfa-demo.eu.auth0.com. */
  domain: string
  factors: {enabled: boolean; name: string; trial_expired: boolean}[]
  hooks: Auth0HookState[]
  /** Log events as the API returns them (date resolved, log_id filled in), newest first. */
  logs: Record<string, unknown>[]
  messageTypes: string[]
  phoneProviders: Record<string, unknown>[]
  selectedProvider: string
  /** Signs /oauth/token tokens; never leaves the process. */
  signingKey: Buffer
  startedAt: Date
  staticTokens: Map<string, {expired: boolean; scopes: string[]}>
  templates: {enrollment_message: string; verification_message: string}
  /** The tenant name. */
  tenant: string
  tokenLifetimeSeconds: number
}

const sha = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest()

/** A version-4-shaped UUID derived from its inputs (stable across runs, like the AWS side's ids). */
export function stableUuid(...parts: string[]): string {
  const hex = sha(...parts).toString('hex').slice(0, 32).split('')
  hex[12] = '4'
  hex[16] = '89ab'[Number.parseInt(hex[16]!, 16) % 4]!
  const h = hex.join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

function stableDigits(count: number, ...parts: string[]): string {
  let out = ''
  let round = 0
  while (out.length < count) {
    for (const byte of sha(String(round++), ...parts)) out += String(byte % 10)
  }

  return out.slice(0, count)
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
function stableBase62(count: number, ...parts: string[]): string {
  return [...sha(...parts)].slice(0, count).map((b) => BASE62[b % 62]).join('')
}

/** Auth0 log ids are 56 digits starting 900 + the date; this keeps that look. */
function logId(date: Date, index: number, tenant: string): string {
  const stamp = date.toISOString().replaceAll(/\D/g, '').slice(0, 17)
  return `9002${stamp}${stableDigits(35, tenant, String(index), stamp)}`
}

function buildAction(a: Auth0ScenarioAction, tenant: string, iso: (spec: string | undefined, fallback: Date) => string, longAgo: Date): Auth0ActionState {
  const id = a.id ?? stableUuid(tenant, 'action', a.name)
  const createdAt = iso(a.created_at, longAgo)
  const updatedAt = iso(a.updated_at, new Date(createdAt))
  const code = a.code ?? DEFAULT_ACTION_CODE
  const secrets = a.secrets.map((s) => ({name: s.name, updatedAt: iso(s.updated_at, new Date(updatedAt)), value: s.value}))
  const isDeployed = a.deployed ?? a.deployed_version !== undefined
  let deployed: Auth0VersionState | undefined
  if (isDeployed) {
    const v = a.deployed_version ?? {number: 1, status: 'built' as const}
    const versionCreated = iso('created_at' in v ? v.created_at : undefined, new Date(updatedAt))
    deployed = {
      builtAt: iso('built_at' in v ? v.built_at : undefined, new Date(versionCreated)),
      code: ('code' in v ? v.code : undefined) ?? code,
      createdAt: versionCreated,
      dependencies: ('dependencies' in v ? v.dependencies : undefined) ?? a.dependencies,
      id: ('id' in v ? v.id : undefined) ?? stableUuid(tenant, 'version', id, String(v.number)),
      number: v.number,
      runtime: ('runtime' in v ? v.runtime : undefined) ?? a.runtime,
      status: v.status,
    }
  }

  const sameAsDraft =
    deployed !== undefined &&
    deployed.code === code &&
    deployed.runtime === a.runtime &&
    JSON.stringify(deployed.dependencies) === JSON.stringify(a.dependencies)
  return {
    allChangesDeployed: a.all_changes_deployed ?? sameAsDraft,
    builtAt: a.built_at !== undefined || a.status === 'built' ? iso(a.built_at, new Date(updatedAt)) : undefined,
    code,
    createdAt,
    dependencies: a.dependencies,
    deployed,
    id,
    name: a.name,
    runtime: a.runtime,
    secrets,
    status: a.status,
    supportedTriggers: a.supported_triggers,
    test: a.test,
    updatedAt,
  }
}

/** Builds the tenant from a scenario's `auth0` value (raw or parsed). Throws Auth0ScenarioError. */
export function buildAuth0Tenant(block: unknown, options: {now?: () => Date} = {}): Auth0TenantState {
  const config: Auth0Scenario = parseAuth0Scenario(block)
  const startedAt = (options.now ?? (() => new Date()))()
  const longAgo = new Date(startedAt.getTime() - 30 * 86_400_000)
  const iso = (spec: string | undefined, fallback: Date) => resolveTime(spec, startedAt, fallback).toISOString()
  const tenant = config.tenant
  const domain = config.domain ?? `${tenant}.us.auth0.com`

  const clients = new Map<string, Auth0ClientState>()
  const clientList = config.clients.length === 0 && config.tokens.length === 0 ? [{...AUTH0_LOCAL_CLIENT, authorized: true, name: 'mfa-sms local', scopes: [...AUTH0_LOCAL_CLIENT.scopes]}] : config.clients
  for (const c of clientList) {
    clients.set(c.client_id, {authorized: c.authorized, clientId: c.client_id, clientSecret: c.client_secret, name: c.name, scopes: c.scopes})
  }

  const actions = config.actions.map((a) => buildAction(a, tenant, iso, longAgo))
  const byRef = (ref: string) => actions.find((a) => a.id === ref) ?? actions.find((a) => a.name === ref)
  const bindings = new Map<string, Auth0BindingState[]>()
  for (const [triggerId, list] of Object.entries(config.triggerBindings)) {
    bindings.set(
      triggerId,
      (list ?? []).map((b, i) => {
        const action = byRef(b.action)!
        const createdAt = iso(b.created_at, new Date(action.deployed?.createdAt ?? action.updatedAt))
        return {
          action,
          createdAt,
          displayName: b.display_name ?? action.name,
          id: b.id ?? stableUuid(tenant, 'binding', triggerId, String(i), action.id),
          triggerId,
          updatedAt: createdAt,
        }
      }),
    )
  }

  // Every factor a tenant has, in the API's order; the scenario's override, unknown ones follow.
  const given = new Map(config.guardian.factors.map((f) => [f.name, f]))
  const factors = [
    ...GUARDIAN_FACTOR_NAMES.map((name) => given.get(name) ?? {enabled: false, name, trial_expired: false}),
    ...config.guardian.factors.filter((f) => !(GUARDIAN_FACTOR_NAMES as readonly string[]).includes(f.name)),
  ].map((f) => ({enabled: f.enabled, name: f.name, trial_expired: f.trial_expired}))

  const hooks = config.hooks.map((h) => ({
    dependencies: h.dependencies,
    enabled: h.enabled,
    id: h.id ?? `01${stableDigits(8, tenant, 'hook', h.name)}`,
    name: h.name,
    script: h.script ?? DEFAULT_HOOK_SCRIPT,
    secrets: h.secrets.map((s) => ({name: s.name, updatedAt: iso(s.updated_at, longAgo), value: s.value})),
    triggerId: h.triggerId,
  }))

  const phoneProviders = config.phoneProviders.map((p) => {
    const createdAt = iso(p.created_at, longAgo)
    return {
      id: p.id ?? `pro_${stableBase62(22, tenant, 'phone-provider', p.name)}`,
      tenant: domain,
      name: p.name,
      channel: p.channel,
      disabled: p.disabled,
      configuration: p.configuration ?? {delivery_methods: ['text']},
      // Auth0 answers null here; the scenario's credentials stay server-side.
      credentials: null,
      created_at: createdAt,
      updated_at: iso(p.updated_at, new Date(createdAt)),
    }
  })

  const logs = config.logs.map((l, i) => {
    const date = resolveTime(l.date, startedAt, new Date(startedAt.getTime() - (i + 1) * 60_000))
    const {date: _date, log_id: givenId, ...rest} = l
    return {date: date.toISOString(), ...rest, log_id: givenId ?? logId(date, i, tenant)} as Record<string, unknown>
  })

  return {
    actions,
    bindings,
    clients,
    domain,
    factors,
    hooks,
    logs,
    messageTypes: config.guardian.phone.messageTypes.message_types,
    phoneProviders,
    selectedProvider: config.guardian.phone.selectedProvider.provider,
    signingKey: randomBytes(32),
    startedAt,
    staticTokens: new Map(config.tokens.map((t) => [t.token, {expired: t.expired, scopes: t.scopes}])),
    templates: config.guardian.phone.templates,
    tenant,
    tokenLifetimeSeconds: config.tokenLifetimeSeconds,
  }
}

const EXTENSION_KEY = 'auth0'

/**
 * The tenant of a running server's scenario, built on first use and kept in `state.extensions`
 * ('auth0'); undefined when the scenario has no `auth0` block. Throws Auth0ScenarioError when the
 * block is invalid (call it once at start-up to fail early).
 */
export function auth0TenantFor(state: LocalState, now?: () => Date): Auth0TenantState | undefined {
  if (state.extensions.has(EXTENSION_KEY)) return state.extensions.get(EXTENSION_KEY) as Auth0TenantState | undefined
  const block = state.scenario.auth0
  const tenant = block === undefined ? undefined : buildAuth0Tenant(block, {now})
  state.extensions.set(EXTENSION_KEY, tenant)
  return tenant
}

/** How a tool needing `scopes` signs in to the tenant, for `local start` to tell people. */
export interface Auth0Access {
  /** The secret of the built-in client only: a published constant, like LOCAL_CREDENTIALS. Scenario secrets are never returned. */
  builtInSecret?: string
  clientId?: string
  /** Scopes the chosen client lacks (empty when it has them all). */
  missingScopes: string[]
  /** No authorised client: one of the scenario's static tokens (AUTH0_TOKEN) is the way in. */
  token: boolean
}

/** The authorised client with the fewest missing scopes, else a static token; undefined when neither exists. */
export function auth0AccessFor(tenant: Auth0TenantState, scopes: readonly string[]): Auth0Access | undefined {
  const candidates = [...tenant.clients.values()]
    .filter((c) => c.authorized)
    .map((c) => ({client: c, missing: scopes.filter((s) => !c.scopes.includes(s))}))
    .sort((a, b) => a.missing.length - b.missing.length)
  const best = candidates[0]
  if (best) {
    const builtIn = best.client.clientId === AUTH0_LOCAL_CLIENT.client_id && best.client.clientSecret === AUTH0_LOCAL_CLIENT.client_secret
    return {...(builtIn ? {builtInSecret: AUTH0_LOCAL_CLIENT.client_secret} : {}), clientId: best.client.clientId, missingScopes: best.missing, token: false}
  }

  return tenant.staticTokens.size > 0 ? {missingScopes: [], token: true} : undefined
}
