/**
 * Reads a running `mfa-sms local` server's inbox over HTTP (GET /_mfa-sms/messages), for
 * `mfa-sms local messages` and for anything else that wants the captured codes.
 */
import {ExitCode, MfaSmsError} from '../../errors.js'
import type {CapturedMessage, InboxPage} from './inbox.js'

export const DEFAULT_LOCAL_ENDPOINT = 'http://127.0.0.1:4566'

function unreachable(endpoint: string, cause: unknown): MfaSmsError {
  const code = (cause as {cause?: {code?: string}})?.cause?.code ?? (cause as {name?: string})?.name
  return new MfaSmsError('LOCAL_UNREACHABLE', `Could not reach mfa-sms local at ${endpoint}${code ? ` (${code})` : ''}.`, {
    cause,
    exit: ExitCode.service,
    hints: ['start one with `mfa-sms local start` (it prints the URL to use)', 'pass --endpoint-url with the URL it printed'],
  })
}

function baseUrl(endpoint: string): URL {
  try {
    const url = new URL(endpoint)
    if (url.protocol === 'http:' || url.protocol === 'https:') return url
  } catch {
    // fall through
  }

  throw new MfaSmsError('BAD_ENDPOINT_URL', `--endpoint-url "${endpoint}" is not an http(s) URL.`, {
    exit: ExitCode.badInput,
    hints: ['for mfa-sms local use e.g. --endpoint-url http://127.0.0.1:4566'],
  })
}

/** Messages newer than `since` (0: all) from the server at `endpoint`. */
export async function fetchInbox(endpoint: string, since = 0, timeoutMs = 5000): Promise<InboxPage> {
  const url = new URL(`/_mfa-sms/messages?since=${since}`, baseUrl(endpoint))
  let response: Response
  try {
    response = await fetch(url, {signal: AbortSignal.timeout(timeoutMs)})
  } catch (error) {
    throw unreachable(endpoint, error)
  }

  if (response.status === 404 || !(response.headers.get('content-type') ?? '').includes('json')) {
    throw new MfaSmsError('NOT_MFA_SMS_LOCAL', `${endpoint} is not an mfa-sms local server (GET ${url.pathname} answered ${response.status}).`, {
      exit: ExitCode.service,
      hints: ['point --endpoint-url at the URL `mfa-sms local start` printed'],
    })
  }

  const page = (await response.json()) as Partial<InboxPage>
  if (!response.ok || !Array.isArray(page.messages) || typeof page.cursor !== 'number') {
    throw new MfaSmsError('LOCAL_BAD_RESPONSE', `mfa-sms local at ${endpoint} answered ${response.status} with an unexpected body.`, {exit: ExitCode.service})
  }

  return {cursor: page.cursor, messages: page.messages as CapturedMessage[]}
}
