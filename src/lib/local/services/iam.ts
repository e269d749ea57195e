/**
 * AWS IAM, read side (query protocol, 2010-05-08; global): the roles and policies of the
 * scenario, as `GetRole`, `ListRolePolicies`, `GetRolePolicy`, `ListAttachedRolePolicies`,
 * `GetPolicy` and `GetPolicyVersion` return them, and `SimulatePrincipalPolicy` for a role, over its
 * inline and attached policies (the shared evaluator, ../../iam/policy-eval.ts). Policy documents
 * are URL-encoded JSON on the wire, as real IAM sends them (callers decodeURIComponent them).
 *
 * ⚠ Only the AWS-managed policies listed in AWS_MANAGED_POLICIES are known; any other
 * arn:aws:iam::aws:policy/… answers NoSuchEntity (and is left out of simulations). The scenario
 * has roles only: simulating a user or group ARN answers NoSuchEntity.
 */
import {type ContextEntry, type NamedPolicy, type PolicyDocument as EvalPolicyDocument, PolicySyntaxError, simulatePrincipalPolicy} from '../../iam/policy-eval.js'
import {type LocalState, stableId} from '../state.js'
import {type OperationContext, type OperationHandler, type OperationInput, ServiceError} from '../types.js'
import {list, num, paginate, str} from './util.js'

type PolicyDocument = EvalPolicyDocument

/** The few AWS-managed policies SMS/trigger setups attach, with their documents. */
export const AWS_MANAGED_POLICIES: Record<string, PolicyDocument> = {
  'arn:aws:iam::aws:policy/AmazonSNSFullAccess': {Statement: [{Action: ['sns:*'], Effect: 'Allow', Resource: '*'}], Version: '2012-10-17'},
  'arn:aws:iam::aws:policy/AmazonSNSReadOnlyAccess': {
    Statement: [{Action: ['sns:GetTopicAttributes', 'sns:List*', 'sns:CheckIfPhoneNumberIsOptedOut', 'sns:GetEndpointAttributes', 'sns:GetDataProtectionPolicy', 'sns:GetPlatformApplicationAttributes', 'sns:GetSMSAttributes', 'sns:GetSMSSandboxAccountStatus', 'sns:GetSubscriptionAttributes'], Effect: 'Allow', Resource: '*'}],
    Version: '2012-10-17',
  },
  'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole': {
    Statement: [{Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: '*'}],
    Version: '2012-10-17',
  },
}

const encodeDocument = (doc: unknown) => encodeURIComponent(JSON.stringify(doc))
const longAgo = (context: OperationContext) => new Date(context.now().getTime() - 90 * 86_400_000)

function required(input: OperationInput, name: string): string {
  const value = str(input, name)
  if (value === undefined || value === '') {
    throw new ServiceError('ValidationError', `1 validation error detected: Value null at '${name.charAt(0).toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must not be null`, 400)
  }

  return value
}

type ScenarioRole = LocalState['iam']['roles'][number]

function findRole(context: OperationContext, name: string): ScenarioRole {
  const role = context.world.state.iam.roles.find((r) => r.RoleName === name)
  if (!role) throw new ServiceError('NoSuchEntity', `The role with name ${name} cannot be found.`, 404)
  return role
}

/**
 * The scenario role behind an ARN: a role ARN, or an STS assumed-role session of it (as a
 * callerArn may be). Undefined for users, the root and roles the scenario does not have.
 */
export function scenarioRoleOf(state: LocalState, arn: string): ScenarioRole | undefined {
  const session = /^arn:aws[a-z-]*:sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(arn)
  if (session) return session[1] === state.accountId ? state.iam.roles.find((r) => r.RoleName === session[2]) : undefined
  return state.iam.roles.find((r) => r.Arn === arn)
}

/** A role's identity policies for the evaluator: inline ones, then attached ones IAM knows. */
export function rolePolicies(state: LocalState, role: ScenarioRole): NamedPolicy[] {
  const inline = role.RolePolicyList.map((p) => ({document: p.PolicyDocument as PolicyDocument, id: p.PolicyName, type: 'IAM Policy'}))
  const attached = role.AttachedManagedPolicies.flatMap((p) => {
    const policy = lookupPolicy(state, p.PolicyArn)
    return policy ? [{document: policy.document, id: policy.name, type: 'IAM Policy'}] : []
  })
  return [...inline, ...attached]
}

function pageOf<T>(items: T[], input: OperationInput): {IsTruncated: boolean; Marker?: string; page: T[]} {
  const {nextToken, page} = paginate(items, {
    defaultMax: 100,
    invalidToken: () => new ServiceError('InvalidInput', 'Invalid Marker.', 400),
    maxResults: num(input, 'MaxItems'),
    nextToken: str(input, 'Marker'),
  })
  return {IsTruncated: nextToken !== undefined, Marker: nextToken, page}
}

const getRole: OperationHandler = (input, context) => {
  const role = findRole(context, required(input, 'RoleName'))
  return {
    Role: {
      Arn: role.Arn,
      AssumeRolePolicyDocument: encodeDocument(role.AssumeRolePolicyDocument),
      CreateDate: longAgo(context),
      Description: typeof role.Description === 'string' ? role.Description : undefined,
      MaxSessionDuration: 3600,
      Path: role.Path,
      RoleId: `AROA${stableId(role.Arn).toUpperCase().slice(0, 17)}`,
      RoleName: role.RoleName,
    },
  }
}

const listRolePolicies: OperationHandler = (input, context) => {
  const role = findRole(context, required(input, 'RoleName'))
  const {IsTruncated, Marker, page} = pageOf(role.RolePolicyList.map((p) => p.PolicyName), input)
  return {IsTruncated, Marker, PolicyNames: page}
}

const getRolePolicy: OperationHandler = (input, context) => {
  const role = findRole(context, required(input, 'RoleName'))
  const name = required(input, 'PolicyName')
  const policy = role.RolePolicyList.find((p) => p.PolicyName === name)
  if (!policy) throw new ServiceError('NoSuchEntity', `The role policy with name ${name} cannot be found.`, 404)
  return {PolicyDocument: encodeDocument(policy.PolicyDocument), PolicyName: name, RoleName: role.RoleName}
}

const listAttachedRolePolicies: OperationHandler = (input, context) => {
  const role = findRole(context, required(input, 'RoleName'))
  const attached = role.AttachedManagedPolicies.map((p) => ({PolicyArn: p.PolicyArn, PolicyName: p.PolicyName ?? p.PolicyArn.split('/').pop()}))
  const {IsTruncated, Marker, page} = pageOf(attached, input)
  return {AttachedPolicies: page, IsTruncated, Marker}
}

function lookupPolicy(state: LocalState, arn: string): {arn: string; document: PolicyDocument; name: string; path: string} | undefined {
  const own = state.iam.policies.find((p) => p.Arn === arn)
  if (own) return {arn, document: own.Document as PolicyDocument, name: own.PolicyName, path: own.Path}
  const managed = AWS_MANAGED_POLICIES[arn]
  if (managed) {
    const parts = arn.split(':policy')[1]!.split('/')
    return {arn, document: managed, name: parts.pop()!, path: `${parts.join('/')}/`}
  }

  return undefined
}

function findPolicy(context: OperationContext, arn: string): {arn: string; document: PolicyDocument; name: string; path: string} {
  const policy = lookupPolicy(context.world.state, arn)
  if (!policy) throw new ServiceError('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`, 404)
  return policy
}

const getPolicy: OperationHandler = (input, context) => {
  const policy = findPolicy(context, required(input, 'PolicyArn'))
  const attachments = context.world.state.iam.roles.filter((r) => r.AttachedManagedPolicies.some((p) => p.PolicyArn === policy.arn)).length
  return {
    Policy: {
      Arn: policy.arn,
      AttachmentCount: attachments,
      CreateDate: longAgo(context),
      DefaultVersionId: 'v1',
      IsAttachable: true,
      Path: policy.path,
      PermissionsBoundaryUsageCount: 0,
      PolicyId: `ANPA${stableId(policy.arn).toUpperCase().slice(0, 17)}`,
      PolicyName: policy.name,
      UpdateDate: longAgo(context),
    },
  }
}

const getPolicyVersion: OperationHandler = (input, context) => {
  const policy = findPolicy(context, required(input, 'PolicyArn'))
  const version = required(input, 'VersionId')
  if (version !== 'v1') throw new ServiceError('NoSuchEntity', `Policy ${policy.arn} version ${version} does not exist or is not attachable.`, 404)
  return {PolicyVersion: {CreateDate: longAgo(context), Document: encodeDocument(policy.document), IsDefaultVersion: true, VersionId: 'v1'}}
}

function strings(input: OperationInput, name: string): string[] {
  return (list(input, name) ?? []).filter((v): v is string => typeof v === 'string')
}

/** ContextEntries as the query protocol decodes them (ContextEntries.member.N.ContextKeyValues.member.M). */
function contextEntries(input: OperationInput): ContextEntry[] {
  return (list(input, 'ContextEntries') ?? []).flatMap((raw) => {
    if (!raw || typeof raw !== 'object') return []
    const entry = raw as OperationInput
    const name = str(entry, 'ContextKeyName')
    if (!name) throw new ServiceError('InvalidInput', 'Each ContextEntries member needs a ContextKeyName.', 400)
    return [{ContextKeyName: name, ContextKeyType: str(entry, 'ContextKeyType'), ContextKeyValues: strings(entry, 'ContextKeyValues')}]
  })
}

const simulatePrincipalPolicyOperation: OperationHandler = (input, context) => {
  const {state} = context.world
  const sourceArn = required(input, 'PolicySourceArn')
  const source = /^arn:aws[a-z-]*:iam::(\d{12}):(user|group|role)\/(?:.*\/)?([^/]+)$/.exec(sourceArn)
  if (!source) throw new ServiceError('InvalidInput', `ARN ${sourceArn} is not valid.`, 400)
  const role = source[2] === 'role' ? state.iam.roles.find((r) => r.Arn === sourceArn) : undefined
  if (!role) throw new ServiceError('NoSuchEntity', `The ${source[2]} with name ${source[3]} cannot be found.`, 404)
  const actions = strings(input, 'ActionNames')
  if (actions.length === 0) throw new ServiceError('ValidationError', "1 validation error detected: Value null at 'actionNames' failed to satisfy constraint: Member must not be null", 400)
  const resourcePolicy = str(input, 'ResourcePolicy')
  let response
  try {
    response = simulatePrincipalPolicy({
      actionNames: actions,
      callerArn: str(input, 'CallerArn') ?? sourceArn,
      contextEntries: contextEntries(input),
      policies: [...rolePolicies(state, role), ...strings(input, 'PolicyInputList').map((document, i) => ({document, id: `PolicyInputList.${i + 1}`, type: 'IAM Policy'}))],
      resourceArns: strings(input, 'ResourceArns'),
      ...(resourcePolicy === undefined ? {} : {resourcePolicy: {document: resourcePolicy, id: 'ResourcePolicy', type: 'Resource Policy'}}),
    })
  } catch (error) {
    if (error instanceof PolicySyntaxError) throw new ServiceError('MalformedPolicyDocument', error.message, 400)
    throw error
  }

  const {IsTruncated, Marker, page} = pageOf(response.EvaluationResults, input)
  return {EvaluationResults: page, IsTruncated, Marker}
}

export const iamOperations: Record<string, OperationHandler> = {
  GetPolicy: getPolicy,
  GetPolicyVersion: getPolicyVersion,
  GetRole: getRole,
  GetRolePolicy: getRolePolicy,
  ListAttachedRolePolicies: listAttachedRolePolicies,
  ListRolePolicies: listRolePolicies,
  SimulatePrincipalPolicy: simulatePrincipalPolicyOperation,
}
