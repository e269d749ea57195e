/**
 * Flags shared by `sandbox *`, `origination list` and `send`. Plain oclif flag definitions (no AWS
 * SDK here), so commands import this statically.
 */
import {Flags} from '@oclif/core'

export const smsFlags = {
  'user-pool-id': Flags.string({
    helpGroup: 'AWS',
    summary: 'Act in the region this Cognito user pool really sends SMS from (its SnsRegion, EumsSms region or legacy default).',
  }),
}
