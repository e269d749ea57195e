/**
 * An `mfa-sms local` Invoker (src/lib/local/invoker.ts) that runs a function's real handler file
 * (the scenario's `handlerFile`, "Handler: index.handler" naming the export) in simulate's warm
 * execution environments, so Lambda Invoke on the emulator runs real code, offline.
 *
 *   const server = await startLocalServer({scenario, invoker: handlerFileInvoker({baseDir})})
 *
 * Functions without a handlerFile fall through to the scenario's canned answer. The environments
 * talk to `endpoint` (set it to the server's URL once it listens, with setEndpoint).
 */
import {mkdtemp} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {isAbsolute, join, resolve} from 'node:path'

import type {InvokeResult, Invoker} from '../local/invoker.js'
import {handlerEnvironment} from './local-env.js'
import {LocalFunction} from './local-pool.js'

export interface HandlerFileInvoker {
  close(): Promise<void>
  invoker: Invoker
  /** The endpoint the handlers' AWS calls go to (the server's own URL). */
  setEndpoint(url: string): void
}

export function handlerFileInvoker(options: {allowHosts?: string[]; baseDir?: string; maxEnvironments?: number} = {}): HandlerFileInvoker {
  const functions = new Map<string, Promise<LocalFunction>>()
  let endpoint = 'http://127.0.0.1:9'
  const start = async (config: {Environment?: {Variables?: Record<string, string>}; FunctionName: string; Handler: string; MemorySize: number; Timeout: number; handlerFile?: string}, region: string) => {
    const file = isAbsolute(config.handlerFile!) ? config.handlerFile! : resolve(options.baseDir ?? process.cwd(), config.handlerFile!)
    const exportName = config.Handler.includes('.') ? config.Handler.slice(config.Handler.lastIndexOf('.') + 1) : undefined
    const scratchDir = await mkdtemp(join(tmpdir(), 'mfa-sms-invoker-'))
    const env = handlerEnvironment({
      endpoint,
      exportName,
      family: 'custom-message',
      file,
      functionName: config.FunctionName,
      memoryMb: config.MemorySize,
      region,
      scratchDir,
      timeoutSeconds: config.Timeout,
      user: config.Environment?.Variables ?? {},
    })
    return new LocalFunction({
      allowHosts: options.allowHosts ?? [],
      endpoint,
      env,
      exportName,
      family: 'custom-message',
      file,
      functionName: config.FunctionName,
      maxEnvironments: options.maxEnvironments ?? 4,
      memoryMb: config.MemorySize,
      nodeArgs: [],
      region,
      timeoutMs: config.Timeout * 1000,
    })
  }

  const invoker: Invoker = async (request, next): Promise<InvokeResult> => {
    const config = request.function.config
    if (!config.handlerFile) return next()
    let fn = functions.get(request.function.arn)
    if (!fn) {
      fn = start(config, request.region)
      functions.set(request.function.arn, fn)
    }

    let payload: unknown = null
    if (request.payload.length > 0) payload = JSON.parse(request.payload.toString('utf8'))
    const inv = await (await fn).invoke(payload, request.requestId)
    if (inv.outcome === 'ok') return {durationMs: inv.runMs, logs: inv.logs, payload: inv.value ?? null}
    const error = inv.error ?? {errorMessage: 'failed', errorType: 'Error'}
    return {
      durationMs: inv.runMs,
      functionError: 'Unhandled',
      logs: inv.logs,
      payload: {errorMessage: error.errorMessage, errorType: error.errorType, trace: error.stack ?? []},
    }
  }

  return {
    async close() {
      const all = await Promise.all(functions.values())
      await Promise.all(all.map((f) => f.close()))
      functions.clear()
    },
    invoker,
    setEndpoint(url: string) {
      endpoint = url
    },
  }
}
