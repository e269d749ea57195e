/**
 * Amazon Cognito user pools, read side (JSON 1.1, AWSCognitoIdentityProviderService; aws-facts §3):
 * ListUserPools, DescribeUserPool, GetUserPoolMfaConfig, AdminGetUser. DescribeUserPool answers with
 * the scenario's UserPoolType fields as given, plus the ones every real pool has.
 */
import {createHash} from 'node:crypto'

import type {UserPoolState} from '../state.js'
import {type OperationContext, type OperationHandler, type OperationInput, ServiceError} from '../types.js'
import {num, paginate, str, validationText} from './util.js'

/** mfa-sms's own keys on a scenario pool, never part of UserPoolType. */
const OWN_KEYS = new Set(['emailMfa', 'smsMfa', 'softwareTokenMfa', 'users'])

function required(input: OperationInput, name: string, member: string): string {
  const value = str(input, name)
  if (value === undefined || value === '') throw new ServiceError('InvalidParameterException', validationText(undefined, member, 'Member must not be null'), 400)
  return value
}

function findPool(context: OperationContext, id: string): UserPoolState {
  const pool = context.world.state.region(context.region).userPools.get(id)
  if (!pool) throw new ServiceError('ResourceNotFoundException', `User pool ${id} does not exist.`, 400)
  return pool
}

function smsMfaEnabled(p: UserPoolState): boolean {
  return p.pool.smsMfa ?? (p.pool.MfaConfiguration !== 'OFF' && p.pool.SmsConfiguration !== undefined)
}

function userPoolType(p: UserPoolState): Record<string, unknown> {
  const given = Object.fromEntries(Object.entries(p.pool).filter(([k]) => !OWN_KEYS.has(k)))
  return {
    AccountRecoverySetting: {RecoveryMechanisms: [{Name: 'verified_email', Priority: 1}, {Name: 'verified_phone_number', Priority: 2}]},
    AdminCreateUserConfig: {AllowAdminCreateUserOnly: false, UnusedAccountValidityDays: 7},
    DeletionProtection: 'INACTIVE',
    EmailConfiguration: {EmailSendingAccount: 'COGNITO_DEFAULT'},
    LambdaConfig: {},
    Policies: {
      PasswordPolicy: {MinimumLength: 8, RequireLowercase: true, RequireNumbers: true, RequireSymbols: true, RequireUppercase: true, TemporaryPasswordValidityDays: 7},
      SignInPolicy: {AllowedFirstAuthFactors: ['PASSWORD']},
    },
    UserPoolTier: 'ESSENTIALS',
    VerificationMessageTemplate: {DefaultEmailOption: 'CONFIRM_WITH_CODE'},
    ...given,
    Arn: p.arn,
    CreationDate: p.creationDate,
    EstimatedNumberOfUsers: p.users.size,
    LastModifiedDate: p.lastModifiedDate,
  }
}

const listUserPools: OperationHandler = (input, context) => {
  const max = num(input, 'MaxResults')
  if (max === undefined) throw new ServiceError('InvalidParameterException', validationText(undefined, 'maxResults', 'Member must not be null'), 400)
  if (!Number.isInteger(max) || max < 1 || max > 60) {
    throw new ServiceError('InvalidParameterException', validationText(max, 'maxResults', 'Member must have value less than or equal to 60'), 400)
  }

  const pools = [...context.world.state.region(context.region).userPools.values()].map((p) => ({
    CreationDate: p.creationDate,
    Id: p.pool.Id,
    LambdaConfig: p.pool.LambdaConfig ?? {},
    LastModifiedDate: p.lastModifiedDate,
    Name: p.pool.Name,
  }))
  const {nextToken, page} = paginate(pools, {
    defaultMax: max,
    invalidToken: () => new ServiceError('InvalidParameterException', 'The pagination token is not valid.', 400),
    maxResults: max,
    nextToken: str(input, 'NextToken'),
  })
  return {NextToken: nextToken, UserPools: page}
}

const describeUserPool: OperationHandler = (input, context) => {
  const pool = findPool(context, required(input, 'UserPoolId', 'userPoolId'))
  return {UserPool: userPoolType(pool)}
}

const getUserPoolMfaConfig: OperationHandler = (input, context) => {
  const p = findPool(context, required(input, 'UserPoolId', 'userPoolId'))
  return {
    ...(p.pool.emailMfa ? {EmailMfaConfiguration: {}} : {}),
    MfaConfiguration: p.pool.MfaConfiguration,
    ...(smsMfaEnabled(p)
      ? {SmsMfaConfiguration: {SmsAuthenticationMessage: p.pool.SmsAuthenticationMessage, SmsConfiguration: p.pool.SmsConfiguration}}
      : {}),
    SoftwareTokenMfaConfiguration: {Enabled: p.pool.softwareTokenMfa},
  }
}

const adminGetUser: OperationHandler = (input, context) => {
  const p = findPool(context, required(input, 'UserPoolId', 'userPoolId'))
  const username = required(input, 'Username', 'username')
  const user = p.users.get(username) ?? [...p.users.values()].find((u) => u.attributes.sub === username)
  if (!user) throw new ServiceError('UserNotFoundException', 'User does not exist.', 400)
  const sub = user.attributes.sub ?? uuidFrom(`${p.pool.Id}/${user.username}`)
  const attributes = {sub, ...user.attributes}
  return {
    Enabled: user.enabled,
    MFAOptions: user.mfaMethods.includes('SMS_MFA') ? [{AttributeName: 'phone_number', DeliveryMedium: 'SMS'}] : undefined,
    PreferredMfaSetting: user.preferredMfa,
    UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({Name, Value})),
    UserCreateDate: user.createdAt,
    UserLastModifiedDate: user.createdAt,
    UserMFASettingList: user.mfaMethods.length > 0 ? user.mfaMethods : undefined,
    Username: user.username,
    UserStatus: user.status,
  }
}

function uuidFrom(text: string): string {
  const h = createHash('sha256').update(text).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`
}

export const cognitoOperations: Record<string, OperationHandler> = {
  AdminGetUser: adminGetUser,
  DescribeUserPool: describeUserPool,
  GetUserPoolMfaConfig: getUserPoolMfaConfig,
  ListUserPools: listUserPools,
}
