/**
 * Reads the SigV4 credential scope (`Credential=AKID/DATE/REGION/SERVICE/aws4_request`) from a
 * request. The signature itself is never checked: `mfa-sms local` accepts any credentials.
 */
export interface CredentialScope {
  accessKeyId: string
  date: string
  region: string
  service: string
}

const SCOPE = /Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/

/** From the Authorization header, or from a presigned URL's X-Amz-Credential parameter. */
export function credentialScope(authorization: string | undefined, query?: URLSearchParams): CredentialScope | undefined {
  const fromHeader = authorization ? SCOPE.exec(authorization) : null
  if (fromHeader) return {accessKeyId: fromHeader[1]!, date: fromHeader[2]!, region: fromHeader[3]!, service: fromHeader[4]!}
  const presigned = query?.get('X-Amz-Credential')
  if (presigned) {
    const parts = presigned.split('/')
    if (parts.length === 5 && parts[4] === 'aws4_request') {
      return {accessKeyId: parts[0]!, date: parts[1]!, region: parts[2]!, service: parts[3]!}
    }
  }

  return undefined
}
