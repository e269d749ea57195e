import type {PermissionFact} from '../facts/types.js'
import type {Finding} from '../types.js'

/** A check that does not apply here (skipped, saying why). */
export function notApplicable(summary: string): Finding {
  return {evidence: [], skipReason: 'not-applicable', status: 'skip', summary}
}

/** How a permission fact was decided, as check evidence shows it. */
export function permissionMethod(p: PermissionFact): string {
  return p.method === 'simulation' ? 'iam:SimulatePrincipalPolicy' : 'read from the role\'s policies'
}
