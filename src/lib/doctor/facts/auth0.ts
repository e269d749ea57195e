/**
 * Auth0 facts, read through the Management API with read-only scopes (see ../auth0-scopes.ts).
 * The "action" of each is the scope it needs.
 */
import type {Auth0Api, Auth0RawAction} from '../auth0-api.js'
import {type FactContext, type FactDef, notApplicable} from '../store.js'
import type {Auth0ActionFact} from './types.js'

export const SEND_PHONE_MESSAGE = 'send-phone-message'

function api(ctx: FactContext): Auth0Api {
  if (!ctx.auth0) throw notApplicable('no Auth0 tenant was given (--auth0-domain)')
  return ctx.auth0
}

/** Secrets (`event.secrets.X`, `event.secrets['X']`) and modules (`require('x')`, `import … from 'x'`) a script uses. */
export function scanActionCode(code: string): {secrets: string[]; modules: string[]} {
  const secrets = new Set<string>()
  for (const m of code.matchAll(/\bsecrets\s*(?:\.\s*([A-Za-z_$][\w$]*)|\[\s*(['"`])([^'"`]+)\2\s*\])/g)) secrets.add((m[1] ?? m[3])!)
  // const {A, B: b} = event.secrets
  for (const m of code.matchAll(/\{([^{}]*)\}\s*=\s*(?:event|context\.webtask)\.secrets\b/g)) {
    for (const part of m[1]!.split(',')) {
      const name = part.split(':')[0]!.trim()
      if (/^[A-Za-z_$][\w$]*$/.test(name)) secrets.add(name)
    }
  }

  const modules = new Set<string>()
  for (const m of code.matchAll(/\brequire\s*\(\s*(['"`])([^'"`]+)\1\s*\)|\bimport\s+(?:[^'"`;]*?\sfrom\s*)?(['"`])([^'"`]+)\3|\bimport\s*\(\s*(['"`])([^'"`]+)\5\s*\)/g)) {
    const spec = (m[2] ?? m[4] ?? m[6])!
    if (spec.startsWith('.') || spec.startsWith('node:')) continue
    // Package name: "@scope/name/sub" → "@scope/name", "name/sub" → "name".
    const parts = spec.split('/')
    modules.add(spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!)
  }

  return {modules: [...modules].sort(), secrets: [...secrets].sort()}
}

/** Node's own modules, which need no dependency entry. */
const NODE_BUILTINS = new Set(['assert', 'buffer', 'child_process', 'crypto', 'dns', 'events', 'fs', 'http', 'https', 'net', 'os', 'path', 'querystring', 'stream', 'string_decoder', 'timers', 'tls', 'url', 'util', 'zlib'])

export function actionFact(raw: Auth0RawAction): Auth0ActionFact {
  const scan = scanActionCode(raw.code ?? '')
  return {
    allChangesDeployed: raw.all_changes_deployed,
    builtAt: raw.built_at,
    dependencies: (raw.dependencies ?? []).filter((d) => d.name).map((d) => ({name: d.name!, version: d.version})),
    deployedVersion: raw.deployed_version?.number,
    id: raw.id ?? '',
    name: raw.name,
    runtime: raw.runtime,
    secretNames: (raw.secrets ?? []).map((s) => s.name ?? '').filter(Boolean),
    status: raw.status,
    usedModules: scan.modules.filter((m) => !NODE_BUILTINS.has(m)),
    usedSecrets: scan.secrets,
  }
}

/** Replaces digit runs (phone numbers, one-time codes) in free text from Auth0 logs. */
export function maskDigits(text: string): string {
  return text.replaceAll(/\+?\d[\d\s-]{3,}\d/g, (m) => `${m.startsWith('+') ? '+' : ''}${'•'.repeat(4)}${m.replaceAll(/\D/g, '').slice(-2)}`)
}

export const factors: FactDef<'auth0.factors'> = {
  action: 'read:guardian_factors',
  id: 'auth0.factors',
  async fetch(ctx) {
    const list = await ctx.call('read:guardian_factors', () => api(ctx).factors())
    return list.map((f) => ({enabled: f.enabled === true, name: f.name ?? ''}))
  },
}

export const selectedProvider: FactDef<'auth0.selectedProvider'> = {
  action: 'read:guardian_factors',
  id: 'auth0.selectedProvider',
  async fetch(ctx) {
    const out = await ctx.call('read:guardian_factors', () => api(ctx).selectedProvider())
    return {provider: out.provider}
  },
}

export const bindings: FactDef<'auth0.bindings'> = {
  action: 'read:actions',
  id: 'auth0.bindings',
  async fetch(ctx) {
    const list = await ctx.call('read:actions', () => api(ctx).bindings(SEND_PHONE_MESSAGE))
    return list.map((b) => ({actionId: b.action?.id, actionName: b.action?.name, displayName: b.display_name, id: b.id}))
  },
}

export const boundActions: FactDef<'auth0.boundActions'> = {
  action: 'read:actions',
  id: 'auth0.boundActions',
  async fetch(ctx) {
    const list = await ctx.get('auth0.bindings')
    const ids = [...new Set(list.map((b) => b.actionId).filter((id): id is string => Boolean(id)))]
    return Promise.all(ids.map(async (id) => actionFact(await ctx.call('read:actions', () => api(ctx).action(id)))))
  },
}

export const hooks: FactDef<'auth0.hooks'> = {
  action: 'read:hooks',
  id: 'auth0.hooks',
  async fetch(ctx) {
    const list = await ctx.call('read:hooks', () => api(ctx).hooks(SEND_PHONE_MESSAGE))
    return list.map((h) => ({enabled: h.enabled === true, id: h.id, name: h.name}))
  },
}

export const phoneProviders: FactDef<'auth0.phoneProviders'> = {
  action: 'read:phone_providers',
  id: 'auth0.phoneProviders',
  async fetch(ctx) {
    const list = await ctx.call('read:phone_providers', () => api(ctx).phoneProviders())
    return list.map((p) => ({channel: p.channel, disabled: p.disabled === true, id: p.id, name: p.name}))
  },
}

export const LOG_WINDOW_DAYS = 7

export const smsFailureLogs: FactDef<'auth0.smsFailureLogs'> = {
  action: 'read:logs',
  id: 'auth0.smsFailureLogs',
  async fetch(ctx) {
    const since = new Date(Date.now() - LOG_WINDOW_DAYS * 86_400_000).toISOString().slice(0, 10)
    const query = `type:gd_send_sms_failure AND date:[${since} TO *]`
    const list = await ctx.call('read:logs', () => api(ctx).logs(query, 20))
    return list
      .filter((l) => l.type === undefined || l.type === 'gd_send_sms_failure')
      .map((l) => ({date: typeof l.date === 'string' ? l.date : undefined, description: l.description ? maskDigits(l.description) : undefined, type: l.type}))
  },
}
