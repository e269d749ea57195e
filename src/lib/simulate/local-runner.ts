/**
 * Local target: an in-process `mfa-sms local` (SNS, End User Messaging, STS, Cognito reads, Lambda,
 * plus a KMS key store with real cryptography) and a pool of warm execution environments for the
 * handler file. Every SMS the handler sends lands in the server's inbox and is attributed to the
 * invocation whose code it carries.
 */
import {mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {performance} from 'node:perf_hooks'

import type {CapturedMessage} from '../local/inbox.js'
import type {LoadedScenario, ScenarioInput} from '../local/scenario.js'
import {type LocalServer, startLocalServer} from '../local/server.js'
import {LocalKeyStore} from './kms.js'
import {handlerEnvironment} from './local-env.js'
import {LocalFunction, type LocalFunctionOptions, type LocalInvocation} from './local-pool.js'
import type {AttributedSms} from './types.js'

/**
 * Without --scenario the emulated account is one where sending works: out of the SMS sandbox, a
 * high spend limit, a US toll-free and a US simulator origination number. simulate is about the
 * handler; `mfa-sms local` scenarios are about the account.
 */
export function permissiveScenario(account: string, regions: readonly string[]): ScenarioInput {
  const region = {
    originationNumbers: [
      {capabilities: ['SMS' as const], numberType: 'SIMULATOR' as const, phoneNumber: '+12065550199'},
      {numberType: 'TOLL_FREE' as const, phoneNumber: '+18332010143'},
    ],
    sandbox: {inSandbox: false},
    sms: {maxSpendLimitUsd: 1_000_000},
  }
  return {
    account: {defaultRegion: regions[0] ?? 'us-east-1', id: account},
    name: 'simulate',
    regions: Object.fromEntries([...new Set(regions)].map((r) => [r, region])),
  }
}

export interface LocalEndpoint {
  close(): Promise<void>
  keyStore: LocalKeyStore
  /** Every message the endpoint captured, with when it arrived (performance.now()). */
  messages: {arrivedAt: number; message: CapturedMessage}[]
  server: LocalServer
}

/** Starts the in-process endpoint with KMS plugged in. Keys must be added to `keyStore` before first use. */
export async function startLocalEndpoint(options: {account: string; keyStore: LocalKeyStore; regions: string[]; scenario?: LoadedScenario; seed?: number}): Promise<LocalEndpoint> {
  const server = await startLocalServer({
    host: '127.0.0.1',
    port: 0,
    scenario: options.scenario ?? permissiveScenario(options.account, options.regions),
    seed: options.seed,
    services: [options.keyStore.service()],
  })
  const messages: LocalEndpoint['messages'] = []
  const stop = server.inbox.onMessage((message) => messages.push({arrivedAt: performance.now(), message}))
  return {
    async close() {
      stop()
      await server.close()
    },
    keyStore: options.keyStore,
    messages,
    server,
  }
}

/** What the pool of environments takes, but `env` is the user's own variables: Lambda's are added here. */
export type LocalHandlerOptions = Omit<LocalFunctionOptions, 'env' | 'freeze'> & {env: Record<string, string>}

export interface LocalHandler {
  close(): Promise<void>
  fn: LocalFunction
  /** The environment the handler sees (for reports; contains no real secret of the user's shell). */
  env: Record<string, string>
}

export async function startLocalHandler(options: LocalHandlerOptions): Promise<LocalHandler> {
  const scratchDir = await mkdtemp(join(tmpdir(), 'mfa-sms-simulate-'))
  const env = handlerEnvironment({
    endpoint: options.endpoint,
    exportName: options.exportName,
    family: options.family,
    file: options.file,
    functionName: options.functionName,
    memoryMb: options.memoryMb,
    region: options.region,
    scratchDir,
    timeoutSeconds: options.timeoutMs / 1000,
    user: options.env,
  })
  const fn = new LocalFunction({...options, env})
  return {
    async close() {
      await fn.close()
      await rm(scratchDir, {force: true, recursive: true}).catch(() => {})
    },
    env,
    fn,
  }
}

/**
 * Gives each captured message to one invocation: the one whose code it contains, else the one
 * that was running when it arrived (earliest first), else the last one that ended before it.
 */
export function attributeMessages(
  invocations: readonly {code: string; inv: LocalInvocation}[],
  messages: readonly {arrivedAt: number; message: CapturedMessage}[],
): AttributedSms[][] {
  const out: AttributedSms[][] = invocations.map(() => [])
  for (const {arrivedAt, message} of messages) {
    if (message.channel === 'sandbox-otp') continue
    let index = invocations.findIndex((i) => i.code.length >= 4 && message.body.includes(i.code))
    if (index < 0) index = invocations.findIndex((i) => i.inv.startedAt <= arrivedAt && arrivedAt <= i.inv.endedAt)
    if (index < 0) {
      let best = -1
      for (const [i, candidate] of invocations.entries()) {
        if (candidate.inv.endedAt <= arrivedAt && (best < 0 || candidate.inv.endedAt > invocations[best]!.inv.endedAt)) best = i
      }

      index = best
    }

    if (index < 0) continue
    const inv = invocations[index]!.inv
    out[index]!.push({
      afterReturnMs: arrivedAt > inv.endedAt ? arrivedAt - inv.endedAt : undefined,
      body: message.body,
      channel: message.channel,
      outcome: message.outcome,
      reason: message.reason,
      rule: message.rule,
      to: message.to,
    })
  }

  return out
}
