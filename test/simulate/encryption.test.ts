/**
 * Custom sender codes: encrypted as Cognito does, decryptable the way AWS's sample does it
 * (REQUIRE_ENCRYPT_ALLOW_DECRYPT + KmsKeyringNode on the key ARN) through the in-process endpoint
 * over HTTP, and failing, with the right diagnosis, for the usual mistakes.
 */
import {buildClient, CommitmentPolicy, getClient, KMS, KmsKeyringNode} from '@aws-crypto/client-node'
import {DecryptCommand, KMSClient} from '@aws-sdk/client-kms'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {LOCAL_CREDENTIALS} from '../../src/lib/local/server.js'
import {classifyDecryptFailure, COGNITO_SUITE, encryptLikeCognito, parseEsdkHeader} from '../../src/lib/simulate/encryption.js'
import {keyIdFrom, LocalKeyStore, resolveLocalKey} from '../../src/lib/simulate/kms.js'
import {type LocalEndpoint, startLocalEndpoint} from '../../src/lib/simulate/local-runner.js'

const ACCOUNT = '111122223333'
const REGION = 'eu-west-1'
const POOL = 'eu-west-1_AbCdEf123'
const ALIAS = 'alias/cognito-sender'

let endpoint: LocalEndpoint
let keyArn: string

beforeAll(async () => {
  const store = new LocalKeyStore(ACCOUNT)
  const ref = resolveLocalKey(`arn:aws:kms:${REGION}:${ACCOUNT}:${ALIAS}`, REGION, ACCOUNT)
  store.ensure(ref)
  keyArn = ref.arn
  endpoint = await startLocalEndpoint({account: ACCOUNT, keyStore: store, regions: [REGION]})
})

afterAll(async () => {
  await endpoint.close()
})

/** The handler's side, with the ESDK's own client factory aimed at the endpoint. */
function keyring(options: {generatorKeyId?: string; keyIds?: string[]}) {
  return new KmsKeyringNode({clientProvider: getClient(KMS, {credentials: LOCAL_CREDENTIALS, endpoint: endpoint.server.url}), ...options})
}

async function cognito(code = '123456') {
  return encryptLikeCognito({code, keyId: keyArn, kms: endpoint.keyStore.client(REGION), userPoolId: POOL})
}

describe('encryptLikeCognito', () => {
  it('produces an ESDK v1 message, suite 0x0378, context userpool-id, one aws-kms key carrying the key ARN, 4096-byte frames', async () => {
    const out = await cognito()
    expect(out.base64.startsWith('AYADe')).toBe(true)
    expect(out.header).toMatchObject({contentType: 'framed', frameLength: 4096, suiteId: COGNITO_SUITE, version: 1})
    expect(out.header.encryptionContext['userpool-id']).toBe(POOL)
    expect(out.header.encryptionContext['aws-crypto-public-key']).toBeTruthy()
    expect(out.header.encryptedDataKeys).toEqual([{providerId: 'aws-kms', providerInfo: keyArn}])
    expect(out.keyArn).toBe(keyArn)
  })

  it('a generator named by alias still records the key ARN (as KMS answers with it)', async () => {
    const out = await encryptLikeCognito({code: '1', keyId: ALIAS, kms: endpoint.keyStore.client(REGION), userPoolId: POOL})
    expect(out.keyArn).toBe(keyArn)
  })

  it('decrypts with REQUIRE_ENCRYPT_ALLOW_DECRYPT and the key ARN, over HTTP', async () => {
    const {base64} = await cognito('654321')
    const {decrypt} = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT)
    const {messageHeader, plaintext} = await decrypt(keyring({keyIds: [keyArn]}), Buffer.from(base64, 'base64'))
    expect(plaintext.toString()).toBe('654321')
    expect(messageHeader.encryptionContext['userpool-id']).toBe(POOL)
  })

  it('fails with the default commitment policy, and the failure is named', async () => {
    const {base64} = await cognito()
    const {decrypt} = buildClient()
    const error = await decrypt(keyring({keyIds: [keyArn]}), Buffer.from(base64, 'base64')).then(
      () => undefined,
      (e: Error) => e,
    )
    expect(error?.message).toMatch(/REQUIRE_ENCRYPT_REQUIRE_DECRYPT/)
    expect(classifyDecryptFailure(error!.message, keyArn)?.id).toBe('decrypt-commitment-policy')
  })

  it.each([
    ['alias name', ALIAS],
    ['alias ARN', `arn:aws:kms:${REGION}:${ACCOUNT}:${ALIAS}`],
    ['bare key id', keyIdFrom(`${ACCOUNT}/${REGION}/${ALIAS}`)],
  ])('fails with a keyring that names the key by %s, and the failure is named', async (_label, id) => {
    const {base64} = await cognito()
    const {decrypt} = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT)
    const error = await decrypt(keyring({generatorKeyId: id}), Buffer.from(base64, 'base64')).then(
      () => undefined,
      (e: Error) => e,
    )
    expect(error?.message).toMatch(/unencryptedDataKey has not been set/)
    const mistake = classifyDecryptFailure(error!.message, keyArn, [id])
    expect(mistake?.id).toBe('decrypt-alias-keyring')
    expect(mistake?.message).toMatch(/alias or key id/)
    expect(mistake?.fix).toContain(keyArn)
  })

  it('a plain KMS Decrypt of request.code is InvalidCiphertextException, named as such', async () => {
    const {base64} = await cognito()
    const kms = new KMSClient({credentials: LOCAL_CREDENTIALS, endpoint: endpoint.server.url, region: REGION})
    const error = await kms.send(new DecryptCommand({CiphertextBlob: Buffer.from(base64, 'base64')})).then(
      () => undefined,
      (e: Error) => e,
    )
    expect(error?.name).toBe('InvalidCiphertextException')
    expect(classifyDecryptFailure(`${error?.name}: ${error?.message}`, keyArn)?.id).toBe('decrypt-plain-kms')
    kms.destroy()
  })
})

describe('parseEsdkHeader', () => {
  it('refuses what is not an ESDK v1 message', () => {
    expect(() => parseEsdkHeader(Buffer.from('hello'))).toThrow(/version/)
    expect(() => parseEsdkHeader(Buffer.from([1, 0x80, 3]))).toThrow(/truncated/)
  })
})

describe('resolveLocalKey', () => {
  it('takes key ARNs, alias ARNs, alias names and key ids', () => {
    const arn = 'arn:aws:kms:us-east-2:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab'
    expect(resolveLocalKey(arn, 'us-east-1', ACCOUNT)).toEqual({account: '444455556666', arn, keyId: '1234abcd-12ab-34cd-56ef-1234567890ab', region: 'us-east-2'})
    expect(resolveLocalKey('alias/x', 'us-east-1', ACCOUNT)).toMatchObject({account: ACCOUNT, alias: 'alias/x', region: 'us-east-1'})
    expect(resolveLocalKey('1234abcd-12ab-34cd-56ef-1234567890ab', 'us-east-1', ACCOUNT).arn).toBe(`arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`)
    expect(resolveLocalKey(undefined, 'us-east-1', ACCOUNT).alias).toBe('alias/mfa-sms-simulate')
    expect(() => resolveLocalKey('my-key', 'us-east-1', ACCOUNT)).toThrow(/not a KMS key/)
  })
})

describe('classifyDecryptFailure', () => {
  it('names unsigned-only decryption, disabled keys and denied kms:Decrypt; stays silent otherwise', () => {
    expect(classifyDecryptFailure('… due to client method decryptUnsignedMessageStream requiring only unsigned messages', 'arn')?.id).toBe('decrypt-unsigned-only')
    expect(classifyDecryptFailure('DisabledException: key is disabled', 'arn')?.id).toBe('decrypt-key-disabled')
    expect(classifyDecryptFailure('AccessDeniedException: User: x is not authorized to perform: kms:Decrypt on resource', 'arn')?.id).toBe('decrypt-kms-access')
    expect(classifyDecryptFailure('TypeError: cannot read properties of undefined', 'arn')).toBeUndefined()
  })
})
