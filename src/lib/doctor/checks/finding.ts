import type {Finding} from '../types.js'

/** A check that does not apply here (skipped, saying why). */
export function notApplicable(summary: string): Finding {
  return {evidence: [], skipReason: 'not-applicable', status: 'skip', summary}
}
