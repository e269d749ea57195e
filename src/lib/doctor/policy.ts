/**
 * Reading IAM policy documents the way the doctor needs: a role's trust policy (may Cognito assume
 * it, with which ExternalId and source conditions), a Lambda resource policy (may Cognito invoke
 * it, for which pool), and identity policies as the fallback when iam:SimulatePrincipalPolicy is
 * not allowed. Pure functions over plain JSON.
 *
 * Not a full IAM evaluator: permission boundaries, SCPs, session policies and most condition keys
 * are not modelled; callers say so in their evidence.
 */

export interface PolicyStatement {
  Sid?: string
  Effect?: string
  Principal?: unknown
  NotPrincipal?: unknown
  Action?: string | string[]
  NotAction?: string | string[]
  Resource?: string | string[]
  NotResource?: string | string[]
  Condition?: Record<string, Record<string, unknown>>
}

export interface PolicyDocument {
  Version?: string
  Statement?: PolicyStatement | PolicyStatement[]
}

/** Parses a policy as IAM returns it: JSON, URL-encoded JSON, or an object already. */
export function parsePolicy(input: unknown): PolicyDocument | undefined {
  if (input === undefined || input === null || input === '') return undefined
  if (typeof input === 'object') return input as PolicyDocument
  if (typeof input !== 'string') return undefined
  for (const text of [input, safeDecode(input)]) {
    try {
      const parsed = JSON.parse(text) as unknown
      if (parsed && typeof parsed === 'object') return parsed as PolicyDocument
    } catch {
      // try the next form
    }
  }

  return undefined
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

export function statements(doc: PolicyDocument | undefined): PolicyStatement[] {
  if (!doc?.Statement) return []
  return Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]
}

export function list(value: unknown): string[] {
  if (value === undefined || value === null) return []
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string')
  return typeof value === 'string' ? [value] : []
}

/** IAM wildcard match: `*` any run, `?` one character; case-insensitive when asked (actions are). */
export function wildcardMatch(pattern: string, value: string, caseInsensitive = false): boolean {
  const escaped = pattern.replaceAll(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.')
  return new RegExp(`^${escaped}$`, caseInsensitive ? 'is' : 's').test(value)
}

export function actionMatches(statement: PolicyStatement, action: string): boolean {
  if (statement.NotAction !== undefined) return !list(statement.NotAction).some((p) => wildcardMatch(p, action, true))
  return list(statement.Action).some((p) => wildcardMatch(p, action, true))
}

export function resourceMatches(statement: PolicyStatement, resource: string): boolean {
  if (statement.NotResource !== undefined) return !list(statement.NotResource).some((p) => wildcardMatch(p, resource))
  // A statement without Resource (trust and resource policies) applies to the resource it is on.
  if (statement.Resource === undefined) return true
  return list(statement.Resource).some((p) => wildcardMatch(p, resource) || (resource === '*' && p === '*'))
}

/** The service principals a statement names (`Principal: {Service: …}`), or ['*'] for `Principal: "*"`. */
export function servicePrincipals(statement: PolicyStatement): string[] {
  const p = statement.Principal
  if (p === '*') return ['*']
  if (!p || typeof p !== 'object') return []
  const record = p as Record<string, unknown>
  const aws = list(record.AWS)
  return [...list(record.Service), ...(aws.includes('*') ? ['*'] : [])]
}

function principalAllows(statement: PolicyStatement, service: string): boolean {
  return servicePrincipals(statement).some((s) => s === '*' || s.toLowerCase() === service.toLowerCase())
}

/** Values of one condition key across the operators given, e.g. sts:ExternalId under StringEquals. */
export function conditionValues(statement: PolicyStatement, key: string, operators?: string[]): {operator: string; values: string[]}[] {
  const found: {operator: string; values: string[]}[] = []
  for (const [operator, block] of Object.entries(statement.Condition ?? {})) {
    if (operators && !operators.some((o) => o.toLowerCase() === operator.replace(/^ForAnyValue:|^ForAllValues:/i, '').replace(/IfExists$/, '').toLowerCase())) continue
    for (const [k, v] of Object.entries(block ?? {})) {
      if (k.toLowerCase() === key.toLowerCase()) found.push({operator, values: list(v)})
    }
  }

  return found
}

/** Condition keys a statement uses, lower-cased. */
export function conditionKeys(statement: PolicyStatement): string[] {
  return Object.values(statement.Condition ?? {}).flatMap((block) => Object.keys(block ?? {}).map((k) => k.toLowerCase()))
}

function operatorMatches(operator: string, pattern: string, value: string): boolean {
  const op = operator.replace(/^ForAnyValue:|^ForAllValues:/i, '').replace(/IfExists$/, '').toLowerCase()
  switch (op) {
    case 'arnequals':
    case 'stringequals': {
      return pattern === value
    }

    case 'stringequalsignorecase': {
      return pattern.toLowerCase() === value.toLowerCase()
    }

    case 'arnlike':
    case 'stringlike': {
      return wildcardMatch(pattern, value)
    }

    default: {
      return false
    }
  }
}

export interface SourceConditionCheck {
  key: 'aws:SourceAccount' | 'aws:SourceArn'
  values: string[]
  operator: string
  matches: boolean
}

/** Checks aws:SourceAccount / aws:SourceArn conditions (if any) against the caller resource. */
export function sourceConditions(statement: PolicyStatement, source: {account: string; arn: string}): SourceConditionCheck[] {
  const checks: SourceConditionCheck[] = []
  for (const [key, value] of [['aws:SourceAccount', source.account], ['aws:SourceArn', source.arn]] as const) {
    for (const {operator, values} of conditionValues(statement, key)) {
      checks.push({key, matches: values.some((p) => operatorMatches(operator, p, value)), operator, values})
    }
  }

  return checks
}

export interface TrustAnalysis {
  /** Statements that allow the service to sts:AssumeRole, whatever their conditions. */
  allowing: PolicyStatement[]
  /** The ExternalId values required by those statements (empty: no ExternalId condition). */
  externalIds: string[]
  /** Whether some allowing statement accepts this ExternalId (true when no statement asks for one). */
  externalIdMatches: (externalId: string | undefined) => boolean
  denies: PolicyStatement[]
}

/** What a trust policy says about a service principal assuming the role. */
export function analyseTrust(doc: PolicyDocument | undefined, service: string): TrustAnalysis {
  const all = statements(doc)
  const forService = all.filter((s) => principalAllows(s, service) && actionMatches(s, 'sts:AssumeRole'))
  const allowing = forService.filter((s) => (s.Effect ?? '').toLowerCase() === 'allow')
  const denies = forService.filter((s) => (s.Effect ?? '').toLowerCase() === 'deny')
  const externalIds = [...new Set(allowing.flatMap((s) => conditionValues(s, 'sts:ExternalId').flatMap((c) => c.values)))]
  return {
    allowing,
    denies,
    externalIdMatches(externalId) {
      return allowing.some((s) => {
        const conditions = conditionValues(s, 'sts:ExternalId')
        if (conditions.length === 0) return true
        if (externalId === undefined) return false
        return conditions.every((c) => c.values.some((p) => operatorMatches(c.operator, p, externalId)))
      })
    },
    externalIds,
  }
}

export interface InvokeAnalysis {
  /** Statements letting the service invoke the function. */
  allowing: PolicyStatement[]
  /** Those whose source conditions (if any) accept this caller. */
  matching: PolicyStatement[]
  /** Source conditions seen, for evidence. */
  conditions: SourceConditionCheck[]
}

/** What a Lambda resource policy says about a service invoking the function for a caller resource. */
export function analyseInvoke(doc: PolicyDocument | undefined, service: string, source: {account: string; arn: string}): InvokeAnalysis {
  const allowing = statements(doc).filter(
    (s) => (s.Effect ?? '').toLowerCase() === 'allow' && principalAllows(s, service) && actionMatches(s, 'lambda:InvokeFunction'),
  )
  const conditions: SourceConditionCheck[] = []
  const matching = allowing.filter((s) => {
    const checks = sourceConditions(s, source)
    conditions.push(...checks)
    return checks.every((c) => c.matches)
  })
  return {allowing, conditions, matching}
}

export interface IdentityDecision {
  decision: 'allowed' | 'explicitDeny' | 'implicitDeny'
  /** Names of the policies whose statements decided it. */
  matched: string[]
  /** A deciding statement has conditions we did not evaluate. */
  conditional: boolean
}

/**
 * Identity-policy evaluation without conditions: an explicit Deny wins, then any Allow.
 * Statements with conditions still count, and `conditional` says so.
 */
export function evaluateIdentityPolicies(policies: {name: string; document: PolicyDocument | undefined}[], action: string, resource: string): IdentityDecision {
  const denied: string[] = []
  const allowed: string[] = []
  let conditional = false
  for (const {document, name} of policies) {
    for (const s of statements(document)) {
      if (!actionMatches(s, action) || !resourceMatches(s, resource)) continue
      const effect = (s.Effect ?? '').toLowerCase()
      if (effect === 'deny') {
        // A conditional Deny may not apply; count only unconditional ones.
        if (s.Condition && Object.keys(s.Condition).length > 0) {
          conditional = true
          continue
        }

        denied.push(name)
      } else if (effect === 'allow') {
        if (s.Condition && Object.keys(s.Condition).length > 0) conditional = true
        allowed.push(name)
      }
    }
  }

  if (denied.length > 0) return {conditional, decision: 'explicitDeny', matched: [...new Set(denied)]}
  if (allowed.length > 0) return {conditional, decision: 'allowed', matched: [...new Set(allowed)]}
  return {conditional, decision: 'implicitDeny', matched: []}
}
