import {createHash} from 'node:crypto'

import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {evaluate} from '../../src/lib/iam/policy-eval.js'
import {
  canonicalEncryptionContext,
  createKmsEngine,
  handleKmsJson,
  inspectCiphertext,
  KMS_OPERATIONS,
  KmsEngine,
  type KmsEngineOptions,
  kmsOperations,
} from '../../src/lib/local/kms-engine.js'
import {type OperationContext, ServiceError} from '../../src/lib/local/types.js'

const ACCOUNT = '111122223333'
const REGION = 'eu-west-1'
const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab'
const DISABLED_ID = '22222222-2222-4222-8222-222222222222'
const PENDING_ID = '33333333-3333-4333-8333-333333333333'
const SIGN_ID = '44444444-4444-4444-8444-444444444444'
const RSA_ID = '55555555-5555-4555-8555-555555555555'
const HMAC_ID = '66666666-6666-4666-8666-666666666666'
const OTHER_ID = '77777777-7777-4777-8777-777777777777'
const arnOf = (id: string) => `arn:aws:kms:${REGION}:${ACCOUNT}:key/${id}`
const KEY_ARN = arnOf(KEY_ID)
const POOL_ID = `${REGION}_AbCdEfGhI`
const CREATED = new Date('2024-05-01T12:00:00Z')

const bytes = (s: string) => Uint8Array.from(Buffer.from(s, 'utf8'))
const text = (b: Uint8Array | undefined) => Buffer.from(b ?? []).toString('utf8')

function makeEngine(overrides: Partial<KmsEngineOptions> = {}): KmsEngine {
  return new KmsEngine({
    accountId: ACCOUNT,
    keys: [
      {aliases: ['alias/custom-sender', 'alias/sms/codes'], description: 'codes', keyId: KEY_ID},
      {enabled: false, keyId: DISABLED_ID},
      {enabled: 'PendingDeletion', keyId: PENDING_ID},
      {keyId: SIGN_ID, keySpec: 'ECC_NIST_P256', keyUsage: 'SIGN_VERIFY'},
      {aliases: ['alias/rsa'], keyId: RSA_ID, keySpec: 'RSA_2048', keyUsage: 'ENCRYPT_DECRYPT'},
      {keyId: HMAC_ID, keySpec: 'HMAC_256'},
      {keyId: OTHER_ID},
    ],
    now: () => CREATED,
    region: REGION,
    seed: 'unit',
    ...overrides,
  })
}

/** Runs fn and returns the ServiceError it throws (fails the test if it does not). */
function errorOf(fn: () => unknown): ServiceError {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(ServiceError)
    return error as ServiceError
  }
  throw new Error('expected a ServiceError')
}

function expectError(fn: () => unknown, code: string, message?: RegExp | string): void {
  const error = errorOf(fn)
  expect(error.code).toBe(code)
  expect(error.name).toBe(code)
  expect(error.status).toBe(400)
  if (typeof message === 'string') expect(error.message).toBe(message)
  else if (message) expect(error.message).toMatch(message)
}

// -------------------------------------------------------------------------------------------------

describe('construction from scenario data', () => {
  it('fills in ARN, default policy, state and creation date', () => {
    const engine = makeEngine()
    const {KeyMetadata} = engine.describeKey({KeyId: KEY_ID})
    expect(KeyMetadata).toEqual({
      AWSAccountId: ACCOUNT,
      Arn: KEY_ARN,
      CreationDate: CREATED,
      CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      Description: 'codes',
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
    const policy = JSON.parse(engine.getKeyPolicy({KeyId: KEY_ID}).Policy) as {Statement: Array<Record<string, unknown>>}
    expect(policy.Statement).toEqual([
      {Action: 'kms:*', Effect: 'Allow', Principal: {AWS: `arn:aws:iam::${ACCOUNT}:root`}, Resource: '*', Sid: 'Enable IAM User Permissions'},
    ])
  })

  it('generates deterministic key ids from the seed when none are given, and uses the region partition', () => {
    const a = new KmsEngine({accountId: ACCOUNT, keys: [{}, {}], region: 'cn-north-1', seed: 's'})
    const b = new KmsEngine({accountId: ACCOUNT, keys: [{}, {}], region: 'cn-north-1', seed: 's'})
    const keys = a.listKeys().Keys
    expect(keys).toEqual(b.listKeys().Keys)
    expect(keys[0]?.KeyId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(keys[0]?.KeyId).not.toBe(keys[1]?.KeyId)
    expect(keys[0]?.KeyArn).toBe(`arn:aws-cn:kms:cn-north-1:${ACCOUNT}:key/${keys[0]?.KeyId}`)
  })

  it('accepts the key by ARN alone, and keyState as a synonym of enabled', () => {
    const engine = new KmsEngine({accountId: ACCOUNT, keys: [{arn: KEY_ARN, keyState: 'Disabled'}], region: REGION})
    expect(engine.describeKey({KeyId: KEY_ARN}).KeyMetadata).toMatchObject({Enabled: false, KeyId: KEY_ID, KeyState: 'Disabled'})
  })

  it.each([
    ['a key id that is not a UUID', {keyId: 'my-key'}, /not a UUID/],
    ['an ARN of another region', {arn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/${KEY_ID}`}, /not a key ARN/],
    ['an ARN that disagrees with keyId', {arn: KEY_ARN, keyId: OTHER_ID}, /does not end in key id/],
    ['a symmetric key for signing', {keyId: KEY_ID, keyUsage: 'SIGN_VERIFY' as const}, /cannot have usage/],
    ['an HMAC key for encryption', {keyId: KEY_ID, keySpec: 'HMAC_256' as const, keyUsage: 'ENCRYPT_DECRYPT' as const}, /cannot have usage/],
    ['a bad alias', {aliases: ['custom-sender'], keyId: KEY_ID}, /alias\/<name>/],
    ['short key material', {keyId: KEY_ID, keyMaterial: new Uint8Array(16)}, /32 bytes/],
  ])('refuses %s', (_label, key, message) => {
    expect(() => new KmsEngine({accountId: ACCOUNT, keys: [key], region: REGION})).toThrow(message)
  })

  it('refuses an alias used twice and a duplicate key id', () => {
    expect(() => new KmsEngine({accountId: ACCOUNT, keys: [{aliases: ['alias/a'], keyId: KEY_ID}, {aliases: ['alias/a'], keyId: OTHER_ID}], region: REGION})).toThrow(/two keys/)
    expect(() => new KmsEngine({accountId: ACCOUNT, keys: [{keyId: KEY_ID}, {keyId: KEY_ID}], region: REGION})).toThrow(/duplicate/)
    expect(() => new KmsEngine({accountId: '123', region: REGION})).toThrow(/12 digits/)
  })

  it('createKmsEngine is the same as new KmsEngine', () => {
    expect(createKmsEngine({accountId: ACCOUNT, keys: [{keyId: KEY_ID}], region: REGION}).listKeys().Keys).toEqual([{KeyArn: KEY_ARN, KeyId: KEY_ID}])
  })
})

describe('key identifiers', () => {
  const engine = makeEngine()

  it.each([
    ['key id', KEY_ID],
    ['key ARN', KEY_ARN],
    ['alias name', 'alias/custom-sender'],
    ['nested alias name', 'alias/sms/codes'],
    ['alias ARN', `arn:aws:kms:${REGION}:${ACCOUNT}:alias/custom-sender`],
  ])('DescribeKey accepts the %s', (_label, id) => {
    expect(engine.describeKey({KeyId: id}).KeyMetadata.Arn).toBe(KEY_ARN)
  })

  it.each([
    ['an unknown key id', '99999999-9999-4999-8999-999999999999', `Key '${arnOf('99999999-9999-4999-8999-999999999999')}' does not exist`],
    ['a malformed key id', 'nope', "Invalid keyId 'nope'"],
    ['an unknown alias', 'alias/nope', `Alias arn:aws:kms:${REGION}:${ACCOUNT}:alias/nope is not found.`],
    ['an unknown alias ARN', `arn:aws:kms:${REGION}:${ACCOUNT}:alias/nope`, `Alias arn:aws:kms:${REGION}:${ACCOUNT}:alias/nope is not found.`],
    ['a key ARN of another region', `arn:aws:kms:us-east-1:${ACCOUNT}:key/${KEY_ID}`, 'Invalid arn us-east-1'],
    ['a key ARN of another account', `arn:aws:kms:${REGION}:999999999999:key/${KEY_ID}`, `Key 'arn:aws:kms:${REGION}:999999999999:key/${KEY_ID}' does not exist`],
    ['a non-KMS ARN', 'arn:aws:sns:eu-west-1:111122223333:topic', /Invalid arn/],
  ])('NotFoundException for %s', (_label, id, message) => {
    expectError(() => engine.describeKey({KeyId: id}), 'NotFoundException', message)
  })

  it('ValidationException when KeyId is missing or empty', () => {
    expectError(() => engine.describeKey({}), 'ValidationException', /Value null at 'keyId'/)
    expectError(() => engine.describeKey({KeyId: ''}), 'ValidationException', /length between 1 and 2048/)
  })

  it('findKeyArn resolves or returns undefined', () => {
    expect(engine.findKeyArn('alias/rsa')).toBe(arnOf(RSA_ID))
    expect(engine.findKeyArn('alias/missing')).toBeUndefined()
  })
})

describe('DescribeKey metadata by key type and state', () => {
  const engine = makeEngine()
  it.each([
    [DISABLED_ID, {Enabled: false, KeyState: 'Disabled'}],
    [PENDING_ID, {Enabled: false, KeyState: 'PendingDeletion'}],
    [SIGN_ID, {KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', SigningAlgorithms: ['ECDSA_SHA_256']}],
    [RSA_ID, {EncryptionAlgorithms: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'], KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT'}],
    [HMAC_ID, {KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC', MacAlgorithms: ['HMAC_SHA_256']}],
  ])('%s', (id, expected) => {
    const {KeyMetadata} = engine.describeKey({KeyId: id})
    expect(KeyMetadata).toMatchObject(expected)
    expect(KeyMetadata.Description).toBe('')
  })

  it('no EncryptionAlgorithms on signing keys', () => {
    expect(engine.describeKey({KeyId: SIGN_ID}).KeyMetadata.EncryptionAlgorithms).toBeUndefined()
  })
})

describe('ListKeys / ListAliases', () => {
  const engine = makeEngine()

  it('lists keys in scenario order and paginates with Limit / Marker / NextMarker / Truncated', () => {
    const all = engine.listKeys()
    expect(all.Truncated).toBe(false)
    expect(all.NextMarker).toBeUndefined()
    expect(all.Keys.map((k) => k.KeyId)).toEqual([KEY_ID, DISABLED_ID, PENDING_ID, SIGN_ID, RSA_ID, HMAC_ID, OTHER_ID])
    expect(all.Keys[0]).toEqual({KeyArn: KEY_ARN, KeyId: KEY_ID})

    const seen: string[] = []
    let marker: string | undefined
    let pages = 0
    do {
      const page = engine.listKeys({Limit: 3, ...(marker ? {Marker: marker} : {})})
      pages++
      seen.push(...page.Keys.map((k) => k.KeyId))
      expect(page.Truncated).toBe(page.NextMarker !== undefined)
      marker = page.NextMarker
    } while (marker)
    expect(pages).toBe(3)
    expect(seen).toEqual(all.Keys.map((k) => k.KeyId))
  })

  it('rejects bad Limit and Marker values', () => {
    expectError(() => engine.listKeys({Limit: 0}), 'ValidationException', /greater than or equal to 1/)
    expectError(() => engine.listKeys({Limit: 1001}), 'ValidationException', /less than or equal to 1000/)
    expectError(() => engine.listKeys({Marker: 'garbage'}), 'InvalidMarkerException')
  })

  it('lists aliases sorted with ARN and target, optionally for one key', () => {
    const {Aliases, Truncated} = engine.listAliases()
    expect(Truncated).toBe(false)
    expect(Aliases.map((a) => a.AliasName)).toEqual(['alias/custom-sender', 'alias/rsa', 'alias/sms/codes'])
    expect(Aliases[0]).toEqual({
      AliasArn: `arn:aws:kms:${REGION}:${ACCOUNT}:alias/custom-sender`,
      AliasName: 'alias/custom-sender',
      CreationDate: CREATED,
      LastUpdatedDate: CREATED,
      TargetKeyId: KEY_ID,
    })
    expect(engine.listAliases({KeyId: KEY_ARN}).Aliases.map((a) => a.AliasName)).toEqual(['alias/custom-sender', 'alias/sms/codes'])
    expect(engine.listAliases({KeyId: OTHER_ID}).Aliases).toEqual([])
    expectError(() => engine.listAliases({KeyId: '99999999-9999-4999-8999-999999999999'}), 'NotFoundException')
    const page = engine.listAliases({Limit: 2})
    expect(page).toMatchObject({Truncated: true})
    expect(engine.listAliases({Limit: 2, Marker: page.NextMarker}).Aliases.map((a) => a.AliasName)).toEqual(['alias/sms/codes'])
  })
})

describe('GetKeyPolicy', () => {
  it('returns the scenario policy or the default, named "default"', () => {
    const custom = JSON.stringify({Statement: [], Version: '2012-10-17'})
    const engine = new KmsEngine({accountId: ACCOUNT, keys: [{keyId: KEY_ID, policy: custom}, {keyId: OTHER_ID}], region: REGION})
    expect(engine.getKeyPolicy({KeyId: KEY_ID})).toEqual({Policy: custom, PolicyName: 'default'})
    expect(engine.getKeyPolicy({KeyId: OTHER_ID, PolicyName: 'default'}).Policy).toContain('Enable IAM User Permissions')
    expectError(() => engine.getKeyPolicy({KeyId: KEY_ID, PolicyName: 'other'}), 'NotFoundException')
  })
})

// -------------------------------------------------------------------------------------------------

describe('GenerateDataKey', () => {
  const engine = makeEngine()

  it.each([
    [{KeySpec: 'AES_256' as const}, 32],
    [{KeySpec: 'AES_128' as const}, 16],
    [{NumberOfBytes: 1}, 1],
    [{NumberOfBytes: 64}, 64],
    [{NumberOfBytes: 1024}, 1024],
  ])('%j gives a %i-byte key that Decrypt recovers', (spec, length) => {
    const out = engine.generateDataKey({EncryptionContext: {'userpool-id': POOL_ID}, KeyId: 'alias/custom-sender', ...spec})
    expect(out.KeyId).toBe(KEY_ARN)
    expect(out.Plaintext).toHaveLength(length)
    expect(out.CiphertextBlob).toHaveLength(length + 66)
    const back = engine.decrypt({CiphertextBlob: out.CiphertextBlob, EncryptionContext: {'userpool-id': POOL_ID}})
    expect(Buffer.from(back.Plaintext).equals(Buffer.from(out.Plaintext))).toBe(true)
  })

  it('WithoutPlaintext returns only the ciphertext and key ARN', () => {
    const out = engine.generateDataKeyWithoutPlaintext({KeyId: KEY_ID, KeySpec: 'AES_256'})
    expect(Object.keys(out).sort()).toEqual(['CiphertextBlob', 'KeyId'])
    expect(engine.decrypt({CiphertextBlob: out.CiphertextBlob}).Plaintext).toHaveLength(32)
  })

  it.each([
    ['neither KeySpec nor NumberOfBytes', {}, 'ValidationException', 'Please specify either number of bytes or key spec.'],
    ['both', {KeySpec: 'AES_256', NumberOfBytes: 32}, 'ValidationException', 'Please specify either number of bytes or key spec.'],
    ['an unknown KeySpec', {KeySpec: 'AES_512'}, 'ValidationException', /enum value set: \[AES_256, AES_128\]/],
    ['0 bytes', {NumberOfBytes: 0}, 'ValidationException', /between 1 and 1024/],
    ['1025 bytes', {NumberOfBytes: 1025}, 'ValidationException', /between 1 and 1024/],
    ['a non-integer size', {NumberOfBytes: 1.5}, 'SerializationException', undefined],
    ['a non-string context value', {EncryptionContext: {a: 1}, KeySpec: 'AES_256'}, 'SerializationException', undefined],
  ])('rejects %s', (_label, input, code, message) => {
    expectError(() => engine.generateDataKey({KeyId: KEY_ID, ...(input as object)}), code, message)
  })

  it.each([
    [DISABLED_ID, 'DisabledException', `${arnOf(DISABLED_ID)} is disabled.`],
    [PENDING_ID, 'KMSInvalidStateException', `${arnOf(PENDING_ID)} is pending deletion.`],
    [SIGN_ID, 'InvalidKeyUsageException', `${arnOf(SIGN_ID)} key usage is SIGN_VERIFY which is not valid for GenerateDataKey.`],
    [HMAC_ID, 'InvalidKeyUsageException', /GENERATE_VERIFY_MAC which is not valid/],
    [RSA_ID, 'InvalidKeyUsageException', 'You cannot generate a data key with an asymmetric CMK'],
    ['alias/nope', 'NotFoundException', undefined],
  ])('key %s → %s', (id, code, message) => {
    expectError(() => engine.generateDataKey({KeyId: id, KeySpec: 'AES_256'}), code, message)
  })

  it('DryRun answers DryRunOperationException after all checks pass', () => {
    expectError(() => engine.generateDataKey({DryRun: true, KeyId: KEY_ID, KeySpec: 'AES_256'}), 'DryRunOperationException')
    expectError(() => engine.generateDataKey({DryRun: true, KeyId: DISABLED_ID, KeySpec: 'AES_256'}), 'DisabledException')
  })
})

describe('Encrypt / Decrypt (symmetric)', () => {
  const engine = makeEngine()
  const context = {'userpool-id': POOL_ID}
  const seal = (plaintext = 'hello', ec: Record<string, string> = context) =>
    engine.encrypt({EncryptionContext: ec, KeyId: KEY_ID, Plaintext: bytes(plaintext)})

  it('round-trips and reports the key ARN and algorithm', () => {
    const sealed = seal()
    expect(sealed).toMatchObject({EncryptionAlgorithm: 'SYMMETRIC_DEFAULT', KeyId: KEY_ARN})
    const opened = engine.decrypt({CiphertextBlob: sealed.CiphertextBlob, EncryptionContext: context})
    expect(opened).toMatchObject({EncryptionAlgorithm: 'SYMMETRIC_DEFAULT', KeyId: KEY_ARN})
    expect(text(opened.Plaintext)).toBe('hello')
  })

  it('lays out the blob as documented: version, key id length, key id, IV, body, tag', () => {
    const {CiphertextBlob: blob} = seal('hello')
    expect(blob[0]).toBe(0x01)
    expect(blob[1]).toBe(36)
    expect(text(blob.subarray(2, 38))).toBe(KEY_ID)
    expect(blob).toHaveLength(2 + 36 + 12 + 5 + 16)
    expect(inspectCiphertext(blob)).toEqual({headerLength: 38, keyId: KEY_ID, version: 1})
    expect(inspectCiphertext(bytes('garbage that is long enough to parse but is not ours at all....'))).toBeUndefined()
  })

  it('accepts KeyId as id, ARN, alias or alias ARN when it names the right key', () => {
    const {CiphertextBlob} = seal()
    for (const id of [KEY_ID, KEY_ARN, 'alias/custom-sender', `arn:aws:kms:${REGION}:${ACCOUNT}:alias/sms/codes`]) {
      expect(text(engine.decrypt({CiphertextBlob, EncryptionContext: context, KeyId: id}).Plaintext)).toBe('hello')
    }
  })

  it.each([
    ['no context', undefined],
    ['another value', {'userpool-id': 'eu-west-1_Other'}],
    ['an extra pair', {...context, extra: 'x'}],
    ['the key in another case', {'UserPool-Id': POOL_ID}],
  ])('InvalidCiphertextException when the encryption context differs: %s', (_label, ec) => {
    const {CiphertextBlob} = seal()
    expectError(() => engine.decrypt({CiphertextBlob, ...(ec ? {EncryptionContext: ec} : {})}), 'InvalidCiphertextException')
  })

  it('treats an empty context like none, and ignores key order', () => {
    const plain = engine.encrypt({KeyId: KEY_ID, Plaintext: bytes('a')})
    expect(text(engine.decrypt({CiphertextBlob: plain.CiphertextBlob, EncryptionContext: {}}).Plaintext)).toBe('a')
    const two = seal('b', {a: '1', b: '2'})
    expect(text(engine.decrypt({CiphertextBlob: two.CiphertextBlob, EncryptionContext: {b: '2', a: '1'}}).Plaintext)).toBe('b')
  })

  it('IncorrectKeyException when KeyId names another key', () => {
    const {CiphertextBlob} = seal()
    expectError(() => engine.decrypt({CiphertextBlob, EncryptionContext: context, KeyId: OTHER_ID}), 'IncorrectKeyException')
  })

  it('InvalidCiphertextException for garbage, also with a KeyId', () => {
    expectError(() => engine.decrypt({CiphertextBlob: bytes('garbage')}), 'InvalidCiphertextException')
    expectError(() => engine.decrypt({CiphertextBlob: bytes('garbage'), KeyId: KEY_ID}), 'InvalidCiphertextException')
  })

  it("InvalidCiphertextException for another store's ciphertext (same key id, other material)", () => {
    const other = makeEngine({seed: 'another seed'})
    const {CiphertextBlob} = other.encrypt({EncryptionContext: context, KeyId: KEY_ID, Plaintext: bytes('x')})
    expectError(() => engine.decrypt({CiphertextBlob, EncryptionContext: context}), 'InvalidCiphertextException', /failed authentication/)
  })

  it('a ciphertext of a key this store does not have: InvalidCiphertextException, or IncorrectKeyException with KeyId', () => {
    const foreignId = '88888888-8888-4888-8888-888888888888'
    const foreign = new KmsEngine({accountId: ACCOUNT, keys: [{keyId: foreignId}], region: REGION})
    const {CiphertextBlob} = foreign.encrypt({KeyId: foreignId, Plaintext: bytes('x')})
    expectError(() => engine.decrypt({CiphertextBlob}), 'InvalidCiphertextException', new RegExp(foreignId))
    expectError(() => engine.decrypt({CiphertextBlob, KeyId: KEY_ID}), 'IncorrectKeyException')
  })

  it('same seed, same material: another engine instance decrypts (restart-safe)', () => {
    const {CiphertextBlob} = seal()
    expect(text(makeEngine().decrypt({CiphertextBlob, EncryptionContext: context}).Plaintext)).toBe('hello')
  })

  it('explicit key material is used as the AES key', () => {
    const material = createHash('sha256').update('material').digest()
    const a = new KmsEngine({accountId: ACCOUNT, keys: [{keyId: KEY_ID, keyMaterial: material}], region: REGION, seed: 'a'})
    const b = new KmsEngine({accountId: ACCOUNT, keys: [{keyId: KEY_ID, keyMaterial: material.toString('base64')}], region: REGION, seed: 'b'})
    const {CiphertextBlob} = a.encrypt({KeyId: KEY_ID, Plaintext: bytes('shared')})
    expect(text(b.decrypt({CiphertextBlob}).Plaintext)).toBe('shared')
  })

  it('disabled and pending-deletion keys refuse to encrypt and decrypt; EnableKey/DisableKey switch', () => {
    const local = makeEngine()
    const {CiphertextBlob} = local.encrypt({KeyId: KEY_ID, Plaintext: bytes('x')})
    local.disableKey({KeyId: 'alias/custom-sender'})
    expect(local.describeKey({KeyId: KEY_ID}).KeyMetadata).toMatchObject({Enabled: false, KeyState: 'Disabled'})
    expectError(() => local.decrypt({CiphertextBlob}), 'DisabledException', `${KEY_ARN} is disabled.`)
    expectError(() => local.decrypt({CiphertextBlob, KeyId: KEY_ID}), 'DisabledException')
    expectError(() => local.encrypt({KeyId: KEY_ID, Plaintext: bytes('x')}), 'DisabledException')
    local.enableKey({KeyId: KEY_ARN})
    expect(text(local.decrypt({CiphertextBlob}).Plaintext)).toBe('x')
    expectError(() => local.encrypt({KeyId: PENDING_ID, Plaintext: bytes('x')}), 'KMSInvalidStateException')
    expectError(() => local.enableKey({KeyId: PENDING_ID}), 'KMSInvalidStateException')
    expectError(() => local.disableKey({KeyId: PENDING_ID}), 'KMSInvalidStateException')
  })

  it.each([
    [SIGN_ID, 'InvalidKeyUsageException', /SIGN_VERIFY which is not valid for Encrypt/],
    [HMAC_ID, 'InvalidKeyUsageException', /not valid for Encrypt/],
    [RSA_ID, 'InvalidKeyUsageException', /SYMMETRIC_DEFAULT is not a valid encryption algorithm for RSA_2048/],
  ])('Encrypt with key %s → %s', (id, code, message) => {
    expectError(() => engine.encrypt({KeyId: id, Plaintext: bytes('x')}), code, message)
  })

  it('Decrypt naming a signing key → InvalidKeyUsageException', () => {
    const {CiphertextBlob} = seal()
    expectError(() => engine.decrypt({CiphertextBlob, KeyId: SIGN_ID}), 'InvalidKeyUsageException', /not valid for Decrypt/)
  })

  it.each([
    ['missing', undefined, /Value null at 'plaintext'/],
    ['empty', new Uint8Array(0), /greater than or equal to 1/],
    ['4097 bytes', new Uint8Array(4097), /less than or equal to 4096/],
  ])('validates Plaintext: %s', (_label, plaintext, message) => {
    expectError(() => engine.encrypt({KeyId: KEY_ID, ...(plaintext ? {Plaintext: plaintext} : {})}), 'ValidationException', message)
  })

  it('validates CiphertextBlob size and EncryptionAlgorithm', () => {
    expectError(() => engine.decrypt({}), 'ValidationException', /Value null at 'ciphertextBlob'/)
    expectError(() => engine.decrypt({CiphertextBlob: new Uint8Array(6145)}), 'ValidationException', /less than or equal to 6144/)
    expectError(() => engine.decrypt({CiphertextBlob: seal().CiphertextBlob, EncryptionAlgorithm: 'AES' as never}), 'ValidationException', /enum value set/)
  })

  it('encrypts 4096 bytes, the maximum', () => {
    const plaintext = new Uint8Array(4096).fill(7)
    const {CiphertextBlob} = engine.encrypt({KeyId: KEY_ID, Plaintext: plaintext})
    expect(Buffer.from(engine.decrypt({CiphertextBlob}).Plaintext).equals(Buffer.from(plaintext))).toBe(true)
  })

  it('uses the injected randomBytes for IVs and data keys (deterministic output)', () => {
    let counter = 0
    const randomBytes = (n: number) => Uint8Array.from({length: n}, () => counter++ & 0xff)
    const a = makeEngine({randomBytes})
    const first = a.generateDataKey({KeyId: KEY_ID, KeySpec: 'AES_256'})
    counter = 0
    const b = makeEngine({randomBytes})
    const second = b.generateDataKey({KeyId: KEY_ID, KeySpec: 'AES_256'})
    expect(Buffer.from(first.CiphertextBlob).equals(Buffer.from(second.CiphertextBlob))).toBe(true)
    expect(Array.from(first.Plaintext.subarray(0, 4))).toEqual([0, 1, 2, 3])
  })

  it('GenerateRandom returns the requested number of bytes', () => {
    expect(engine.generateRandom({NumberOfBytes: 17}).Plaintext).toHaveLength(17)
    expectError(() => engine.generateRandom({}), 'ValidationException')
    expectError(() => engine.generateRandom({NumberOfBytes: 2000}), 'ValidationException')
  })
})

describe('ciphertext properties', () => {
  const engine = makeEngine()
  const contextArb = fc.dictionary(fc.string({maxLength: 12, minLength: 1}), fc.string({maxLength: 20}), {maxKeys: 4})

  it('any plaintext and context round-trip; key order of the context does not matter', () => {
    fc.assert(
      fc.property(fc.uint8Array({maxLength: 4096, minLength: 1}), contextArb, (plaintext, ec) => {
        const {CiphertextBlob} = engine.encrypt({EncryptionContext: ec, KeyId: KEY_ID, Plaintext: plaintext})
        const reordered = Object.fromEntries(Object.entries(ec).reverse())
        const back = engine.decrypt({CiphertextBlob, EncryptionContext: reordered})
        expect(Buffer.from(back.Plaintext).equals(Buffer.from(plaintext))).toBe(true)
      }),
      {numRuns: 60},
    )
  })

  it('flipping any bit of the blob makes Decrypt fail with InvalidCiphertextException', () => {
    const {CiphertextBlob} = engine.encrypt({EncryptionContext: {'userpool-id': POOL_ID}, KeyId: KEY_ID, Plaintext: bytes('123456')})
    fc.assert(
      fc.property(fc.nat(CiphertextBlob.length - 1), fc.integer({max: 7, min: 0}), (at, bit) => {
        const tampered = Uint8Array.from(CiphertextBlob)
        tampered[at] = (tampered[at] ?? 0) ^ (1 << bit)
        expectError(() => engine.decrypt({CiphertextBlob: tampered, EncryptionContext: {'userpool-id': POOL_ID}}), 'InvalidCiphertextException')
      }),
      {numRuns: 200},
    )
  })

  it('truncating the blob makes Decrypt fail', () => {
    const {CiphertextBlob} = engine.encrypt({KeyId: KEY_ID, Plaintext: bytes('123456')})
    fc.assert(
      fc.property(fc.nat(CiphertextBlob.length - 2), (length) => {
        expectError(() => engine.decrypt({CiphertextBlob: CiphertextBlob.subarray(0, length + 1)}), 'InvalidCiphertextException')
      }),
    )
  })

  it('canonicalEncryptionContext is order-independent and injective on the examples', () => {
    expect(canonicalEncryptionContext({b: '2', a: '1'})).toBe(canonicalEncryptionContext({a: '1', b: '2'}))
    expect(canonicalEncryptionContext(undefined)).toBe(canonicalEncryptionContext({}))
    expect(canonicalEncryptionContext({a: 'b,c'})).not.toBe(canonicalEncryptionContext({'a,b': 'c'}))
    expect(canonicalEncryptionContext({a: '"'})).not.toBe(canonicalEncryptionContext({'a"': ''}))
  })
})

describe('RSA ENCRYPT_DECRYPT keys', () => {
  const engine = makeEngine()

  it.each(['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] as const)('round-trips with %s (KeyId required)', (algorithm) => {
    const sealed = engine.encrypt({EncryptionAlgorithm: algorithm, KeyId: 'alias/rsa', Plaintext: bytes('rsa secret')})
    expect(sealed).toMatchObject({EncryptionAlgorithm: algorithm, KeyId: arnOf(RSA_ID)})
    expect(sealed.CiphertextBlob).toHaveLength(256)
    const opened = engine.decrypt({CiphertextBlob: sealed.CiphertextBlob, EncryptionAlgorithm: algorithm, KeyId: RSA_ID})
    expect(text(opened.Plaintext)).toBe('rsa secret')
    expect(opened.EncryptionAlgorithm).toBe(algorithm)
  })

  it('refuses the wrong algorithm, a missing KeyId, a context and oversize plaintext', () => {
    const {CiphertextBlob} = engine.encrypt({EncryptionAlgorithm: 'RSAES_OAEP_SHA_256', KeyId: RSA_ID, Plaintext: bytes('x')})
    expectError(() => engine.decrypt({CiphertextBlob, EncryptionAlgorithm: 'RSAES_OAEP_SHA_1', KeyId: RSA_ID}), 'InvalidCiphertextException')
    expectError(() => engine.decrypt({CiphertextBlob, KeyId: RSA_ID}), 'InvalidKeyUsageException')
    expectError(() => engine.decrypt({CiphertextBlob, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256'}), 'ValidationException', /KeyId is required/)
    expectError(() => engine.decrypt({CiphertextBlob, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256', KeyId: KEY_ID}), 'InvalidKeyUsageException')
    expectError(() => engine.encrypt({EncryptionAlgorithm: 'RSAES_OAEP_SHA_256', EncryptionContext: {a: 'b'}, KeyId: RSA_ID, Plaintext: bytes('x')}), 'ValidationException')
    expect(engine.encrypt({EncryptionAlgorithm: 'RSAES_OAEP_SHA_256', KeyId: RSA_ID, Plaintext: new Uint8Array(190)}).CiphertextBlob).toHaveLength(256)
    expectError(() => engine.encrypt({EncryptionAlgorithm: 'RSAES_OAEP_SHA_256', KeyId: RSA_ID, Plaintext: new Uint8Array(191)}), 'ValidationException', /at most 190 bytes/)
    expect(engine.encrypt({EncryptionAlgorithm: 'RSAES_OAEP_SHA_1', KeyId: RSA_ID, Plaintext: new Uint8Array(214)}).CiphertextBlob).toHaveLength(256)
  })
})

// -------------------------------------------------------------------------------------------------

describe('handleKmsJson (JSON 1.1 wire adapter)', () => {
  const engine = makeEngine()

  it('decodes base64 blobs in, encodes blobs and dates out', () => {
    const sealed = handleKmsJson(engine, 'Encrypt', {EncryptionContext: {'userpool-id': POOL_ID}, KeyId: 'alias/custom-sender', Plaintext: Buffer.from('hi').toString('base64')})
    expect(sealed).toMatchObject({EncryptionAlgorithm: 'SYMMETRIC_DEFAULT', KeyId: KEY_ARN})
    expect(typeof sealed.CiphertextBlob).toBe('string')
    const opened = handleKmsJson(engine, 'Decrypt', {CiphertextBlob: sealed.CiphertextBlob, EncryptionContext: {'userpool-id': POOL_ID}})
    expect(opened).toEqual({EncryptionAlgorithm: 'SYMMETRIC_DEFAULT', KeyId: KEY_ARN, Plaintext: Buffer.from('hi').toString('base64')})
    const described = handleKmsJson(engine, 'DescribeKey', {KeyId: KEY_ID}) as {KeyMetadata: {CreationDate: unknown}}
    expect(described.KeyMetadata.CreationDate).toBe(CREATED.getTime() / 1000)
    expect(JSON.parse(JSON.stringify(described))).toEqual(described) // plain JSON
    const listed = handleKmsJson(engine, 'ListKeys', {Limit: 1})
    expect(listed).toMatchObject({Truncated: true})
    expect(typeof listed.NextMarker).toBe('string')
    expect(handleKmsJson(engine, 'ListKeys', {Limit: 100})).not.toHaveProperty('NextMarker')
    expect(handleKmsJson(engine, 'GenerateDataKey', {KeyId: KEY_ID, NumberOfBytes: 8})).toMatchObject({KeyId: KEY_ARN, Plaintext: expect.stringMatching(/^[A-Za-z0-9+/]{11}=$/)})
    expect(handleKmsJson(engine, 'DisableKey', {KeyId: OTHER_ID})).toEqual({})
    expect(handleKmsJson(engine, 'EnableKey', {KeyId: OTHER_ID})).toEqual({})
    expect(handleKmsJson(engine, 'GetKeyPolicy', {KeyId: KEY_ID, PolicyName: 'default'})).toMatchObject({PolicyName: 'default'})
    expect(handleKmsJson(engine, 'ListAliases', {})).toMatchObject({Truncated: false})
    expect(handleKmsJson(engine, 'GenerateRandom', {NumberOfBytes: 3})).toMatchObject({Plaintext: expect.stringMatching(/^[A-Za-z0-9+/]{4}$/)})
    expect(handleKmsJson(engine, 'GenerateDataKeyWithoutPlaintext', {KeyId: KEY_ID, KeySpec: 'AES_128'})).not.toHaveProperty('Plaintext')
  })

  it('rejects bad bodies, bad base64 and unknown operations', () => {
    expectError(() => handleKmsJson(engine, 'Decrypt', {CiphertextBlob: 'not base64!'}), 'SerializationException')
    expectError(() => handleKmsJson(engine, 'Encrypt', {KeyId: KEY_ID, Plaintext: 42}), 'SerializationException')
    expectError(() => handleKmsJson(engine, 'Encrypt', [1, 2]), 'SerializationException')
    expectError(() => handleKmsJson(engine, 'CreateKey', {}), 'UnknownOperationException')
    expectError(() => handleKmsJson(engine, 'DescribeKey', undefined), 'ValidationException')
    expectError(() => handleKmsJson(engine, 'DescribeKey', {KeyId: 5}), 'SerializationException')
  })

  it('kmsOperations builds one handler per operation, on the engine for the request context', () => {
    const table = kmsOperations(() => engine)
    expect(Object.keys(table).sort()).toEqual([...KMS_OPERATIONS].sort())
    const context = {accountId: ACCOUNT, region: REGION} as OperationContext
    expect(table.DescribeKey({KeyId: 'alias/rsa'}, context)).toMatchObject({KeyMetadata: {Arn: arnOf(RSA_ID)}})
  })
})

describe('authorizationRequest + policy-eval (key policy evaluation, aws-facts §6.2)', () => {
  const lambdaRole = `arn:aws:iam::${ACCOUNT}:role/custom-sms-sender`
  const session = `arn:aws:sts::${ACCOUNT}:assumed-role/custom-sms-sender/fn`
  const keyPolicy = JSON.stringify({
    Statement: [
      {Action: 'kms:*', Effect: 'Allow', Principal: {AWS: `arn:aws:iam::${ACCOUNT}:root`}, Resource: '*', Sid: 'Enable IAM User Permissions'},
      {Action: 'kms:Decrypt', Condition: {StringEquals: {'kms:EncryptionContext:userpool-id': POOL_ID}}, Effect: 'Allow', Principal: {AWS: lambdaRole}, Resource: '*', Sid: 'LambdaDecrypt'},
    ],
    Version: '2012-10-17',
  })
  const engine = new KmsEngine({accountId: ACCOUNT, keys: [{aliases: ['alias/custom-sender'], keyId: KEY_ID, policy: keyPolicy}], region: REGION})

  it('describes Decrypt without KeyId by the key inside the ciphertext, with the KMS condition keys', () => {
    const {CiphertextBlob} = engine.encrypt({EncryptionContext: {'userpool-id': POOL_ID}, KeyId: KEY_ID, Plaintext: bytes('1')})
    const request = engine.authorizationRequest('Decrypt', {CiphertextBlob, EncryptionContext: {'userpool-id': POOL_ID}}, ACCOUNT)
    expect(request).toEqual({
      action: 'kms:Decrypt',
      context: {
        'kms:CallerAccount': ACCOUNT,
        'kms:EncryptionAlgorithm': 'SYMMETRIC_DEFAULT',
        'kms:EncryptionContext:userpool-id': POOL_ID,
        'kms:EncryptionContextKeys': ['userpool-id'],
      },
      keyArn: KEY_ARN,
      keyPolicy,
    })
    expect(engine.authorizationRequest('GenerateDataKey', {KeyId: 'alias/custom-sender'})?.context['kms:RequestAlias']).toBe('alias/custom-sender')
    expect(engine.authorizationRequest('Decrypt', {KeyId: 'alias/nope'})).toBeUndefined()
    expect(engine.authorizationRequest('Decrypt', {CiphertextBlob: bytes('garbage')})).toBeUndefined()
    expect(engine.authorizationRequest('ListAliases', {KeyId: KEY_ID})).toBeUndefined()
  })

  it.each([
    ['the Lambda role for its pool', POOL_ID, 'allowed'],
    ['the Lambda role for another pool', 'eu-west-1_Other', 'implicitDeny'],
  ])('%s → %s', (_label, pool, expected) => {
    const {CiphertextBlob} = engine.encrypt({EncryptionContext: {'userpool-id': pool}, KeyId: KEY_ID, Plaintext: bytes('1')})
    const request = engine.authorizationRequest('Decrypt', {CiphertextBlob, EncryptionContext: {'userpool-id': pool}})
    if (!request) throw new Error('no request')
    const decision = evaluate({
      action: request.action,
      context: request.context,
      identityPolicies: [],
      principal: {arn: session},
      resource: request.keyArn,
      resourcePolicy: request.keyPolicy,
      resourcePolicyRequired: true,
    }).decision
    expect(decision).toBe(expected)
  })
})
