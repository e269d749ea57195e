/**
 * The KMS engine behind a real HTTP endpoint, driven by the real AWS SDK (`@aws-sdk/client-kms`)
 * and the real AWS Encryption SDK (`@aws-crypto/client-node`), the way Cognito encrypts custom
 * sender codes and a custom sender Lambda decrypts them (aws-facts §5): first behind a bare test
 * server (to see every request), then through `mfa-sms local` itself (startLocalServer, SigV4
 * routing, the scenario's keys and key policies).
 *
 * The ESDK builds its KMS clients with `getClient(KMS, defaultConfig)(region)` — the same path its
 * default `cacheKmsClients` provider uses — taking the region from the key ARN. We pass that
 * factory our endpoint and fake credentials, so every GenerateDataKey/Decrypt goes over HTTP as a
 * SigV4-signed `X-Amz-Target: TrentService.*` JSON 1.1 request with base64 blobs.
 */
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'

import {
  AlgorithmSuiteIdentifier,
  buildClient,
  cacheClients,
  CommitmentPolicy,
  getClient,
  KMS,
  KmsKeyringNode,
} from '@aws-crypto/client-node'
import {DecryptCommand, DescribeKeyCommand, KMSClient, paginateListKeys} from '@aws-sdk/client-kms'
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest'

import {KmsEngine, handleKmsJson} from '../../src/lib/local/kms-engine.js'
import type {LocalServer} from '../../src/lib/local/server.js'
import {ServiceError} from '../../src/lib/local/types.js'
import {withServer} from './helpers.js'

const ACCOUNT = '111122223333'
const REGION = 'eu-west-1'
const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab'
const OTHER_KEY_ID = '0987dcba-09fe-87dc-65ba-ab0987654321'
const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/${KEY_ID}`
const OTHER_KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/${OTHER_KEY_ID}`
const ALIAS = 'alias/cognito-custom-sender'
const ALIAS_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:${ALIAS}`
const POOL_ID = `${REGION}_AbCdEfGhI`
/** What the ESDK says when no configured key matches any EDK (so KMS was never asked). */
const NO_EDK_MATCHED = /unencryptedDataKey has not been set/
const CREDENTIALS = {accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-secret'}

interface SeenRequest {
  authorization: string | undefined
  body: Record<string, unknown>
  contentType: string | undefined
  target: string
}

let engine: KmsEngine
let server: Server
let endpoint: string
const seen: SeenRequest[] = []

function newEngine(): KmsEngine {
  return new KmsEngine({
    accountId: ACCOUNT,
    keys: [
      {aliases: [ALIAS], description: 'custom sender key', keyId: KEY_ID},
      {aliases: ['alias/other'], keyId: OTHER_KEY_ID},
    ],
    now: () => new Date('2024-05-01T12:00:00Z'),
    region: REGION,
    seed: 'kms-esdk-test',
  })
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/** What the `mfa-sms local` JSON 1.1 protocol layer does for KMS, in ten lines. */
async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const target = String(req.headers['x-amz-target'] ?? '')
  const text = await readBody(req)
  const body = text ? (JSON.parse(text) as Record<string, unknown>) : {}
  seen.push({authorization: req.headers.authorization, body, contentType: req.headers['content-type'], target})
  let status = 200
  let payload: unknown
  try {
    payload = handleKmsJson(engine, target.replace(/^TrentService\./, ''), body)
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error
    status = error.status
    payload = {__type: error.code, message: error.message}
  }
  res.writeHead(status, {'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'local-req'})
  res.end(JSON.stringify(payload))
}

beforeAll(async () => {
  server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, {'content-type': 'application/x-amz-json-1.1'})
      res.end(JSON.stringify({__type: 'KMSInternalException', message: String(error)}))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

beforeEach(() => {
  engine = newEngine()
  seen.length = 0
})

/** The ESDK's own client factory, aimed at a local endpoint (default: the bare test server). */
function clientProvider(url = endpoint) {
  return cacheClients(getClient(KMS, {credentials: CREDENTIALS, endpoint: url}))
}

function keyring(options: {discovery?: true; discoveryFilter?: {accountIDs: string[]; partition: string}; generatorKeyId?: string; keyIds?: string[]}, url = endpoint) {
  return new KmsKeyringNode({clientProvider: clientProvider(url), ...options})
}

/** Cognito's side: encrypt a code with the pool's key ARN, suite 0x0378, context {userpool-id}. */
async function cognitoEncrypt(code: string, generatorKeyId = KEY_ARN, url = endpoint, poolId = POOL_ID): Promise<Buffer> {
  // A non-committing suite can only be *encrypted* under FORBID_ENCRYPT_ALLOW_DECRYPT; the
  // REQUIRE_ENCRYPT_* policies refuse it (tested below). Cognito's output is such a message.
  const {encrypt} = buildClient(CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT)
  const {result} = await encrypt(keyring({generatorKeyId}, url), code, {
    encryptionContext: {'userpool-id': poolId},
    suiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384,
  })
  return result
}

/** The custom sender Lambda's side (AWS sample): REQUIRE_ENCRYPT_ALLOW_DECRYPT, keyIds [key ARN]. */
async function lambdaDecrypt(message: Buffer, keyIds: string[] = [KEY_ARN], policy = CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT, url = endpoint) {
  const {decrypt} = buildClient(policy)
  return decrypt(keyring({keyIds}, url), message)
}

describe('Encryption SDK round trip through the local KMS endpoint', () => {
  it('encrypts like Cognito (format v1, suite 0x0378, EDK = key ARN) and decrypts like the Lambda', async () => {
    const message = await cognitoEncrypt('123456')
    const b64 = message.toString('base64')
    expect(b64.startsWith('AYADe')).toBe(true) // version 1, type 0x80, suite 0x0378
    expect(message[0]).toBe(0x01)
    expect(message[1]).toBe(0x80)
    expect(message.readUInt16BE(2)).toBe(0x03_78)

    const generate = seen.find((r) => r.target === 'TrentService.GenerateDataKey')
    expect(generate).toBeDefined()
    expect(generate?.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDLOCALTEST\/\d{8}\/eu-west-1\/kms\/aws4_request/)
    expect(generate?.contentType).toBe('application/x-amz-json-1.1')
    expect(generate?.body.KeyId).toBe(KEY_ARN)
    expect(generate?.body.NumberOfBytes).toBe(32)
    const context = generate?.body.EncryptionContext as Record<string, string>
    expect(context['userpool-id']).toBe(POOL_ID)
    expect(context['aws-crypto-public-key']).toMatch(/^[A-Za-z0-9+/]+=*$/) // the signed suite's ECDSA key

    seen.length = 0
    const {messageHeader, plaintext} = await lambdaDecrypt(message)
    expect(plaintext.toString('utf8')).toBe('123456')
    expect(messageHeader.suiteId).toBe(AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384)
    expect(messageHeader.encryptionContext['userpool-id']).toBe(POOL_ID)
    expect(messageHeader.encryptedDataKeys).toHaveLength(1)
    expect(messageHeader.encryptedDataKeys[0]?.providerId).toBe('aws-kms')
    expect(messageHeader.encryptedDataKeys[0]?.providerInfo).toBe(KEY_ARN)
    expect(seen.map((r) => r.target)).toEqual(['TrentService.Decrypt'])
    expect(seen[0]?.body.KeyId).toBe(KEY_ARN)
    expect(typeof seen[0]?.body.CiphertextBlob).toBe('string') // base64 on the wire
  })

  it('a generator named by alias ARN still records the key ARN as providerInfo', async () => {
    const message = await cognitoEncrypt('654321', ALIAS_ARN)
    expect(seen.find((r) => r.target === 'TrentService.GenerateDataKey')?.body.KeyId).toBe(ALIAS_ARN)
    const {messageHeader, plaintext} = await lambdaDecrypt(message)
    expect(plaintext.toString()).toBe('654321')
    expect(messageHeader.encryptedDataKeys[0]?.providerInfo).toBe(KEY_ARN)
  })

  it('the old AWS sample (alias as generatorKeyId, ARN in keyIds) decrypts only thanks to the ARN', async () => {
    const message = await cognitoEncrypt('111111')
    const {decrypt} = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT)
    const {plaintext} = await decrypt(keyring({generatorKeyId: ALIAS, keyIds: [KEY_ARN]}), message)
    expect(plaintext.toString()).toBe('111111')
  })

  it('a keyring for a different key cannot decrypt (and never calls KMS)', async () => {
    const message = await cognitoEncrypt('222222')
    seen.length = 0
    await expect(lambdaDecrypt(message, [OTHER_KEY_ARN])).rejects.toThrow(NO_EDK_MATCHED)
    expect(seen).toHaveLength(0)
  })

  it.each([
    ['alias name', ALIAS],
    ['alias ARN', ALIAS_ARN],
    ['bare key id', KEY_ID],
  ])('a keyring that names the key only by %s cannot decrypt: providerInfo is the key ARN', async (_label, id) => {
    const message = await cognitoEncrypt('333333')
    seen.length = 0
    await expect(lambdaDecrypt(message, [id])).rejects.toThrow(NO_EDK_MATCHED)
    expect(seen).toHaveLength(0)
  })

  it('REQUIRE_ENCRYPT_REQUIRE_DECRYPT refuses the non-committing suite before calling KMS', async () => {
    const message = await cognitoEncrypt('444444')
    seen.length = 0
    await expect(lambdaDecrypt(message, [KEY_ARN], CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT)).rejects.toThrow(
      /REQUIRE_ENCRYPT_REQUIRE_DECRYPT requiring only committed messages/,
    )
    expect(seen).toHaveLength(0)
  })

  it('REQUIRE_ENCRYPT_ALLOW_DECRYPT cannot *encrypt* with suite 0x0378 (only decrypt it)', async () => {
    const {encrypt} = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT)
    await expect(
      encrypt(keyring({generatorKeyId: KEY_ARN}), 'x', {
        suiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384,
      }),
    ).rejects.toThrow(/Configuration conflict.*Cannot encrypt/)
  })

  it('a discovery keyring decrypts; a discovery filter for another account does not', async () => {
    const message = await cognitoEncrypt('555555')
    const {decrypt} = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT)
    const ok = await decrypt(keyring({discovery: true, discoveryFilter: {accountIDs: [ACCOUNT], partition: 'aws'}}), message)
    expect(ok.plaintext.toString()).toBe('555555')
    await expect(
      decrypt(keyring({discovery: true, discoveryFilter: {accountIDs: ['999999999999'], partition: 'aws'}}), message),
    ).rejects.toThrow(NO_EDK_MATCHED)
  })

  it('a disabled key makes the Lambda decrypt fail with DisabledException from KMS', async () => {
    const message = await cognitoEncrypt('666666')
    engine.disableKey({KeyId: KEY_ID})
    await expect(lambdaDecrypt(message)).rejects.toThrow(/DisabledException: arn:aws:kms:eu-west-1:111122223333:key\/1234abcd-12ab-34cd-56ef-1234567890ab is disabled\./)
  })

  it('a tampered encrypted data key fails in KMS with InvalidCiphertextException', async () => {
    const message = await cognitoEncrypt('777777')
    // Flip the last byte of the EDK ciphertext (the GCM tag inside our KMS blob). The EDK sits in
    // the header, right before the content type byte; find it by its providerInfo.
    const info = Buffer.from(KEY_ARN, 'utf8')
    const at = message.indexOf(info) + info.length
    const edkLength = message.readUInt16BE(at)
    const tampered = Buffer.from(message)
    const last = at + 2 + edkLength - 1
    tampered[last] = (tampered[last] ?? 0) ^ 0x01
    await expect(lambdaDecrypt(tampered)).rejects.toThrow(/InvalidCiphertextException: The ciphertext failed authentication/)
  })

  it('a plain KMS Decrypt of the ESDK message fails with InvalidCiphertextException', async () => {
    const message = await cognitoEncrypt('888888')
    const kms = new KMSClient({credentials: CREDENTIALS, endpoint, region: REGION})
    await expect(kms.send(new DecryptCommand({CiphertextBlob: message}))).rejects.toMatchObject({
      $metadata: {httpStatusCode: 400},
      name: 'InvalidCiphertextException',
    })
    await expect(kms.send(new DecryptCommand({CiphertextBlob: message, KeyId: KEY_ARN}))).rejects.toMatchObject({
      name: 'InvalidCiphertextException',
    })
  })
})

describe('AWS SDK v3 KMS client against the engine', () => {
  const kms = () => new KMS({credentials: CREDENTIALS, endpoint, region: REGION})

  it('GenerateDataKey / Decrypt / Encrypt round trip with binary members', async () => {
    const client = kms()
    const dataKey = await client.generateDataKey({EncryptionContext: {'userpool-id': POOL_ID}, KeyId: ALIAS, KeySpec: 'AES_256'})
    expect(dataKey.KeyId).toBe(KEY_ARN)
    expect(dataKey.Plaintext).toBeInstanceOf(Uint8Array)
    expect(dataKey.Plaintext).toHaveLength(32)
    const back = await client.decrypt({CiphertextBlob: dataKey.CiphertextBlob, EncryptionContext: {'userpool-id': POOL_ID}})
    expect(Buffer.from(back.Plaintext ?? []).equals(Buffer.from(dataKey.Plaintext ?? []))).toBe(true)
    expect(back.EncryptionAlgorithm).toBe('SYMMETRIC_DEFAULT')

    await expect(client.decrypt({CiphertextBlob: dataKey.CiphertextBlob, EncryptionContext: {'userpool-id': 'other'}})).rejects.toMatchObject(
      {name: 'InvalidCiphertextException'},
    )
    await expect(client.decrypt({CiphertextBlob: dataKey.CiphertextBlob, KeyId: OTHER_KEY_ARN})).rejects.toMatchObject({
      name: 'IncorrectKeyException',
    })

    const sealed = await client.encrypt({KeyId: KEY_ID, Plaintext: Buffer.from('hello')})
    const opened = await client.decrypt({CiphertextBlob: sealed.CiphertextBlob, KeyId: ALIAS_ARN})
    expect(Buffer.from(opened.Plaintext ?? []).toString()).toBe('hello')
    expect(opened.KeyId).toBe(KEY_ARN)
  })

  it('DescribeKey by alias parses CreationDate as a Date and carries the metadata', async () => {
    const client = new KMSClient({credentials: CREDENTIALS, endpoint, region: REGION})
    const {KeyMetadata} = await client.send(new DescribeKeyCommand({KeyId: ALIAS}))
    expect(KeyMetadata).toMatchObject({
      Arn: KEY_ARN,
      Description: 'custom sender key',
      Enabled: true,
      EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
      KeyId: KEY_ID,
      KeyManager: 'CUSTOMER',
      KeySpec: 'SYMMETRIC_DEFAULT',
      KeyState: 'Enabled',
      KeyUsage: 'ENCRYPT_DECRYPT',
      MultiRegion: false,
      Origin: 'AWS_KMS',
    })
    expect(KeyMetadata?.CreationDate).toEqual(new Date('2024-05-01T12:00:00Z'))
  })

  it('errors keep their KMS names through the SDK', async () => {
    const client = kms()
    await expect(client.describeKey({KeyId: 'alias/nope'})).rejects.toMatchObject({name: 'NotFoundException'})
    await expect(client.generateDataKey({KeyId: KEY_ARN})).rejects.toMatchObject({name: 'ValidationException'})
    await expect(client.send(new DecryptCommand({CiphertextBlob: Buffer.from('garbage')}))).rejects.toMatchObject({
      name: 'InvalidCiphertextException',
    })
  })

  it('ListKeys paginates with Limit/Marker through the SDK paginator', async () => {
    const client = new KMSClient({credentials: CREDENTIALS, endpoint, region: REGION})
    const pages: string[][] = []
    for await (const page of paginateListKeys({client, pageSize: 1}, {})) {
      pages.push((page.Keys ?? []).map((k) => k.KeyId ?? ''))
    }
    expect(pages).toEqual([[KEY_ID], [OTHER_KEY_ID]])
    const markers = seen.filter((r) => r.target === 'TrentService.ListKeys').map((r) => r.body.Marker)
    expect(markers[0]).toBeUndefined()
    expect(typeof markers[1]).toBe('string')
  })

  it('aliases list with their targets', async () => {
    const {Aliases} = await kms().listAliases({KeyId: KEY_ARN})
    expect(Aliases?.map((a) => [a.AliasName, a.AliasArn, a.TargetKeyId])).toEqual([[ALIAS, ALIAS_ARN, KEY_ID]])
  })
})

describe('Encryption SDK round trip through mfa-sms local (startLocalServer)', () => {
  let local: LocalServer

  beforeAll(async () => {
    local = await withServer({
      onRequest: (log) => {
        if (log.service === 'kms') seen.push({authorization: undefined, body: {}, contentType: undefined, target: `TrentService.${log.operation ?? '?'}`})
      },
      scenario: {
        account: {id: ACCOUNT},
        regions: {
          [REGION]: {
            keys: [
              {Description: 'custom sender key', KeyId: KEY_ID, aliases: [ALIAS]},
              {KeyId: OTHER_KEY_ID, KeyState: 'Disabled', aliases: ['alias/other']},
            ],
          },
        },
      },
    })
  })

  afterAll(async () => {
    await local.close()
  })

  it('encrypts like Cognito and decrypts like the Lambda, routed by the SigV4 scope to the region\'s keys', async () => {
    const message = await cognitoEncrypt('135790', KEY_ARN, local.url)
    expect(message.readUInt16BE(2)).toBe(0x03_78)
    const {messageHeader, plaintext} = await lambdaDecrypt(message, [KEY_ARN], CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT, local.url)
    expect(plaintext.toString('utf8')).toBe('135790')
    expect(messageHeader.encryptedDataKeys[0]?.providerInfo).toBe(KEY_ARN)
    expect(seen.map((r) => r.target)).toEqual(['TrentService.GenerateDataKey', 'TrentService.Decrypt'])
  })

  it('a Lambda keyring naming the key by its alias ARN never matches (the broken scenario\'s story)', async () => {
    const message = await cognitoEncrypt('246802', ALIAS_ARN, local.url)
    await expect(lambdaDecrypt(message, [ALIAS_ARN], CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT, local.url)).rejects.toThrow(NO_EDK_MATCHED)
    const {plaintext} = await lambdaDecrypt(message, [KEY_ARN], CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT, local.url)
    expect(plaintext.toString()).toBe('246802')
  })

  it('a disabled scenario key fails the encryption with DisabledException', async () => {
    await expect(cognitoEncrypt('000000', OTHER_KEY_ARN, local.url)).rejects.toMatchObject({message: `${OTHER_KEY_ARN} is disabled.`, name: 'DisabledException'})
  })
})
