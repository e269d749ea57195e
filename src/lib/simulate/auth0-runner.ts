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
import {type Auth0Credentials, createManagementClient, parseAuth0Domain} from '../auth0/client.js'

/** parseAuth0Domain, as bad input naming the flag. */
function tenantDomain(input: string): {host: string; origin: string} {
  try {
    return parseAuth0Domain(input)
  } catch {
    throw badInput('BAD_AUTH0_DOMAIN', `--auth0-domain "${input}" is not a domain.`, ['e.g. --auth0-domain my-tenant.eu.auth0.com'])
  }
}

export interface Auth0TestResult {
  /** The payload the Management API returned. */
  payload: unknown
  wallMs: number
}

export async function testAuth0Action(options: {actionId: string; credentials: Auth0Credentials; domain: string; payload: Record<string, unknown>; timeoutMs: number}): Promise<Auth0TestResult> {
  const client = await createManagementClient({credentials: options.credentials, domain: tenantDomain(options.domain), maxRetries: 0, timeoutMs: options.timeoutMs})
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
