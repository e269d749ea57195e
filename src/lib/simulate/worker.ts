/**
 * The child process that runs a local handler the way Lambda (or Auth0) runs it. It is started by
 * local-runner.ts with a controlled environment (fake AWS credentials, AWS_ENDPOINT_URL pointing
 * at the in-process `mfa-sms local`, nothing of the user's shell AWS settings) and:
 *
 * 1. guards the network: every TCP connection that is not to loopback (or an --allow-host) is
 *    refused before any DNS lookup, so nothing can reach real AWS or a real SMS provider;
 * 2. sends HTTPS requests for *.amazonaws.com to the local endpoint instead. That catches every
 *    SDK that ignores AWS_ENDPOINT_URL: the AWS SDK for JavaScript v2 (which the seed examples
 *    use) never honoured it, and a handler may hard-code an endpoint. Requests keep their signed
 *    Host header; the local server routes by the SigV4 credential scope, not the host;
 * 3. loads the handler once (the cold start) and runs invocations one at a time, with Lambda's
 *    context object and log line format, collecting the logs per invocation.
 *
 * Node built-ins only: this file must start fast and must not load anything the handler might
 * also load.
 */
import http from 'node:http'
import https from 'node:https'
import {createRequire, syncBuiltinESMExports} from 'node:module'
import net from 'node:net'
import {extname, resolve} from 'node:path'
import {performance} from 'node:perf_hooks'
import {pathToFileURL} from 'node:url'
import {format} from 'node:util'

import type {ChildMessage, ErrorInfo, HandlerStyle, InitMessage, InvokeMessage, ParentMessage, WorkerNote} from './worker-protocol.js'

const require = createRequire(import.meta.url)

function send(message: ChildMessage): void {
  process.send?.(message)
}

// ---------------------------------------------------------------------------------------------
// Logs: Lambda's Node runtime prefixes console output with time, request id and level.

let currentRequestId: string | undefined
let logBuffer: string[] = []

function record(level: string, args: unknown[]): void {
  const text = format(...args)
  logBuffer.push(`${new Date().toISOString()}\t${currentRequestId ?? 'undefined'}\t${level}\t${text}`)
}

const levels: [keyof Console, string][] = [
  ['log', 'INFO'],
  ['info', 'INFO'],
  ['warn', 'WARN'],
  ['error', 'ERROR'],
  ['debug', 'DEBUG'],
  ['trace', 'TRACE'],
]
for (const [method, level] of levels) {
  ;(console as unknown as Record<string, (...a: unknown[]) => void>)[method] = (...args: unknown[]) => record(level, args)
}

for (const stream of [process.stdout, process.stderr]) {
  stream.write = ((chunk: string | Uint8Array, encodingOrCb?: unknown, cb?: unknown) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')
    for (const line of text.split('\n')) if (line !== '') logBuffer.push(line)
    const callback = typeof encodingOrCb === 'function' ? encodingOrCb : cb
    if (typeof callback === 'function') process.nextTick(callback as () => void)
    return true
  }) as typeof stream.write
}

// ---------------------------------------------------------------------------------------------
// Network guard and AWS redirect

const AWS_HOST = /(^|\.)amazonaws\.com(\.cn)?$|(^|\.)api\.aws$/i

function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase()
  return h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1' || /^127\.\d+\.\d+\.\d+$/.test(h) || /^::ffff:127\./.test(h)
}

interface ConnectTarget {
  host?: string
  path?: string
  port?: number
}

function connectTarget(args: unknown[]): ConnectTarget {
  let first = args[0]
  if (Array.isArray(first)) first = first[0] // net.connect passes its already normalised [options, cb]
  if (first && typeof first === 'object') {
    const o = first as {host?: string; path?: string; port?: number | string}
    return {host: o.host, path: o.path, port: o.port === undefined ? undefined : Number(o.port)}
  }

  if (typeof first === 'string' && Number.isNaN(Number(first))) return {path: first}
  return {host: typeof args[1] === 'string' ? args[1] : undefined, port: Number(first)}
}

function installNetworkGuard(allowHosts: readonly string[]): void {
  const allowed = new Set(allowHosts.map((h) => h.toLowerCase()))
  const original = net.Socket.prototype.connect
  net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
    const target = connectTarget(args)
    const host = target.host ?? 'localhost'
    if (target.path !== undefined || isLoopback(host) || allowed.has(host.toLowerCase())) {
      return (original as (...a: unknown[]) => net.Socket).apply(this, args)
    }

    send({host, port: target.port, type: 'blocked'})
    const error = Object.assign(
      new Error(
        `mfa-sms simulate blocked a connection to ${host}${target.port ? `:${target.port}` : ''}: a local handler may only reach the in-process mfa-sms local endpoint (pass --allow-host ${host} to let it through)`,
      ),
      {code: 'EMFASMSBLOCKED', host, syscall: 'connect'},
    )
    process.nextTick(() => this.destroy(error))
    return this
  } as typeof original
}

type RequestArgs = [url: string | URL, options?: https.RequestOptions, cb?: (res: http.IncomingMessage) => void] | [options: https.RequestOptions, cb?: (res: http.IncomingMessage) => void]

function requestParts(args: unknown[]): {cb?: (res: http.IncomingMessage) => void; options: https.RequestOptions} {
  let options: https.RequestOptions = {}
  let rest = args
  if (typeof args[0] === 'string' || args[0] instanceof URL) {
    const url = new URL(args[0])
    options = {hostname: url.hostname, path: `${url.pathname}${url.search}`, port: url.port || undefined, protocol: url.protocol}
    rest = args.slice(1)
  }

  if (rest[0] && typeof rest[0] === 'object') {
    options = {...options, ...(rest[0] as https.RequestOptions)}
    rest = rest.slice(1)
  }

  return {cb: typeof rest[0] === 'function' ? (rest[0] as (res: http.IncomingMessage) => void) : undefined, options}
}

function installAwsRedirect(endpoint: string): void {
  const target = new URL(endpoint)
  const agent = new http.Agent({keepAlive: true})
  const originalRequest = https.request
  const redirect = (...args: unknown[]): http.ClientRequest | undefined => {
    const {cb, options} = requestParts(args)
    const host = (options.hostname ?? options.host ?? '').replace(/:\d+$/, '')
    if (!AWS_HOST.test(host)) return undefined
    const headers: http.OutgoingHttpHeaders = {...(options.headers as http.OutgoingHttpHeaders | undefined)}
    if (!Object.keys(headers).some((k) => k.toLowerCase() === 'host')) headers.host = options.port && Number(options.port) !== 443 ? `${host}:${options.port}` : host
    const redirected: http.RequestOptions = {
      agent,
      headers,
      hostname: target.hostname,
      method: options.method,
      path: options.path,
      port: target.port,
      protocol: 'http:',
      signal: options.signal,
      timeout: options.timeout,
    }
    return cb ? http.request(redirected, cb) : http.request(redirected)
  }

  https.request = function request(...args: unknown[]) {
    return redirect(...args) ?? (originalRequest as (...a: unknown[]) => http.ClientRequest)(...(args as RequestArgs))
  } as typeof https.request
  https.get = function get(...args: unknown[]) {
    const req = https.request(...(args as Parameters<typeof https.request>))
    req.end()
    return req
  } as typeof https.get
  syncBuiltinESMExports()
}

// ---------------------------------------------------------------------------------------------
// Loading the handler (the cold start)

type AnyFunction = (...args: unknown[]) => unknown

const HOOK_CALLBACK_GRACE_MS = 1000

let style: HandlerStyle = 'lambda'
let handlerFn: AnyFunction | undefined
const auth0Cache = new Map<string, {expiresAt?: number; value: string}>()
let init: InitMessage | undefined

function errorInfo(error: unknown, fallbackType = 'Error'): ErrorInfo {
  if (error instanceof Error) {
    return {
      errorMessage: error.message,
      errorType: error.name === 'Error' && error.constructor?.name && error.constructor.name !== 'Error' ? error.constructor.name : error.name || fallbackType,
      stack: error.stack?.split('\n'),
    }
  }

  return {errorMessage: typeof error === 'string' ? error : JSON.stringify(error) ?? String(error), errorType: typeof error === 'string' ? 'string' : fallbackType}
}

async function loadModule(file: string): Promise<Record<string, unknown>> {
  const ext = extname(file)
  const url = pathToFileURL(file).href
  if (['.mjs', '.mts', '.ts', '.tsx', '.cts'].includes(ext)) return (await import(url)) as Record<string, unknown>
  try {
    return require(file) as Record<string, unknown>
  } catch (error) {
    if ((error as {code?: string}).code === 'ERR_REQUIRE_ESM') return (await import(url)) as Record<string, unknown>
    throw error
  }
}

function pick(mod: Record<string, unknown>, name: string): unknown {
  if (typeof mod[name] === 'function') return mod[name]
  const fallback = mod.default as Record<string, unknown> | undefined
  if (fallback && typeof fallback === 'object' && typeof fallback[name] === 'function') return fallback[name]
  if (typeof fallback === 'function' && typeof (fallback as unknown as Record<string, unknown>)[name] === 'function') return (fallback as unknown as Record<string, unknown>)[name]
  return undefined
}

function exportNames(mod: unknown): string[] {
  if (typeof mod === 'function') return ['(module.exports function)']
  if (!mod || typeof mod !== 'object') return []
  return Object.keys(mod).filter((k) => k !== '__esModule')
}

async function loadHandler(message: InitMessage): Promise<void> {
  const started = performance.now()
  const file = resolve(message.file)
  let mod: Record<string, unknown>
  try {
    mod = await loadModule(file)
  } catch (error) {
    const info = errorInfo(error)
    const ts = /\.(c|m)?tsx?$/.test(file)
    const syntax = info.errorType === 'SyntaxError'
    info.errorType = syntax ? 'Runtime.UserCodeSyntaxError' : 'Runtime.ImportModuleError'
    if (ts && (syntax || /ERR_UNKNOWN_FILE_EXTENSION|Unknown file extension/.test(info.errorMessage))) {
      info.errorMessage += ' (Node cannot run TypeScript by itself here: pass --node-arg=--import=tsx, or another loader, or point --handler at the compiled .js)'
    }

    send({error: info, initDurationMs: performance.now() - started, type: 'init-error'})
    return
  }

  const exports = exportNames(mod)
  const moduleFunction = typeof mod === 'function' ? (mod as unknown as AnyFunction) : typeof mod.default === 'function' ? (mod.default as AnyFunction) : undefined
  if (message.family === 'auth0') {
    const named = message.exportName ? pick(mod, message.exportName) : undefined
    const action = named ?? pick(mod, 'onExecuteSendPhoneMessage')
    if (typeof action === 'function' && !(named && (named as AnyFunction).length >= 4)) {
      style = 'auth0-action'
      handlerFn = action as AnyFunction
    } else if (typeof named === 'function' || moduleFunction) {
      style = 'auth0-hook'
      handlerFn = (named as AnyFunction | undefined) ?? moduleFunction
    }

    if (!handlerFn) {
      send({
        error: {
          errorMessage: `${message.file} exports neither onExecuteSendPhoneMessage (an Action) nor a function (a legacy hook: module.exports = function (recipient, text, context, cb)); it exports ${exports.join(', ') || 'nothing'}.`,
          errorType: 'Runtime.HandlerNotFound',
        },
        initDurationMs: performance.now() - started,
        type: 'init-error',
      })
      return
    }
  } else {
    const name = message.exportName ?? 'handler'
    const fn = pick(mod, name)
    if (typeof fn !== 'function') {
      send({
        error: {
          errorMessage: `${message.file}:${name} is undefined or not exported${exports.length > 0 ? ` (it exports ${exports.join(', ')})` : ''}`,
          errorType: 'Runtime.HandlerNotFound',
        },
        initDurationMs: performance.now() - started,
        type: 'init-error',
      })
      return
    }

    handlerFn = fn as AnyFunction
    style = 'lambda'
  }

  send({exports, initDurationMs: performance.now() - started, style, type: 'ready'})
}

// ---------------------------------------------------------------------------------------------
// Invocations

function awsSdkV2Loaded(): boolean {
  return Object.keys(require.cache).some((k) => /[\\/]node_modules[\\/]aws-sdk[\\/]/.test(k))
}

function lambdaContext(message: InvokeMessage, done: (error: unknown, value?: unknown) => void) {
  const lambda = init!.lambda
  const arn = `arn:aws:lambda:${lambda.region}:123456789012:function:${lambda.functionName}`
  return {
    awsRequestId: message.requestId,
    callbackWaitsForEmptyEventLoop: true,
    done: (error?: unknown, value?: unknown) => done(error ?? null, value),
    fail: (error: unknown) => done(error ?? new Error('handled')),
    functionName: lambda.functionName,
    functionVersion: '$LATEST',
    getRemainingTimeInMillis: () => Math.max(0, message.deadline - Date.now()),
    invokedFunctionArn: arn,
    logGroupName: `/aws/lambda/${lambda.functionName}`,
    logStreamName: `${new Date().toISOString().slice(0, 10).replaceAll('-', '/')}/[$LATEST]${message.requestId.replaceAll('-', '')}`,
    memoryLimitInMB: String(lambda.memoryMb),
    succeed: (value: unknown) => done(null, value),
  }
}

function auth0Api() {
  return {
    cache: {
      delete: (key: string) => {
        auth0Cache.delete(key)
        return {type: 'success'}
      },
      get: (key: string) => {
        const entry = auth0Cache.get(key)
        if (!entry || (entry.expiresAt !== undefined && entry.expiresAt < Date.now())) return undefined
        return {expires_at: entry.expiresAt, value: entry.value}
      },
      set: (key: string, value: string, options: {expires_at?: number; ttl?: number} = {}) => {
        const expiresAt = options.expires_at ?? (options.ttl === undefined ? undefined : Date.now() + options.ttl)
        auth0Cache.set(key, {expiresAt, value})
        return {type: 'success'}
      },
    },
  }
}

function run(message: InvokeMessage): Promise<{notes: WorkerNote[]; value: unknown}> {
  const fn = handlerFn!
  const notes: WorkerNote[] = []
  return new Promise((resolvePromise, reject) => {
    let settled = false
    const finish = (error: unknown, value?: unknown) => {
      if (settled) {
        if (style === 'auth0-hook') notes.push('hook-callback-twice')
        return
      }

      settled = true
      if (error !== null && error !== undefined) reject(error)
      else resolvePromise({notes, value})
    }

    let returned: unknown
    if (style === 'auth0-hook') {
      const {context, recipient, text} = (message.payload as {hook: {context: unknown; recipient: string; text: string}}).hook
      returned = fn(recipient, text, context, (error: unknown, response?: unknown) => finish(error, response))
      if (returned && typeof (returned as Promise<unknown>).then === 'function') {
        ;(returned as Promise<unknown>).then(
          () => {
            if (settled) return
            notes.push('hook-returned-without-callback')
            // Auth0 would keep waiting for cb until its time limit; waiting that long here shows
            // nothing more, so give cb a moment and then report.
            setTimeout(() => finish(null, undefined), HOOK_CALLBACK_GRACE_MS).unref()
          },
          (error: unknown) => finish(error ?? new Error('hook rejected')),
        )
      }

      return
    }

    if (style === 'auth0-action') {
      returned = fn((message.payload as {event: unknown}).event, auth0Api())
    } else {
      const callback = (error: unknown, value?: unknown) => finish(error, value)
      returned = fn(message.payload, lambdaContext(message, callback), callback)
    }

    if (returned && typeof (returned as Promise<unknown>).then === 'function') {
      ;(returned as Promise<unknown>).then(
        (value) => {
          if (settled && style === 'lambda') notes.push('callback-and-promise')
          finish(null, value)
        },
        (error: unknown) => finish(error ?? new Error('rejected')),
      )
    } else if (style === 'auth0-action' || fn.length < 3) {
      // A synchronous handler: Lambda returns what it returned (null for undefined).
      finish(null, returned)
    }
    // Otherwise a callback-style Lambda handler: wait for the callback.
  })
}

async function invoke(message: InvokeMessage): Promise<void> {
  currentRequestId = message.requestId
  const started = performance.now()
  let result: {notes: WorkerNote[]; value: unknown} | undefined
  let error: ErrorInfo | undefined
  try {
    result = await run(message)
  } catch (thrown) {
    error = errorInfo(thrown)
    if (style === 'lambda') record('ERROR', [`Invoke Error \t${JSON.stringify({errorMessage: error.errorMessage, errorType: error.errorType, stack: error.stack})}`])
  }

  const durationMs = performance.now() - started
  const logs = logBuffer
  logBuffer = []
  send({
    awsSdkV2: awsSdkV2Loaded(),
    durationMs,
    error,
    id: message.id,
    logs,
    notes: result?.notes ?? [],
    ok: error === undefined,
    type: 'result',
    value: result?.value,
  })
}

let current: InvokeMessage | undefined
const crash = (kind: 'Runtime.UnhandledPromiseRejection' | 'Runtime.UncaughtException') => (reason: unknown) => {
  const info = errorInfo(reason)
  record('ERROR', [`${kind}: ${info.errorType}: ${info.errorMessage}`])
  if (current) {
    const logs = logBuffer
    logBuffer = []
    send({awsSdkV2: awsSdkV2Loaded(), durationMs: 0, error: {...info, errorType: kind}, id: current.id, logs, notes: [], ok: false, type: 'result'})
  }

  // Lambda's Node runtime exits on both; the parent starts a new environment for the next event.
  setTimeout(() => process.exit(129), 20)
}

process.on('unhandledRejection', crash('Runtime.UnhandledPromiseRejection'))
process.on('uncaughtException', crash('Runtime.UncaughtException'))

process.on('message', (message: ParentMessage) => {
  if (message.type === 'init') {
    init = message
    installNetworkGuard(message.network.allowHosts)
    installAwsRedirect(message.network.endpoint)
    void loadHandler(message)
    return
  }

  current = message
  void invoke(message).finally(() => {
    if (current === message) current = undefined
  })
})

process.on('disconnect', () => process.exit(0))
