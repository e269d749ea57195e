/**
 * `mfa-sms local`: an HTTP server that answers the AWS SDK v3 clients of SNS, End User Messaging,
 * STS, Cognito user pools, Lambda, KMS, IAM and CloudWatch from a scenario, offline, and the
 * scenario's Auth0 tenant (Management API and /oauth/token) on the same port.
 *
 * Requests are routed by the SigV4 credential scope in the Authorization header
 * (`Credential=AKID/DATE/REGION/SERVICE/aws4_request`); any credentials are accepted and state is
 * kept per region (IAM is global). Unsigned requests go to the mounts (`mounts`, then Auth0).
 * Unknown operations get the service's own "unknown operation" error (JSON:
 * UnknownOperationException, query: InvalidAction). Every SMS is captured in the inbox, served with
 * the health check under /_mfa-sms/.
 *
 * Library use (tests, `doctor --demo`):
 *   const server = await startLocalServer({scenario: 'broken', port: 0})
 *   new SNSClient({endpoint: server.url, region: 'eu-west-1', credentials: LOCAL_CREDENTIALS})
 *   await server.close()
 */
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'
import {setTimeout as sleep} from 'node:timers/promises'

import {badInput, ExitCode, MfaSmsError} from '../../errors.js'
import {serveAuth0} from './auth0/api.js'
import {Auth0ScenarioError} from './auth0/schema.js'
import {auth0TenantFor} from './auth0/tenant.js'
import {faultError, FaultInjector} from './faults.js'
import {Inbox} from './inbox.js'
import {buildInvokerChain, type Invoker} from './invoker.js'
import {decodeJsonTarget, encodeJsonError, encodeJsonResult, encodeRestJsonError, encodeRestJsonResult, jsonUnknownOperation, parseJsonBody} from './protocols/json.js'
import {decodeQueryBody, encodeQueryError, encodeQueryResult, type EncodedResponse, queryUnknownOperation} from './protocols/query.js'
import {seededRandom, randomUuid} from './random.js'
import {readBody} from './read-body.js'
import {buildRegistry, iamActionOf, operationSpec, type ServiceDefinition} from './registry.js'
import {emptyScenario, type FaultInput, type LoadedScenario, loadScenario, parseScenario, type Scenario, type ScenarioInput} from './scenario.js'
import {credentialScope} from './sigv4.js'
import {LocalState} from './state.js'
import {type HttpRequestView, type LocalWorld, type OperationContext, RawHttpResponse, ServiceError} from './types.js'

export const DEFAULT_LOCAL_HOST = '127.0.0.1'
/** Credentials to point SDK clients at the server with (any are accepted). */
export const LOCAL_CREDENTIALS = {accessKeyId: 'AKIAMFASMSLOCAL00000', secretAccessKey: 'mfa-sms-local-secret-not-checked'}
export const INTERNAL_PREFIX = '/_mfa-sms'
const MAX_BODY = 7 * 1024 * 1024

export interface RequestLog {
  durationMs: number
  /** The error code answered, if any. */
  error?: string
  operation?: string
  region?: string
  service?: string
  status: number
  time: string
}

/**
 * A non-AWS HTTP API mounted on the same port (e.g. an Auth0 Management API stand-in). It sees
 * requests that carry no SigV4 credential scope, before they are refused, and returns true when
 * it answered.
 */
export type LocalHttpMount = (req: IncomingMessage, res: ServerResponse, url: URL, state: LocalState) => Promise<boolean>

export interface LocalServerOptions {
  /** Extra faults on top of the scenario's. */
  faults?: FaultInput[]
  /** Default 127.0.0.1; anything else exposes captured codes to the network. */
  host?: string
  /** Runs Lambda Invoke; falls back to the scenario (see invoker.ts). */
  invoker?: Invoker
  /** Non-AWS APIs served on the same port for unsigned requests, tried in order before Auth0's. */
  mounts?: LocalHttpMount[]
  /** Clock (tests pass a fixed or movable one). */
  now?: () => Date
  onRequest?: (log: RequestLog) => void
  /** 0 picks a free port. Default 0. */
  port?: number
  /** A parsed scenario, a plain object to validate, a loaded file, or a file path / bundled name. */
  scenario?: LoadedScenario | Scenario | ScenarioInput | string
  /** Seed for OTPs, ids and probabilistic faults (default: the scenario's, else 1). */
  seed?: number
  /** Extra or replacement service definitions (e.g. KMS, IAM). */
  services?: ServiceDefinition[]
}

export interface LocalServer {
  close(): Promise<void>
  faults: FaultInjector
  host: string
  inbox: Inbox
  port: number
  registry: Map<string, ServiceDefinition>
  scenarioName: string
  state: LocalState
  /** http://HOST:PORT — use as the SDK's `endpoint` / AWS_ENDPOINT_URL. */
  url: string
}

async function resolveScenario(input: LocalServerOptions['scenario']): Promise<{name: string; scenario: Scenario}> {
  if (input === undefined) return {name: 'empty', scenario: emptyScenario()}
  if (typeof input === 'string') {
    const loaded = await loadScenario(input)
    return {name: loaded.name, scenario: loaded.scenario}
  }

  if ('scenario' in input && typeof input.scenario === 'object' && input.scenario !== null) {
    const loaded = input as LoadedScenario
    return {name: loaded.name, scenario: loaded.scenario}
  }

  // Parsing is idempotent, so an already-parsed scenario goes through the same door.
  const scenario = parseScenario(input, 'scenario')
  return {name: scenario.name ?? 'inline', scenario}
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name]
  return Array.isArray(v) ? v[0] : v
}

/** Which service an unsigned request is for, from its X-Amz-Target prefix. */
function serviceFromTarget(registry: Map<string, ServiceDefinition>, target: string | undefined): ServiceDefinition | undefined {
  if (!target) return undefined
  const prefix = target.slice(0, target.lastIndexOf('.'))
  return [...registry.values()].find((d) => d.json?.targetPrefix === prefix)
}

function encodeError(def: ServiceDefinition, error: ServiceError, requestId: string): EncodedResponse {
  switch (def.protocol) {
    case 'query': {
      return encodeQueryError(def.query!, error, requestId)
    }

    case 'rest-json': {
      return encodeRestJsonError(def.rest?.messageKey ?? 'Message', error, requestId)
    }

    default: {
      const compatible = def.json?.awsQueryCompatible
      return encodeJsonError(def.protocol === 'json1.0' ? '1.0' : '1.1', def.json?.messageKey ?? 'message', error, requestId, compatible ? (compatible[error.code] ?? error.code) : undefined)
    }
  }
}

function encodeResult(def: ServiceDefinition, operation: string, output: unknown, requestId: string): EncodedResponse {
  if (output instanceof RawHttpResponse) return {body: output.body, headers: output.headers, status: output.status}
  switch (def.protocol) {
    case 'query': {
      return encodeQueryResult(def.query!, operation, output, requestId)
    }

    case 'rest-json': {
      return encodeRestJsonResult(output, requestId)
    }

    default: {
      return encodeJsonResult(def.protocol === 'json1.0' ? '1.0' : '1.1', output, requestId)
    }
  }
}

interface Decoded {
  input: Record<string, unknown>
  operation: string
  pathParams: Record<string, string>
}

function matchRoute(def: ServiceDefinition, method: string, path: string): {operation: string; pathParams: Record<string, string>} | undefined {
  const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path
  for (const route of def.rest?.routes ?? []) {
    if (route.method !== method) continue
    const names: string[] = []
    const pattern = route.path.replaceAll(/\{(\w+)\}/g, (_m, name: string) => {
      names.push(name)
      return '([^/]+)'
    })
    const match = new RegExp(`^${pattern}$`).exec(trimmed)
    if (match) return {operation: route.operation, pathParams: Object.fromEntries(names.map((n, i) => [n, match[i + 1]!]))}
  }

  return undefined
}

function decodeRequest(def: ServiceDefinition, req: IncomingMessage, url: URL, body: Buffer): Decoded {
  switch (def.protocol) {
    case 'query': {
      const {action, input} = decodeQueryBody(body.toString('utf8'))
      if (!action || !operationSpec(def, action)) throw queryUnknownOperation(def.query!, action)
      return {input, operation: action, pathParams: {}}
    }

    case 'rest-json': {
      const route = matchRoute(def, req.method ?? 'GET', url.pathname)
      if (!route || !operationSpec(def, route.operation)) {
        throw new ServiceError('UnknownOperationException', `Unknown operation: ${req.method} ${url.pathname}`, 404)
      }

      return {input: {}, operation: route.operation, pathParams: route.pathParams}
    }

    default: {
      const {operation, wrongPrefix} = decodeJsonTarget(headerValue(req, 'x-amz-target'), def.json!.targetPrefix)
      if (!operation || wrongPrefix || !operationSpec(def, operation)) throw jsonUnknownOperation(operation)
      return {input: parseJsonBody(body), operation, pathParams: {}}
    }
  }
}

function send(res: ServerResponse, response: EncodedResponse): void {
  const body = typeof response.body === 'string' ? Buffer.from(response.body, 'utf8') : response.body
  res.writeHead(response.status, {...response.headers, 'content-length': String(body.length)})
  res.end(body)
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, {body: `${JSON.stringify(value)}\n`, headers: {'cache-control': 'no-store', 'content-type': 'application/json'}, status})
}

/** Starts the emulator. Resolves once it listens; `close()` stops it and drops open connections. */
export async function startLocalServer(options: LocalServerOptions = {}): Promise<LocalServer> {
  const {name: scenarioName, scenario} = await resolveScenario(options.scenario)
  const seed = options.seed ?? scenario.seed ?? 1
  const now = options.now ?? (() => new Date())
  const random = seededRandom(seed)
  const requestIds = seededRandom(seed ^ 0x5e_ed_1d_5)
  const faultRandom = seededRandom(seed ^ 0x0f_a0_17)
  const state = new LocalState(scenario, {now})
  const inbox = new Inbox()
  const world: LocalWorld = {inbox, invoker: buildInvokerChain(options.invoker), state}
  const registry = buildRegistry(options.services)
  const faults = new FaultInjector([...scenario.faults, ...(options.faults ?? [])], faultRandom)
  const hanging = new Set<() => void>()
  let closing = false
  let auth0
  try {
    auth0 = auth0TenantFor(state, now)
  } catch (error) {
    if (error instanceof Auth0ScenarioError) throw badInput('BAD_SCENARIO', `Scenario ${scenarioName} is not valid: ${error.message}`)
    throw error
  }

  const auth0Mount: LocalHttpMount = (req, res, url) => serveAuth0(req, res, url, state, {now, onRequest: options.onRequest})
  const mounts = [...(options.mounts ?? []), auth0Mount]

  const internal = (req: IncomingMessage, res: ServerResponse, url: URL): void => {
    const route = url.pathname.slice(INTERNAL_PREFIX.length).replace(/\/+$/, '')
    if (route === '/health' && req.method === 'GET') {
      sendJson(res, 200, {
        account: state.accountId,
        ...(auth0 ? {auth0: {domain: auth0.domain, tenant: auth0.tenant}} : {}),
        defaultRegion: state.defaultRegion,
        messages: inbox.list().messages.length,
        ok: true,
        regions: state.regionNames(),
        scenario: scenarioName,
        server: 'mfa-sms local',
        services: [...registry.values()].map((d) => ({operations: Object.keys(d.operations).sort(), protocol: d.protocol, signingName: d.signingName})),
      })
      return
    }

    if (route === '/messages' && req.method === 'GET') {
      const since = Number(url.searchParams.get('since') ?? '0')
      if (!Number.isInteger(since) || since < 0) {
        sendJson(res, 400, {error: 'since must be a non-negative integer cursor'})
        return
      }

      sendJson(res, 200, inbox.list(since))
      return
    }

    if (route === '/messages' && req.method === 'DELETE') {
      inbox.clear()
      sendJson(res, 200, {cleared: true})
      return
    }

    sendJson(res, 404, {error: `no such mfa-sms local endpoint: ${req.method} ${url.pathname}`})
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = Date.now()
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname === INTERNAL_PREFIX || url.pathname.startsWith(`${INTERNAL_PREFIX}/`)) {
      internal(req, res, url)
      return
    }

    const requestId = randomUuid(requestIds)
    const log: RequestLog = {durationMs: 0, status: 0, time: new Date().toISOString()}
    const finish = (response: EncodedResponse, error?: string) => {
      send(res, response)
      log.status = response.status
      log.durationMs = Date.now() - started
      if (error) log.error = error
      options.onRequest?.(log)
    }

    const scope = credentialScope(headerValue(req, 'authorization'), url.searchParams)
    if (!scope) {
      for (const mount of mounts) {
        if (await mount(req, res, url, state)) return
      }
    }

    const def = scope ? registry.get(scope.service) : serviceFromTarget(registry, headerValue(req, 'x-amz-target'))
    if (!def) {
      const known = [...registry.keys()].join(', ')
      const message = scope
        ? `mfa-sms local does not emulate the service "${scope.service}" (from the request's credential scope); it emulates ${known}`
        : 'Request is missing a SigV4 Authorization header, so mfa-sms local cannot tell which service it is for'
      const code = scope ? 'UnknownServiceException' : 'MissingAuthenticationTokenException'
      finish({body: JSON.stringify({__type: code, message}), headers: {'content-type': 'application/json', 'x-amzn-errortype': code}, status: scope ? 400 : 403}, code)
      return
    }

    log.service = def.signingName
    const region = def.global ? 'us-east-1' : (scope?.region ?? state.defaultRegion)
    log.region = region
    try {
      const body = await readBody(req, MAX_BODY, () => new ServiceError('RequestEntityTooLargeException', 'Request body is too large', 413))
      const decoded = decodeRequest(def, req, url, body)
      log.operation = decoded.operation
      const spec = operationSpec(def, decoded.operation)!
      const iamAction = iamActionOf(def, decoded.operation)
      const faultRequest = {iamAction, operation: decoded.operation, region, service: def.signingName}
      const decision = faults.decide(faultRequest)
      if (decision.latencyMs > 0) await sleep(decision.latencyMs)
      if (decision.failure?.kind === 'hang') {
        // No answer at all: the caller's own timeout (or the server closing) ends it.
        await new Promise<void>((resolve) => {
          hanging.add(resolve)
          res.on('close', resolve)
        })
        res.destroy()
        return
      }

      if (decision.failure) {
        throw faultError(decision.failure, def.faults, {...faultRequest, accountId: state.accountId, callerArn: state.callerArn})
      }

      const http: HttpRequestView = {
        body,
        headers: req.headers,
        method: req.method ?? 'GET',
        path: url.pathname,
        pathParams: decoded.pathParams,
        query: url.searchParams,
      }
      const context: OperationContext = {
        accessKeyId: scope?.accessKeyId,
        accountId: state.accountId,
        http,
        now,
        operation: decoded.operation,
        random,
        region,
        requestId,
        service: def.signingName,
        world,
      }
      const output = await spec.handler(decoded.input, context)
      finish(encodeResult(def, decoded.operation, output, requestId))
    } catch (error) {
      if (closing && res.destroyed) return
      const serviceError =
        error instanceof ServiceError
          ? error
          : new ServiceError(def.faults.serverError.code, `mfa-sms local failed: ${error instanceof Error ? error.message : String(error)}`, 500)
      finish(encodeError(def, serviceError, requestId), serviceError.code)
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, {error: String(error)})
    })
  })
  server.keepAliveTimeout = 5000

  const host = options.host ?? DEFAULT_LOCAL_HOST
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening)
      reject(
        error.code === 'EADDRINUSE'
          ? new MfaSmsError('PORT_IN_USE', `Port ${options.port} on ${host} is already in use.`, {
              exit: ExitCode.badInput,
              hints: ['pass another --port, or --port 0 for any free port'],
            })
          : new MfaSmsError('LISTEN_FAILED', `Cannot listen on ${host}:${options.port ?? 0}: ${error.message}`, {exit: ExitCode.badInput}),
      )
    }

    const onListening = () => {
      server.off('error', onError)
      resolve()
    }

    server.once('error', onError)
    server.once('listening', onListening)
    server.listen(options.port ?? 0, host)
  })

  const {port} = server.address() as AddressInfo
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host
  return {
    async close() {
      closing = true
      for (const release of hanging) release()
      hanging.clear()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    },
    faults,
    host,
    inbox,
    port,
    registry,
    scenarioName,
    state,
    url: `http://${urlHost}:${port}`,
  }
}

/** The environment lines that point the AWS CLI and SDKs at a local server. */
export function localEnvironment(url: string, region: string): Record<string, string> {
  // In the order people read them: where, who, which region.
  return {
    AWS_ENDPOINT_URL: url,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_REGION: region,
  }
}
