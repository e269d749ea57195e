/**
 * Auth0 `send-phone-message` inputs: the Actions event object (peers-and-pains A1, seed 000) and the
 * legacy hook's (recipient, text, context) arguments (A2, seed 004).
 *
 * ⚠ Fidelity notes:
 * - The event follows Auth0's event-object reference; Auth0 adds fields over time (custom_domain,
 *   security_context) that only appear in some tenants, so they are left out.
 * - The default texts are Auth0's default SMS templates as we understand them ("{{code}} is your
 *   verification code for {{tenant}}…"); a tenant's own templates change them.
 * - Hook context: the newest documented shape (message_type, action, language, code, ip,
 *   user_agent, client, user, webtask.secrets). Older pages also list factor_type and flat
 *   client_id/name/client_metadata; we do not send those.
 */
import {createHash} from 'node:crypto'

export type Auth0MfaAction = 'enrollment' | 'second-factor-authentication'
export type Auth0MessageType = 'sms' | 'voice'

export interface Auth0EventInput {
  action: Auth0MfaAction
  clientId?: string
  clientName?: string
  code: string
  email?: string
  messageType: Auth0MessageType
  recipient: string
  secrets: Record<string, string>
  tenant: string
  /** The rendered message; default Auth0's template for the action. */
  text?: string
  userId?: string
}

export interface Auth0SendPhoneMessageEvent {
  client: {client_id: string; metadata: Record<string, string>; name: string}
  message_options: {action: Auth0MfaAction; code: string; message_type: Auth0MessageType; recipient: string; text: string}
  request: {
    geoip: Record<string, number | string>
    hostname: string
    ip: string
    language: string
    method: string
    user_agent: string
  }
  secrets: Record<string, string>
  tenant: {id: string}
  transaction: {correlation_id: string}
  user: Record<string, unknown> & {app_metadata: Record<string, unknown>; user_id: string; user_metadata: Record<string, unknown>}
}

export interface Auth0HookContext {
  action: Auth0MfaAction
  client: {client_id: string; client_metadata: Record<string, string>; name: string}
  code: string
  ip: string
  language: string
  message_type: Auth0MessageType
  user: {app_metadata: Record<string, unknown>; email?: string; name: string; user_id: string; user_metadata: Record<string, unknown>}
  user_agent: string
  webtask: {secrets: Record<string, string>}
}

const USER_AGENT = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1'
/** TEST-NET-3 (RFC 5737): never a real client. */
const IP = '203.0.113.10'

export function defaultAuth0Text(action: Auth0MfaAction, code: string, tenant: string): string {
  return action === 'enrollment'
    ? `${code} is your verification code for ${tenant}. Please enter this code to verify your enrollment.`
    : `${code} is your verification code for ${tenant}.`
}

function stableHex(seed: string, length: number): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, length)
}

function userOf(input: Auth0EventInput) {
  const userId = input.userId ?? `auth0|${stableHex(input.recipient, 24)}`
  const name = input.email ?? input.recipient
  return {userId, name}
}

export function auth0ActionEvent(input: Auth0EventInput): Auth0SendPhoneMessageEvent {
  const {name, userId} = userOf(input)
  const created = '2024-01-15T09:30:00.000Z'
  const clientId = input.clientId ?? stableHex(`${input.tenant}/client`, 32)
  return {
    client: {client_id: clientId, metadata: {}, name: input.clientName ?? 'My App'},
    message_options: {
      action: input.action,
      code: input.code,
      message_type: input.messageType,
      recipient: input.recipient,
      text: input.text ?? defaultAuth0Text(input.action, input.code, input.tenant),
    },
    request: {
      geoip: {cityName: 'Seattle', continentCode: 'NA', countryCode: 'US', countryCode3: 'USA', countryName: 'United States of America', timeZone: 'America/Los_Angeles'},
      hostname: `${input.tenant}.auth0.com`,
      ip: IP,
      language: 'en',
      method: 'POST',
      user_agent: USER_AGENT,
    },
    secrets: {...input.secrets},
    tenant: {id: input.tenant},
    transaction: {correlation_id: stableHex(`${input.code}/${input.recipient}`, 32)},
    user: {
      app_metadata: {},
      created_at: created,
      email: input.email,
      email_verified: false,
      identities: [{connection: 'Username-Password-Authentication', isSocial: false, provider: 'auth0', user_id: userId.replace(/^auth0\|/, '')}],
      multifactor: input.action === 'enrollment' ? [] : ['guardian'],
      name,
      nickname: name.split('@')[0],
      phone_number: input.recipient,
      phone_verified: input.action !== 'enrollment',
      updated_at: created,
      user_id: userId,
      user_metadata: {},
    },
  }
}

export interface Auth0HookArgs {
  context: Auth0HookContext
  recipient: string
  text: string
}

export function auth0HookArgs(input: Auth0EventInput): Auth0HookArgs {
  const {name, userId} = userOf(input)
  return {
    context: {
      action: input.action,
      client: {client_id: input.clientId ?? stableHex(`${input.tenant}/client`, 32), client_metadata: {}, name: input.clientName ?? 'My App'},
      code: input.code,
      ip: IP,
      language: 'en',
      message_type: input.messageType,
      user: {app_metadata: {}, ...(input.email ? {email: input.email} : {}), name, user_id: userId, user_metadata: {}},
      user_agent: USER_AGENT,
      webtask: {secrets: {...input.secrets}},
    },
    recipient: input.recipient,
    text: input.text ?? defaultAuth0Text(input.action, input.code, input.tenant),
  }
}

/**
 * What POST /api/v2/actions/actions/{id}/test takes as `payload` for this trigger: the event without
 * secrets (the tenant fills them in). ⚠ The payload shape is an assumption (peers-and-pains A3).
 */
export function auth0TestPayload(event: Auth0SendPhoneMessageEvent): Record<string, unknown> {
  const {secrets: _secrets, ...rest} = event
  return rest
}
