/**
 * The few read-only Auth0 Management API calls the doctor makes, behind one small interface so the
 * checks can be tested without a tenant. The real implementation wraps the `auth0` package's
 * (Fern-generated, v5+) ManagementClient, loaded on first use.
 *
 * Credentials come only from the environment (AUTH0_CLIENT_ID + AUTH0_CLIENT_SECRET, or
 * AUTH0_TOKEN), never from flags, and are never printed.
 */

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

export interface Auth0Credentials {
  clientId?: string
  clientSecret?: string
  token?: string
}

/** Reads the credentials from the environment; undefined when none are set. */
export function auth0CredentialsFromEnv(env: NodeJS.ProcessEnv = process.env): Auth0Credentials | undefined {
  if (env.AUTH0_TOKEN) return {token: env.AUTH0_TOKEN}
  if (env.AUTH0_CLIENT_ID && env.AUTH0_CLIENT_SECRET) return {clientId: env.AUTH0_CLIENT_ID, clientSecret: env.AUTH0_CLIENT_SECRET}
  return undefined
}

/**
 * Normalises --auth0-domain: "tenant.eu.auth0.com", "https://tenant.eu.auth0.com/" or, for a local
 * stand-in, "http://127.0.0.1:4567". Returns the bare host and the origin to send requests to.
 */
export function parseAuth0Domain(input: string): {host: string; origin: string} {
  const trimmed = input.trim().replace(/\/+$/, '')
  const withScheme = /^[a-z]+:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`
  const url = new URL(withScheme)
  return {host: url.host, origin: url.origin}
}

export async function createAuth0Api(domainInput: string, credentials: Auth0Credentials, timeoutMs: number): Promise<Auth0Api> {
  const {ManagementClient} = await import('auth0')
  const {host, origin} = parseAuth0Domain(domainInput)
  // The SDK always builds https://<host>/…; a local http stand-in gets its requests rewritten.
  const rewrite = origin.startsWith('http://')
    ? ((async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
        const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
        return fetch(url.replace(`https://${host}`, origin), init)
      }) as typeof fetch)
    : undefined
  const common = {domain: host, maxRetries: 2, telemetry: false, timeoutInSeconds: Math.max(1, Math.ceil(timeoutMs / 1000)), ...(rewrite ? {fetch: rewrite} : {})}
  const client = credentials.token
    ? new ManagementClient({...common, token: credentials.token})
    : new ManagementClient({...common, clientId: credentials.clientId ?? '', clientSecret: credentials.clientSecret ?? ''})

  return {
    async action(id) {
      return (await client.actions.get(id)) as Auth0RawAction
    },
    async bindings(triggerId) {
      const page = await client.actions.triggers.bindings.list(triggerId as 'send-phone-message', {per_page: 50})
      return page.data
    },
    domain: host,
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
