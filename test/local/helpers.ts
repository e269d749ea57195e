import {LOCAL_CREDENTIALS, type LocalServer, type LocalServerOptions, startLocalServer} from '../../src/lib/local/server.js'

/** SDK client settings pointing at a local server: fake credentials, one attempt unless asked. */
export function sdkConfig(server: LocalServer, region: string, maxAttempts = 1) {
  return {credentials: LOCAL_CREDENTIALS, endpoint: server.url, maxAttempts, region}
}

/** Starts a server on a free port; close it in afterAll (or a finally). */
export async function withServer(options: LocalServerOptions = {}): Promise<LocalServer> {
  return startLocalServer({port: 0, ...options})
}

/** The SDK error a promise rejects with (fails the test if it resolves). */
export async function sdkError(promise: Promise<unknown>): Promise<Error & {$metadata?: {httpStatusCode?: number}; [key: string]: unknown}> {
  try {
    await promise
  } catch (error) {
    return error as Error & {[key: string]: unknown}
  }

  throw new Error('expected the call to fail, but it succeeded')
}

/** A clock tests can move forward. */
export function movableClock(start = new Date('2025-03-01T12:00:00Z')) {
  let now = start.getTime()
  return {
    advance(ms: number) {
      now += ms
    },
    now: () => new Date(now),
  }
}
