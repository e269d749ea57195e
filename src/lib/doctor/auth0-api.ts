/**
 * The few read-only Auth0 Management API calls the doctor makes, behind one small interface so the
 * checks can be tested without a tenant. The real implementation wraps the `auth0` package's
 * (Fern-generated, v5+) ManagementClient, loaded on first use.
 *
 * Credentials come only from the environment (AUTH0_CLIENT_ID + AUTH0_CLIENT_SECRET, or
 * AUTH0_TOKEN), never from flags, and are never printed (see ../auth0/client.ts).
 */
import {type Auth0Credentials, createManagementClient, parseAuth0Domain} from '../auth0/client.js'

export interface Auth0Api {
  readonly domain: string
  factors(): Promise<{name?: string; enabled: boolean}[]>
  selectedProvider(): Promise<{provider?: string}>
  bindings(triggerId: string): Promise<{id?: string; display_name?: string; action?: {id?: string; name?: string}}[]>
  action(id: string): Promise<Auth0RawAction>
  hooks(triggerId: string): Promise<{id?: string; name?: string; enabled?: boolean}[]>
  phoneProviders(): Promise<{id?: string; name: string; channel?: string; disabled?: boolean}[]>
  logs(query: string, perPage: number): Promise<{date?: unknown; type?: string; description?: string | null}[]>
}

export interface Auth0RawAction {
  id?: string
  name?: string
  code?: string
  status?: string
  all_changes_deployed?: boolean
  deployed_version?: {number?: number}
  built_at?: string
  runtime?: string
  secrets?: {name?: string}[]
  dependencies?: {name?: string; version?: string}[]
}

export async function createAuth0Api(domainInput: string, credentials: Auth0Credentials, timeoutMs: number): Promise<Auth0Api> {
  const domain = parseAuth0Domain(domainInput)
  const client = await createManagementClient({credentials, domain, maxRetries: 2, timeoutMs})
  return {
    async action(id) {
      return (await client.actions.get(id)) as Auth0RawAction
    },
    async bindings(triggerId) {
      const page = await client.actions.triggers.bindings.list(triggerId as 'send-phone-message', {per_page: 50})
      return page.data
    },
    domain: domain.host,
    async factors() {
      return client.guardian.factors.list()
    },
    async hooks(triggerId) {
      const page = await client.hooks.list({per_page: 50, triggerId: triggerId as 'send-phone-message'})
      return page.data
    },
    async logs(query, perPage) {
      const page = await client.logs.list({per_page: perPage, sort: 'date:-1'}, {queryParams: {q: query}})
      return page.data
    },
    async phoneProviders() {
      const out = await client.branding.phone.providers.list()
      return out.providers ?? []
    },
    async selectedProvider() {
      return client.guardian.factors.phone.getSelectedProvider()
    },
  }
}
