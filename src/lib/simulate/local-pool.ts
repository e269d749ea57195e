/**
 * Local execution environments for a handler file, kept warm the way Lambda keeps them: each is a
 * child process (worker.ts) that loads the handler once and runs one invocation at a time. Between
 * invocations it is frozen (SIGSTOP, on POSIX), as Lambda freezes an environment once the handler
 * has returned, so work a handler forgot to await does not quietly finish in the background.
 * A timeout or a crash ends the environment; the next invocation starts a new one (cold).
 */
import {type ChildProcess, fork} from 'node:child_process'
import {existsSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {performance} from 'node:perf_hooks'
import {fileURLToPath} from 'node:url'

import type {TriggerFamily} from './triggers.js'
import type {ChildMessage, ErrorInfo, HandlerStyle, InitMessage, ResultMessage, WorkerNote} from './worker-protocol.js'

export interface LocalFunctionOptions {
  allowHosts: string[]
  /** Environment of the child (see local-env.ts): the ONLY variables it gets. */
  env: Record<string, string>
  endpoint: string
  exportName?: string
  family: TriggerFamily
  file: string
  /** Freeze environments between invocations (default: on where SIGSTOP exists). */
  freeze?: boolean
  functionName: string
  maxEnvironments: number
  memoryMb: number
  /** Extra node flags, e.g. --import=tsx for a TypeScript handler. */
  nodeArgs: string[]
  region: string
  timeoutMs: number
}

export type InvocationOutcome = 'crash' | 'error' | 'init-error' | 'ok' | 'timeout'

export interface LocalInvocation {
  awsSdkV2: boolean
  blocked: {host: string; port?: number}[]
  coldStart: boolean
  /** Wall time from sending the event to the answer, including the cold start. */
  durationMs: number
  /** performance.now() when the answer arrived. */
  endedAt: number
  error?: ErrorInfo
  /** Module load time, on a cold start. */
  initDurationMs?: number
  logs: string[]
  notes: WorkerNote[]
  outcome: InvocationOutcome
  requestId: string
  /** The handler's own time (without the cold start). */
  runMs: number
  startedAt: number
  style?: HandlerStyle
  value?: unknown
}

/** Where the compiled worker is: next to this module in dist/, or dist/ when running from src/ (tests). */
export function workerPath(): string {
  const here = dirname(fileURLToPath(import.meta.url))
  const candidates = [join(here, 'worker.js'), resolve(here, '../../../dist/lib/simulate/worker.js')]
  const found = candidates.find((c) => existsSync(c))
  if (!found) throw new Error(`mfa-sms: the simulate worker is not built (looked in ${candidates.join(', ')}); run npm run build`)
  return found
}

const canFreeze = process.platform !== 'win32'

/** Every live environment of this process, so none is left behind (frozen) if mfa-sms exits early. */
const live = new Set<ChildProcess>()
let exitHook = false
function track(child: ChildProcess): void {
  live.add(child)
  child.once('exit', () => live.delete(child))
  if (!exitHook) {
    exitHook = true
    process.once('exit', () => {
      for (const c of live) {
        c.kill('SIGCONT')
        c.kill('SIGKILL')
      }
    })
  }
}

class Environment {
  readonly child: ChildProcess
  blocked: {host: string; port?: number}[] = []
  dead = false
  initDurationMs = 0
  initError?: ErrorInfo
  readonly ready: Promise<void>
  stderr: string[] = []
  style?: HandlerStyle
  used = false
  private frozen = false
  private pending?: {id: number; resolve: (m: ResultMessage | undefined) => void}

  constructor(private readonly options: LocalFunctionOptions) {
    this.child = fork(workerPath(), [], {
      cwd: dirname(resolve(options.file)),
      env: options.env,
      execArgv: options.nodeArgs,
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    })
    track(this.child)
    const raw = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') this.stderr.push(line)
    }

    this.child.stdout?.on('data', raw)
    this.child.stderr?.on('data', raw)
    this.ready = new Promise((resolveReady) => {
      const onMessage = (message: ChildMessage) => {
        if (message.type === 'blocked') {
          this.blocked.push({host: message.host, port: message.port})
          return
        }

        if (message.type === 'ready') {
          this.style = message.style
          this.initDurationMs = message.initDurationMs
          resolveReady()
        } else if (message.type === 'init-error') {
          this.initError = message.error
          this.initDurationMs = message.initDurationMs
          resolveReady()
        } else if (message.type === 'result' && this.pending?.id === message.id) {
          const {resolve: done} = this.pending
          this.pending = undefined
          done(message)
        }
      }

      this.child.on('message', onMessage)
      this.child.on('exit', (code, signal) => {
        this.dead = true
        if (!this.style && !this.initError) {
          this.initError = {
            errorMessage: `the handler's process exited while loading (${signal ?? `exit code ${code}`})${this.stderr.length > 0 ? `: ${this.stderr.slice(-3).join(' | ')}` : ''}`,
            errorType: 'Runtime.ExitError',
          }
          resolveReady()
        }

        const pending = this.pending
        this.pending = undefined
        pending?.resolve(undefined)
      })
    })
    const init: InitMessage = {
      exportName: options.exportName,
      family: options.family,
      file: resolve(options.file),
      lambda: {functionName: options.functionName, memoryMb: options.memoryMb, region: options.region, timeoutMs: options.timeoutMs},
      network: {allowHosts: options.allowHosts, endpoint: options.endpoint},
      type: 'init',
    }
    this.child.send(init)
  }

  thaw(): void {
    if (this.frozen && !this.dead) {
      this.child.kill('SIGCONT')
      this.frozen = false
    }
  }

  freeze(): void {
    if (this.options.freeze !== false && canFreeze && !this.dead && !this.frozen) {
      this.child.kill('SIGSTOP')
      this.frozen = true
    }
  }

  /** Sends one event; resolves with the result, or undefined when the process died or timed out. */
  run(id: number, requestId: string, payload: unknown, deadline: number): Promise<ResultMessage | undefined> {
    return new Promise((resolveRun) => {
      this.pending = {id, resolve: resolveRun}
      this.child.send({deadline, id, payload, requestId, type: 'invoke'})
    })
  }

  kill(): void {
    if (this.dead) return
    this.dead = true
    if (this.frozen) this.child.kill('SIGCONT')
    this.child.kill('SIGKILL')
  }
}

export class LocalFunction {
  private readonly all = new Set<Environment>()
  private closed = false
  private readonly idle: Environment[] = []
  private nextId = 1
  private readonly waiting: ((env: Environment) => void)[] = []

  constructor(readonly options: LocalFunctionOptions) {}

  /** Runs one event in a warm environment if one is free, else a new one (up to maxEnvironments). */
  async invoke(payload: unknown, requestId: string): Promise<LocalInvocation> {
    const env = await this.acquire()
    const coldStart = !env.used
    env.used = true
    const startedAt = performance.now()
    try {
      await env.ready
      if (env.initError) {
        const endedAt = performance.now()
        env.kill()
        return {
          awsSdkV2: false,
          blocked: env.blocked.splice(0),
          coldStart,
          durationMs: endedAt - startedAt,
          endedAt,
          error: env.initError,
          initDurationMs: env.initDurationMs,
          logs: env.stderr.splice(0),
          notes: [],
          outcome: 'init-error',
          requestId,
          runMs: 0,
          startedAt,
        }
      }

      env.thaw()
      const runStarted = performance.now()
      const id = this.nextId++
      let timer: NodeJS.Timeout | undefined
      const timedOut = new Promise<'timeout'>((resolveTimeout) => {
        timer = setTimeout(() => resolveTimeout('timeout'), this.options.timeoutMs)
      })
      const result = await Promise.race([env.run(id, requestId, payload, Date.now() + this.options.timeoutMs), timedOut])
      clearTimeout(timer)
      const endedAt = performance.now()
      const base = {
        blocked: env.blocked.splice(0),
        coldStart,
        durationMs: endedAt - startedAt,
        endedAt,
        initDurationMs: coldStart ? env.initDurationMs : undefined,
        requestId,
        startedAt,
        style: env.style,
      }
      if (result === 'timeout') {
        env.kill()
        const seconds = (this.options.timeoutMs / 1000).toFixed(2)
        const line = `${new Date().toISOString()} ${requestId} Task timed out after ${seconds} seconds`
        return {
          ...base,
          awsSdkV2: false,
          error: {errorMessage: line, errorType: 'Sandbox.Timedout'},
          logs: [...env.stderr.splice(0), line],
          notes: [],
          outcome: 'timeout',
          runMs: endedAt - runStarted,
        }
      }

      if (result === undefined) {
        return {
          ...base,
          awsSdkV2: false,
          error: {errorMessage: `RequestId: ${requestId} Error: Runtime exited${env.stderr.length > 0 ? `: ${env.stderr.slice(-3).join(' | ')}` : ' without an answer'}`, errorType: 'Runtime.ExitError'},
          logs: env.stderr.splice(0),
          notes: [],
          outcome: 'crash',
          runMs: endedAt - runStarted,
        }
      }

      if (result.error?.errorType === 'Runtime.UnhandledPromiseRejection' || result.error?.errorType === 'Runtime.UncaughtException') env.dead = true
      return {
        ...base,
        awsSdkV2: result.awsSdkV2,
        error: result.error,
        logs: [...env.stderr.splice(0), ...result.logs],
        notes: result.notes,
        outcome: result.ok ? 'ok' : 'error',
        runMs: result.durationMs,
        value: result.value,
      }
    } finally {
      this.release(env)
    }
  }

  /** Starts environments ahead of time (so the first invocations are not all cold). */
  async warm(count: number): Promise<void> {
    const envs: Environment[] = []
    for (let i = 0; i < Math.min(count, this.options.maxEnvironments); i++) envs.push(await this.acquire())
    await Promise.all(envs.map((e) => e.ready))
    for (const env of envs) this.release(env)
  }

  async close(): Promise<void> {
    this.closed = true
    for (const env of this.all) env.kill()
    this.all.clear()
    this.idle.length = 0
  }

  private acquire(): Promise<Environment> {
    if (this.closed) return Promise.reject(new Error('the local function is closed'))
    const env = this.idle.pop()
    if (env) return Promise.resolve(env)
    if (this.all.size < this.options.maxEnvironments) {
      const fresh = new Environment(this.options)
      this.all.add(fresh)
      return Promise.resolve(fresh)
    }

    return new Promise((resolveAcquire) => this.waiting.push(resolveAcquire))
  }

  private release(env: Environment): void {
    if (env.dead) {
      this.all.delete(env)
      if (this.waiting.length > 0 && !this.closed) {
        const fresh = new Environment(this.options)
        this.all.add(fresh)
        this.waiting.shift()!(fresh)
      }

      return
    }

    env.freeze()
    const next = this.waiting.shift()
    if (next) next(env)
    else this.idle.push(env)
  }
}
