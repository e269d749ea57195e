/**
 * The optional `auth0:` block of an `mfa-sms local` scenario: one Auth0 tenant as the Management
 * API shows it to `mfa-sms doctor` and `mfa-sms simulate` (guardian phone factor, send-phone-message
 * Actions and their bindings, legacy Hooks, tenant-level phone providers, tenant logs) plus who may
 * call it (machine-to-machine clients and static API tokens with their scopes).
 *
 * Naming follows the scenario convention: camelCase keys are mfa-sms's own structure (clients,
 * guardian.phone.selectedProvider, triggerBindings…); resources use Auth0's own snake_case field
 * names as the Management API returns them (supported_triggers, deployed_version, trial_expired…),
 * so real API output can be pasted in.
 *
 * Secret values (client secrets, Action/Hook secret values, phone provider credentials) live only
 * here and in the server's memory; the emulated API never returns them, just as Auth0 does not.
 *
 * This module imports nothing from the rest of `local/` but the leaf issue-path.ts, so scenario.ts
 * can embed `auth0ScenarioSchema` without an import cycle. Parsing is idempotent: the output is
 * valid input.
 */
import {z} from 'zod'

import {formatIssuePath} from '../issue-path.js'

// ---------------------------------------------------------------------------------------------
// Building blocks

const RELATIVE_TIME = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)\s+ago$/

/** An ISO 8601 time, or one relative to server start such as "25h ago" (same rule as scenario.ts). */
const when = z.string().refine((s) => RELATIVE_TIME.test(s.trim()) || !Number.isNaN(Date.parse(s)), {
  message: 'expected an ISO 8601 time (2024-05-01T12:00:00Z) or a relative one such as "25h ago"',
})

/** Scopes as a list or as the space-separated string the Auth0 dashboard and tokens use. */
const scopeList = z
  .union([z.string(), z.array(z.string().regex(/^\S+$/, 'a scope has no spaces'))], {error: 'expected scopes as a list or a space-separated string'})
  .transform((v) => (typeof v === 'string' ? v.split(/\s+/).filter(Boolean) : v))

/** What every scope the emulated endpoints check looks like (create:actions, read:logs…). */
const SCOPE = /^[a-z]+:[a-z_]+$/

const secretName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a secret name such as AWS_REGION (letters, digits, _)')

/** A secret: a bare name (value unknown to the scenario) or {name, value, updated_at}. */
const secret = z
  .union([
    secretName,
    z.strictObject({
      name: secretName,
      updated_at: when.optional(),
      /** Kept server-side (handed to the test executor only); the API returns names and updated_at. */
      value: z.string().optional(),
    }),
  ])
  .transform((s) => (typeof s === 'string' ? {name: s} : s))

// ---------------------------------------------------------------------------------------------
// Who may call the API

const m2mClient = z.strictObject({
  /**
   * false: the application exists but has no client grant for the Management API, so
   * /oauth/token answers 403 "Client is not authorized to access …".
   */
  authorized: z.boolean().default(true),
  client_id: z.string().min(1),
  client_secret: z.string().min(1),
  name: z.string().optional(),
  /** Management API scopes granted to the application (its client grant). */
  scopes: scopeList.default([]),
})

const staticToken = z.strictObject({
  description: z.string().optional(),
  /** An expired token answers 401 like a real expired JWT. */
  expired: z.boolean().default(false),
  scopes: scopeList.default([]),
  /** The exact string a client sends as `Authorization: Bearer <token>` (e.g. AUTH0_TOKEN). */
  token: z.string().min(8, 'use at least 8 characters'),
})

// ---------------------------------------------------------------------------------------------
// Guardian (MFA) factors and the phone factor

/** The factors GET /guardian/factors lists, in the order a new tenant returns them. */
export const GUARDIAN_FACTOR_NAMES = ['sms', 'push-notification', 'otp', 'email', 'duo', 'webauthn-roaming', 'webauthn-platform', 'recovery-code'] as const

const guardianFactor = z.strictObject({
  enabled: z.boolean(),
  /** Usually one of GUARDIAN_FACTOR_NAMES; "sms" is the Phone Message factor. */
  name: z.string().min(1),
  trial_expired: z.boolean().default(false),
})

/** A list as the API returns it, or a map of name → enabled. Unlisted factors are disabled. */
const guardianFactors = z
  .union([
    z.array(guardianFactor),
    z.record(z.string().min(1), z.boolean()).transform((map) => Object.entries(map).map(([name, enabled]) => ({enabled, name, trial_expired: false}))),
  ])
  .default([])

/** `phone-message-hook` is what the dashboard calls "Custom" (a send-phone-message Action or Hook). */
export const PHONE_FACTOR_PROVIDERS = ['auth0', 'twilio', 'phone-message-hook'] as const
export const PHONE_MESSAGE_TYPES = ['sms', 'voice'] as const

/** Auth0's default phone templates (what a new tenant shows). */
export const DEFAULT_PHONE_TEMPLATES = {
  enrollment_message: '{{code}} is your verification code for {{tenant.friendly_name}}. Please enter this code to verify your enrollment.',
  verification_message: '{{code}} is your verification code for {{tenant.friendly_name}}',
}

const guardianPhone = z.strictObject({
  /** GET /guardian/factors/phone/message-types: a list, or the API's {message_types: […]}. */
  messageTypes: z
    .union([z.array(z.enum(PHONE_MESSAGE_TYPES)), z.strictObject({message_types: z.array(z.enum(PHONE_MESSAGE_TYPES))})])
    .transform((v) => (Array.isArray(v) ? {message_types: v} : v))
    .default({message_types: ['sms']}),
  /** GET /guardian/factors/phone/selected-provider: a name, or the API's {provider: …}. */
  selectedProvider: z
    .union([z.enum(PHONE_FACTOR_PROVIDERS), z.strictObject({provider: z.enum(PHONE_FACTOR_PROVIDERS)})])
    .transform((v) => (typeof v === 'string' ? {provider: v} : v))
    .default({provider: 'auth0'}),
  templates: z
    .strictObject({
      enrollment_message: z.string().default(DEFAULT_PHONE_TEMPLATES.enrollment_message),
      verification_message: z.string().default(DEFAULT_PHONE_TEMPLATES.verification_message),
    })
    .prefault({}),
})

// ---------------------------------------------------------------------------------------------
// Actions, bindings, legacy hooks

/** ActionBuildStatusEnum of the Management API. */
export const ACTION_STATUSES = ['pending', 'building', 'packaged', 'built', 'retrying', 'failed'] as const

/** ActionTriggerTypeEnum of the auth0 v7 SDK (the trigger ids bindings can be listed for). */
export const ACTION_TRIGGER_IDS = [
  'post-login',
  'credentials-exchange',
  'pre-user-registration',
  'post-user-registration',
  'post-change-password',
  'send-phone-message',
  'custom-phone-provider',
  'custom-email-provider',
  'password-reset-post-challenge',
  'custom-token-exchange',
  'event-stream',
  'password-hash-migration',
  'login-post-identifier',
  'signup-post-identifier',
  'post-credential-validation',
] as const

/** HookTriggerIdEnum of the auth0 v7 SDK. */
export const HOOK_TRIGGER_IDS = ['credentials-exchange', 'pre-user-registration', 'post-user-registration', 'post-change-password', 'send-phone-message'] as const

const dependency = z.strictObject({
  name: z.string().min(1),
  registry_url: z.string().optional(),
  version: z.string().min(1).default('latest'),
})

/** A trigger id ("send-phone-message", version v2) or the API's {id, version, …}. */
const actionTrigger = z
  .union([z.string().min(1), z.looseObject({id: z.string().min(1), version: z.string().optional()})])
  .transform((t) => (typeof t === 'string' ? {id: t, version: 'v2'} : t))

/** The deployed version: its number, or an object when it differs from the draft (code, runtime…). */
const deployedVersion = z
  .union([
    z.int().min(1),
    z.strictObject({
      built_at: when.optional(),
      /** The deployed code; when it differs from the action's `code` the draft has undeployed changes. */
      code: z.string().optional(),
      created_at: when.optional(),
      dependencies: z.array(dependency).optional(),
      id: z.string().optional(),
      number: z.int().min(1).default(1),
      runtime: z.string().optional(),
      status: z.enum(ACTION_STATUSES).default('built'),
    }),
  ])
  .transform((v) => (typeof v === 'number' ? {number: v, status: 'built' as const} : v))

/**
 * What POST /actions/actions/{id}/test answers when no executor is plugged in
 * (see setAuth0ActionExecutor): the code "throws" `error`, or returns `payload`.
 */
const actionTest = z.strictObject({
  error: z.strictObject({message: z.string(), name: z.string().default('Error'), stack: z.string().optional()}).optional(),
  payload: z.record(z.string(), z.unknown()).optional(),
})

const action = z.strictObject({
  /**
   * Whether every change is deployed. Default: deployed, and the deployed version (if given as an
   * object) has the draft's code, runtime and dependencies.
   */
  all_changes_deployed: z.boolean().optional(),
  built_at: when.optional(),
  /** The draft code (default: Auth0's empty send-phone-message template). */
  code: z.string().optional(),
  created_at: when.optional(),
  dependencies: z.array(dependency).default([]),
  /** Shorthand: deployed (version 1) or not. Default: true when deployed_version is given, else false. */
  deployed: z.boolean().optional(),
  deployed_version: deployedVersion.optional(),
  /** A UUID like Auth0's (default: derived from the name, stable across runs). */
  id: z.string().min(1).optional(),
  name: z.string().min(1),
  runtime: z.string().min(1).default('node22'),
  secrets: z.array(secret).default([]),
  status: z.enum(ACTION_STATUSES).default('built'),
  supported_triggers: z.array(actionTrigger).min(1).default([{id: 'send-phone-message', version: 'v2'}]),
  test: actionTest.optional(),
  updated_at: when.optional(),
})

/** A binding: an action id or name, or {action, display_name}. Listed in execution order. */
const binding = z
  .union([
    z.string().min(1),
    z.strictObject({
      /** The bound action's id or name. */
      action: z.string().min(1),
      created_at: when.optional(),
      /** Default: the action's name. */
      display_name: z.string().optional(),
      id: z.string().optional(),
    }),
  ])
  .transform((b) => (typeof b === 'string' ? {action: b} : b))

const hook = z.strictObject({
  /** npm module → version (the API's HookDependencies). */
  dependencies: z.record(z.string(), z.string()).default({}),
  enabled: z.boolean().default(true),
  id: z.string().min(1).optional(),
  name: z.string().min(1),
  /** Default: Auth0's send-phone-message hook template. */
  script: z.string().optional(),
  /** Names (values, if given, stay server-side; GET /hooks/{id}/secrets shows "_VALUE_NOT_SHOWN_"). */
  secrets: z.array(secret).default([]),
  triggerId: z.enum(HOOK_TRIGGER_IDS).default('send-phone-message'),
})

// ---------------------------------------------------------------------------------------------
// Unified phone experience, logs

const phoneProvider = z.strictObject({
  channel: z.literal('phone').default('phone'),
  configuration: z.looseObject({delivery_methods: z.array(z.enum(['text', 'voice'])).optional()}).optional(),
  created_at: when.optional(),
  /** Kept server-side only (the API answers `credentials: null`). */
  credentials: z.record(z.string(), z.unknown()).optional(),
  /** true: configured but turned off, so Guardian's own provider and send-phone-message apply. */
  disabled: z.boolean().default(false),
  id: z.string().min(1).optional(),
  name: z.enum(['twilio', 'custom']),
  updated_at: when.optional(),
})

/** A tenant log event; extra Auth0 log fields (client_name, user_id, ip, connection…) pass through. */
const logEvent = z.looseObject({
  /** Default: server start minus a minute per position, so the list reads newest-first as given. */
  date: when.optional(),
  description: z.string().nullable().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
  log_id: z.string().optional(),
  /** e.g. gd_send_sms, gd_send_sms_failure, gd_send_voice, gd_send_voice_failure. */
  type: z.string().min(1),
})

// ---------------------------------------------------------------------------------------------
// The block

export const auth0ScenarioSchema = z
  .strictObject({
    actions: z.array(action).default([]),
    /** Who may get tokens at /oauth/token. With neither clients nor tokens, AUTH0_LOCAL_CLIENT is created. */
    clients: z.array(m2mClient).default([]),
    /** The tenant's domain, a bare host (default: `<tenant>.us.auth0.com`). */
    domain: z
      .string()
      .regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?$/i, 'expected a bare host such as my-tenant.eu.auth0.com (no https://, no path)')
      .optional(),
    guardian: z.strictObject({factors: guardianFactors, phone: guardianPhone.prefault({})}).prefault({}),
    hooks: z.array(hook).default([]),
    logs: z.array(logEvent).default([]),
    /** GET /branding/phone/providers: the tenant-level (Unified Phone Experience) provider. */
    phoneProviders: z.array(phoneProvider).default([]),
    /** The tenant name (Auth0's event.tenant.id). */
    tenant: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a tenant name: lower-case letters, digits and -')
      .default('mfa-sms-local'),
    /** Lifetime of tokens from /oauth/token, in seconds (Auth0's default is 86400). */
    tokenLifetimeSeconds: z.int().min(1).default(86_400),
    tokens: z.array(staticToken).default([]),
    /** Trigger id → bound actions in execution order, e.g. `send-phone-message: [send-sms-via-sns]`. */
    triggerBindings: z.partialRecord(z.enum(ACTION_TRIGGER_IDS), z.array(binding)).default({}),
  })
  .superRefine((block, ctx) => {
    const unique = (values: (string | undefined)[], path: (i: number) => PropertyKey[], what: string) => {
      const seen = new Set<string>()
      for (const [i, v] of values.entries()) {
        if (v === undefined) continue
        if (seen.has(v)) ctx.addIssue({code: 'custom', message: `duplicate ${what} ${v}`, path: path(i)})
        seen.add(v)
      }
    }

    unique(block.clients.map((c) => c.client_id), (i) => ['clients', i, 'client_id'], 'client_id')
    unique(block.tokens.map((t) => t.token), (i) => ['tokens', i, 'token'], 'token')
    unique(block.actions.map((a) => a.id), (i) => ['actions', i, 'id'], 'action id')
    unique(block.actions.map((a) => a.name), (i) => ['actions', i, 'name'], 'action name')
    unique(block.hooks.map((h) => h.id), (i) => ['hooks', i, 'id'], 'hook id')
    unique(block.guardian.factors.map((f) => f.name), (i) => ['guardian', 'factors', i, 'name'], 'factor')

    for (const [kind, list] of [
      ['clients', block.clients],
      ['tokens', block.tokens],
    ] as const) {
      for (const [i, item] of list.entries()) {
        for (const [j, scope] of item.scopes.entries()) {
          if (!SCOPE.test(scope)) ctx.addIssue({code: 'custom', message: `"${scope}" is not a Management API scope (expected e.g. read:actions)`, path: [kind, i, 'scopes', j]})
        }
      }
    }

    for (const [i, a] of block.actions.entries()) {
      if (a.deployed === false && a.deployed_version !== undefined) {
        ctx.addIssue({code: 'custom', message: 'deployed: false contradicts deployed_version', path: ['actions', i, 'deployed']})
      }

      if (a.all_changes_deployed === true && a.deployed === false) {
        ctx.addIssue({code: 'custom', message: 'all_changes_deployed needs a deployed version', path: ['actions', i, 'all_changes_deployed']})
      }
    }

    const known = new Set(block.actions.flatMap((a) => [a.name, ...(a.id ? [a.id] : [])]))
    for (const [trigger, bindings] of Object.entries(block.triggerBindings)) {
      for (const [i, b] of (bindings ?? []).entries()) {
        if (!known.has(b.action)) {
          const names = block.actions.map((a) => a.name).join(', ') || '(none)'
          ctx.addIssue({code: 'custom', message: `no action with id or name "${b.action}" (actions: ${names})`, path: ['triggerBindings', trigger, i]})
        }
      }
    }
  })

export type Auth0Scenario = z.output<typeof auth0ScenarioSchema>
export type Auth0ScenarioInput = z.input<typeof auth0ScenarioSchema>
export type Auth0ScenarioAction = Auth0Scenario['actions'][number]
export type Auth0ScenarioHook = Auth0Scenario['hooks'][number]
export type Auth0ScenarioLog = Auth0Scenario['logs'][number]
export type Auth0ScenarioPhoneProvider = Auth0Scenario['phoneProviders'][number]

/** A problem in the block, with its path below `auth0`. */
export interface Auth0ScenarioIssue {
  message: string
  path: string
}

export class Auth0ScenarioError extends Error {
  constructor(readonly issues: Auth0ScenarioIssue[]) {
    const lines = issues.slice(0, 12).map((i) => `  ${i.path}: ${i.message}`)
    super(issues.length === 1 ? `The scenario's ${issues[0]!.path}: ${issues[0]!.message}` : `The scenario's auth0 block has ${issues.length} problems:\n${lines.join('\n')}`)
    this.name = 'Auth0ScenarioError'
  }
}

/** Validates a scenario's `auth0` value (raw or already parsed). Throws Auth0ScenarioError. */
export function parseAuth0Scenario(data: unknown): Auth0Scenario {
  const result = auth0ScenarioSchema.safeParse(data ?? {})
  if (result.success) return result.data
  throw new Auth0ScenarioError(result.error.issues.map((i) => ({message: i.message, path: formatIssuePath(['auth0', ...i.path])})))
}
