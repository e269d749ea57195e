import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  ListUserPoolsCommand,
  ListUsersCommand,
  paginateListUserPools,
} from '@aws-sdk/client-cognito-identity-provider'
import {GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {LocalServer} from '../../src/lib/local/server.js'
import {sdkConfig, sdkError, withServer} from './helpers.js'

let server: LocalServer
let cognito: CognitoIdentityProviderClient

beforeAll(async () => {
  server = await withServer({scenario: 'broken'})
  cognito = new CognitoIdentityProviderClient(sdkConfig(server, 'eu-central-1'))
})

afterAll(async () => {
  cognito.destroy()
  await server.close()
})

describe('STS', () => {
  it('answers GetCallerIdentity with the scenario account and caller', async () => {
    const sts = new STSClient(sdkConfig(server, 'eu-west-1'))
    try {
      const id = await sts.send(new GetCallerIdentityCommand({}))
      expect(id).toMatchObject({Account: '444455556666', Arn: 'arn:aws:sts::444455556666:assumed-role/Developer/jane'})
      expect(id.UserId).toMatch(/^AROA[A-Z0-9]+:jane$/)
    } finally {
      sts.destroy()
    }
  })
})

describe('Cognito user pools', () => {
  it('describes a pool with its SMS configuration, triggers and failure exactly as the scenario has them', async () => {
    const {UserPool} = await cognito.send(new DescribeUserPoolCommand({UserPoolId: 'eu-central-1_Br0kenFra'}))
    expect(UserPool).toMatchObject({
      Arn: 'arn:aws:cognito-idp:eu-central-1:444455556666:userpool/eu-central-1_Br0kenFra',
      AutoVerifiedAttributes: ['phone_number'],
      EmailConfiguration: {EmailSendingAccount: 'COGNITO_DEFAULT'},
      Id: 'eu-central-1_Br0kenFra',
      LambdaConfig: {
        CustomMessage: 'arn:aws:lambda:eu-central-1:444455556666:function:shop-custom-message',
        CustomSMSSender: {LambdaArn: 'arn:aws:lambda:eu-central-1:444455556666:function:shop-sms-sender', LambdaVersion: 'V1_0'},
        KMSKeyID: 'arn:aws:kms:eu-central-1:444455556666:alias/cognito-sms-sender',
      },
      MfaConfiguration: 'ON',
      Name: 'shop-customers',
      SmsAuthenticationMessage: 'Your code is {####}',
      SmsConfiguration: {ExternalId: '0c9d8e7f-broken', SnsCallerArn: 'arn:aws:iam::444455556666:role/CognitoSmsRole-broken'},
      SmsConfigurationFailure: 'SNSSandbox',
    })
    expect(UserPool?.SmsConfiguration?.SnsRegion).toBeUndefined()
    expect(UserPool?.CreationDate).toBeInstanceOf(Date)
    expect(UserPool?.EstimatedNumberOfUsers).toBe(3)
    expect(UserPool).not.toHaveProperty('users')
  })

  it('passes the End User Messaging path (EumsSms) through', async () => {
    const eumsServer = await withServer({
      scenario: {
        regions: {
          'eu-west-1': {
            userPools: [{Id: 'eu-west-1_Eums1', Name: 'eums', SmsConfiguration: {EumsSms: {CallerArn: 'arn:aws:iam::123456789012:role/eums', ExternalId: 'x', OriginationIdentity: 'pool-abc'}}}],
          },
        },
      },
    })
    const client = new CognitoIdentityProviderClient(sdkConfig(eumsServer, 'eu-west-1'))
    try {
      const {UserPool} = await client.send(new DescribeUserPoolCommand({UserPoolId: 'eu-west-1_Eums1'}))
      expect(UserPool?.SmsConfiguration?.EumsSms).toEqual({CallerArn: 'arn:aws:iam::123456789012:role/eums', ExternalId: 'x', OriginationIdentity: 'pool-abc'})
    } finally {
      client.destroy()
      await eumsServer.close()
    }
  })

  it('lists pools per region with pagination', async () => {
    const many = await withServer({
      scenario: {regions: {'us-west-2': {userPools: Array.from({length: 5}, (_, i) => ({Id: `us-west-2_Pool${i}`, Name: `pool-${i}`}))}}},
    })
    const client = new CognitoIdentityProviderClient(sdkConfig(many, 'us-west-2'))
    try {
      const names: string[][] = []
      for await (const page of paginateListUserPools({client, pageSize: 2}, {MaxResults: 2})) names.push(page.UserPools!.map((p) => p.Name!))
      expect(names).toEqual([['pool-0', 'pool-1'], ['pool-2', 'pool-3'], ['pool-4']])
      const elsewhere = await cognito.send(new ListUserPoolsCommand({MaxResults: 60}))
      expect(elsewhere.UserPools?.map((p) => p.Id)).toEqual(['eu-central-1_Br0kenFra'])
    } finally {
      client.destroy()
      await many.close()
    }
  })

  it('reports SMS MFA in GetUserPoolMfaConfig', async () => {
    const mfa = await cognito.send(new GetUserPoolMfaConfigCommand({UserPoolId: 'eu-central-1_Br0kenFra'}))
    expect(mfa.MfaConfiguration).toBe('ON')
    expect(mfa.SmsMfaConfiguration).toMatchObject({SmsAuthenticationMessage: 'Your code is {####}', SmsConfiguration: {ExternalId: '0c9d8e7f-broken'}})
    expect(mfa.SoftwareTokenMfaConfiguration).toEqual({Enabled: false})
  })

  it('returns a user with the scenario attributes', async () => {
    const user = await cognito.send(new AdminGetUserCommand({UserPoolId: 'eu-central-1_Br0kenFra', Username: 'bob'}))
    expect(user).toMatchObject({Enabled: true, PreferredMfaSetting: 'SMS_MFA', UserMFASettingList: ['SMS_MFA'], Username: 'bob', UserStatus: 'CONFIRMED'})
    expect(user.UserAttributes).toContainEqual({Name: 'phone_number', Value: '+4915112345678'})
    expect(user.UserAttributes?.find((a) => a.Name === 'sub')?.Value).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('answers unknown pools, users and operations with Cognito\'s error classes', async () => {
    expect((await sdkError(cognito.send(new DescribeUserPoolCommand({UserPoolId: 'eu-central-1_Nope'})))).name).toBe('ResourceNotFoundException')
    const noUser = await sdkError(cognito.send(new AdminGetUserCommand({UserPoolId: 'eu-central-1_Br0kenFra', Username: 'mallory'})))
    expect(noUser.name).toBe('UserNotFoundException')
    expect(noUser.message).toBe('User does not exist.')
    expect((await sdkError(cognito.send(new ListUserPoolsCommand({MaxResults: 61})))).name).toBe('InvalidParameterException')
    expect((await sdkError(cognito.send(new ListUsersCommand({UserPoolId: 'eu-central-1_Br0kenFra'})))).name).toBe('UnknownOperationException')
  })

  it('keeps pools in their own region', async () => {
    const ireland = new CognitoIdentityProviderClient(sdkConfig(server, 'eu-west-1'))
    try {
      expect((await sdkError(ireland.send(new DescribeUserPoolCommand({UserPoolId: 'eu-central-1_Br0kenFra'})))).name).toBe('ResourceNotFoundException')
    } finally {
      ireland.destroy()
    }
  })
})
