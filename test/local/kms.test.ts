import {
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GetKeyPolicyCommand,
  KMSClient,
  ListAliasesCommand,
  paginateListAliases,
  paginateListKeys,
} from '@aws-sdk/client-kms'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {LocalServer} from '../../src/lib/local/server.js'
import {sdkConfig, sdkError, withServer} from './helpers.js'

const ACCOUNT = '111122223333'
const REGION = 'eu-west-1'
const SENDER_KEY = '1234abcd-12ab-34cd-56ef-1234567890ab'
const OTHER_KEY = '0987dcba-09fe-47dc-85ba-ab0987654321'
const DISABLED_KEY = '11111111-2222-4333-8444-555555555555'
const LOCKED_KEY = '66666666-7777-4888-9999-000000000000'
const arnOf = (id: string) => `arn:aws:kms:${REGION}:${ACCOUNT}:key/${id}`

const keys = [
  {CreationDate: '2024-05-01T12:00:00Z', Description: 'Cognito custom sender', KeyId: SENDER_KEY, aliases: ['alias/cognito-sender', 'alias/codes']},
  {Arn: arnOf(OTHER_KEY), KeyId: OTHER_KEY, aliases: ['alias/other']},
  {Enabled: false, KeyId: DISABLED_KEY},
  {
    KeyId: LOCKED_KEY,
    // No "Enable IAM User Permissions" statement: only another account's role may use the key.
    Policy: {Statement: [{Action: 'kms:*', Effect: 'Allow', Principal: {AWS: 'arn:aws:iam::999999999999:role/Other'}, Resource: '*'}], Version: '2012-10-17'},
    aliases: ['alias/locked'],
  },
]

let server: LocalServer
let kms: KMSClient

beforeAll(async () => {
  server = await withServer({scenario: {account: {id: ACCOUNT}, regions: {[REGION]: {keys}}}})
  kms = new KMSClient(sdkConfig(server, REGION))
})

afterAll(async () => {
  kms.destroy()
  await server.close()
})

describe('KMS through @aws-sdk/client-kms', () => {
  it('lists keys page by page with Limit/Marker', async () => {
    const pages: string[][] = []
    for await (const page of paginateListKeys({client: kms, pageSize: 3}, {})) pages.push((page.Keys ?? []).map((k) => k.KeyId ?? ''))
    expect(pages).toEqual([[SENDER_KEY, OTHER_KEY, DISABLED_KEY], [LOCKED_KEY]])
  })

  it('lists aliases sorted, page by page, and filtered by key', async () => {
    const names: string[][] = []
    for await (const page of paginateListAliases({client: kms, pageSize: 2}, {})) names.push((page.Aliases ?? []).map((a) => a.AliasName ?? ''))
    expect(names).toEqual([['alias/codes', 'alias/cognito-sender'], ['alias/locked', 'alias/other']])
    const {Aliases} = await kms.send(new ListAliasesCommand({KeyId: 'alias/other'}))
    expect(Aliases).toEqual([expect.objectContaining({AliasArn: `arn:aws:kms:${REGION}:${ACCOUNT}:alias/other`, AliasName: 'alias/other', TargetKeyId: OTHER_KEY})])
  })

  it('describes a key by alias name and by alias ARN', async () => {
    for (const KeyId of ['alias/cognito-sender', `arn:aws:kms:${REGION}:${ACCOUNT}:alias/codes`]) {
      const {KeyMetadata} = await kms.send(new DescribeKeyCommand({KeyId}))
      expect(KeyMetadata).toMatchObject({
        Arn: arnOf(SENDER_KEY),
        Description: 'Cognito custom sender',
        Enabled: true,
        KeyId: SENDER_KEY,
        KeySpec: 'SYMMETRIC_DEFAULT',
        KeyState: 'Enabled',
        KeyUsage: 'ENCRYPT_DECRYPT',
      })
      expect(KeyMetadata?.CreationDate).toEqual(new Date('2024-05-01T12:00:00Z'))
    }

    expect((await kms.send(new DescribeKeyCommand({KeyId: DISABLED_KEY}))).KeyMetadata).toMatchObject({Enabled: false, KeyState: 'Disabled'})
    expect((await sdkError(kms.send(new DescribeKeyCommand({KeyId: 'alias/nope'})))).name).toBe('NotFoundException')
  })

  it('round-trips Encrypt/Decrypt with an encryption context, and refuses the wrong context', async () => {
    const context = {'userpool-id': `${REGION}_AbCdEf123`}
    const sealed = await kms.send(new EncryptCommand({EncryptionContext: context, KeyId: 'alias/cognito-sender', Plaintext: Buffer.from('123456')}))
    expect(sealed.KeyId).toBe(arnOf(SENDER_KEY))
    const opened = await kms.send(new DecryptCommand({CiphertextBlob: sealed.CiphertextBlob, EncryptionContext: context}))
    expect(Buffer.from(opened.Plaintext ?? []).toString()).toBe('123456')
    expect(opened.KeyId).toBe(arnOf(SENDER_KEY))

    const wrong = await sdkError(kms.send(new DecryptCommand({CiphertextBlob: sealed.CiphertextBlob, EncryptionContext: {'userpool-id': 'other'}})))
    expect(wrong.name).toBe('InvalidCiphertextException')
    expect(wrong.$metadata?.httpStatusCode).toBe(400)
    expect((await sdkError(kms.send(new DecryptCommand({CiphertextBlob: sealed.CiphertextBlob})))).name).toBe('InvalidCiphertextException')
  })

  it('refuses a disabled key and keeps keys per region', async () => {
    expect((await sdkError(kms.send(new EncryptCommand({KeyId: DISABLED_KEY, Plaintext: Buffer.from('x')})))).name).toBe('DisabledException')
    const elsewhere = new KMSClient(sdkConfig(server, 'us-east-1'))
    try {
      expect((await sdkError(elsewhere.send(new DescribeKeyCommand({KeyId: 'alias/cognito-sender'})))).name).toBe('NotFoundException')
    } finally {
      elsewhere.destroy()
    }
  })

  it('returns the default key policy, and enforces a key policy that does not trust the account', async () => {
    const {Policy} = await kms.send(new GetKeyPolicyCommand({KeyId: SENDER_KEY, PolicyName: 'default'}))
    expect(JSON.parse(Policy!)).toMatchObject({Statement: [{Principal: {AWS: `arn:aws:iam::${ACCOUNT}:root`}, Sid: 'Enable IAM User Permissions'}]})
    const denied = await sdkError(kms.send(new DescribeKeyCommand({KeyId: 'alias/locked'})))
    expect(denied.name).toBe('AccessDeniedException')
    expect(denied.message).toBe(
      `User: arn:aws:iam::${ACCOUNT}:user/mfa-sms-local is not authorized to perform: kms:DescribeKey on resource: ${arnOf(LOCKED_KEY)} because no resource-based policy allows the kms:DescribeKey action`,
    )
  })

  it('answers operations it does not emulate with UnknownOperationException', async () => {
    expect((await sdkError(kms.send(new CreateKeyCommand({})))).name).toBe('UnknownOperationException')
  })
})

describe('KMS for a caller that is a scenario role', () => {
  const ROLE = 'shop-sms-sender-role'
  let roleServer: LocalServer
  let client: KMSClient

  beforeAll(async () => {
    roleServer = await withServer({
      scenario: {
        account: {callerArn: `arn:aws:sts::${ACCOUNT}:assumed-role/${ROLE}/shop-sms-sender`, id: ACCOUNT},
        iam: {
          roles: [
            {
              AssumeRolePolicyDocument: {Statement: [{Action: 'sts:AssumeRole', Effect: 'Allow', Principal: {Service: 'lambda.amazonaws.com'}}]},
              RoleName: ROLE,
              RolePolicyList: [
                // Names the alias ARN: IAM matches the key ARN, so this grants nothing on the key.
                {PolicyDocument: {Statement: [{Action: 'kms:Decrypt', Effect: 'Allow', Resource: `arn:aws:kms:${REGION}:${ACCOUNT}:alias/cognito-sender`}]}, PolicyName: 'decrypt-by-alias'},
                {PolicyDocument: {Statement: [{Action: ['kms:Encrypt', 'kms:DescribeKey'], Effect: 'Allow', Resource: arnOf(SENDER_KEY)}]}, PolicyName: 'encrypt'},
              ],
            },
          ],
        },
        regions: {[REGION]: {keys}},
      },
    })
    client = new KMSClient(sdkConfig(roleServer, REGION))
  })

  afterAll(async () => {
    client.destroy()
    await roleServer.close()
  })

  it('evaluates the role\'s own policies next to the key policy', async () => {
    const sealed = await client.send(new EncryptCommand({KeyId: arnOf(SENDER_KEY), Plaintext: Buffer.from('654321')}))
    const denied = await sdkError(client.send(new DecryptCommand({CiphertextBlob: sealed.CiphertextBlob})))
    expect(denied.name).toBe('AccessDeniedException')
    expect(denied.message).toContain(`assumed-role/${ROLE}/shop-sms-sender is not authorized to perform: kms:Decrypt on resource: ${arnOf(SENDER_KEY)} because no identity-based policy allows the kms:Decrypt action`)
  })
})
