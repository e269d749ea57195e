/**
 * An in-process `mfa-sms local` for the end-to-end tests of the built binary: started on a free
 * port before a file's tests, closed after them, with the faults a test injected cleared after it.
 */
import {afterAll, afterEach, beforeAll} from 'vitest'

import type {CapturedMessage} from '../../src/lib/local/inbox.js'
import type {ScenarioInput} from '../../src/lib/local/scenario.js'
import {type LocalServer, type RequestLog, startLocalServer} from '../../src/lib/local/server.js'

export interface LocalServerFixture {
  /** The running server (once beforeAll has run). */
  readonly server: LocalServer
  /** Every request the server answered, oldest first. */
  readonly requests: RequestLog[]
  /** Environment for runCli: fake credentials, this server as the endpoint, and `region`. */
  env(region: string): Record<string, string>
  /** The captured messages from cursor `since` on, read over the server's HTTP inbox. */
  inbox(since?: number): Promise<{cursor: number; messages: CapturedMessage[]}>
  /** Runs `fn` and returns the operations it sent to the server. */
  operationsDuring(fn: () => Promise<unknown>): Promise<string[]>
  /** The latest sandbox code texted to `phone`, read from the inbox as a person reads their phone. */
  sandboxCode(phone: string): Promise<string>
}

/** Call at the top of a test file (it registers the beforeAll, afterEach and afterAll hooks). */
export function useLocalServer(scenario: ScenarioInput): LocalServerFixture {
  let running: LocalServer | undefined
  const requests: RequestLog[] = []

  beforeAll(async () => {
    running = await startLocalServer({onRequest: (log) => requests.push(log), port: 0, scenario})
  })

  afterAll(async () => {
    await running?.close()
  })

  afterEach(() => {
    running?.faults.clear()
  })

  const server = (): LocalServer => {
    if (!running) throw new Error('the local server is not running yet (use it inside a test or a hook)')
    return running
  }

  const inbox = async (since = 0) =>
    (await (await fetch(`${server().url}/_mfa-sms/messages?since=${since}`)).json()) as {cursor: number; messages: CapturedMessage[]}

  return {
    env: (region) => ({AWS_ACCESS_KEY_ID: 'test', AWS_ENDPOINT_URL: server().url, AWS_REGION: region, AWS_SECRET_ACCESS_KEY: 'test'}),
    inbox,
    async operationsDuring(fn) {
      const before = requests.length
      await fn()
      return requests.slice(before).map((r) => r.operation ?? '?')
    },
    requests,
    async sandboxCode(phone) {
      const message = (await inbox()).messages.filter((m) => m.to === phone && m.channel === 'sandbox-otp').at(-1)
      const code = message ? /\b(\d{5,8})\b/.exec(message.body)?.[1] : undefined
      if (!code) throw new Error(`no sandbox code for ${phone} in the inbox`)
      return code
    },
    get server() {
      return server()
    },
  }
}
