/**
 * The `auth0` package's (Fern-generated, v5+ API) ManagementClient, built the one way mfa-sms
 * builds it, for the doctor's read-only calls and simulate's action test alike.
 *
 * Credentials come only from the environment (AUTH0_TOKEN, or AUTH0_CLIENT_ID + AUTH0_CLIENT_SECRET
 * of a machine-to-machine application), never from flags, and are never printed.
 */
import type {ManagementClient} from 'auth0'

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
 * stand-in, "http://127.0.0.1:4567". Returns the bare host and the origin to send requests to;
 * throws URL's TypeError when the input is not a domain.
 */
export function parseAuth0Domain(input: string): {host: string; origin: string} {
  const trimmed = input.trim().replace(/\/+$/, '')
  const url = new URL(/^[a-z]+:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`)
  return {host: url.host, origin: url.origin}
}

export interface ManagementClientOptions {
  credentials: Auth0Credentials
  /** As parseAuth0Domain returns it. */
  domain: {host: string; origin: string}
  maxRetries: number
  /** Per request; the SDK takes whole seconds (at least 1). */
  timeoutMs: number
}

/** A ManagementClient for the tenant; an http:// origin (a local stand-in) gets every request sent there. */
export async function createManagementClient(options: ManagementClientOptions): Promise<ManagementClient> {
  const {ManagementClient} = await import('auth0')
  const {host, origin} = options.domain
  // The SDK always builds https://<host>/…; a local http stand-in gets its requests rewritten.
  const rewrite = origin.startsWith('http://')
    ? ((async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
        const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
        return fetch(url.replace(`https://${host}`, origin), init)
      }) as typeof fetch)
    : undefined
  const common = {
    domain: host,
    maxRetries: options.maxRetries,
    telemetry: false,
    timeoutInSeconds: Math.max(1, Math.ceil(options.timeoutMs / 1000)),
    ...(rewrite ? {fetch: rewrite} : {}),
  }
  const {credentials} = options
  return credentials.token
    ? new ManagementClient({...common, token: credentials.token})
    : new ManagementClient({...common, clientId: credentials.clientId ?? '', clientSecret: credentials.clientSecret ?? ''})
}
