/** The check catalogue, in display order. */
import type {Check} from '../types.js'
import {ACCOUNT_CHECKS} from './account.js'
import {AUTH0_CHECKS} from './auth0.js'
import {POOL_CHECKS} from './pool.js'
import {TRIGGER_CHECKS} from './triggers.js'

const ORDER = ['identity', 'sms-region', 'sandbox', 'sms-settings', 'origination', 'recipients', 'pool', 'sms-role', 'custom-message', 'custom-sms-sender', 'auth0']

export const CATALOGUE: readonly Check[] = [...ACCOUNT_CHECKS, ...POOL_CHECKS, ...TRIGGER_CHECKS, ...AUTH0_CHECKS].sort(
  (a, b) => ORDER.indexOf(a.group) - ORDER.indexOf(b.group),
)

export function findCheck(id: string): Check | undefined {
  return CATALOGUE.find((c) => c.id === id)
}
