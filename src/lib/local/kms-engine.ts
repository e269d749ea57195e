/**
 * An offline AWS KMS key store with real cryptography, for `mfa-sms local`.
 *
 * One engine per account + region, created from scenario data. It answers the KMS operations a
 * Cognito custom-sender setup touches (ListKeys, ListAliases, DescribeKey, GetKeyPolicy,
 * GenerateDataKey[WithoutPlaintext], Encrypt, Decrypt, GenerateRandom, EnableKey, DisableKey)
 * well enough for the real AWS Encryption SDK (`@aws-crypto/client-node`, KmsKeyringNode) to
 * encrypt and decrypt through it, as Cognito and a custom sender Lambda would.
 *
 * Pure module: no HTTP, no clock or randomness that cannot be injected.
 *
 * Binary and time values:
 *   - The engine methods take and return KMS JSON 1.1 member names, but binary members
 *     (`Plaintext`, `CiphertextBlob`) are `Uint8Array` and timestamps (`CreationDate`) are `Date`.
 *   - `handleKmsJson(engine, operation, json)` is the wire adapter: it base64-decodes the blob
 *     members of a request, calls the engine, and returns a plain JSON object with blobs as base64
 *     strings and timestamps as epoch seconds, exactly as the JSON 1.1 protocol carries them. The
 *     server only has to JSON.parse the body and JSON.stringify the result.
 *
 * Errors are `ServiceError(code, message, 400)` with the KMS wire code (`NotFoundException`,
 * `InvalidCiphertextException`, …).
 *
 * Ciphertext blob format (ours, opaque to callers; real KMS blobs are undocumented and differ):
 *
 *   offset     size  field
 *   0          1     format version, 0x01
 *   1          1     n = UTF-8 length of the key id (1..255)
 *   2          n     key id (UUID or mrk-…), UTF-8
 *   2+n        12    AES-GCM IV (random)
 *   14+n       L     AES-256-GCM ciphertext of the plaintext (L = plaintext length)
 *   14+n+L     16    GCM authentication tag
 *
 *   AAD = bytes [0, 2+n) (version, length, key id) ‖ UTF-8(canonicalEncryptionContext(ctx))
 *
 * The header is authenticated, so changing the key id, the IV, the body, the tag or the encryption
 * context makes Decrypt fail with InvalidCiphertextException. Overhead is 30 + n bytes (66 for a
 * UUID key id). Asymmetric (RSA) ENCRYPT_DECRYPT keys produce raw RSAES-OAEP output, as real KMS
 * does, so Decrypt needs the KeyId for them.
 *
 * FIDELITY DOUBTS (kept here so the server engineer sees them):
 *   - Key material is derived deterministically from (seed, key ARN) unless given explicitly, so a
 *     restarted emulator still decrypts what it encrypted before. That is an emulator convenience:
 *     anyone who knows the seed and ARN can decrypt. Never point this at real secrets.
 *   - Real KMS sends InvalidCiphertextException with no message; we add a reason to help debugging.
 *   - A well-formed ciphertext whose key is not in this store, decrypted without KeyId, gives
 *     InvalidCiphertextException here; real KMS may answer NotFoundException/AccessDeniedException
 *     (e.g. for a ciphertext from another account's key).
 *   - Messages for IncorrectKeyException, InvalidKeyUsageException, "Invalid arn", GetKeyPolicy with
 *     a PolicyName other than "default", invalid base64 (SerializationException) and RSA plaintext
 *     limits follow other emulators and memory, not captured AWS traffic.
 *   - No authorization: the engine never raises AccessDeniedException. `authorizationRequest()`
 *     returns the action/resource/condition keys so the server (services/kms.ts) evaluates the key
 *     policy with ../iam/policy-eval.ts before calling the operation.
 *   - Not modelled: grants, key rotation/KeyMaterialId, multi-Region keys, AWS-managed keys and their
 *     `alias/aws/*` aliases in ListAliases, DeletionDate/PendingDeletionWindowInDays, tags, ReEncrypt,
 *     Sign/Verify/GenerateMac, Recipient (Nitro attestation), SM2 keys.
 */

import {
  constants as cryptoConstants,
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  createPublicKey,
  generateKeyPairSync,
  privateDecrypt,
  publicEncrypt,
  randomBytes as nodeRandomBytes,
} from 'node:crypto'

import {type OperationContext, type OperationHandler, ServiceError} from './types.js'

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

export type KmsKeyState = 'Disabled' | 'Enabled' | 'PendingDeletion'

export type KmsKeySpec =
  | 'ECC_NIST_P256'
  | 'ECC_NIST_P384'
  | 'ECC_NIST_P521'
  | 'ECC_SECG_P256K1'
  | 'HMAC_224'
  | 'HMAC_256'
  | 'HMAC_384'
  | 'HMAC_512'
  | 'RSA_2048'
  | 'RSA_3072'
  | 'RSA_4096'
  | 'SYMMETRIC_DEFAULT'

export type KmsKeyUsage = 'ENCRYPT_DECRYPT' | 'GENERATE_VERIFY_MAC' | 'SIGN_VERIFY'

export type KmsEncryptionAlgorithm = 'RSAES_OAEP_SHA_1' | 'RSAES_OAEP_SHA_256' | 'SYMMETRIC_DEFAULT'

export type EncryptionContext = Record<string, string>

/** One key of the scenario. Everything but the key itself is optional. */
export interface KmsKeySeed {
  /** Key ARN; must agree with keyId/account/region when both are given. */
  arn?: string
  /** `alias/…` names pointing at this key. */
  aliases?: string[]
  creationDate?: Date
  description?: string
  /**
   * Key state. `true` = Enabled, `false` = Disabled, or a KeyState string. Default Enabled.
   * (`keyState` is accepted as a synonym.)
   */
  enabled?: boolean | KmsKeyState
  keyId?: string
  /** 32 bytes of AES key material (Uint8Array or base64). Default: derived from seed + ARN. */
  keyMaterial?: string | Uint8Array
  keySpec?: KmsKeySpec
  keyState?: KmsKeyState
  keyUsage?: KmsKeyUsage
  /** Key policy JSON. Default: the standard "Enable IAM User Permissions" account-root `kms:*`. */
  policy?: string
  /** PKCS#8 PEM private key for RSA keys. Default: generated (randomly) on first use. */
  privateKeyPem?: string
}

export interface KmsEngineOptions {
  accountId: string
  keys?: KmsKeySeed[]
  /** Clock for default creation dates. */
  now?: () => Date
  /**
   * Source of IVs and data keys. Default node:crypto randomBytes. Inject a deterministic one in
   * tests; never reuse an IV stream across runs against the same key material in anything real.
   */
  randomBytes?: (size: number) => Uint8Array
  region: string
  /** Seed for derived key material and generated key ids (default "mfa-sms-local-kms"). */
  seed?: string
}

export interface KmsKeyListEntry {
  KeyArn: string
  KeyId: string
}

export interface ListKeysInput {
  Limit?: number
  Marker?: string
}

export interface ListKeysOutput {
  Keys: KmsKeyListEntry[]
  NextMarker?: string
  Truncated: boolean
}

export interface KmsAliasListEntry {
  AliasArn: string
  AliasName: string
  CreationDate: Date
  LastUpdatedDate: Date
  TargetKeyId: string
}

export interface ListAliasesInput {
  KeyId?: string
  Limit?: number
  Marker?: string
}

export interface ListAliasesOutput {
  Aliases: KmsAliasListEntry[]
  NextMarker?: string
  Truncated: boolean
}

export interface KeyIdInput {
  KeyId?: string
}

export interface KmsKeyMetadata {
  AWSAccountId: string
  Arn: string
  CreationDate: Date
  /** Deprecated twin of KeySpec that KMS still returns. */
  CustomerMasterKeySpec: KmsKeySpec
  Description: string
  Enabled: boolean
  EncryptionAlgorithms?: KmsEncryptionAlgorithm[]
  KeyId: string
  KeyManager: 'CUSTOMER'
  KeySpec: KmsKeySpec
  KeyState: KmsKeyState
  KeyUsage: KmsKeyUsage
  MacAlgorithms?: string[]
  MultiRegion: false
  Origin: 'AWS_KMS'
  SigningAlgorithms?: string[]
}

export interface DescribeKeyOutput {
  KeyMetadata: KmsKeyMetadata
}

export interface GetKeyPolicyInput extends KeyIdInput {
  PolicyName?: string
}

export interface GetKeyPolicyOutput {
  Policy: string
  PolicyName: 'default'
}

export interface GenerateDataKeyInput extends KeyIdInput {
  DryRun?: boolean
  EncryptionContext?: EncryptionContext
  GrantTokens?: string[]
  KeySpec?: 'AES_128' | 'AES_256'
  NumberOfBytes?: number
}

export interface GenerateDataKeyOutput {
  CiphertextBlob: Uint8Array
  /** The key ARN, never the alias or bare id the caller used. */
  KeyId: string
  Plaintext: Uint8Array
}

export type GenerateDataKeyWithoutPlaintextOutput = Omit<GenerateDataKeyOutput, 'Plaintext'>

export interface EncryptInput extends KeyIdInput {
  DryRun?: boolean
  EncryptionAlgorithm?: KmsEncryptionAlgorithm
  EncryptionContext?: EncryptionContext
  GrantTokens?: string[]
  Plaintext?: Uint8Array
}

export interface EncryptOutput {
  CiphertextBlob: Uint8Array
  EncryptionAlgorithm: KmsEncryptionAlgorithm
  KeyId: string
}

export interface DecryptInput extends KeyIdInput {
  CiphertextBlob?: Uint8Array
  DryRun?: boolean
  EncryptionAlgorithm?: KmsEncryptionAlgorithm
  EncryptionContext?: EncryptionContext
  GrantTokens?: string[]
}

export interface DecryptOutput {
  EncryptionAlgorithm: KmsEncryptionAlgorithm
  KeyId: string
  Plaintext: Uint8Array
}

export interface GenerateRandomInput {
  NumberOfBytes?: number
}

export interface GenerateRandomOutput {
  Plaintext: Uint8Array
}

/** What the server needs to evaluate the key policy (../iam/policy-eval.ts) before running an operation. */
export interface KmsAuthorizationRequest {
  /** IAM action, e.g. "kms:Decrypt". */
  action: string
  /** Condition keys KMS puts in the request context (names as KMS documents them). */
  context: Record<string, string | string[]>
  keyArn: string
  /** The key policy document (JSON string), i.e. the resource policy. */
  keyPolicy: string
}

/** Operations the engine (and handleKmsJson) implements, by JSON 1.1 operation name. */
export const KMS_OPERATIONS = [
  'Decrypt',
  'DescribeKey',
  'DisableKey',
  'EnableKey',
  'Encrypt',
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'GenerateRandom',
  'GetKeyPolicy',
  'ListAliases',
  'ListKeys',
] as const

export type KmsOperation = (typeof KMS_OPERATIONS)[number]

// ---------------------------------------------------------------------------------------------
// Constants and small helpers
// ---------------------------------------------------------------------------------------------

const CIPHERTEXT_VERSION = 0x01
const IV_BYTES = 12
const TAG_BYTES = 16
const MAX_PLAINTEXT_BYTES = 4096
const MAX_CIPHERTEXT_BYTES = 6144
const KEY_ID_PATTERN = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/i
const ALIAS_PATTERN = /^alias\/[a-zA-Z0-9/_-]{1,250}$/

const SIGNING_ALGORITHMS: Partial<Record<KmsKeySpec, string[]>> = {
  ECC_NIST_P256: ['ECDSA_SHA_256'],
  ECC_NIST_P384: ['ECDSA_SHA_384'],
  ECC_NIST_P521: ['ECDSA_SHA_512'],
  ECC_SECG_P256K1: ['ECDSA_SHA_256'],
  RSA_2048: rsaSigningAlgorithms(),
  RSA_3072: rsaSigningAlgorithms(),
  RSA_4096: rsaSigningAlgorithms(),
}

function rsaSigningAlgorithms(): string[] {
  return [
    'RSASSA_PKCS1_V1_5_SHA_256',
    'RSASSA_PKCS1_V1_5_SHA_384',
    'RSASSA_PKCS1_V1_5_SHA_512',
    'RSASSA_PSS_SHA_256',
    'RSASSA_PSS_SHA_384',
    'RSASSA_PSS_SHA_512',
  ]
}

/** Which usages each key spec allows (KMS CreateKey rules). */
export const KMS_USAGES_BY_SPEC: Record<KmsKeySpec, KmsKeyUsage[]> = {
  ECC_NIST_P256: ['SIGN_VERIFY'],
  ECC_NIST_P384: ['SIGN_VERIFY'],
  ECC_NIST_P521: ['SIGN_VERIFY'],
  ECC_SECG_P256K1: ['SIGN_VERIFY'],
  HMAC_224: ['GENERATE_VERIFY_MAC'],
  HMAC_256: ['GENERATE_VERIFY_MAC'],
  HMAC_384: ['GENERATE_VERIFY_MAC'],
  HMAC_512: ['GENERATE_VERIFY_MAC'],
  RSA_2048: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'],
  RSA_3072: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'],
  RSA_4096: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'],
  SYMMETRIC_DEFAULT: ['ENCRYPT_DECRYPT'],
}

const RSA_MODULUS_BYTES: Partial<Record<KmsKeySpec, number>> = {RSA_2048: 256, RSA_3072: 384, RSA_4096: 512}

function kmsError(code: string, message: string): ServiceError {
  return new ServiceError(code, message, 400)
}

function validationError(message: string): ServiceError {
  return kmsError('ValidationException', `1 validation error detected: ${message}`)
}

function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn'
  if (region.startsWith('us-gov-')) return 'aws-us-gov'
  if (region.startsWith('us-iso-')) return 'aws-iso'
  if (region.startsWith('us-isob-')) return 'aws-iso-b'
  return 'aws'
}

/**
 * The encryption context as the AAD of our ciphertext: `[[key, value], …]` sorted by key (UTF-16
 * code unit order), JSON-encoded. `{}` and an absent context are the same ("[]"), as in KMS.
 */
export function canonicalEncryptionContext(context: EncryptionContext | undefined): string {
  const entries = Object.entries(context ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return JSON.stringify(entries)
}

function uuidFromBytes(bytes: Uint8Array): string {
  const b = Buffer.from(bytes.subarray(0, 16))
  // RFC 4122 version 4 / variant bits, so it looks like a real KMS key id.
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80
  const hex = b.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
}

interface ParsedKmsArn {
  account: string
  partition: string
  region: string
  /** "key" or "alias" */
  resourceType: string
  /** key id, or alias name without "alias/" */
  resourceId: string
}

function parseKmsArn(arn: string): ParsedKmsArn | undefined {
  const match = /^arn:([a-z-]+):kms:([a-z0-9-]*):(\d*):(key|alias)\/(.+)$/.exec(arn)
  if (!match) return undefined
  const [, partition = '', region = '', account = '', resourceType = '', resourceId = ''] = match
  return {account, partition, region, resourceId, resourceType}
}

/** What the header of one of our ciphertext blobs says (undefined when it is not one). */
export interface CiphertextHeader {
  /** Length of the authenticated header (version, length byte, key id). */
  headerLength: number
  keyId: string
  version: number
}

/**
 * Reads the key id out of a ciphertext blob of this engine, without decrypting. Useful for
 * diagnostics ("which key encrypted this?"). Returns undefined for anything that is not a
 * well-formed blob of our format (e.g. an Encryption SDK message).
 */
export function inspectCiphertext(blob: Uint8Array): CiphertextHeader | undefined {
  if (blob.length < 2 || blob[0] !== CIPHERTEXT_VERSION) return undefined
  const n = blob[1] ?? 0
  const headerLength = 2 + n
  if (n === 0 || blob.length < headerLength + IV_BYTES + TAG_BYTES) return undefined
  const keyId = Buffer.from(blob.subarray(2, headerLength)).toString('utf8')
  if (!KEY_ID_PATTERN.test(keyId)) return undefined
  return {headerLength, keyId, version: CIPHERTEXT_VERSION}
}

// ---------------------------------------------------------------------------------------------
// Input validation (the wire gives us unknown values)
// ---------------------------------------------------------------------------------------------

function requireKeyIdParam(value: unknown): string {
  if (value === undefined || value === null) {
    throw validationError("Value null at 'keyId' failed to satisfy constraint: Member must not be null")
  }
  if (typeof value !== 'string') throw kmsError('SerializationException', 'KeyId must be a string')
  if (value.length === 0 || value.length > 2048) {
    throw validationError(
      `Value '${value}' at 'keyId' failed to satisfy constraint: Member must have length between 1 and 2048`,
    )
  }
  return value
}

function optionalString(value: unknown, member: string): string | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw kmsError('SerializationException', `${member} must be a string`)
  return value
}

function optionalInteger(value: unknown, member: string): number | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw kmsError('SerializationException', `${member} must be an integer`)
  }
  return value
}

function requireBlob(value: unknown, member: string, max: number): Uint8Array {
  if (value === undefined || value === null) {
    throw validationError(`Value null at '${member}' failed to satisfy constraint: Member must not be null`)
  }
  if (!(value instanceof Uint8Array)) throw kmsError('SerializationException', `${member} must be a blob`)
  if (value.length < 1) {
    throw validationError(
      `Value at '${member}' failed to satisfy constraint: Member must have length greater than or equal to 1`,
    )
  }
  if (value.length > max) {
    throw validationError(
      `Value at '${member}' failed to satisfy constraint: Member must have length less than or equal to ${max}`,
    )
  }
  return value
}

function encryptionContextParam(value: unknown): EncryptionContext | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw kmsError('SerializationException', 'EncryptionContext must be a map of strings')
  }
  const out: EncryptionContext = {}
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v !== 'string') throw kmsError('SerializationException', 'EncryptionContext values must be strings')
    out[k] = v
  }
  return out
}

function encryptionAlgorithmParam(value: unknown): KmsEncryptionAlgorithm {
  const v = optionalString(value, 'EncryptionAlgorithm') ?? 'SYMMETRIC_DEFAULT'
  if (v !== 'SYMMETRIC_DEFAULT' && v !== 'RSAES_OAEP_SHA_1' && v !== 'RSAES_OAEP_SHA_256') {
    throw validationError(
      `Value '${v}' at 'encryptionAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [SYMMETRIC_DEFAULT, RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256, SM2PKE]`,
    )
  }
  return v
}

function limitParam(value: unknown, fallback: number): number {
  const limit = optionalInteger(value, 'Limit')
  if (limit === undefined) return fallback
  if (limit < 1 || limit > 1000) {
    throw validationError(
      `Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value ${limit < 1 ? 'greater than or equal to 1' : 'less than or equal to 1000'}`,
    )
  }
  return limit
}

function encodeMarker(offset: number): string {
  return Buffer.from(`mfa-sms-kms:${offset}`, 'utf8').toString('base64')
}

function decodeMarker(value: unknown): number {
  const marker = optionalString(value, 'Marker')
  if (marker === undefined) return 0
  const decoded = /^mfa-sms-kms:(\d+)$/.exec(Buffer.from(marker, 'base64').toString('utf8'))
  if (!decoded?.[1]) throw kmsError('InvalidMarkerException', 'Invalid marker')
  return Number(decoded[1])
}

function paginate<T>(items: T[], input: {Limit?: unknown; Marker?: unknown}, defaultLimit: number) {
  const limit = limitParam(input.Limit, defaultLimit)
  const offset = decodeMarker(input.Marker)
  if (offset > items.length) throw kmsError('InvalidMarkerException', 'Invalid marker')
  const page = items.slice(offset, offset + limit)
  const next = offset + page.length
  return next < items.length ? {NextMarker: encodeMarker(next), page, Truncated: true} : {page, Truncated: false}
}

function defaultKeyPolicy(partition: string, accountId: string): string {
  return JSON.stringify(
    {
      Id: 'key-default-1',
      Statement: [
        {
          Action: 'kms:*',
          Effect: 'Allow',
          Principal: {AWS: `arn:${partition}:iam::${accountId}:root`},
          Resource: '*',
          Sid: 'Enable IAM User Permissions',
        },
      ],
      Version: '2012-10-17',
    },
    null,
    2,
  )
}

// ---------------------------------------------------------------------------------------------
// The engine
// ---------------------------------------------------------------------------------------------

interface KeyRecord {
  aliases: string[]
  arn: string
  creationDate: Date
  description: string
  keyId: string
  keySpec: KmsKeySpec
  keyState: KmsKeyState
  keyUsage: KmsKeyUsage
  /** AES-256 key for SYMMETRIC_DEFAULT keys. */
  material?: Buffer
  policy: string
  privateKeyPem?: string
  publicKeyPem?: string
}

export class KmsEngine {
  readonly accountId: string
  readonly partition: string
  readonly region: string

  private readonly aliasIndex = new Map<string, string>()
  private readonly keys = new Map<string, KeyRecord>()
  private readonly randomBytes: (size: number) => Uint8Array

  constructor(options: KmsEngineOptions) {
    if (!/^\d{12}$/.test(options.accountId)) throw new Error(`kms: account id must be 12 digits, got "${options.accountId}"`)
    if (!options.region) throw new Error('kms: region is required')
    this.accountId = options.accountId
    this.region = options.region
    this.partition = partitionOf(options.region)
    this.randomBytes = options.randomBytes ?? ((size) => nodeRandomBytes(size))
    const seed = options.seed ?? 'mfa-sms-local-kms'
    const now = options.now ?? (() => new Date())

    for (const [index, seedKey] of (options.keys ?? []).entries()) {
      const record = this.buildKey(seedKey, index, seed, now)
      if (this.keys.has(record.keyId)) throw new Error(`kms: duplicate key id ${record.keyId}`)
      this.keys.set(record.keyId, record)
      for (const alias of record.aliases) {
        if (this.aliasIndex.has(alias)) throw new Error(`kms: alias ${alias} is used by two keys`)
        this.aliasIndex.set(alias, record.keyId)
      }
    }
  }

  private buildKey(seedKey: KmsKeySeed, index: number, seed: string, now: () => Date): KeyRecord {
    let {keyId} = seedKey
    if (seedKey.arn !== undefined) {
      const parsed = parseKmsArn(seedKey.arn)
      if (
        !parsed ||
        parsed.resourceType !== 'key' ||
        parsed.account !== this.accountId ||
        parsed.region !== this.region ||
        parsed.partition !== this.partition
      ) {
        throw new Error(`kms: key ARN ${seedKey.arn} is not a key ARN of ${this.accountId} in ${this.region}`)
      }
      if (keyId !== undefined && keyId !== parsed.resourceId) {
        throw new Error(`kms: key ARN ${seedKey.arn} does not end in key id ${keyId}`)
      }
      keyId = parsed.resourceId
    }
    keyId ??= uuidFromBytes(createHash('sha256').update(`${seed}\0key-id\0${this.accountId}\0${this.region}\0${index}`).digest())
    if (!KEY_ID_PATTERN.test(keyId)) throw new Error(`kms: key id "${keyId}" is not a UUID (or mrk-…)`)
    const arn = `arn:${this.partition}:kms:${this.region}:${this.accountId}:key/${keyId}`

    const keySpec = seedKey.keySpec ?? 'SYMMETRIC_DEFAULT'
    const allowed = KMS_USAGES_BY_SPEC[keySpec]
    if (!allowed) throw new Error(`kms: unsupported key spec ${String(keySpec)}`)
    const keyUsage = seedKey.keyUsage ?? allowed[0] ?? 'ENCRYPT_DECRYPT'
    if (!allowed.includes(keyUsage)) throw new Error(`kms: key ${keyId}: ${keySpec} keys cannot have usage ${keyUsage}`)

    const enabled = seedKey.enabled ?? seedKey.keyState ?? true
    const keyState: KmsKeyState = enabled === true ? 'Enabled' : enabled === false ? 'Disabled' : enabled
    if (!['Disabled', 'Enabled', 'PendingDeletion'].includes(keyState)) {
      throw new Error(`kms: key ${keyId}: unsupported key state ${String(keyState)}`)
    }

    for (const alias of seedKey.aliases ?? []) {
      if (!ALIAS_PATTERN.test(alias)) throw new Error(`kms: alias "${alias}" must look like alias/<name>`)
    }

    let material: Buffer | undefined
    if (keySpec === 'SYMMETRIC_DEFAULT') {
      if (seedKey.keyMaterial === undefined) {
        material = createHmac('sha256', seed).update(`kms-key-material\0${arn}`).digest()
      } else {
        material =
          typeof seedKey.keyMaterial === 'string'
            ? Buffer.from(seedKey.keyMaterial, 'base64')
            : Buffer.from(seedKey.keyMaterial)
        if (material.length !== 32) throw new Error(`kms: key ${keyId}: keyMaterial must be 32 bytes`)
      }
    }

    return {
      aliases: [...(seedKey.aliases ?? [])],
      arn,
      creationDate: seedKey.creationDate ?? now(),
      description: seedKey.description ?? '',
      keyId,
      keySpec,
      keyState,
      keyUsage,
      material,
      policy: seedKey.policy ?? defaultKeyPolicy(this.partition, this.accountId),
      privateKeyPem: seedKey.privateKeyPem,
    }
  }

  // -------------------------------------------------------------------------------------------
  // Key resolution
  // -------------------------------------------------------------------------------------------

  /**
   * Resolves a key id, key ARN, alias name (`alias/x`) or alias ARN. NotFoundException when
   * nothing matches (also for ARNs of another region or account).
   */
  private resolve(identifier: string): KeyRecord {
    let keyId: string | undefined
    if (identifier.startsWith('arn:')) {
      const parsed = parseKmsArn(identifier)
      if (!parsed) throw kmsError('NotFoundException', `Invalid arn ${identifier}`)
      if (parsed.region !== this.region) throw kmsError('NotFoundException', `Invalid arn ${parsed.region}`)
      if (parsed.account !== this.accountId || parsed.partition !== this.partition) {
        // Cross-account use would need the other account's key policy; we hold only our own keys.
        throw kmsError(
          'NotFoundException',
          parsed.resourceType === 'alias' ? `Alias ${identifier} is not found.` : `Key '${identifier}' does not exist`,
        )
      }
      if (parsed.resourceType === 'alias') {
        keyId = this.aliasIndex.get(`alias/${parsed.resourceId}`)
        if (!keyId) throw kmsError('NotFoundException', `Alias ${identifier} is not found.`)
      } else {
        keyId = parsed.resourceId
      }
    } else if (identifier.startsWith('alias/')) {
      keyId = this.aliasIndex.get(identifier)
      if (!keyId) throw kmsError('NotFoundException', `Alias ${this.aliasArn(identifier)} is not found.`)
    } else {
      keyId = identifier
    }
    const record = this.keys.get(keyId)
    if (!record) {
      if (!KEY_ID_PATTERN.test(keyId)) throw kmsError('NotFoundException', `Invalid keyId '${keyId}'`)
      throw kmsError('NotFoundException', `Key '${this.keyArn(keyId)}' does not exist`)
    }
    return record
  }

  private keyArn(keyId: string): string {
    return `arn:${this.partition}:kms:${this.region}:${this.accountId}:key/${keyId}`
  }

  private aliasArn(aliasName: string): string {
    return `arn:${this.partition}:kms:${this.region}:${this.accountId}:${aliasName}`
  }

  /** Key ARN for any identifier DescribeKey accepts, or undefined. */
  findKeyArn(identifier: string): string | undefined {
    try {
      return this.resolve(identifier).arn
    } catch {
      return undefined
    }
  }

  private requireUsable(record: KeyRecord): void {
    if (record.keyState === 'PendingDeletion') {
      throw kmsError('KMSInvalidStateException', `${record.arn} is pending deletion.`)
    }
    if (record.keyState === 'Disabled') throw kmsError('DisabledException', `${record.arn} is disabled.`)
  }

  private requireUsage(record: KeyRecord, usage: KmsKeyUsage, operation: string): void {
    if (record.keyUsage !== usage) {
      throw kmsError(
        'InvalidKeyUsageException',
        `${record.arn} key usage is ${record.keyUsage} which is not valid for ${operation}.`,
      )
    }
  }

  private dryRun(value: unknown): void {
    if (value === true) {
      throw kmsError('DryRunOperationException', 'The request would have succeeded, but the DryRun option is set.')
    }
  }

  // -------------------------------------------------------------------------------------------
  // Listing and metadata
  // -------------------------------------------------------------------------------------------

  listKeys(input: ListKeysInput = {}): ListKeysOutput {
    const all = [...this.keys.values()].map((k) => ({KeyArn: k.arn, KeyId: k.keyId}))
    const {NextMarker, page, Truncated} = paginate(all, input, 100)
    return NextMarker === undefined ? {Keys: page, Truncated} : {Keys: page, NextMarker, Truncated}
  }

  listAliases(input: ListAliasesInput = {}): ListAliasesOutput {
    const keyFilter = optionalString(input.KeyId, 'KeyId')
    const target = keyFilter === undefined ? undefined : this.resolve(keyFilter)
    const all: KmsAliasListEntry[] = []
    for (const record of this.keys.values()) {
      if (target && record !== target) continue
      for (const alias of record.aliases) {
        all.push({
          AliasArn: this.aliasArn(alias),
          AliasName: alias,
          CreationDate: record.creationDate,
          LastUpdatedDate: record.creationDate,
          TargetKeyId: record.keyId,
        })
      }
    }
    all.sort((a, b) => (a.AliasName < b.AliasName ? -1 : a.AliasName > b.AliasName ? 1 : 0))
    const {NextMarker, page, Truncated} = paginate(all, input, 50)
    return NextMarker === undefined ? {Aliases: page, Truncated} : {Aliases: page, NextMarker, Truncated}
  }

  describeKey(input: KeyIdInput): DescribeKeyOutput {
    const record = this.resolve(requireKeyIdParam(input.KeyId))
    const metadata: KmsKeyMetadata = {
      AWSAccountId: this.accountId,
      Arn: record.arn,
      CreationDate: record.creationDate,
      CustomerMasterKeySpec: record.keySpec,
      Description: record.description,
      Enabled: record.keyState === 'Enabled',
      KeyId: record.keyId,
      KeyManager: 'CUSTOMER',
      KeySpec: record.keySpec,
      KeyState: record.keyState,
      KeyUsage: record.keyUsage,
      MultiRegion: false,
      Origin: 'AWS_KMS',
    }
    if (record.keyUsage === 'ENCRYPT_DECRYPT') {
      metadata.EncryptionAlgorithms =
        record.keySpec === 'SYMMETRIC_DEFAULT' ? ['SYMMETRIC_DEFAULT'] : ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256']
    } else if (record.keyUsage === 'SIGN_VERIFY') {
      metadata.SigningAlgorithms = [...(SIGNING_ALGORITHMS[record.keySpec] ?? [])]
    } else {
      metadata.MacAlgorithms = [`HMAC_SHA_${record.keySpec.slice('HMAC_'.length)}`]
    }
    return {KeyMetadata: metadata}
  }

  getKeyPolicy(input: GetKeyPolicyInput): GetKeyPolicyOutput {
    const record = this.resolve(requireKeyIdParam(input.KeyId))
    const policyName = optionalString(input.PolicyName, 'PolicyName') ?? 'default'
    // Doubt: the only valid name is "default"; the error code for others is from memory.
    if (policyName !== 'default') throw kmsError('NotFoundException', `No such policy exists: ${policyName}`)
    return {Policy: record.policy, PolicyName: 'default'}
  }

  enableKey(input: KeyIdInput): Record<string, never> {
    const record = this.resolve(requireKeyIdParam(input.KeyId))
    if (record.keyState === 'PendingDeletion') {
      throw kmsError('KMSInvalidStateException', `${record.arn} is pending deletion.`)
    }
    record.keyState = 'Enabled'
    return {}
  }

  disableKey(input: KeyIdInput): Record<string, never> {
    const record = this.resolve(requireKeyIdParam(input.KeyId))
    if (record.keyState === 'PendingDeletion') {
      throw kmsError('KMSInvalidStateException', `${record.arn} is pending deletion.`)
    }
    record.keyState = 'Disabled'
    return {}
  }

  // -------------------------------------------------------------------------------------------
  // Cryptographic operations
  // -------------------------------------------------------------------------------------------

  generateRandom(input: GenerateRandomInput = {}): GenerateRandomOutput {
    const n = optionalInteger(input.NumberOfBytes, 'NumberOfBytes')
    if (n === undefined) {
      throw validationError("Value null at 'numberOfBytes' failed to satisfy constraint: Member must not be null")
    }
    if (n < 1 || n > 1024) {
      throw validationError(
        `Value '${n}' at 'numberOfBytes' failed to satisfy constraint: Member must have value between 1 and 1024`,
      )
    }
    return {Plaintext: Uint8Array.from(this.randomBytes(n))}
  }

  generateDataKey(input: GenerateDataKeyInput): GenerateDataKeyOutput {
    return this.dataKey(input, 'GenerateDataKey')
  }

  generateDataKeyWithoutPlaintext(input: GenerateDataKeyInput): GenerateDataKeyWithoutPlaintextOutput {
    const {CiphertextBlob, KeyId} = this.dataKey(input, 'GenerateDataKeyWithoutPlaintext')
    return {CiphertextBlob, KeyId}
  }

  private dataKey(input: GenerateDataKeyInput, operation: string): GenerateDataKeyOutput {
    const keySpec = optionalString(input.KeySpec, 'KeySpec')
    const numberOfBytes = optionalInteger(input.NumberOfBytes, 'NumberOfBytes')
    if (keySpec !== undefined && keySpec !== 'AES_128' && keySpec !== 'AES_256') {
      throw validationError(
        `Value '${keySpec}' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [AES_256, AES_128]`,
      )
    }
    if (numberOfBytes !== undefined && (numberOfBytes < 1 || numberOfBytes > 1024)) {
      throw validationError(
        `Value '${numberOfBytes}' at 'numberOfBytes' failed to satisfy constraint: Member must have value between 1 and 1024`,
      )
    }
    const context = encryptionContextParam(input.EncryptionContext)
    const record = this.resolve(requireKeyIdParam(input.KeyId))
    if ((keySpec === undefined) === (numberOfBytes === undefined)) {
      throw kmsError('ValidationException', 'Please specify either number of bytes or key spec.')
    }
    this.requireUsage(record, 'ENCRYPT_DECRYPT', operation)
    if (record.keySpec !== 'SYMMETRIC_DEFAULT') {
      throw kmsError('InvalidKeyUsageException', 'You cannot generate a data key with an asymmetric CMK')
    }
    this.requireUsable(record)
    this.dryRun(input.DryRun)
    const length = numberOfBytes ?? (keySpec === 'AES_128' ? 16 : 32)
    const plaintext = Uint8Array.from(this.randomBytes(length).subarray(0, length))
    return {CiphertextBlob: this.sealSymmetric(record, plaintext, context), KeyId: record.arn, Plaintext: plaintext}
  }

  encrypt(input: EncryptInput): EncryptOutput {
    const plaintext = requireBlob(input.Plaintext, 'plaintext', MAX_PLAINTEXT_BYTES)
    const context = encryptionContextParam(input.EncryptionContext)
    const algorithm = encryptionAlgorithmParam(input.EncryptionAlgorithm)
    const record = this.resolve(requireKeyIdParam(input.KeyId))
    this.requireUsage(record, 'ENCRYPT_DECRYPT', 'Encrypt')
    this.requireAlgorithm(record, algorithm)
    this.requireUsable(record)
    this.dryRun(input.DryRun)
    if (record.keySpec === 'SYMMETRIC_DEFAULT') {
      return {CiphertextBlob: this.sealSymmetric(record, plaintext, context), EncryptionAlgorithm: algorithm, KeyId: record.arn}
    }
    if (context && Object.keys(context).length > 0) {
      // Doubt: KMS documents that encryption context is not supported with asymmetric keys; the exact
      // error it returns was not verified.
      throw kmsError('ValidationException', 'EncryptionContext is not supported for asymmetric KMS keys.')
    }
    const limit = (RSA_MODULUS_BYTES[record.keySpec] ?? 256) - (algorithm === 'RSAES_OAEP_SHA_1' ? 42 : 66)
    if (plaintext.length > limit) {
      throw kmsError(
        'ValidationException',
        `Plaintext is too long for ${record.keySpec} with ${algorithm}: at most ${limit} bytes`,
      )
    }
    const {publicKeyPem} = this.rsaKeys(record)
    const ciphertext = publicEncrypt(
      {key: publicKeyPem, oaepHash: algorithm === 'RSAES_OAEP_SHA_1' ? 'sha1' : 'sha256', padding: cryptoConstants.RSA_PKCS1_OAEP_PADDING},
      plaintext,
    )
    return {CiphertextBlob: Uint8Array.from(ciphertext), EncryptionAlgorithm: algorithm, KeyId: record.arn}
  }

  decrypt(input: DecryptInput): DecryptOutput {
    const blob = requireBlob(input.CiphertextBlob, 'ciphertextBlob', MAX_CIPHERTEXT_BYTES)
    const context = encryptionContextParam(input.EncryptionContext)
    const algorithm = encryptionAlgorithmParam(input.EncryptionAlgorithm)
    const keyIdParam = optionalString(input.KeyId, 'KeyId')
    const named = keyIdParam === undefined ? undefined : this.resolve(keyIdParam)

    if (named) {
      this.requireUsage(named, 'ENCRYPT_DECRYPT', 'Decrypt')
      this.requireAlgorithm(named, algorithm)
      this.requireUsable(named)
      if (named.keySpec !== 'SYMMETRIC_DEFAULT') {
        this.dryRun(input.DryRun)
        return this.decryptRsa(named, blob, algorithm)
      }
    } else if (algorithm !== 'SYMMETRIC_DEFAULT') {
      // Asymmetric ciphertext carries no key id, so KMS needs KeyId for it.
      throw kmsError('ValidationException', 'KeyId is required when EncryptionAlgorithm is not SYMMETRIC_DEFAULT.')
    }

    const header = inspectCiphertext(blob)
    if (!header) {
      throw kmsError('InvalidCiphertextException', 'The ciphertext is not a KMS ciphertext blob of this key store.')
    }
    const owner = this.keys.get(header.keyId)
    if (named && named.keyId !== header.keyId) {
      throw kmsError(
        'IncorrectKeyException',
        'The key ID in the request does not identify a KMS key that can perform this operation.',
      )
    }
    if (!owner) {
      throw kmsError('InvalidCiphertextException', `The ciphertext refers to key ${header.keyId}, which this account does not have.`)
    }
    if (!named) {
      this.requireUsage(owner, 'ENCRYPT_DECRYPT', 'Decrypt')
      this.requireUsable(owner)
    }
    this.dryRun(input.DryRun)
    const plaintext = this.openSymmetric(owner, blob, header, context)
    return {EncryptionAlgorithm: 'SYMMETRIC_DEFAULT', KeyId: owner.arn, Plaintext: plaintext}
  }

  private requireAlgorithm(record: KeyRecord, algorithm: KmsEncryptionAlgorithm): void {
    const symmetric = record.keySpec === 'SYMMETRIC_DEFAULT'
    if (symmetric !== (algorithm === 'SYMMETRIC_DEFAULT')) {
      throw kmsError(
        'InvalidKeyUsageException',
        `${algorithm} is not a valid encryption algorithm for ${record.keySpec} key ${record.arn}.`,
      )
    }
  }

  private sealSymmetric(record: KeyRecord, plaintext: Uint8Array, context: EncryptionContext | undefined): Uint8Array {
    const material = record.material
    if (!material) throw new Error(`kms: key ${record.keyId} has no symmetric material`)
    const keyIdBytes = Buffer.from(record.keyId, 'utf8')
    const header = Buffer.concat([Buffer.from([CIPHERTEXT_VERSION, keyIdBytes.length]), keyIdBytes])
    const iv = Buffer.from(this.randomBytes(IV_BYTES)).subarray(0, IV_BYTES)
    if (iv.length !== IV_BYTES) throw new Error('kms: randomBytes returned too few bytes')
    const cipher = createCipheriv('aes-256-gcm', material, iv)
    cipher.setAAD(Buffer.concat([header, Buffer.from(canonicalEncryptionContext(context), 'utf8')]))
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()])
    return Uint8Array.from(Buffer.concat([header, iv, body, cipher.getAuthTag()]))
  }

  private openSymmetric(
    record: KeyRecord,
    blob: Uint8Array,
    header: CiphertextHeader,
    context: EncryptionContext | undefined,
  ): Uint8Array {
    const material = record.material
    if (!material) throw kmsError('InvalidCiphertextException', 'The ciphertext was not made by a symmetric key.')
    const bytes = Buffer.from(blob)
    const iv = bytes.subarray(header.headerLength, header.headerLength + IV_BYTES)
    const tag = bytes.subarray(bytes.length - TAG_BYTES)
    const body = bytes.subarray(header.headerLength + IV_BYTES, bytes.length - TAG_BYTES)
    try {
      const decipher = createDecipheriv('aes-256-gcm', material, iv)
      decipher.setAAD(
        Buffer.concat([bytes.subarray(0, header.headerLength), Buffer.from(canonicalEncryptionContext(context), 'utf8')]),
      )
      decipher.setAuthTag(tag)
      return Uint8Array.from(Buffer.concat([decipher.update(body), decipher.final()]))
    } catch {
      throw kmsError(
        'InvalidCiphertextException',
        'The ciphertext failed authentication: it was altered, or the encryption context differs from the one used to encrypt.',
      )
    }
  }

  private rsaKeys(record: KeyRecord): {privateKeyPem: string; publicKeyPem: string} {
    if (!record.privateKeyPem) {
      const bits = (RSA_MODULUS_BYTES[record.keySpec] ?? 256) * 8
      const pair = generateKeyPairSync('rsa', {
        modulusLength: bits,
        privateKeyEncoding: {format: 'pem', type: 'pkcs8'},
        publicKeyEncoding: {format: 'pem', type: 'spki'},
      })
      record.privateKeyPem = pair.privateKey
      record.publicKeyPem = pair.publicKey
    }
    if (!record.publicKeyPem) {
      record.publicKeyPem = createPublicKeyPem(record.privateKeyPem)
    }
    return {privateKeyPem: record.privateKeyPem, publicKeyPem: record.publicKeyPem}
  }

  private decryptRsa(record: KeyRecord, blob: Uint8Array, algorithm: KmsEncryptionAlgorithm): DecryptOutput {
    const {privateKeyPem} = this.rsaKeys(record)
    try {
      const plaintext = privateDecrypt(
        {key: privateKeyPem, oaepHash: algorithm === 'RSAES_OAEP_SHA_1' ? 'sha1' : 'sha256', padding: cryptoConstants.RSA_PKCS1_OAEP_PADDING},
        blob,
      )
      return {EncryptionAlgorithm: algorithm, KeyId: record.arn, Plaintext: Uint8Array.from(plaintext)}
    } catch {
      throw kmsError('InvalidCiphertextException', `The ciphertext cannot be decrypted with ${record.arn} and ${algorithm}.`)
    }
  }

  // -------------------------------------------------------------------------------------------
  // Authorization support
  // -------------------------------------------------------------------------------------------

  /**
   * The IAM request the operation amounts to, for evaluating the key policy (../iam/policy-eval.ts)
   * before running it: action `kms:<Operation>`, the key ARN (for Decrypt without KeyId, the key
   * named inside the ciphertext) and the KMS condition keys `kms:EncryptionContext:<k>`,
   * `kms:EncryptionContextKeys`, `kms:EncryptionAlgorithm`, `kms:RequestAlias`, `kms:CallerAccount`
   * (when `callerAccount` is given). Input blobs are Uint8Array, as for the engine methods.
   * Returns undefined when the key cannot be found (the operation will then raise its own error)
   * and for operations not tied to a key (GenerateRandom, ListKeys, ListAliases without KeyId).
   */
  authorizationRequest(
    operation: string,
    input: Record<string, unknown>,
    callerAccount?: string,
  ): KmsAuthorizationRequest | undefined {
    if (['GenerateRandom', 'ListAliases', 'ListKeys'].includes(operation)) return undefined
    let record: KeyRecord | undefined
    const keyIdParam = typeof input.KeyId === 'string' ? input.KeyId : undefined
    if (keyIdParam !== undefined) {
      try {
        record = this.resolve(keyIdParam)
      } catch {
        return undefined
      }
    } else if (operation === 'Decrypt' && input.CiphertextBlob instanceof Uint8Array) {
      const header = inspectCiphertext(input.CiphertextBlob)
      record = header ? this.keys.get(header.keyId) : undefined
    }
    if (!record) return undefined
    const context: Record<string, string | string[]> = {}
    const ec = input.EncryptionContext
    if (ec && typeof ec === 'object' && !Array.isArray(ec)) {
      const entries = Object.entries(ec as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string')
      for (const [k, v] of entries) context[`kms:EncryptionContext:${k}`] = v
      if (entries.length > 0) context['kms:EncryptionContextKeys'] = entries.map(([k]) => k)
    }
    if (['Decrypt', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext'].includes(operation)) {
      context['kms:EncryptionAlgorithm'] = typeof input.EncryptionAlgorithm === 'string' ? input.EncryptionAlgorithm : 'SYMMETRIC_DEFAULT'
    }
    if (keyIdParam !== undefined && (keyIdParam.startsWith('alias/') || keyIdParam.includes(':alias/'))) {
      context['kms:RequestAlias'] = keyIdParam.startsWith('alias/') ? keyIdParam : `alias/${keyIdParam.split(':alias/')[1] ?? ''}`
    }
    if (callerAccount !== undefined) context['kms:CallerAccount'] = callerAccount
    return {action: `kms:${operation}`, context, keyArn: record.arn, keyPolicy: record.policy}
  }
}

function createPublicKeyPem(privateKeyPem: string): string {
  return createPublicKey(privateKeyPem).export({format: 'pem', type: 'spki'}).toString()
}

export function createKmsEngine(options: KmsEngineOptions): KmsEngine {
  return new KmsEngine(options)
}

// ---------------------------------------------------------------------------------------------
// Wire adapter (JSON 1.1)
// ---------------------------------------------------------------------------------------------

const BLOB_INPUT_MEMBERS = ['CiphertextBlob', 'Plaintext'] as const
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/** Turns engine output into JSON 1.1 wire values: Uint8Array → base64, Date → epoch seconds. */
function toWire(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64')
  if (value instanceof Date) return value.getTime() / 1000
  if (Array.isArray(value)) return value.map((v) => toWire(v))
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toWire(v)
    return out
  }
  return value
}

/**
 * Runs one KMS operation on wire-shaped JSON (`X-Amz-Target: TrentService.<operation>`, the body
 * already JSON.parsed) and returns the wire-shaped JSON result: blob members are base64 strings,
 * timestamps epoch seconds. Errors are thrown as ServiceError (status 400) with the KMS code;
 * an operation this engine does not implement gives `UnknownOperationException`.
 *
 *   const result = handleKmsJson(engine, target.replace('TrentService.', ''), JSON.parse(body))
 */
export function handleKmsJson(engine: KmsEngine, operation: string, input: unknown): Record<string, unknown> {
  if (input !== undefined && input !== null && (typeof input !== 'object' || Array.isArray(input))) {
    throw kmsError('SerializationException', 'The request body must be a JSON object.')
  }
  const decoded: Record<string, unknown> = {...((input as Record<string, unknown> | null | undefined) ?? {})}
  for (const member of BLOB_INPUT_MEMBERS) {
    const value = decoded[member]
    if (value === undefined || value === null) continue
    if (typeof value !== 'string' || !BASE64.test(value)) {
      throw kmsError('SerializationException', `${member} must be a base64-encoded blob`)
    }
    decoded[member] = Uint8Array.from(Buffer.from(value, 'base64'))
  }
  return toWire(dispatch(engine, operation, decoded)) as Record<string, unknown>
}

/** Each operation's engine method, given the decoded input. */
const DISPATCH: Record<KmsOperation, (engine: KmsEngine, input: Record<string, unknown>) => unknown> = {
  Decrypt: (engine, input) => engine.decrypt(input as DecryptInput),
  DescribeKey: (engine, input) => engine.describeKey(input as KeyIdInput),
  DisableKey: (engine, input) => engine.disableKey(input as KeyIdInput),
  EnableKey: (engine, input) => engine.enableKey(input as KeyIdInput),
  Encrypt: (engine, input) => engine.encrypt(input as EncryptInput),
  GenerateDataKey: (engine, input) => engine.generateDataKey(input as GenerateDataKeyInput),
  GenerateDataKeyWithoutPlaintext: (engine, input) => engine.generateDataKeyWithoutPlaintext(input as GenerateDataKeyInput),
  GenerateRandom: (engine, input) => engine.generateRandom(input as GenerateRandomInput),
  GetKeyPolicy: (engine, input) => engine.getKeyPolicy(input as GetKeyPolicyInput),
  ListAliases: (engine, input) => engine.listAliases(input as ListAliasesInput),
  ListKeys: (engine, input) => engine.listKeys(input as ListKeysInput),
}

function dispatch(engine: KmsEngine, operation: string, input: Record<string, unknown>): unknown {
  if (!Object.hasOwn(DISPATCH, operation)) {
    throw kmsError('UnknownOperationException', `Operation ${operation} is not supported by mfa-sms local KMS.`)
  }

  return DISPATCH[operation as KmsOperation](engine, input)
}

/**
 * The operation table for the server's ServiceDefinition: each handler runs `handleKmsJson` on the
 * engine of the request's account + region (services/kms.ts wraps it with the key-policy check):
 *
 *   {...KMS_PROTOCOL, operations: kmsOperations((ctx) => engineFor(ctx.accountId, ctx.region))}
 */
export function kmsOperations(
  engineFor: (context: OperationContext) => KmsEngine,
): Record<KmsOperation, OperationHandler> {
  const table = {} as Record<KmsOperation, OperationHandler>
  for (const operation of KMS_OPERATIONS) {
    table[operation] = (input, context) => handleKmsJson(engineFor(context), operation, input)
  }
  return table
}
