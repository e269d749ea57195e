/**
 * Reading IAM policy documents the way the doctor needs, on the shared evaluator
 * (../iam/policy-eval.ts, also behind `mfa-sms local`'s SimulatePrincipalPolicy): a role's trust
 * policy (may Cognito assume it, with which ExternalId and source conditions), a Lambda resource
 * policy (may Cognito invoke it, for which pool), and identity policies as the fallback when
 * iam:SimulatePrincipalPolicy is not allowed. Conditions are evaluated against the request Cognito
 * would make (sts:ExternalId, aws:SourceArn, aws:SourceAccount).
 *
 * Not modelled: permission boundaries, SCPs, session policies; callers say so in their evidence.
 */
import {evaluate, evaluateTrust, type PolicyDocument as EvalPolicyDocument, parsePolicy as checkPolicy, PolicySyntaxError, type StatementTrace} from '../iam/policy-eval.js'

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

/** One condition of a statement as the request met it, for evidence. */
export interface ConditionCheck {
  key: string
  matches: boolean
  operator: string
  values: string[]
}

const SOURCE_KEYS = ['aws:sourceaccount', 'aws:sourcearn']

function checksOf(trace: StatementTrace, keys: string[]): ConditionCheck[] {
  return trace.conditions.filter((c) => keys.includes(c.key.toLowerCase())).map((c) => ({key: c.key, matches: c.passed, operator: c.operator, values: c.policyValues}))
}

/** Allow statements naming the principal for the action, whatever their conditions. */
function allowingTraces(statements: StatementTrace[]): StatementTrace[] {
  return statements.filter((t) => t.effect === 'Allow' && t.actionMatched && t.resourceMatched && t.principalMatch !== 'none')
}

/** The request Cognito makes with the pool's role or function. */
export interface CognitoRequest {
  /** The pool's ExternalId (sts:ExternalId), for trust policies. */
  externalId?: string
  /** The pool's account (aws:SourceAccount). */
  sourceAccount: string
  /** The pool's ARN (aws:SourceArn). */
  sourceArn: string
}

export interface TrustAnalysis {
  /** Allow statements that let the service sts:AssumeRole, whatever their conditions. */
  allowing: StatementTrace[]
  /** A Deny statement applies to the request. */
  denied: boolean
  /** The sts:ExternalId values the allowing statements require (empty: no ExternalId condition). */
  externalIds: string[]
  /** Some allowing statement accepts the request's ExternalId (or requires none). */
  externalIdMatches: boolean
  /** The document is not an IAM policy (why), so nothing in it counts. */
  malformed?: string
  /** aws:SourceAccount / aws:SourceArn conditions, per allowing statement. */
  sourceChecks: ConditionCheck[][]
}

/** What a trust policy says about a service principal assuming the role for this request. */
export function analyseTrust(doc: PolicyDocument | undefined, service: string, request: CognitoRequest): TrustAnalysis {
  const none: TrustAnalysis = {allowing: [], denied: false, externalIdMatches: false, externalIds: [], sourceChecks: []}
  if (!doc) return none
  let trust
  try {
    trust = evaluateTrust(doc as EvalPolicyDocument, {...request, principalService: service})
  } catch (error) {
    if (error instanceof PolicySyntaxError) return {...none, malformed: error.message}
    throw error
  }

  const allowing = allowingTraces(trust.statements)
  const externalChecks = allowing.map((t) => checksOf(t, ['sts:externalid']))
  return {
    allowing,
    denied: trust.statements.some((t) => t.applies && t.effect === 'Deny'),
    externalIdMatches: externalChecks.some((checks) => checks.every((c) => c.matches)),
    externalIds: [...new Set(externalChecks.flat().flatMap((c) => c.values))],
    sourceChecks: allowing.map((t) => checksOf(t, SOURCE_KEYS)),
  }
}

export interface InvokeAnalysis {
  /** Allow statements letting the service invoke the function, whatever their conditions. */
  allowing: StatementTrace[]
  /** Source conditions of those statements, as this pool meets them. */
  conditions: ConditionCheck[]
  /** A Deny statement applies to the invocation. */
  denied: boolean
  /** The document is not an IAM policy (why). */
  malformed?: string
  /** Statements that let the service invoke the function for this pool. */
  matching: StatementTrace[]
  /** Allow statements for the service and action whose Resource is not this function ARN (e.g. only an alias). */
  otherResources: string[]
}

/** What a Lambda resource policy says about a service invoking `functionArn` for a caller resource. */
export function analyseInvoke(doc: PolicyDocument | undefined, service: string, functionArn: string, request: CognitoRequest): InvokeAnalysis {
  const none: InvokeAnalysis = {allowing: [], conditions: [], denied: false, matching: [], otherResources: []}
  if (!doc) return none
  let result
  try {
    result = evaluate({
      action: 'lambda:InvokeFunction',
      context: {'aws:SourceAccount': request.sourceAccount, 'aws:SourceArn': request.sourceArn},
      principal: {service},
      resource: functionArn,
      resourcePolicy: {document: doc as EvalPolicyDocument, id: 'function policy', type: 'Resource Policy'},
      resourcePolicyRequired: true,
    })
  } catch (error) {
    if (error instanceof PolicySyntaxError) return {...none, malformed: error.message}
    throw error
  }

  const allowing = allowingTraces(result.statements)
  const statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : []
  const otherResources = result.statements
    .filter((t) => t.effect === 'Allow' && t.actionMatched && t.principalMatch !== 'none' && !t.resourceMatched)
    .flatMap((t) => statements[t.index]?.Resource ?? [])
  return {
    allowing,
    conditions: allowing.flatMap((t) => checksOf(t, SOURCE_KEYS)),
    denied: result.decision === 'explicitDeny',
    matching: result.decision === 'allowed' ? allowing.filter((t) => t.applies) : [],
    otherResources,
  }
}

export interface IdentityDecision {
  decision: 'allowed' | 'explicitDeny' | 'implicitDeny'
  /** Names of the policies whose statements decided it. */
  matched: string[]
  /** Condition keys the policies test that the request did not carry (judged absent, as IAM's simulator does). */
  missingContextKeys: string[]
  /** Policies that could not be read as IAM policies, with why; they were left out. */
  unreadable: string[]
}

/**
 * Identity-policy evaluation of a request carrying only the condition keys in `context`, as
 * iam:SimulatePrincipalPolicy does it with those ContextEntries: an explicit Deny wins, then an
 * Allow; a condition on a missing key fails, unless its operator is negated or …IfExists
 * (missingContextKeys names those keys).
 */
export function evaluateIdentityPolicies(policies: {name: string; document: PolicyDocument | undefined}[], action: string, resource: string, context: Record<string, string> = {}): IdentityDecision {
  const readable: {document: EvalPolicyDocument; id: string}[] = []
  const unreadable: string[] = []
  for (const {document, name} of policies) {
    if (!document) {
      unreadable.push(`${name} (not JSON)`)
      continue
    }

    try {
      readable.push({document: checkPolicy(document as EvalPolicyDocument), id: name})
    } catch (error) {
      if (!(error instanceof PolicySyntaxError)) throw error
      unreadable.push(`${name} (${error.message})`)
    }
  }

  const result = evaluate({action, context, identityPolicies: readable, resource})
  const effect = result.decision === 'explicitDeny' ? 'Deny' : 'Allow'
  const matched = result.decision === 'implicitDeny' ? [] : [...new Set(result.matchedStatements.filter((s) => s.effect === effect).map((s) => s.source))]
  return {decision: result.decision, matched, missingContextKeys: result.missingContextKeys, unreadable}
}
