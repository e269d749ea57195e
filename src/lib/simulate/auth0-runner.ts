/**
 * Auth0 tenant target: POST /api/v2/actions/actions/{id}/test with {payload} through the `auth0`
 * package's ManagementClient (v5+ API, installed v7). It runs the action's current code in the
 * tenant: a real SMS may go out. The answer is "the resulting payload after an action was
 * executed", undocumented beyond that (peers-and-pains A3), so it is shown as it comes.
 *
 * Credentials come from the environment only (AUTH0_TOKEN, or AUTH0_CLIENT_ID + AUTH0_CLIENT_SECRET
 * of an M2M application with create:actions), never from flags, and are never printed.
 */
import {performance} from 'node:perf_hooks'

import {badInput, ExitCode, MfaSmsError} from '../../errors.js'

export interface Auth0Credentials {
  clientId?: string
  clientSecret?: string
  token?: string
}

export function auth0Credentials(env: NodeJS.ProcessEnv = process.env): Auth0Credentials | undefined {
  if (env.AUTH0_TOKEN) return {token: env.AUTH0_TOKEN}
  if (env.AUTH0_CLIENT_ID && env.AUTH0_CLIENT_SECRET) return {clientId: env.AUTH0_CLIENT_ID, clientSecret: env.AUTH0_CLIENT_SECRET}
  return undefined
}

/** "tenant.eu.auth0.com", "https://tenant.eu.auth0.com/" or a local stand-in "http://127.0.0.1:4567". */
export function parseAuth0Domain(input: string): {host: string; origin: string} {
  const trimmed = input.trim().replace(/\/+$/, '')
  let url: URL
  try {
    url = new URL(/^[a-z]+:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`)
  } catch {
    throw badInput('BAD_AUTH0_DOMAIN', `--auth0-domain "${input}" is not a domain.`, ['e.g. --auth0-domain my-tenant.eu.auth0.com'])
  }

  return {host: url.host, origin: url.origin}
}

export interface Auth0TestResult {
  /** The payload the Management API returned. */
  payload: unknown
  wallMs: number
}

export async function testAuth0Action(options: {actionId: string; credentials: Auth0Credentials; domain: string; payload: Record<string, unknown>; timeoutMs: number}): Promise<Auth0TestResult> {
  const {ManagementClient} = await import('auth0')
  const {host, origin} = parseAuth0Domain(options.domain)
  // The SDK always builds https://<host>/…; a local http stand-in gets its requests rewritten.
  const rewrite = origin.startsWith('http://')
    ? ((async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
        const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
        return fetch(url.replace(`https://${host}`, origin), init)
      }) as typeof fetch)
    : undefined
  const common = {domain: host, maxRetries: 0, telemetry: false, timeoutInSeconds: Math.max(1, Math.ceil(options.timeoutMs / 1000)), ...(rewrite ? {fetch: rewrite} : {})}
  const client = options.credentials.token
    ? new ManagementClient({...common, token: options.credentials.token})
    : new ManagementClient({...common, clientId: options.credentials.clientId ?? '', clientSecret: options.credentials.clientSecret ?? ''})
  const started = performance.now()
  try {
    const result = (await client.actions.test(options.actionId, {payload: options.payload})) as {payload?: unknown}
    return {payload: result?.payload ?? result, wallMs: performance.now() - started}
  } catch (error) {
    const e = error as {body?: unknown; message?: string; statusCode?: number}
    const status = e.statusCode
    const detail = typeof e.body === 'object' && e.body ? JSON.stringify(e.body).slice(0, 300) : (e.message ?? String(error))
    const hints =
      status === 401 || status === 403
        ? ['the token or M2M application needs the create:actions scope on the Management API']
        : status === 404
          ? ['check the action id: `auth0 actions list` or GET /api/v2/actions/actions?triggerId=send-phone-message']
          : []
    throw new MfaSmsError('AUTH0_TEST_FAILED', `Auth0 refused to test action ${options.actionId}${status ? ` (HTTP ${status})` : ''}: ${detail}`, {
      cause: error,
      exit: status === 401 || status === 403 ? ExitCode.service : status === 404 ? ExitCode.badInput : status && status < 500 && status !== 429 ? ExitCode.failed : ExitCode.service,
      hints,
    })
  }
}
