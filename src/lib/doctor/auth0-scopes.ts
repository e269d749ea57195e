/**
 * The read-only Auth0 Management API scopes `mfa-sms doctor` needs, as data (the README lists them
 * from here). Grant them to a machine-to-machine application authorised for the Management API.
 */
export interface Auth0Scope {
  scope: string
  why: string
  endpoints: string[]
}

export const AUTH0_DOCTOR_SCOPES: readonly Auth0Scope[] = [
  {
    endpoints: ['GET /api/v2/guardian/factors', 'GET /api/v2/guardian/factors/phone/selected-provider'],
    scope: 'read:guardian_factors',
    why: 'whether the SMS factor is enabled, and which provider delivers it',
  },
  {
    endpoints: ['GET /api/v2/actions/triggers/send-phone-message/bindings', 'GET /api/v2/actions/actions/{id}'],
    scope: 'read:actions',
    why: 'the Action bound to send-phone-message: build and deploy state, secret names (never values), dependencies',
  },
  {endpoints: ['GET /api/v2/hooks?triggerId=send-phone-message'], scope: 'read:hooks', why: 'a legacy Send Phone Message Hook'},
  {endpoints: ['GET /api/v2/branding/phone/providers'], scope: 'read:phone_providers', why: 'a tenant-level phone provider that bypasses the Action'},
  {endpoints: ['GET /api/v2/logs?q=type:gd_send_sms_failure'], scope: 'read:logs', why: 'recent SMS send failures'},
]

/** The scopes, space-separated, as the Auth0 dashboard and CLI take them. */
export const AUTH0_DOCTOR_SCOPE_STRING = AUTH0_DOCTOR_SCOPES.map((s) => s.scope).join(' ')
