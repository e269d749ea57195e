import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  paginateListAttachedRolePolicies,
  paginateListRolePolicies,
  SimulatePrincipalPolicyCommand,
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
          {
            AssumeRolePolicyDocument: {Statement: [{Action: 'sts:AssumeRole', Effect: 'Allow', Principal: {Service: 'lambda.amazonaws.com'}}]},
            AttachedManagedPolicies: [{PolicyArn: 'arn:aws:iam::aws:policy/AmazonSNSFullAccess'}],
            RoleName: 'Sender',
            RolePolicyList: [
              {
                PolicyDocument: {
                  Statement: [
                    {Action: 'sns:Publish', Effect: 'Deny', Resource: 'arn:aws:sns:*:111122223333:internal-*'},
                    {Action: 'kms:Decrypt', Condition: {StringEquals: {'kms:EncryptionContext:userpool-id': 'eu-west-1_AbCdEf123'}}, Effect: 'Allow', Resource: 'arn:aws:kms:eu-west-1:111122223333:key/*'},
                  ],
                  Version: '2012-10-17',
                },
                PolicyName: 'guard-rails',
              },
            ],
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

  it('pages inline and attached policies with MaxItems, Marker and IsTruncated, as the SDK paginators read them', async () => {
    const many = await withServer({
      scenario: {
        account: {id: '111122223333'},
        iam: {
          roles: [
            {
              AssumeRolePolicyDocument: {Statement: [{Action: 'sts:AssumeRole', Effect: 'Allow', Principal: {Service: 'cognito-idp.amazonaws.com'}}]},
              AttachedManagedPolicies: ['AmazonSNSFullAccess', 'AWSLambdaBasicExecutionRole', 'ReadOnlyAccess'].map((name) => ({PolicyArn: `arn:aws:iam::aws:policy/${name}`})),
              RoleName: 'Busy',
              RolePolicyList: ['a', 'b', 'c', 'd', 'e'].map((name) => ({PolicyDocument: {Statement: {Action: 'sns:Publish', Effect: 'Allow', Resource: '*'}}, PolicyName: name})),
            },
          ],
        },
      },
    })
    const client = new IAMClient(sdkConfig(many, 'us-east-1'))
    try {
      const first = await client.send(new ListRolePoliciesCommand({MaxItems: 2, RoleName: 'Busy'}))
      expect(first).toMatchObject({IsTruncated: true, PolicyNames: ['a', 'b']})
      expect(first.Marker).toBeTruthy()
      const inline: string[][] = []
      for await (const page of paginateListRolePolicies({client, pageSize: 2}, {RoleName: 'Busy'})) inline.push(page.PolicyNames!)
      expect(inline).toEqual([['a', 'b'], ['c', 'd'], ['e']])
      const attached: string[][] = []
      for await (const page of paginateListAttachedRolePolicies({client, pageSize: 2}, {RoleName: 'Busy'})) attached.push(page.AttachedPolicies!.map((p) => p.PolicyName!))
      expect(attached).toEqual([['AmazonSNSFullAccess', 'AWSLambdaBasicExecutionRole'], ['ReadOnlyAccess']])
      expect((await sdkError(client.send(new ListRolePoliciesCommand({Marker: 'not-a-marker', RoleName: 'Busy'})))).name).toBe('InvalidInputException')
    } finally {
      client.destroy()
      await many.close()
    }
  })

  it('answers missing roles and policies with NoSuchEntityException', async () => {
    expect((await sdkError(iam.send(new GetRoleCommand({RoleName: 'Nope'})))).name).toBe('NoSuchEntityException')
    expect((await sdkError(iam.send(new GetRolePolicyCommand({PolicyName: 'nope', RoleName: 'CognitoSms'})))).name).toBe('NoSuchEntityException')
    expect((await sdkError(iam.send(new GetPolicyCommand({PolicyArn: 'arn:aws:iam::111122223333:policy/nope'})))).name).toBe('NoSuchEntityException')
  })
})

describe('IAM SimulatePrincipalPolicy', () => {
  const SENDER = 'arn:aws:iam::111122223333:role/Sender'
  const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'

  it('allows through an attached policy and says which one decided', async () => {
    const {EvaluationResults, IsTruncated} = await iam.send(new SimulatePrincipalPolicyCommand({ActionNames: ['sns:Publish'], PolicySourceArn: 'arn:aws:iam::111122223333:role/service-role/CognitoSms', ResourceArns: ['*']}))
    expect(IsTruncated).toBe(false)
    expect(EvaluationResults).toEqual([
      expect.objectContaining({EvalActionName: 'sns:Publish', EvalDecision: 'allowed', EvalResourceName: '*', MatchedStatements: [expect.objectContaining({SourcePolicyId: 'publish-sms', SourcePolicyType: 'IAM Policy'})]}),
    ])
  })

  it('tells implicitDeny, explicitDeny and allowed apart, per action and per resource', async () => {
    const {EvaluationResults} = await iam.send(
      new SimulatePrincipalPolicyCommand({
        ActionNames: ['sns:Publish', 'sqs:SendMessage'],
        PolicySourceArn: SENDER,
        ResourceArns: ['arn:aws:sns:eu-west-1:111122223333:internal-alerts', 'arn:aws:sns:eu-west-1:111122223333:public'],
      }),
    )
    const [publish, sqs] = EvaluationResults ?? []
    expect(publish).toMatchObject({EvalActionName: 'sns:Publish', EvalDecision: 'explicitDeny', MatchedStatements: [{SourcePolicyId: 'guard-rails'}]})
    expect(publish?.ResourceSpecificResults?.map((r) => [r.EvalResourceName, r.EvalResourceDecision])).toEqual([
      ['arn:aws:sns:eu-west-1:111122223333:internal-alerts', 'explicitDeny'],
      ['arn:aws:sns:eu-west-1:111122223333:public', 'allowed'],
    ])
    expect(sqs).toMatchObject({EvalActionName: 'sqs:SendMessage', EvalDecision: 'implicitDeny'})
    expect(sqs?.MatchedStatements ?? []).toEqual([])
  })

  it('reads ContextEntries as the query protocol encodes them, and reports missing ones', async () => {
    const simulate = (ContextEntries?: {ContextKeyName: string; ContextKeyType: 'string'; ContextKeyValues: string[]}[]) =>
      iam.send(new SimulatePrincipalPolicyCommand({ActionNames: ['kms:Decrypt'], ContextEntries, PolicySourceArn: SENDER, ResourceArns: [KEY]}))
    const without = (await simulate()).EvaluationResults?.[0]
    expect(without).toMatchObject({EvalDecision: 'implicitDeny', MissingContextValues: ['kms:EncryptionContext:userpool-id']})
    const right = (await simulate([{ContextKeyName: 'kms:EncryptionContext:userpool-id', ContextKeyType: 'string', ContextKeyValues: ['eu-west-1_AbCdEf123']}])).EvaluationResults?.[0]
    expect(right).toMatchObject({EvalDecision: 'allowed', EvalResourceName: KEY})
    const wrong = (await simulate([{ContextKeyName: 'kms:EncryptionContext:userpool-id', ContextKeyType: 'string', ContextKeyValues: ['other']}])).EvaluationResults?.[0]
    expect(wrong?.EvalDecision).toBe('implicitDeny')
  })

  it('adds PolicyInputList policies and refuses malformed ones', async () => {
    const extra = JSON.stringify({Statement: [{Action: 'sqs:SendMessage', Effect: 'Allow', Resource: '*'}], Version: '2012-10-17'})
    const {EvaluationResults} = await iam.send(new SimulatePrincipalPolicyCommand({ActionNames: ['sqs:SendMessage'], PolicyInputList: [extra], PolicySourceArn: SENDER}))
    expect(EvaluationResults?.[0]).toMatchObject({EvalDecision: 'allowed', MatchedStatements: [{SourcePolicyId: 'PolicyInputList.1'}]})
    const bad = await sdkError(iam.send(new SimulatePrincipalPolicyCommand({ActionNames: ['sqs:SendMessage'], PolicyInputList: ['{"Statement": [{"Effect": "Allow"}]}'], PolicySourceArn: SENDER})))
    expect(bad.name).toBe('MalformedPolicyDocumentException')
  })

  it('answers NoSuchEntity for a role or user it does not have', async () => {
    expect((await sdkError(iam.send(new SimulatePrincipalPolicyCommand({ActionNames: ['sns:Publish'], PolicySourceArn: 'arn:aws:iam::111122223333:role/Nope'})))).name).toBe('NoSuchEntityException')
    expect((await sdkError(iam.send(new SimulatePrincipalPolicyCommand({ActionNames: ['sns:Publish'], PolicySourceArn: 'arn:aws:iam::111122223333:user/dev'})))).name).toBe('NoSuchEntityException')
  })

  it('finds the broken scenario\'s SMS role without sns:Publish', async () => {
    const broken = await withServer({scenario: 'broken'})
    const client = new IAMClient(sdkConfig(broken, 'eu-central-1'))
    try {
      const {EvaluationResults} = await client.send(
        new SimulatePrincipalPolicyCommand({ActionNames: ['sns:Publish', 'logs:PutLogEvents'], PolicySourceArn: 'arn:aws:iam::444455556666:role/CognitoSmsRole-broken', ResourceArns: ['*']}),
      )
      expect(EvaluationResults?.map((r) => [r.EvalActionName, r.EvalDecision])).toEqual([
        ['sns:Publish', 'implicitDeny'],
        ['logs:PutLogEvents', 'allowed'],
      ])
    } finally {
      client.destroy()
      await broken.close()
    }
  })
})
