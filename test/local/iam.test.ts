import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from '@aws-sdk/client-iam'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {LocalServer} from '../../src/lib/local/server.js'
import {sdkConfig, sdkError, withServer} from './helpers.js'

let server: LocalServer
let iam: IAMClient

beforeAll(async () => {
  server = await withServer({
    scenario: {
      account: {id: '111122223333'},
      iam: {
        policies: [{Document: {Statement: [{Action: 'sns:Publish', Effect: 'Allow', Resource: '*'}]}, PolicyName: 'publish-sms'}],
        roles: [
          {
            AssumeRolePolicyDocument: JSON.stringify({Statement: [{Action: 'sts:AssumeRole', Effect: 'Allow', Principal: {Service: 'cognito-idp.amazonaws.com'}}], Version: '2012-10-17'}),
            AttachedManagedPolicies: [{PolicyArn: 'arn:aws:iam::111122223333:policy/publish-sms'}],
            Path: '/service-role/',
            RoleName: 'CognitoSms',
            RolePolicyList: [{PolicyDocument: {Statement: {Action: 'logs:*', Effect: 'Allow', Resource: '*'}}, PolicyName: 'logs'}],
          },
        ],
      },
    },
  })
  // IAM is global: any signing region reaches the same roles.
  iam = new IAMClient(sdkConfig(server, 'eu-west-1'))
})

afterAll(async () => {
  iam.destroy()
  await server.close()
})

describe('IAM roles and policies', () => {
  it('returns a role with its trust policy URL-encoded, as IAM does', async () => {
    const {Role} = await iam.send(new GetRoleCommand({RoleName: 'CognitoSms'}))
    expect(Role).toMatchObject({Arn: 'arn:aws:iam::111122223333:role/service-role/CognitoSms', Path: '/service-role/', RoleName: 'CognitoSms'})
    expect(JSON.parse(decodeURIComponent(Role!.AssumeRolePolicyDocument!))).toMatchObject({Statement: [{Principal: {Service: 'cognito-idp.amazonaws.com'}}]})
    expect(Role?.CreateDate).toBeInstanceOf(Date)
  })

  it('lists and returns inline and attached policies', async () => {
    expect((await iam.send(new ListRolePoliciesCommand({RoleName: 'CognitoSms'}))).PolicyNames).toEqual(['logs'])
    const inline = await iam.send(new GetRolePolicyCommand({PolicyName: 'logs', RoleName: 'CognitoSms'}))
    expect(JSON.parse(decodeURIComponent(inline.PolicyDocument!))).toEqual({Statement: {Action: 'logs:*', Effect: 'Allow', Resource: '*'}})
    const attached = await iam.send(new ListAttachedRolePoliciesCommand({RoleName: 'CognitoSms'}))
    expect(attached.AttachedPolicies).toEqual([{PolicyArn: 'arn:aws:iam::111122223333:policy/publish-sms', PolicyName: 'publish-sms'}])
    const policy = await iam.send(new GetPolicyCommand({PolicyArn: 'arn:aws:iam::111122223333:policy/publish-sms'}))
    expect(policy.Policy).toMatchObject({AttachmentCount: 1, DefaultVersionId: 'v1'})
    const version = await iam.send(new GetPolicyVersionCommand({PolicyArn: 'arn:aws:iam::111122223333:policy/publish-sms', VersionId: 'v1'}))
    expect(JSON.parse(decodeURIComponent(version.PolicyVersion!.Document!))).toMatchObject({Statement: [{Action: 'sns:Publish'}]})
  })

  it('answers missing roles and policies with NoSuchEntityException', async () => {
    expect((await sdkError(iam.send(new GetRoleCommand({RoleName: 'Nope'})))).name).toBe('NoSuchEntityException')
    expect((await sdkError(iam.send(new GetRolePolicyCommand({PolicyName: 'nope', RoleName: 'CognitoSms'})))).name).toBe('NoSuchEntityException')
    expect((await sdkError(iam.send(new GetPolicyCommand({PolicyArn: 'arn:aws:iam::111122223333:policy/nope'})))).name).toBe('NoSuchEntityException')
  })
})
