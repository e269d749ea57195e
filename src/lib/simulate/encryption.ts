/**
 * Custom sender codes, encrypted exactly as Cognito does it (aws-facts §5): an AWS Encryption SDK
 * message, format version 1, algorithm suite 0x0378 (AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384:
 * signed and non-committing), encryption context {"userpool-id": <pool id>}, one encrypted data key
 * from the pool's KMS key, framed with 4096-byte frames, base64 in `request.code`.
 *
 * A suite that is non-committing can only be *encrypted* under FORBID_ENCRYPT_ALLOW_DECRYPT; that
 * is why a handler that decrypts with the ESDK's default policy (REQUIRE_ENCRYPT_REQUIRE_DECRYPT)
 * fails here exactly as it fails in production.
 *
 * The KMS calls go to whichever client the caller passes: the in-process `mfa-sms local` key store
 * (kms-local.ts), or the real KMS through the session (deployed targets).
 */
import {AlgorithmSuiteIdentifier, buildClient, CommitmentPolicy, type KMS, KmsKeyringNode} from '@aws-crypto/client-node'

export {classifyDecryptFailure, COGNITO_SUITE_NAME, type DecryptMistake} from './decrypt-mistakes.js'

export const COGNITO_SUITE = AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384
export const COGNITO_FRAME_LENGTH = 4096
export const ENCRYPTION_CONTEXT_KEY = 'userpool-id'

/** The three KMS operations the Encryption SDK's KMS keyring calls, v3 style (methods returning promises). */
export interface KmsLike {
  decrypt(input: {CiphertextBlob: Uint8Array; EncryptionContext?: Record<string, string>; GrantTokens?: string[]; KeyId?: string}): Promise<{KeyId?: string; Plaintext?: Uint8Array}>
  encrypt(input: {EncryptionContext?: Record<string, string>; GrantTokens?: string[]; KeyId: string; Plaintext: Uint8Array}): Promise<{CiphertextBlob?: Uint8Array; KeyId?: string}>
  generateDataKey(input: {EncryptionContext?: Record<string, string>; GrantTokens?: string[]; KeyId: string; NumberOfBytes?: number}): Promise<{CiphertextBlob?: Uint8Array; KeyId?: string; Plaintext?: Uint8Array}>
}

export interface EncryptedCode {
  /** base64, as it goes into request.code. */
  base64: string
  /** The key ARN in the encrypted data key (what a handler's keyring must name). */
  keyArn: string
  header: EsdkHeader
}

/** Encrypts `code` for `userPoolId` under `keyId`, as Cognito does. */
export async function encryptLikeCognito(options: {code: string; keyId: string; kms: KmsLike; userPoolId: string}): Promise<EncryptedCode> {
  const {encrypt} = buildClient(CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT)
  const keyring = new KmsKeyringNode({clientProvider: () => options.kms as unknown as KMS, generatorKeyId: options.keyId})
  const {result} = await encrypt(keyring, options.code, {
    encryptionContext: {[ENCRYPTION_CONTEXT_KEY]: options.userPoolId},
    frameLength: COGNITO_FRAME_LENGTH,
    suiteId: COGNITO_SUITE,
  })
  const header = parseEsdkHeader(result)
  const edk = header.encryptedDataKeys.find((k) => k.providerId === 'aws-kms')
  if (!edk) throw new Error('the Encryption SDK produced no aws-kms data key')
  return {base64: result.toString('base64'), header, keyArn: edk.providerInfo}
}

export interface EsdkHeader {
  contentType: 'framed' | 'non-framed' | 'unknown'
  encryptedDataKeys: {providerId: string; providerInfo: string}[]
  encryptionContext: Record<string, string>
  frameLength?: number
  messageIdHex: string
  suiteId: number
  /** Message format version (1 is what Cognito sends). */
  version: number
}

/**
 * Reads the header of an Encryption SDK message of format version 1 (the Encryption SDK message
 * format reference), without any keys. Throws on anything else.
 */
export function parseEsdkHeader(message: Uint8Array): EsdkHeader {
  const buf = Buffer.from(message.buffer, message.byteOffset, message.byteLength)
  let at = 0
  const need = (n: number) => {
    if (at + n > buf.length) throw new Error('truncated Encryption SDK header')
  }

  const u8 = () => (need(1), buf.readUInt8(at++))
  const u16 = () => {
    need(2)
    const v = buf.readUInt16BE(at)
    at += 2
    return v
  }

  const u32 = () => {
    need(4)
    const v = buf.readUInt32BE(at)
    at += 4
    return v
  }

  const bytes = (n: number) => {
    need(n)
    const v = buf.subarray(at, at + n)
    at += n
    return v
  }

  const version = u8()
  if (version !== 1) throw new Error(`Encryption SDK message format version ${version}, not 1`)
  const type = u8()
  if (type !== 0x80) throw new Error(`unexpected Encryption SDK message type 0x${type.toString(16)}`)
  const suiteId = u16()
  const messageIdHex = bytes(16).toString('hex')
  const aadLength = u16()
  const encryptionContext: Record<string, string> = {}
  if (aadLength > 0) {
    const end = at + aadLength
    const pairs = u16()
    for (let i = 0; i < pairs; i++) {
      const key = bytes(u16()).toString('utf8')
      encryptionContext[key] = bytes(u16()).toString('utf8')
    }

    at = end
  }

  const encryptedDataKeys: EsdkHeader['encryptedDataKeys'] = []
  const edks = u16()
  for (let i = 0; i < edks; i++) {
    const providerId = bytes(u16()).toString('utf8')
    const providerInfo = bytes(u16()).toString('utf8')
    bytes(u16())
    encryptedDataKeys.push({providerId, providerInfo})
  }

  const content = u8()
  bytes(4) // reserved
  u8() // IV length
  const frameLength = u32()
  return {
    contentType: content === 2 ? 'framed' : content === 1 ? 'non-framed' : 'unknown',
    encryptedDataKeys,
    encryptionContext,
    frameLength: content === 2 ? frameLength : undefined,
    messageIdHex,
    suiteId,
    version,
  }
}
