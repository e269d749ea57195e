/**
 * IAM facts: a role and its trust policy (GetRole), and whether a role may perform an action
 * (SimulatePrincipalPolicy, falling back to reading the role's own policies when simulation is
 * denied or not implemented).
 */
import {evaluateIdentityPolicies, parsePolicy, type PolicyDocument} from '../policy.js'
import {type FactContext, type FactDef, FactUnavailable, notApplicable} from '../store.js'
import type {PermissionFact} from './types.js'

export const SIMULATE_ACTION = 'iam:SimulatePrincipalPolicy'
export const POLICY_READING_ACTIONS = ['iam:ListRolePolicies', 'iam:GetRolePolicy', 'iam:ListAttachedRolePolicies', 'iam:GetPolicy', 'iam:GetPolicyVersion']

/** arn:aws:iam::123456789012:role/path/name → name. */
export function roleNameFromArn(arn: string): string {
  return arn.split('/').at(-1) ?? arn
}

export function isRoleArn(arn: string | undefined): arn is string {
  return typeof arn === 'string' && /^arn:aws[a-z-]*:iam::\d{12}:role\/.+/.test(arn)
}

export const role: FactDef<'iam.role'> = {
  action: 'iam:GetRole',
  id: 'iam.role',
  params: ['roleArn'],
  async fetch(ctx, {roleArn}) {
    if (!roleArn) throw notApplicable('no role ARN')
    const name = roleNameFromArn(roleArn)
    const [client, {GetRoleCommand}] = await Promise.all([ctx.session.client('iam', 'us-east-1'), import('@aws-sdk/client-iam')])
    try {
      const out = await ctx.call('iam:GetRole', (abortSignal) => client.send(new GetRoleCommand({RoleName: name}), {abortSignal}))
      return {arn: out.Role?.Arn ?? roleArn, exists: true, name, trust: parsePolicy(out.Role?.AssumeRolePolicyDocument)}
    } catch (error) {
      if (error instanceof FactUnavailable && error.outcome.kind === 'error' && /NoSuchEntity/.test(error.outcome.code ?? '')) {
        return {arn: roleArn, exists: false, name}
      }

      throw error
    }
  },
}

async function readRolePolicies(ctx: FactContext, roleName: string): Promise<{name: string; document: PolicyDocument | undefined}[]> {
  const [client, iam] = await Promise.all([ctx.session.client('iam', 'us-east-1'), import('@aws-sdk/client-iam')])
  const [inlineNames, attached] = await Promise.all([
    ctx.call('iam:ListRolePolicies', (abortSignal) => client.send(new iam.ListRolePoliciesCommand({RoleName: roleName}), {abortSignal})),
    ctx.call('iam:ListAttachedRolePolicies', (abortSignal) => client.send(new iam.ListAttachedRolePoliciesCommand({RoleName: roleName}), {abortSignal})),
  ])
  const inline = Promise.all(
    (inlineNames.PolicyNames ?? []).map(async (PolicyName) => {
      const out = await ctx.call('iam:GetRolePolicy', (abortSignal) => client.send(new iam.GetRolePolicyCommand({PolicyName, RoleName: roleName}), {abortSignal}))
      return {document: parsePolicy(out.PolicyDocument), name: `inline ${PolicyName}`}
    }),
  )
  const managed = Promise.all(
    (attached.AttachedPolicies ?? []).map(async (p) => {
      const PolicyArn = p.PolicyArn ?? ''
      const policy = await ctx.call('iam:GetPolicy', (abortSignal) => client.send(new iam.GetPolicyCommand({PolicyArn}), {abortSignal}))
      const VersionId = policy.Policy?.DefaultVersionId ?? 'v1'
      const version = await ctx.call('iam:GetPolicyVersion', (abortSignal) => client.send(new iam.GetPolicyVersionCommand({PolicyArn, VersionId}), {abortSignal}))
      return {document: parsePolicy(version.PolicyVersion?.Document), name: `managed ${p.PolicyName ?? PolicyArn}`}
    }),
  )
  return [...(await inline), ...(await managed)]
}

/** The `context` param: condition keys the real request carries, JSON-encoded so it can key the memo. */
export function requestContext(values: Record<string, string>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(values).sort(([a], [b]) => (a < b ? -1 : 1))))
}

function readContext(param: string | undefined): Record<string, string> {
  if (!param) return {}
  const parsed = JSON.parse(param) as Record<string, unknown>
  return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'))
}

function contextNote(context: Record<string, string>): string[] {
  const entries = Object.entries(context)
  return entries.length > 0 ? [`request context: ${entries.map(([k, v]) => `${k} = ${v}`).join(', ')}`] : []
}

async function simulate(ctx: FactContext, principalArn: string, action: string, resource: string, context: Record<string, string>): Promise<PermissionFact> {
  const [client, {SimulatePrincipalPolicyCommand}] = await Promise.all([ctx.session.client('iam', 'us-east-1'), import('@aws-sdk/client-iam')])
  const ContextEntries = Object.entries(context).map(([ContextKeyName, value]) => ({ContextKeyName, ContextKeyType: 'string' as const, ContextKeyValues: [value]}))
  const out = await ctx.call(SIMULATE_ACTION, (abortSignal) =>
    client.send(
      new SimulatePrincipalPolicyCommand({ActionNames: [action], PolicySourceArn: principalArn, ResourceArns: [resource], ...(ContextEntries.length > 0 ? {ContextEntries} : {})}),
      {abortSignal},
    ),
  )
  const result = out.EvaluationResults?.[0]
  const decision = result?.EvalDecision === 'allowed' ? 'allowed' : result?.EvalDecision === 'explicitDeny' ? 'explicitDeny' : 'implicitDeny'
  const notes = [
    ...contextNote(context),
    ...(result?.MatchedStatements ?? []).map((s) => `statement in ${s.SourcePolicyId ?? 'a policy'}${s.SourcePolicyType ? ` (${s.SourcePolicyType})` : ''}`),
    ...(result?.MissingContextValues?.length ? [`condition keys not supplied to the simulation: ${result.MissingContextValues.join(', ')}`] : []),
  ]
  return {action, decision, method: 'simulation', notes, principalArn, resource}
}

/**
 * Whether a role may perform `action` on `resource` (with the condition keys in `context`, see
 * requestContext): simulated, or read from its policies when simulation is denied or not
 * implemented. A role that does not exist is not applicable here.
 */
export const permission: FactDef<'iam.permission'> = {
  action: SIMULATE_ACTION,
  id: 'iam.permission',
  params: ['principalArn', 'action', 'resource', 'context'],
  async fetch(ctx, params) {
    const {action, principalArn, resource = '*'} = params
    if (!principalArn || !action) throw notApplicable('no role to check')
    const context = readContext(params.context)
    try {
      return await simulate(ctx, principalArn, action, resource, context)
    } catch (error) {
      if (!(error instanceof FactUnavailable)) throw error
      const {outcome} = error
      if (outcome.kind === 'error' && /NoSuchEntity/.test(outcome.code ?? '')) throw notApplicable(`the role ${principalArn} does not exist`)
      if (outcome.kind !== 'denied' && outcome.kind !== 'unsupported') throw error
      let policies
      try {
        policies = await readRolePolicies(ctx, roleNameFromArn(principalArn))
      } catch (fallbackError) {
        if (fallbackError instanceof FactUnavailable && (fallbackError.outcome.kind === 'denied' || fallbackError.outcome.kind === 'unsupported')) {
          throw new FactUnavailable({
            ...outcome,
            action: `${SIMULATE_ACTION} (or, to read the role's policies instead, ${POLICY_READING_ACTIONS.join(', ')})`,
            message: `${outcome.message}; reading the policies failed too: ${fallbackError.outcome.message}`,
          })
        }

        if (fallbackError instanceof FactUnavailable && fallbackError.outcome.kind === 'error' && /NoSuchEntity/.test(fallbackError.outcome.code ?? '')) {
          throw notApplicable(`the role ${principalArn} does not exist`)
        }

        throw fallbackError
      }

      const verdict = evaluateIdentityPolicies(policies, action, resource, context)
      const notes = [
        `${SIMULATE_ACTION} was ${outcome.kind === 'denied' ? 'denied' : 'not available'}, so the role's ${policies.length} policies were read instead`,
        ...contextNote(context),
        ...verdict.matched.map((m) => `decided by ${m}`),
        ...(verdict.missingContextKeys.length > 0 ? [`conditions on ${verdict.missingContextKeys.join(', ')} were judged with those keys absent, as the simulator does without context entries`] : []),
        ...verdict.unreadable.map((u) => `left out, not a readable policy: ${u}`),
        'permission boundaries, SCPs and resource policies were not evaluated',
      ]
      return {action, decision: verdict.decision, method: 'policy-reading', notes, principalArn, resource}
    }
  },
}
