/**
 * Access tokens of the emulated tenant: JWT-shaped like Auth0's (so `jwt.io`-style decoding shows
 * the scopes), signed HS256 with a key that lives only in the server's memory.
 *
 * ⚠ Fidelity: Auth0 signs Management API tokens RS256 with the tenant's key and publishes it at
 * /.well-known/jwks.json; nothing outside this server can verify these tokens, and nothing needs to.
 */
import {createHmac, timingSafeEqual} from 'node:crypto'

export interface TokenClaims {
  aud: string
  azp: string
  exp: number
  gty: 'client-credentials'
  iat: number
  iss: string
  scope: string
  sub: string
}

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url')

export function signToken(claims: TokenClaims, key: Buffer): string {
  const head = b64url(JSON.stringify({alg: 'HS256', kid: 'mfa-sms-local', typ: 'JWT'}))
  const body = b64url(JSON.stringify(claims))
  const signature = createHmac('sha256', key).update(`${head}.${body}`).digest('base64url')
  return `${head}.${body}.${signature}`
}

export type TokenCheck = {claims: TokenClaims; ok: true} | {ok: false; reason: 'expired' | 'invalid'}

/** Verifies a token this server issued: signature, then expiry against `now`. */
export function verifyToken(token: string, key: Buffer, now: Date): TokenCheck {
  const parts = token.split('.')
  if (parts.length !== 3) return {ok: false, reason: 'invalid'}
  const [head, body, signature] = parts as [string, string, string]
  const expected = createHmac('sha256', key).update(`${head}.${body}`).digest()
  const given = Buffer.from(signature, 'base64url')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return {ok: false, reason: 'invalid'}
  let claims: TokenClaims
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenClaims
  } catch {
    return {ok: false, reason: 'invalid'}
  }

  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now.getTime()) return {ok: false, reason: 'expired'}
  return {claims, ok: true}
}
