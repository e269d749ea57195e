/**
 * What a custom sender's decryption failure means: which of the usual mistakes the error text (or
 * the logs) shows. Kept apart from encryption.ts so judging an answer never loads the Encryption SDK.
 */
export const COGNITO_SUITE_NAME = 'AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384'

export interface DecryptMistake {
  fix: string
  id: 'decrypt-alias-keyring' | 'decrypt-commitment-policy' | 'decrypt-kms-access' | 'decrypt-key-disabled' | 'decrypt-plain-kms' | 'decrypt-unsigned-only'
  message: string
}

/**
 * Which custom-sender decryption mistake an error text shows, if any. `keyArn` is the key the code
 * was encrypted under; `configuredKeys` what the handler's environment names (KEY_ARN, KEY_ALIAS…),
 * to tell "names an alias" from "names another key".
 */
export function classifyDecryptFailure(text: string, keyArn: string, configuredKeys: readonly string[] = []): DecryptMistake | undefined {
  if (/requiring only committed messages|REQUIRE_ENCRYPT_REQUIRE_DECRYPT/.test(text)) {
    return {
      fix:
        "Build the client with buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT) (Python: CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT). It only allows decrypting older messages; your own encryption stays committed.",
      id: 'decrypt-commitment-policy',
      message:
        `The handler decrypts with the Encryption SDK's default commitment policy, REQUIRE_ENCRYPT_REQUIRE_DECRYPT, which refuses messages without key commitment. Cognito encrypts codes with ${COGNITO_SUITE_NAME} (0x0378), a non-committing suite, so every code fails to decrypt in production too.`,
    }
  }

  if (/requiring only unsigned messages|decryptUnsignedMessageStream/.test(text)) {
    return {
      fix: 'Use decrypt() (or decryptStream()), not decryptUnsignedMessageStream(): Cognito signs its messages with ECDSA P-384.',
      id: 'decrypt-unsigned-only',
      message: `The handler decrypts with an unsigned-only method, but Cognito's codes are signed (${COGNITO_SUITE_NAME}).`,
    }
  }

  if (/unencryptedDataKey has not been set|No keyring.*data key|did not decrypt|Unable to decrypt data key/i.test(text)) {
    const named = configuredKeys.filter((k) => k && k !== keyArn)
    const aliasOnly = named.some((k) => k.startsWith('alias/') || /:alias\//.test(k) || /^[0-9a-f-]{36}$/i.test(k))
    const names = named.length > 0 ? ` (it names ${named.join(', ')})` : ''
    return {
      fix: `Put the key ARN ${keyArn} in the keyring's keyIds (e.g. new KmsKeyringNode({keyIds: [process.env.KEY_ARN]}) with KEY_ARN set to that ARN).`,
      id: 'decrypt-alias-keyring',
      message: aliasOnly
        ? `The handler's keyring names the key only by alias or key id${names}. The Encryption SDK's KMS keyring only decrypts data keys whose provider info matches a configured id exactly, and Cognito's data key always carries the key ARN, so it finds nothing to decrypt.`
        : `The handler's keyring does not name the key the code is encrypted under${names}: the data key in the message carries ${keyArn}, and a KMS keyring only tries ids it was given (an alias or a bare key id never matches).`,
    }
  }

  if (/InvalidCiphertextException/.test(text)) {
    return {
      fix: 'Decrypt with the AWS Encryption SDK (@aws-crypto/client-node decrypt + KmsKeyringNode), not KMS Decrypt.',
      id: 'decrypt-plain-kms',
      message: 'The handler passes request.code straight to KMS Decrypt. The code is an Encryption SDK message (base64), not a KMS ciphertext, so KMS answers InvalidCiphertextException.',
    }
  }

  if (/DisabledException|KMSInvalidStateException/.test(text)) {
    return {fix: 'Enable the key (kms:EnableKey) or point the pool at an enabled key.', id: 'decrypt-key-disabled', message: 'The KMS key is disabled or pending deletion, so no code can be decrypted.'}
  }

  if (/AccessDenied.*kms:Decrypt|kms:Decrypt.*AccessDenied|not authorized to perform: kms:Decrypt/i.test(text)) {
    return {
      fix: `Allow kms:Decrypt on ${keyArn} to the function's execution role (optionally conditioned on kms:EncryptionContext:userpool-id).`,
      id: 'decrypt-kms-access',
      message: "The function's role may not call kms:Decrypt on the pool's key.",
    }
  }

  return undefined
}
