/**
 * An IAM policy evaluator shared by `mfa-sms local` (SimulatePrincipalPolicy, KMS key policies) and
 * `mfa-sms doctor` (trust, Lambda resource and identity policies): pure functions over IAM JSON policy
 * documents (identity policies, resource policies such as KMS key policies and Lambda resource
 * policies, and role trust policies).
 *
 *   evaluate(request)                 → decision + which statements applied + a trace per statement
 *   simulatePrincipalPolicy(input)    → the IAM SimulatePrincipalPolicy response shape
 *   evaluateTrust(trustPolicy, req)   → "may cognito-idp.amazonaws.com assume this role?" with the
 *                                       failed conditions and human explanations
 *
 * Semantics implemented (IAM User Guide, "Policy evaluation logic", "Condition operators"):
 *   - An applicable Deny anywhere → explicitDeny. Otherwise an applicable Allow → allowed (see the
 *     resource-policy rules below). Otherwise implicitDeny.
 *   - A statement applies when Action/NotAction, Resource/NotResource, Principal/NotPrincipal (for
 *     resource policies) and every Condition match. No Resource element (trust policies) = any.
 *   - Action: `*` and `?` wildcards, case-insensitive. Resource: `*` alone matches everything; ARNs
 *     are compared per colon-separated component (the 6th component keeps its colons), each with
 *     `*`/`?` wildcards, case-sensitive, so a wildcard never spans components.
 *   - Condition: operators AND, keys AND, values OR (negated operators: NOR). Keys are looked up
 *     case-insensitively. A key missing from the context makes a positive operator false and a
 *     negated operator (StringNotEquals, StringNotLike, ArnNotEquals, ArnNotLike, NumericNotEquals,
 *     DateNotEquals, …) TRUE — this is the documented IAM rule ("If the policy condition requires that
 *     the key is not matched, such as StringNotLike or ArnNotLike, and the right key is not present,
 *     the condition is true"). `…IfExists` passes when the key is missing. `Null` tests presence.
 *   - ForAnyValue: true when some request value matches (false for a missing/empty key);
 *     ForAllValues: true when every request value matches (TRUE for a missing/empty key, as IAM
 *     warns). Without a set prefix a multi-valued key behaves like ForAnyValue (negated: no value
 *     may match).
 *   - Policy variables `${aws:SourceAccount}` etc. (Version 2012-10-17 only) are substituted from the
 *     context in Resource and string/ARN condition values; `${*}`, `${?}`, `${$}` are the escapes;
 *     `${key, 'default'}` supplies a default. A variable with no value makes that element not match.
 *   - Resource policies: a principal matched by account (`"AWS": "111122223333"` or
 *     `arn:aws:iam::111122223333:root`) only DELEGATES to the account's identity policies; a
 *     principal matched specifically (its ARN, a service, `*`) is granted directly. Same-account:
 *     allowed = direct resource grant OR identity allow. With `resourcePolicyRequired` (KMS key
 *     policies, role trust policies) the resource policy must grant directly, or delegate to the
 *     account AND an identity policy must allow. Cross-account (caller account ≠ resource ARN
 *     account): both the resource policy (direct or delegating to the caller's account) and an
 *     identity policy must allow.
 *
 * FIDELITY DOUBTS:
 *   - Not modelled: SCPs/RCPs, permissions boundaries, session policies, IpAddress/NotIpAddress and
 *     Binary conditions (treated as unsupported → the condition does not hold), wildcards inside
 *     Principal ARNs (IAM does not support them either, we compare literally), principal tags.
 *   - ARN patterns with fewer than six components (e.g. `arn:aws:sns:*`) match their last component
 *     against the rest of the ARN; IAM's handling of such patterns was not verified.
 *   - A request resource of `*` (e.g. SNS Publish to a phone number) only matches `*` or a pattern
 *     that is a wildcard-only string; an ARN pattern never matches it. This reproduces Cognito's
 *     "topic-scoped sns:Publish is not enough" finding, but how IAM itself evaluates it is inferred.
 *   - simulatePrincipalPolicy returns one EvaluationResult per action (the 2025+ simulator shape);
 *     EvalResourceName is `*`, or the only ARN when one was given, instead of IAM's ARN *template*
 *     (we have no service model); SourcePolicyType is "IAM Policy"/"Resource Policy" as real
 *     responses print it (the SDK enum says role/user/resource…); no StartPosition/EndPosition, no
 *     EvalDecisionDetails, no pagination (IsTruncated is always false).
 *   - Service principal names and `Bool` values compare case-insensitively; principal ARNs and ARN
 *     conditions compare case-sensitively.
 */
import {globSource} from '../text/glob.js'

// ---------------------------------------------------------------------------------------------
// Policy document types
// ---------------------------------------------------------------------------------------------

export type ConditionValue = boolean | number | string

export type ConditionBlock = Record<string, Record<string, ConditionValue | ConditionValue[]>>

export type PolicyPrincipal = '*' | Partial<Record<'AWS' | 'CanonicalUser' | 'Federated' | 'Service', string | string[]>>

export interface PolicyStatement {
  Action?: string | string[]
  Condition?: ConditionBlock
  Effect: 'Allow' | 'Deny'
  NotAction?: string | string[]
  NotPrincipal?: PolicyPrincipal
  NotResource?: string | string[]
  Principal?: PolicyPrincipal
  Resource?: string | string[]
  Sid?: string
}

export interface PolicyDocument {
  Id?: string
  Statement: PolicyStatement | PolicyStatement[]
  Version?: string
}

/** A policy as an object or as its JSON text. */
export type PolicyInput = PolicyDocument | string

/** A policy with a name, as IAM's simulator reports it in MatchedStatements. */
export interface NamedPolicy {
  document: PolicyInput
  id: string
  /** Defaults to "IAM Policy" (identity) / "Resource Policy" (resource). */
  type?: string
}

export type ContextValues = Record<string, string | string[]>

/** Who makes the request (for Principal matching in resource and trust policies). */
export interface RequestPrincipal {
  /** 12-digit account; derived from `arn` when not given. */
  account?: string
  /** IAM user/role ARN or STS assumed-role ARN. */
  arn?: string
  canonicalUser?: string
  federated?: string
  /** Service principal, e.g. "cognito-idp.amazonaws.com". */
  service?: string
}

export type Decision = 'allowed' | 'explicitDeny' | 'implicitDeny'

export interface EvaluateInput {
  action: string
  context?: ContextValues
  identityPolicies?: Array<NamedPolicy | PolicyInput>
  principal?: RequestPrincipal
  /** Request resource ARN; default "*". */
  resource?: string
  resourcePolicy?: NamedPolicy | PolicyInput
  /**
   * The resource policy must grant access (directly, or by delegating to the account with an
   * identity policy allowing too): true for KMS key policies and role trust policies.
   */
  resourcePolicyRequired?: boolean
}

export interface MatchedStatement {
  effect: 'Allow' | 'Deny'
  /** Position of the statement in its policy (0-based). */
  index: number
  /** Policy id: NamedPolicy.id, else the document's Id, else `identityPolicies[i]` / `resourcePolicy`. */
  source: string
  sourceType: 'identity' | 'resource'
  sid?: string
}

export type ConditionFailureReason = 'missing-key' | 'mismatch' | 'unsupported-operator' | 'unresolved-variable'

export interface ConditionTrace {
  /** Condition key as written in the policy. */
  key: string
  /** Operator as written, e.g. "ForAnyValue:StringLikeIfExists". */
  operator: string
  passed: boolean
  /** Policy values as strings (before variable substitution). */
  policyValues: string[]
  reason?: ConditionFailureReason
  /** Request values for the key, undefined when the key is missing. */
  requestValues?: string[]
}

export interface StatementTrace {
  actionMatched: boolean
  applies: boolean
  conditions: ConditionTrace[]
  conditionsMatched: boolean
  effect: 'Allow' | 'Deny'
  index: number
  /** 'account' = principal matched only as "the caller's account" (delegation); 'direct' otherwise. */
  principalMatch: 'account' | 'direct' | 'none' | 'not-applicable'
  resourceMatched: boolean
  sid?: string
  source: string
  sourceType: 'identity' | 'resource'
}

export interface EvaluateResult {
  decision: Decision
  /** Every statement that applied (both effects), in policy order. */
  matchedStatements: MatchedStatement[]
  /** Condition keys referenced by statements whose action/resource/principal matched, absent from the context. */
  missingContextKeys: string[]
  statements: StatementTrace[]
}

/** A policy document that is not valid IAM policy grammar (IAM's MalformedPolicyDocument). */
export class PolicySyntaxError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'MalformedPolicyDocument'
  }
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

function asList(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined
  return Array.isArray(value) ? value : [value]
}

/** Parses and validates a policy document (object or JSON text); statements always as an array. */
export function parsePolicy(input: PolicyInput): {Id?: string; Statement: PolicyStatement[]; Version?: string} {
  let doc: unknown = input
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input)
    } catch (error) {
      throw new PolicySyntaxError(`Policy is not valid JSON: ${(error as Error).message}`)
    }
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new PolicySyntaxError('Policy must be a JSON object')
  const {Id, Statement, Version} = doc as Record<string, unknown>
  if (Statement === undefined) throw new PolicySyntaxError('Policy has no Statement')
  const statements = (Array.isArray(Statement) ? Statement : [Statement]) as unknown[]
  for (const [i, raw] of statements.entries()) {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new PolicySyntaxError(`Statement ${i} is not an object`)
    const s = raw as Record<string, unknown>
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') {
      throw new PolicySyntaxError(`Statement ${i}: Effect must be "Allow" or "Deny", got ${JSON.stringify(s.Effect)}`)
    }
    if ((s.Action === undefined) === (s.NotAction === undefined)) {
      throw new PolicySyntaxError(`Statement ${i}: needs exactly one of Action and NotAction`)
    }
    if (s.Resource !== undefined && s.NotResource !== undefined) {
      throw new PolicySyntaxError(`Statement ${i}: has both Resource and NotResource`)
    }
    if (s.Principal !== undefined && s.NotPrincipal !== undefined) {
      throw new PolicySyntaxError(`Statement ${i}: has both Principal and NotPrincipal`)
    }
    for (const member of ['Action', 'NotAction', 'Resource', 'NotResource'] as const) {
      const v = s[member]
      if (v !== undefined && typeof v !== 'string' && !(Array.isArray(v) && v.every((x) => typeof x === 'string'))) {
        throw new PolicySyntaxError(`Statement ${i}: ${member} must be a string or an array of strings`)
      }
    }
    if (s.Condition !== undefined && (typeof s.Condition !== 'object' || s.Condition === null || Array.isArray(s.Condition))) {
      throw new PolicySyntaxError(`Statement ${i}: Condition must be an object`)
    }
  }
  return {
    ...(typeof Id === 'string' ? {Id} : {}),
    Statement: statements as PolicyStatement[],
    ...(typeof Version === 'string' ? {Version} : {}),
  }
}

// ---------------------------------------------------------------------------------------------
// Matching primitives
// ---------------------------------------------------------------------------------------------

const globCache = new Map<string, RegExp>()

/** Marks a `${*}`/`${?}`/`${$}` escape after substitution (a private-use character, never in ARNs). */
const LITERAL = '\uE000'

/** `*` = any run of characters, `?` = one character; everything else literal. */
export function globMatch(pattern: string, value: string, caseInsensitive = false): boolean {
  const cacheKey = `${caseInsensitive ? 'i' : 's'}${pattern}`
  let re = globCache.get(cacheKey)
  if (!re) {
    re = new RegExp(`^${globSource(pattern)}$`, caseInsensitive ? 'is' : 's')
    if (globCache.size > 5000) globCache.clear()
    globCache.set(cacheKey, re)
  }
  return re.test(value)
}

/** IAM action match: wildcards, case-insensitive (`sns:pub*` matches `SNS:Publish`). */
export function actionMatches(pattern: string, action: string): boolean {
  return globMatch(pattern, action, true)
}

function splitArn(arn: string): string[] | undefined {
  if (!arn.startsWith('arn:')) return undefined
  const parts: string[] = []
  let rest = arn
  for (let i = 0; i < 5; i++) {
    const at = rest.indexOf(':')
    if (at < 0) return undefined
    parts.push(rest.slice(0, at))
    rest = rest.slice(at + 1)
  }
  parts.push(rest)
  return parts
}

/** Up to six components; fewer when the pattern has fewer colons (e.g. `arn:aws:sns:*`). */
function splitArnPattern(pattern: string): string[] | undefined {
  if (!pattern.startsWith('arn:')) return undefined
  const parts = pattern.split(':')
  return parts.length <= 6 ? parts : [...parts.slice(0, 5), parts.slice(5).join(':')]
}

/**
 * ARN match as ArnLike/ArnEquals and the Resource element do it: six colon-separated components,
 * each matched on its own with `*`/`?` (case-sensitive), so a wildcard never spans components. A
 * bare `*` matches anything. A pattern with fewer components (`arn:aws:sns:*`) matches its last
 * component against the rest of the ARN (doubt: IAM's handling of short patterns is unverified).
 */
export function arnMatches(pattern: string, value: string): boolean {
  if (pattern === '*') return true
  const p = splitArnPattern(pattern)
  const v = splitArn(value)
  if (p && v) {
    const last = p.length - 1
    return p.every((part, i) => globMatch(part, i === last ? v.slice(i).join(':') : (v[i] ?? '')))
  }
  if (p && !v) return false
  return globMatch(pattern, value)
}

function accountOfArn(arn: string | undefined): string | undefined {
  const parts = arn === undefined ? undefined : splitArn(arn)
  const account = parts?.[4]
  return account && /^\d{12}$/.test(account) ? account : undefined
}

// ---------------------------------------------------------------------------------------------
// Context and policy variables
// ---------------------------------------------------------------------------------------------

type NormalizedContext = Map<string, string[]>

function normalizeContext(context: ContextValues | undefined): NormalizedContext {
  const out: NormalizedContext = new Map()
  for (const [k, v] of Object.entries(context ?? {})) out.set(k.toLowerCase(), Array.isArray(v) ? v : [v])
  return out
}

/**
 * Substitutes `${key}` policy variables from the context. Returns undefined when a variable has no
 * (single) value and no default, which makes the element not match.
 */
function substitute(text: string, ctx: NormalizedContext, enabled: boolean): string | undefined {
  if (!enabled || !text.includes('${')) return text
  let failed = false
  const out = text.replace(/\$\{([^}]*)\}/g, (_m, inner: string) => {
    if (inner === '*' || inner === '?' || inner === '$') return `${LITERAL}${inner}`
    const [rawKey = '', ...rest] = inner.split(',')
    const fallback = /^\s*'(.*)'\s*$/.exec(rest.join(','))?.[1]
    const values = ctx.get(rawKey.trim().toLowerCase())
    if (values && values.length === 1 && values[0] !== undefined) return values[0]
    if (fallback !== undefined) return fallback
    failed = true
    return ''
  })
  return failed ? undefined : out
}

function literalAwareGlob(pattern: string, value: string, caseInsensitive = false): boolean {
  if (!pattern.includes(LITERAL)) return globMatch(pattern, value, caseInsensitive)
  // Split on escapes: literal segments must match exactly.
  const body = pattern
    .split(/(\uE000[*?$])/)
    .map((chunk) => (chunk.startsWith(LITERAL) ? chunk.slice(1).replace(/[\\^$.|+()[\]{}*?]/g, '\\$&') : globSource(chunk)))
    .join('')
  return new RegExp(`^${body}$`, caseInsensitive ? 'is' : 's').test(value)
}

function literalOf(substituted: string): string {
  return substituted.replace(/\uE000([*?$])/g, '$1')
}

// ---------------------------------------------------------------------------------------------
// Conditions
// ---------------------------------------------------------------------------------------------

interface ParsedOperator {
  base: string
  ifExists: boolean
  set?: 'ForAllValues' | 'ForAnyValue'
}

const NEGATED = new Set([
  'arnnotequals',
  'arnnotlike',
  'datenotequals',
  'numericnotequals',
  'stringnotequals',
  'stringnotequalsignorecase',
  'stringnotlike',
])

function parseOperator(operator: string): ParsedOperator {
  let rest = operator
  let set: ParsedOperator['set']
  const prefix = /^(forallvalues|foranyvalue):/i.exec(rest)
  if (prefix) {
    set = prefix[1]?.toLowerCase() === 'forallvalues' ? 'ForAllValues' : 'ForAnyValue'
    rest = rest.slice(prefix[0].length)
  }
  let ifExists = false
  if (/ifexists$/i.test(rest) && rest.toLowerCase() !== 'ifexists') {
    ifExists = true
    rest = rest.slice(0, -'IfExists'.length)
  }
  return {base: rest.toLowerCase(), ifExists, ...(set ? {set} : {})}
}

function parseDate(value: string): number {
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000
  return Date.parse(value)
}

/**
 * The positive form of the operator: does request value `v` match policy value `p`?
 * Returns undefined for operators we do not implement.
 */
function baseMatcher(base: string): ((p: string, v: string) => boolean) | undefined {
  switch (base) {
    case 'stringequals':
    case 'stringnotequals': {
      return (p, v) => literalOf(p) === v
    }

    case 'stringequalsignorecase':
    case 'stringnotequalsignorecase': {
      return (p, v) => literalOf(p).toLowerCase() === v.toLowerCase()
    }

    case 'stringlike':
    case 'stringnotlike': {
      return (p, v) => literalAwareGlob(p, v)
    }

    case 'arnequals':
    case 'arnlike':
    case 'arnnotequals':
    case 'arnnotlike': {
      return (p, v) => arnMatches(literalOf(p), v)
    }

    case 'bool': {
      return (p, v) => p.toLowerCase() === v.toLowerCase()
    }

    case 'numericequals':
    case 'numericnotequals': {
      return (p, v) => Number(p) === Number(v) && v.trim() !== ''
    }

    case 'numericlessthan': {
      return (p, v) => Number(v) < Number(p)
    }

    case 'numericlessthanequals': {
      return (p, v) => Number(v) <= Number(p)
    }

    case 'numericgreaterthan': {
      return (p, v) => Number(v) > Number(p)
    }

    case 'numericgreaterthanequals': {
      return (p, v) => Number(v) >= Number(p)
    }

    case 'dateequals':
    case 'datenotequals': {
      return (p, v) => parseDate(v) === parseDate(p)
    }

    case 'datelessthan': {
      return (p, v) => parseDate(v) < parseDate(p)
    }

    case 'datelessthanequals': {
      return (p, v) => parseDate(v) <= parseDate(p)
    }

    case 'dategreaterthan': {
      return (p, v) => parseDate(v) > parseDate(p)
    }

    case 'dategreaterthanequals': {
      return (p, v) => parseDate(v) >= parseDate(p)
    }

    default: {
      return undefined
    }
  }
}

function evaluateCondition(
  operator: string,
  key: string,
  rawPolicyValues: ConditionValue | ConditionValue[],
  ctx: NormalizedContext,
  variables: boolean,
): ConditionTrace {
  const policyValues = (Array.isArray(rawPolicyValues) ? rawPolicyValues : [rawPolicyValues]).map(String)
  const requestValues = ctx.get(key.toLowerCase())
  const trace = (passed: boolean, reason?: ConditionFailureReason): ConditionTrace => ({
    key,
    operator,
    passed,
    policyValues,
    ...(passed || reason === undefined ? {} : {reason}),
    ...(requestValues === undefined ? {} : {requestValues}),
  })
  const op = parseOperator(operator)

  if (op.base === 'null') {
    // "true" = the key must be absent; "false" = present.
    const absent = requestValues === undefined
    const passed = policyValues.some((p) => (p.toLowerCase() === 'true') === absent)
    return trace(passed, absent ? 'missing-key' : 'mismatch')
  }

  const match = baseMatcher(op.base)
  if (!match) return trace(false, 'unsupported-operator')
  const negated = NEGATED.has(op.base)

  const missing = requestValues === undefined
  if (missing) {
    if (op.ifExists) return trace(true)
    if (op.set === 'ForAllValues') return trace(true)
    if (op.set === 'ForAnyValue') return trace(false, 'missing-key')
    return trace(negated, 'missing-key')
  }

  const substituted = policyValues.map((p) => substitute(p, ctx, variables))
  const usable = substituted.filter((p): p is string => p !== undefined)
  if (usable.length === 0) return trace(negated, 'unresolved-variable')
  const matchesAny = (v: string) => usable.some((p) => match(p, v))
  const values = requestValues
  let passed: boolean
  if (op.set === 'ForAllValues') {
    passed = negated ? values.every((v) => !matchesAny(v)) : values.every((v) => matchesAny(v))
  } else if (op.set === 'ForAnyValue') {
    passed = negated ? values.some((v) => !matchesAny(v)) : values.some((v) => matchesAny(v))
  } else {
    passed = negated ? values.every((v) => !matchesAny(v)) : values.some((v) => matchesAny(v))
  }
  return trace(passed, 'mismatch')
}

/**
 * Evaluates one condition (operator, key, policy value(s)) against a request context, e.g.
 * `checkCondition('ForAnyValue:StringLike', 'kms:EncryptionContextKeys', 'userpool-*', ctx)`.
 * Policy variables are substituted unless `variables: false` (policy Version 2008-10-17).
 */
export function checkCondition(
  operator: string,
  key: string,
  values: ConditionValue | ConditionValue[],
  context: ContextValues,
  options: {variables?: boolean} = {},
): ConditionTrace {
  return evaluateCondition(operator, key, values, normalizeContext(context), options.variables ?? true)
}

// ---------------------------------------------------------------------------------------------
// Principals
// ---------------------------------------------------------------------------------------------

/** `arn:aws:sts::1:assumed-role/Name/session` → `arn:aws:iam::1:role/Name` (path unknown). */
function roleOfSession(arn: string): {account: string; name: string} | undefined {
  const m = /^arn:[^:]+:sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(arn)
  return m?.[1] && m[2] ? {account: m[1], name: m[2]} : undefined
}

function principalArnMatches(policyArn: string, principal: RequestPrincipal): boolean {
  const arn = principal.arn
  if (!arn) return false
  if (policyArn === arn) return true
  // A role ARN in a policy matches that role's sessions.
  const session = roleOfSession(arn)
  const role = /^arn:[^:]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(policyArn)
  return Boolean(session && role && role[1] === session.account && role[2] === session.name)
}

function callerAccount(principal: RequestPrincipal | undefined): string | undefined {
  if (!principal) return undefined
  if (principal.account) return principal.account
  if (principal.arn) return accountOfArn(principal.arn) ?? roleOfSession(principal.arn)?.account
  return undefined
}

/** How a Principal element matches the caller: specifically, only as its account, or not. */
function principalMatch(element: PolicyPrincipal, principal: RequestPrincipal | undefined): 'account' | 'direct' | 'none' {
  if (element === '*') return 'direct'
  let accountOnly = false
  for (const [type, raw] of Object.entries(element)) {
    for (const value of asList(raw) ?? []) {
      switch (type) {
        case 'AWS': {
          if (value === '*') return 'direct'
          const account = callerAccount(principal)
          const accountPrincipal = /^\d{12}$/.test(value) ? value : /^arn:[^:]+:iam::(\d{12}):root$/.exec(value)?.[1]
          if (accountPrincipal !== undefined) {
            if (account === accountPrincipal) accountOnly = true
          } else if (principal && principalArnMatches(value, principal)) {
            return 'direct'
          }
          break
        }

        case 'Service': {
          if (principal?.service && value.toLowerCase() === principal.service.toLowerCase()) return 'direct'
          break
        }

        case 'Federated': {
          if (principal?.federated === value) return 'direct'
          break
        }

        case 'CanonicalUser': {
          if (principal?.canonicalUser === value) return 'direct'
          break
        }

        default: {
          break
        }
      }
    }
  }
  return accountOnly ? 'account' : 'none'
}

/** A compact description of a Principal element, for explanations. */
export function describePrincipal(element: PolicyPrincipal | undefined): string {
  if (element === undefined) return '(no principal)'
  if (element === '*') return 'everyone (*)'
  return Object.entries(element)
    .flatMap(([type, raw]) => (asList(raw) ?? []).map((v) => `${type} ${v}`))
    .join(', ')
}

// ---------------------------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------------------------

interface LoadedPolicy {
  doc: ReturnType<typeof parsePolicy>
  id: string
  sourceType: 'identity' | 'resource'
  type: string
}

function loadPolicy(input: NamedPolicy | PolicyInput, fallbackId: string, sourceType: 'identity' | 'resource'): LoadedPolicy {
  const named = typeof input === 'object' && 'document' in input ? input : undefined
  const doc = parsePolicy(named ? named.document : (input as PolicyInput))
  return {
    doc,
    id: named?.id ?? doc.Id ?? fallbackId,
    sourceType,
    type: named?.type ?? (sourceType === 'identity' ? 'IAM Policy' : 'Resource Policy'),
  }
}

function evaluateStatement(
  statement: PolicyStatement,
  index: number,
  policy: LoadedPolicy,
  action: string,
  resource: string,
  ctx: NormalizedContext,
  principal: RequestPrincipal | undefined,
): StatementTrace {
  const variables = policy.doc.Version === '2012-10-17'
  const actions = asList(statement.Action)
  const actionMatched = actions
    ? actions.some((a) => actionMatches(a, action))
    : !(asList(statement.NotAction) ?? []).some((a) => actionMatches(a, action))

  const resourcePatternMatches = (pattern: string) => {
    const p = substitute(pattern, ctx, variables)
    if (p === undefined) return false
    if (!p.includes(LITERAL)) return arnMatches(p, resource)
    return literalAwareGlob(p, resource)
  }
  const resources = asList(statement.Resource)
  const notResources = asList(statement.NotResource)
  const resourceMatched = resources
    ? resources.some((r) => resourcePatternMatches(r))
    : notResources
      ? !notResources.some((r) => resourcePatternMatches(r))
      : true

  let match: StatementTrace['principalMatch'] = 'not-applicable'
  if (policy.sourceType === 'resource') {
    if (statement.Principal !== undefined) {
      match = principalMatch(statement.Principal, principal)
    } else if (statement.NotPrincipal === undefined) {
      match = 'none' // a resource-policy statement must name a principal
    } else {
      // Only an exact match excludes: `NotPrincipal: {AWS: <account root>}` does not exempt the
      // account's users and roles (IAM docs tell you to list the role ARN and the account).
      match = principalMatch(statement.NotPrincipal, principal) === 'direct' ? 'none' : 'direct'
    }
  }

  const conditions: ConditionTrace[] = []
  for (const [operator, entries] of Object.entries(statement.Condition ?? {})) {
    if (!entries || typeof entries !== 'object') continue
    for (const [key, values] of Object.entries(entries)) {
      conditions.push(evaluateCondition(operator, key, values, ctx, variables))
    }
  }
  const conditionsMatched = conditions.every((c) => c.passed)
  return {
    actionMatched,
    applies: actionMatched && resourceMatched && match !== 'none' && conditionsMatched,
    conditions,
    conditionsMatched,
    effect: statement.Effect,
    index,
    principalMatch: match,
    resourceMatched,
    ...(statement.Sid === undefined ? {} : {sid: statement.Sid}),
    source: policy.id,
    sourceType: policy.sourceType,
  }
}

interface InternalResult extends EvaluateResult {
  contributing: Array<MatchedStatement & {type: string}>
}

function evaluateInternal(input: EvaluateInput): InternalResult {
  const ctx = normalizeContext(input.context)
  const resource = input.resource ?? '*'
  const policies: LoadedPolicy[] = (input.identityPolicies ?? []).map((p, i) => loadPolicy(p, `identityPolicies[${i}]`, 'identity'))
  if (input.resourcePolicy !== undefined) policies.push(loadPolicy(input.resourcePolicy, 'resourcePolicy', 'resource'))

  const traces: StatementTrace[] = []
  const typeOf = new Map<StatementTrace, string>()
  for (const policy of policies) {
    for (const [index, statement] of policy.doc.Statement.entries()) {
      const t = evaluateStatement(statement, index, policy, input.action, resource, ctx, input.principal)
      traces.push(t)
      typeOf.set(t, policy.type)
    }
  }

  const applied = traces.filter((t) => t.applies)
  const denies = applied.filter((t) => t.effect === 'Deny')
  const allows = applied.filter((t) => t.effect === 'Allow')
  const identityAllows = allows.filter((t) => t.sourceType === 'identity')
  const directAllows = allows.filter((t) => t.sourceType === 'resource' && t.principalMatch === 'direct')
  const accountAllows = allows.filter((t) => t.sourceType === 'resource' && t.principalMatch === 'account')

  const caller = callerAccount(input.principal)
  const owner = accountOfArn(resource)
  // Cross-account when both accounts are known and differ (no resource policy then means no access).
  const crossAccount = caller !== undefined && owner !== undefined && caller !== owner

  let decision: Decision
  let contributingTraces: StatementTrace[]
  if (denies.length > 0) {
    decision = 'explicitDeny'
    contributingTraces = denies
  } else if (crossAccount) {
    const ok = (directAllows.length > 0 || accountAllows.length > 0) && identityAllows.length > 0
    decision = ok ? 'allowed' : 'implicitDeny'
    contributingTraces = ok ? [...identityAllows, ...directAllows, ...accountAllows] : []
  } else if (input.resourcePolicyRequired) {
    if (directAllows.length > 0) {
      decision = 'allowed'
      contributingTraces = directAllows
    } else if (accountAllows.length > 0 && identityAllows.length > 0) {
      decision = 'allowed'
      contributingTraces = [...identityAllows, ...accountAllows]
    } else {
      decision = 'implicitDeny'
      contributingTraces = []
    }
  } else if (directAllows.length > 0 || identityAllows.length > 0) {
    decision = 'allowed'
    contributingTraces = [...identityAllows, ...directAllows, ...(identityAllows.length > 0 ? accountAllows : [])]
  } else {
    decision = 'implicitDeny'
    contributingTraces = []
  }

  const missing = new Map<string, string>()
  for (const t of traces) {
    if (!t.actionMatched || !t.resourceMatched || t.principalMatch === 'none') continue
    for (const c of t.conditions) {
      if (c.requestValues === undefined && !missing.has(c.key.toLowerCase())) missing.set(c.key.toLowerCase(), c.key)
    }
  }

  const toMatched = (t: StatementTrace): MatchedStatement => ({
    effect: t.effect,
    index: t.index,
    source: t.source,
    sourceType: t.sourceType,
    ...(t.sid === undefined ? {} : {sid: t.sid}),
  })
  return {
    contributing: contributingTraces.map((t) => ({...toMatched(t), type: typeOf.get(t) ?? ''})),
    decision,
    matchedStatements: applied.map((t) => toMatched(t)),
    missingContextKeys: [...missing.values()],
    statements: traces,
  }
}

/** Evaluates one request against identity policies and an optional resource policy. */
export function evaluate(input: EvaluateInput): EvaluateResult {
  const {contributing: _contributing, ...result} = evaluateInternal(input)
  return result
}

// ---------------------------------------------------------------------------------------------
// SimulatePrincipalPolicy
// ---------------------------------------------------------------------------------------------

export interface ContextEntry {
  ContextKeyName: string
  ContextKeyType?: string
  ContextKeyValues: string[]
}

export interface SimulatePrincipalPolicyInput {
  actionNames: string[]
  /** The simulated caller (principal for resource policies). */
  callerArn?: string
  /** The IAM ContextEntries list, or a plain key → value(s) record. */
  contextEntries?: ContextEntry[] | ContextValues
  /** The principal's identity policies (PolicySourceId = NamedPolicy.id or `PolicyInputList.<n>`). */
  policies: Array<NamedPolicy | PolicyInput>
  resourceArns?: string[]
  resourcePolicy?: NamedPolicy | PolicyInput
  resourcePolicyRequired?: boolean
}

export interface SimulatedStatement {
  SourcePolicyId: string
  SourcePolicyType: string
}

export interface ResourceSpecificResult {
  EvalResourceDecision: Decision
  EvalResourceName: string
  MatchedStatements: SimulatedStatement[]
  MissingContextValues: string[]
}

export interface EvaluationResult {
  EvalActionName: string
  EvalDecision: Decision
  EvalResourceName: string
  MatchedStatements: SimulatedStatement[]
  MissingContextValues: string[]
  ResourceSpecificResults?: ResourceSpecificResult[]
}

export interface SimulatePolicyResponse {
  EvaluationResults: EvaluationResult[]
  IsTruncated: false
}

const RESTRICTIVENESS: Record<Decision, number> = {allowed: 0, explicitDeny: 2, implicitDeny: 1}

function contextFromEntries(entries: ContextEntry[] | ContextValues | undefined): ContextValues {
  if (!entries) return {}
  if (!Array.isArray(entries)) return entries
  const out: ContextValues = {}
  for (const e of entries) {
    const list = /list$/i.test(e.ContextKeyType ?? '') || e.ContextKeyValues.length > 1
    out[e.ContextKeyName] = list ? [...e.ContextKeyValues] : (e.ContextKeyValues[0] ?? '')
  }
  return out
}

function dedupeStatements(list: SimulatedStatement[]): SimulatedStatement[] {
  const seen = new Set<string>()
  return list.filter((s) => {
    const k = `${s.SourcePolicyType}\u0000${s.SourcePolicyId}`
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}

/**
 * IAM SimulatePrincipalPolicy / SimulateCustomPolicy, in their response shape: one
 * EvaluationResult per action, aggregated (most restrictive) over the resources, with
 * ResourceSpecificResults when ResourceArns were given. MatchedStatements lists the policies that
 * decided (the Deny ones for explicitDeny, the Allow ones for allowed, none for implicitDeny).
 */
export function simulatePrincipalPolicy(input: SimulatePrincipalPolicyInput): SimulatePolicyResponse {
  const context = contextFromEntries(input.contextEntries)
  const policies = input.policies.map((p, i) =>
    typeof p === 'object' && 'document' in p ? p : {document: p, id: `PolicyInputList.${i + 1}`, type: 'IAM Policy'},
  )
  const resourcePolicy =
    input.resourcePolicy === undefined
      ? undefined
      : typeof input.resourcePolicy === 'object' && 'document' in input.resourcePolicy
        ? input.resourcePolicy
        : {document: input.resourcePolicy, id: 'ResourcePolicy', type: 'Resource Policy'}
  const principal: RequestPrincipal | undefined = input.callerArn ? {arn: input.callerArn} : undefined
  const resources = input.resourceArns && input.resourceArns.length > 0 ? input.resourceArns : undefined

  const results: EvaluationResult[] = input.actionNames.map((action) => {
    const perResource = (resources ?? ['*']).map((resource) => {
      const r = evaluateInternal({
        action,
        context,
        identityPolicies: policies,
        ...(principal ? {principal} : {}),
        resource,
        ...(resourcePolicy ? {resourcePolicy} : {}),
        ...(input.resourcePolicyRequired ? {resourcePolicyRequired: true} : {}),
      })
      return {
        EvalResourceDecision: r.decision,
        EvalResourceName: resource,
        MatchedStatements: dedupeStatements(r.contributing.map((s) => ({SourcePolicyId: s.source, SourcePolicyType: s.type}))),
        MissingContextValues: r.missingContextKeys,
      } satisfies ResourceSpecificResult
    })
    const decision = perResource.reduce<Decision>(
      (worst, r) => (RESTRICTIVENESS[r.EvalResourceDecision] > RESTRICTIVENESS[worst] ? r.EvalResourceDecision : worst),
      'allowed',
    )
    const result: EvaluationResult = {
      EvalActionName: action,
      EvalDecision: decision,
      EvalResourceName: resources?.length === 1 ? (resources[0] ?? '*') : '*',
      MatchedStatements: dedupeStatements(
        perResource.filter((r) => r.EvalResourceDecision === decision).flatMap((r) => r.MatchedStatements),
      ),
      MissingContextValues: [...new Set(perResource.flatMap((r) => r.MissingContextValues))],
    }
    if (resources) result.ResourceSpecificResults = perResource
    return result
  })
  return {EvaluationResults: results, IsTruncated: false}
}

// ---------------------------------------------------------------------------------------------
// Trust policies
// ---------------------------------------------------------------------------------------------

export interface TrustRequest {
  action?: string
  /** Extra request context (condition keys). */
  context?: ContextValues
  /** Shorthand for context `sts:ExternalId` (Cognito: SmsConfiguration.ExternalId). */
  externalId?: string
  principalAccount?: string
  principalArn?: string
  /** e.g. "cognito-idp.amazonaws.com". */
  principalService?: string
  /** Shorthand for context `aws:SourceAccount`. */
  sourceAccount?: string
  /** Shorthand for context `aws:SourceArn` (Cognito: the user pool ARN). */
  sourceArn?: string
}

export interface FailedCondition extends ConditionTrace {
  sid?: string
  statementIndex: number
}

export interface TrustEvaluation {
  allowed: boolean
  decision: Decision
  /** Human-readable reasons, most important first. */
  explanations: string[]
  /**
   * sts:ExternalId as the trust policy sees it: `absent` = no statement that trusts the principal
   * has an sts:ExternalId condition; otherwise the expected values and whether the request matched.
   */
  externalId: {condition: 'absent'} | {condition: 'present'; expected: string[]; matches: boolean; provided?: string}
  /** Conditions that failed in Allow statements that otherwise trust the principal for the action. */
  failedConditions: FailedCondition[]
  matchedStatements: MatchedStatement[]
  /** Some Allow statement names the principal for the action (conditions aside). */
  principalTrusted: boolean
  /** Every statement's trace (conditions included, passed or not), for callers that show evidence. */
  statements: StatementTrace[]
}

const OPERATOR_WORDS: Record<string, string> = {
  arnequals: '=',
  arnlike: 'like',
  arnnotequals: '≠',
  arnnotlike: 'not like',
  bool: '=',
  stringequals: '=',
  stringequalsignorecase: '= (any case)',
  stringlike: 'like',
  stringnotequals: '≠',
  stringnotequalsignorecase: '≠ (any case)',
  stringnotlike: 'not like',
}

function describeExpectation(c: ConditionTrace): string {
  const op = parseOperator(c.operator)
  const word = OPERATOR_WORDS[op.base] ?? c.operator
  const values = c.policyValues.join(' or ')
  return `${c.key} ${word} ${values}`
}

function explainFailure(c: ConditionTrace): string {
  if (c.reason === 'unsupported-operator') {
    return `trust policy uses condition operator ${c.operator} on ${c.key}, which this evaluator does not support`
  }
  if (c.reason === 'missing-key' || c.requestValues === undefined) {
    return `trust policy requires ${describeExpectation(c)} but the request has no ${c.key}`
  }
  if (c.reason === 'unresolved-variable') {
    return `trust policy requires ${describeExpectation(c)} but a policy variable in it has no value`
  }
  return `trust policy requires ${describeExpectation(c)} but the request has ${c.key} = ${c.requestValues.join(', ')}`
}

/**
 * May this principal assume the role? `trustPolicy` is the role's AssumeRolePolicyDocument.
 * For Cognito's SMS role: `{principalService: 'cognito-idp.amazonaws.com', externalId, sourceArn:
 * poolArn, sourceAccount}`. A service principal has no identity policies, so only the trust policy
 * decides (resourcePolicyRequired); an IAM principal would also need sts:AssumeRole in its own
 * policies when the trust only names its account — not modelled here (identity side assumed).
 */
export function evaluateTrust(trustPolicy: PolicyInput, request: TrustRequest): TrustEvaluation {
  const action = request.action ?? 'sts:AssumeRole'
  const context: ContextValues = {...request.context}
  if (request.externalId !== undefined) context['sts:ExternalId'] = request.externalId
  if (request.sourceArn !== undefined) context['aws:SourceArn'] = request.sourceArn
  if (request.sourceAccount !== undefined) context['aws:SourceAccount'] = request.sourceAccount
  const principal: RequestPrincipal = {
    ...(request.principalService ? {service: request.principalService} : {}),
    ...(request.principalArn ? {arn: request.principalArn} : {}),
    ...(request.principalAccount ? {account: request.principalAccount} : {}),
  }
  const result = evaluateInternal({
    action,
    context,
    identityPolicies: [],
    principal,
    resource: '*',
    resourcePolicy: {document: trustPolicy, id: 'trustPolicy', type: 'Resource Policy'},
    resourcePolicyRequired: true,
  })
  const who = request.principalService ?? request.principalArn ?? request.principalAccount ?? 'the caller'

  const candidates = result.statements.filter(
    (t) => t.effect === 'Allow' && t.actionMatched && t.resourceMatched && t.principalMatch !== 'none',
  )
  // An account-root principal in a trust policy delegates to the account's IAM policies; with no
  // identity side here we assume they allow sts:AssumeRole (stated in the doc comment).
  const accountOnlyAllowed =
    result.decision === 'implicitDeny' &&
    candidates.some((t) => t.applies && t.principalMatch === 'account') &&
    !result.statements.some((t) => t.applies && t.effect === 'Deny')
  const decision: Decision = accountOnlyAllowed ? 'allowed' : result.decision

  const failedConditions: FailedCondition[] = []
  for (const t of candidates) {
    if (t.applies) continue
    for (const c of t.conditions) {
      if (!c.passed) failedConditions.push({...c, statementIndex: t.index, ...(t.sid === undefined ? {} : {sid: t.sid})})
    }
  }

  const externalConditions = candidates.flatMap((t) => t.conditions.filter((c) => c.key.toLowerCase() === 'sts:externalid'))
  const provided = context['sts:ExternalId']
  const providedText = Array.isArray(provided) ? provided.join(',') : provided
  const externalId: TrustEvaluation['externalId'] =
    externalConditions.length === 0
      ? {condition: 'absent'}
      : {
          condition: 'present',
          expected: [...new Set(externalConditions.flatMap((c) => c.policyValues))],
          matches: externalConditions.some((c) => c.passed),
          ...(providedText === undefined ? {} : {provided: providedText}),
        }

  const explanations: string[] = []
  const denies = result.statements.filter((t) => t.applies && t.effect === 'Deny')
  for (const t of denies) {
    explanations.push(`trust policy statement ${t.sid ?? `#${t.index}`} explicitly denies ${action} to ${who}`)
  }
  if (candidates.length === 0) {
    const doc = parsePolicy(trustPolicy)
    const trusted = doc.Statement.filter((s) => s.Effect === 'Allow').map((s) => describePrincipal(s.Principal))
    explanations.push(
      `trust policy does not allow ${who} to ${action}` +
        (trusted.length > 0 ? ` (it trusts: ${trusted.join('; ')})` : ' (it has no Allow statement)'),
    )
  } else if (decision !== 'allowed' && denies.length === 0) {
    for (const f of failedConditions) explanations.push(explainFailure(f))
  }
  if (externalId.condition === 'absent') {
    explanations.push('trust policy has no sts:ExternalId condition')
  }

  return {
    allowed: decision === 'allowed',
    decision,
    explanations,
    externalId,
    failedConditions,
    matchedStatements: result.matchedStatements,
    principalTrusted: candidates.length > 0,
    statements: result.statements,
  }
}
