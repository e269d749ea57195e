/**
 * AWS IAM, read side (query protocol, 2010-05-08; global): the roles and policies of the
 * scenario, as `GetRole`, `ListRolePolicies`, `GetRolePolicy`, `ListAttachedRolePolicies`,
 * `GetPolicy` and `GetPolicyVersion` return them. Policy documents are URL-encoded JSON on the wire,
 * as real IAM sends them (callers decodeURIComponent them). Policy evaluation
 * (SimulatePrincipalPolicy) belongs to iam-policy.ts and plugs in next to these.
 *
 * ⚠ Only the AWS-managed policies listed in AWS_MANAGED_POLICIES are known; any other
 * arn:aws:iam::aws:policy/… answers NoSuchEntity.
 */
import {stableId} from '../state.js'
import {type OperationContext, type OperationHandler, type OperationInput, ServiceError} from '../types.js'
import {num, paginate, str} from './util.js'

type PolicyDocument = Record<string, unknown>

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

function findRole(context: OperationContext, name: string) {
  const role = context.world.state.iam.roles.find((r) => r.RoleName === name)
  if (!role) throw new ServiceError('NoSuchEntity', `The role with name ${name} cannot be found.`, 404)
  return role
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

function findPolicy(context: OperationContext, arn: string): {arn: string; document: PolicyDocument; name: string; path: string} {
  const own = context.world.state.iam.policies.find((p) => p.Arn === arn)
  if (own) return {arn, document: own.Document, name: own.PolicyName, path: own.Path}
  const managed = AWS_MANAGED_POLICIES[arn]
  if (managed) {
    const parts = arn.split(':policy')[1]!.split('/')
    return {arn, document: managed, name: parts.pop()!, path: `${parts.join('/')}/`}
  }

  throw new ServiceError('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`, 404)
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

export const iamOperations: Record<string, OperationHandler> = {
  GetPolicy: getPolicy,
  GetPolicyVersion: getPolicyVersion,
  GetRole: getRole,
  GetRolePolicy: getRolePolicy,
  ListAttachedRolePolicies: listAttachedRolePolicies,
  ListRolePolicies: listRolePolicies,
}
