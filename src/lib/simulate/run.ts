/**
 * `mfa-sms simulate`: builds the events, encrypts custom sender codes, fires them at the target
 * (a local handler, a deployed function, an Auth0 action in a tenant, or nothing for --dry-run),
 * judges every answer with the verdict rules and gathers load statistics.
 *
 * The command is a thin layer over runSimulation(); everything it prints comes from the result.
 */
import {randomUUID} from 'node:crypto'
import {existsSync} from 'node:fs'
import {resolve} from 'node:path'
import {performance} from 'node:perf_hooks'
import {setTimeout as sleep} from 'node:timers/promises'

import {badInput} from '../../errors.js'
import type {AwsSession} from '../aws/clients.js'
import {regionOfPoolId} from '../knowledge/region-input.js'
import {analysePhone, SMS_SIMULATOR_NUMBERS} from '../knowledge/phone.js'
import type {LoadedScenario} from '../local/scenario.js'
import {type Auth0MessageType, type Auth0MfaAction, auth0ActionEvent, auth0HookArgs, auth0TestPayload} from './auth0-event.js'
import type {Auth0Credentials} from '../auth0/client.js'
import {cognitoEvent, userAttributesFor} from './cognito-event.js'
import {maskSecretMaps, redact, redactDeep, temporaryPassword, verificationCode} from './codes.js'
import {COGNITO_SUITE_NAME} from './decrypt-mistakes.js'
import {functionRegion} from './deployed-runner.js'
import type {KmsLike} from './encryption.js'
import type {KeyReference, LocalKeyStore} from './kms.js'
import {type PoolFacts, readPoolFacts, scenarioPoolFacts} from './pool-facts.js'
import {type LoadStats, loadStats, runConcurrently} from './stats.js'
import {budgetMs, lambdaConfigField, parseTriggerSource, type TriggerSpec} from './triggers.js'
import type {Finding, InvocationRecord, RuleContext, TargetKind} from './types.js'
import {failed, judge} from './verdicts.js'
import type {HandlerStyle} from './worker-protocol.js'

/** The account of the emulated endpoint when nothing names one. */
const DEFAULT_ACCOUNT = '123456789012'

/** AWS End User Messaging's US simulator "success" number: never reaches a phone. */
export const DEFAULT_PHONE = SMS_SIMULATOR_NUMBERS[0]!.success
/** How long to keep listening for SMS after the last invocation (sends a handler did not await). */
const LATE_SEND_GRACE_MS = 250

export interface SimulateInput {
  allowHosts: string[]
  attributes: Record<string, string>
  auth0Action?: string
  auth0Domain?: string
  clientId?: string
  clientMetadata: Record<string, string>
  code?: string
  concurrency: number
  count: number
  dryRun: boolean
  email?: string
  emailSendingAccount?: 'COGNITO_DEFAULT' | 'DEVELOPER'
  env: Record<string, string>
  function?: string
  handler?: string
  kmsKeyId?: string
  memoryMb: number
  messageType: Auth0MessageType
  mfaAction: Auth0MfaAction
  nodeArgs: string[]
  phone?: string
  region?: string
  scenario?: string
  secrets: Record<string, string>
  showCode: boolean
  source: string
  tenant?: string
  text?: string
  timeoutSeconds?: number
  userPoolId?: string
  username?: string
}

export interface SimulateHooks {
  auth0Credentials?: Auth0Credentials
  note: (text: string) => void
  session: (fallbackRegion?: string) => Promise<AwsSession>
  warn: (text: string) => void
}

export interface InvocationReport {
  budgetMs: number
  coldStart: boolean
  durationMs: number
  error?: {errorMessage: string; errorType: string}
  findings: Finding[]
  functionError?: string
  initDurationMs?: number
  logs: string[]
  outcome: InvocationRecord['outcome']
  requestId: string
  response?: unknown
  sms?: InvocationRecord['sms']
  statusCode?: number
  style?: HandlerStyle
}

export interface SimulationResult {
  code?: string
  encryption?: {algorithmSuite: string; encryptionContext: Record<string, string>; formatVersion: number; keyArn: string; offline: boolean}
  event: unknown
  family: TriggerSpec['family']
  /** Verdicts that failed in a load run, by id. */
  failures: {count: number; id: string}[]
  invocation?: InvocationReport
  load?: LoadStats
  notes: string[]
  pool: {emailSendingAccount?: string; region: string; source: 'aws' | 'assumed' | 'flags' | 'scenario'; userPoolId: string}
  target: {auth0Action?: string; function?: string; handler?: string; kind: TargetKind}
  triggerSource: string
  verdict: 'dry-run' | 'fail' | 'pass'
}

interface Prepared {
  code: string
  /** The payload as sent: event, or {event, hook} for a local Auth0 handler. */
  payload: unknown
  /** The event the verdict rules and the report show. */
  event: unknown
  encryption?: SimulationResult['encryption']
}

/** Splits ./file.js:exportName (a Windows drive letter is not an export). */
export function parseHandlerRef(ref: string): {exportName?: string; file: string} {
  const at = ref.lastIndexOf(':')
  if (at > 1 && /^[A-Za-z_$][\w$]*$/.test(ref.slice(at + 1))) return {exportName: ref.slice(at + 1), file: ref.slice(0, at)}
  return {file: ref}
}

export function resolveTargetKind(input: Pick<SimulateInput, 'auth0Action' | 'dryRun' | 'function' | 'handler' | 'userPoolId'>, spec: TriggerSpec): TargetKind {
  const chosen = [input.handler && '--handler', input.function && '--function', input.auth0Action && '--auth0-action'].filter(Boolean)
  if (chosen.length > 1) throw badInput('TOO_MANY_TARGETS', `Pick one target: ${chosen.join(' and ')} were both given.`)
  if (input.auth0Action && spec.family !== 'auth0') throw badInput('WRONG_TARGET', `--auth0-action fires send-phone-message, not ${spec.source}.`)
  if (input.function && spec.family === 'auth0') throw badInput('WRONG_TARGET', 'send-phone-message runs in Auth0, not Lambda: use --handler (local) or --auth0-action (tenant).')
  if (input.handler) return input.dryRun ? 'dry-run' : 'local'
  if (input.auth0Action) return input.dryRun ? 'dry-run' : 'auth0-tenant'
  if (input.function) return input.dryRun ? 'dry-run' : 'deployed'
  if (input.dryRun) return 'dry-run'
  if (input.userPoolId && spec.family !== 'auth0') return 'deployed'
  throw badInput('NO_TARGET', `Nothing to fire ${spec.source} at.`, [
    spec.family === 'auth0'
      ? 'pass --handler ./action.js (runs here, offline), --auth0-action ID (runs in the tenant) or --dry-run'
      : 'pass --handler ./index.js (runs here, offline), --function NAME, --user-pool-id ID (its configured trigger) or --dry-run',
  ])
}

function requirePhone(phone: string, spec: TriggerSpec, warn: (t: string) => void): void {
  const analysis = analysePhone(phone)
  if (analysis.strictE164) return
  if (spec.family === 'auth0') {
    warn(`The recipient ${JSON.stringify(phone)} is not E.164; Auth0 passes what the user typed, and SNS rejects it.`)
    return
  }

  throw badInput('BAD_PHONE', `--phone ${JSON.stringify(phone)} is not E.164: Cognito only stores phone numbers as + and digits.`, [
    analysis.problems[0]?.fix ?? 'e.g. --phone +14254147755',
  ])
}

/** Runs one simulation. Throws MfaSmsError for bad input and unreachable services; verdicts go in the result. */
export async function runSimulation(input: SimulateInput, hooks: SimulateHooks): Promise<SimulationResult> {
  const spec = parseTriggerSource(input.source)
  const kind = resolveTargetKind(input, spec)
  if (input.count < 1 || input.concurrency < 1) throw badInput('BAD_COUNT', '--count and --concurrency must be at least 1.')
  if (kind === 'auth0-tenant' && input.count > 1) throw badInput('BAD_COUNT', '--auth0-action runs the real action (a real SMS may go out each time): --count must be 1.')
  if (kind === 'dry-run' && input.count > 1) throw badInput('BAD_COUNT', '--dry-run fires nothing: --count does not apply.')
  const notes: string[] = []
  const deployedKeys = kind === 'deployed' || (kind === 'dry-run' && input.function !== undefined)

  // ---- region, pool and user ------------------------------------------------------------------
  const poolRegion = input.userPoolId ? regionOfPoolId(input.userPoolId) : undefined
  if (input.userPoolId && !poolRegion) throw badInput('BAD_USER_POOL_ID', `--user-pool-id "${input.userPoolId}" is not a user pool id.`, ['a pool id looks like eu-central-1_AbCdEf123'])
  let session: AwsSession | undefined
  const needsAws = kind === 'deployed' || deployedKeys
  if (needsAws) session = await hooks.session(poolRegion ?? (input.function ? functionRegion(input.function) : undefined))
  const region = poolRegion ?? (input.function ? functionRegion(input.function) : undefined) ?? input.region ?? (session ? await session.region() : 'us-east-1')
  const userPoolId = input.userPoolId ?? `${region}_SimuLated1`

  let scenario: LoadedScenario | undefined
  if (input.scenario) {
    if (kind === 'deployed') throw badInput('SCENARIO_NOT_LOCAL', '--scenario describes an emulated account; it does not apply to a deployed --function.')
    const {loadScenario} = await import('../local/scenario.js')
    scenario = await loadScenario(input.scenario)
  }

  let facts: PoolFacts | undefined
  if (session && input.userPoolId && kind !== 'auth0-tenant') facts = await readPoolFacts(session, {region, userPoolId, username: input.username})
  else if (scenario && input.userPoolId) facts = scenarioPoolFacts(scenario.scenario, {region, userPoolId, username: input.username})
  if (scenario && input.userPoolId && !facts) notes.push(`The scenario has no pool ${input.userPoolId}; its settings come from flags.`)

  const emailSendingAccount = input.emailSendingAccount ?? facts?.emailSendingAccount ?? (kind === 'deployed' ? undefined : 'COGNITO_DEFAULT')
  const poolSource: SimulationResult['pool']['source'] = input.emailSendingAccount ? 'flags' : facts ? facts.source : 'assumed'
  if (spec.family === 'custom-message' && !input.emailSendingAccount && !facts && emailSendingAccount) {
    notes.push('EmailSendingAccount assumed COGNITO_DEFAULT (Cognito\'s default); pass --email-sending-account DEVELOPER if the pool sends email through SES.')
  }

  if (input.username && !facts?.user) {
    notes.push(`--username ${input.username} only names the user here: its attributes are read ${kind === 'deployed' ? 'with --user-pool-id' : 'from AWS only for a deployed target, or from a --scenario pool'}.`)
  }

  const read = facts?.user?.attributes
  let phone = read?.phone_number ?? input.phone
  if (phone === undefined) {
    phone = DEFAULT_PHONE
    notes.push(`No phone number given: using ${DEFAULT_PHONE}, the End User Messaging US simulator number (it never reaches a phone).`)
  }

  if (!read?.phone_number) requirePhone(phone, spec, hooks.warn)
  if (spec.clientMetadata === 'no' && Object.keys(input.clientMetadata).length > 0) {
    hooks.warn(`Cognito passes clientMetadata to ${spec.source} only from (Admin)RespondToAuthChallenge; it is included as asked, but most real events of this source have none.`)
  } else if (spec.clientMetadata === 'maybe' && Object.keys(input.clientMetadata).length > 0) {
    hooks.warn(`Cognito does not pass ClientMetadata from (Admin)InitiateAuth, so real ${spec.source} events may lack it.`)
  }

  // ---- custom sender keys -----------------------------------------------------------------------
  let kms: KmsLike | undefined
  let keyArn: string | undefined
  let keyStore: LocalKeyStore | undefined
  let localKey: KeyReference | undefined
  let account = scenario?.scenario.account.id ?? DEFAULT_ACCOUNT
  if (spec.family === 'custom-sms-sender') {
    const keyInput = input.kmsKeyId ?? facts?.kmsKeyId
    if (deployedKeys) {
      if (!keyInput) {
        throw badInput('NO_KMS_KEY', `${spec.source} codes are encrypted with the pool's KMS key, and none is known.`, [
          'pass --kms-key-id <key ARN>, or --user-pool-id of a pool whose LambdaConfig has KMSKeyID',
        ])
      }

      keyArn = keyInput
      const {sessionKms} = await import('./kms.js')
      kms = await sessionKms(session!, /^arn:[^:]+:kms:([^:]+):/.exec(keyInput)?.[1] ?? region)
    } else {
      const {LocalKeyStore, resolveLocalKey} = await import('./kms.js')
      const probe = resolveLocalKey(keyInput, region, account)
      if (scenario && probe.account !== account) {
        throw badInput('KEY_ACCOUNT_MISMATCH', `The KMS key ${keyInput} is in account ${probe.account}, but the scenario's account is ${account}.`, ['use a key ARN of the scenario account, or drop --scenario'])
      }

      account = probe.account
      localKey = probe
      keyStore = new LocalKeyStore(account)
      for (const [r, config] of Object.entries(scenario?.scenario.regions ?? {})) {
        keyStore.addKeys(
          r,
          config.keys.map((k) => ({aliases: k.aliases, arn: k.Arn, description: typeof k.Description === 'string' ? k.Description : undefined, enabled: k.KeyState === 'Disabled' ? false : k.Enabled === false ? false : true, keyId: k.KeyId})),
        )
      }

      keyStore.ensure(localKey)
      keyArn = localKey.arn
      kms = keyStore.client(localKey.region)
      if (input.kmsKeyId && (localKey.alias || !input.kmsKeyId.startsWith('arn:'))) {
        hooks.warn(`LambdaConfig.KMSKeyID must be a key ARN; "${input.kmsKeyId}" is not one. The code is encrypted under ${localKey.arn}, the key it names here.`)
      }

      notes.push(`Custom sender code encrypted under ${localKey.arn} in the in-process endpoint (offline; not a real KMS key).`)
    }
  }

  // ---- Auth0 secrets ----------------------------------------------------------------------------
  const secrets = {...input.secrets}
  if (spec.family === 'auth0' && kind === 'local') {
    const {LOCAL_CREDENTIALS} = await import('../local/server.js')
    const defaults: Record<string, string> = {AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId, AWS_REGION: region, AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey}
    const filled = Object.keys(defaults).filter((k) => secrets[k] === undefined)
    for (const k of filled) secrets[k] = defaults[k]!
    if (filled.length > 0) notes.push(`Secrets not given, filled with local stand-ins: ${filled.join(', ')} (the handler talks only to the in-process endpoint).`)
  }

  // ---- events -----------------------------------------------------------------------------------
  const sub = read?.sub ?? randomUUID()
  const userAttributes = userAttributesFor(spec, {email: input.email, extra: input.attributes, phone, read, sub})
  const userName = facts?.user?.username ?? input.username ?? sub
  const tenant = input.tenant ?? (input.auth0Domain ? input.auth0Domain.replace(/^https?:\/\//, '').split('.')[0] : undefined) ?? 'my-tenant'

  const prepare = async (): Promise<Prepared> => {
    const code = input.code ?? (spec.codeKind === 'temporary-password' ? temporaryPassword() : verificationCode())
    if (spec.family === 'auth0') {
      const base = {action: input.mfaAction, code, email: input.email, messageType: input.messageType, recipient: phone!, secrets, tenant, text: input.text}
      const event = auth0ActionEvent(base)
      return {code, event, payload: {event, hook: auth0HookArgs(base)}}
    }

    let encryptedCode: string | undefined
    let encryption: SimulationResult['encryption']
    if (spec.family === 'custom-sms-sender') {
      const {encryptLikeCognito} = await import('./encryption.js')
      const encrypted = await encryptLikeCognito({code, keyId: keyArn!, kms: kms!, userPoolId})
      encryptedCode = encrypted.base64
      keyArn = encrypted.keyArn
      encryption = {
        algorithmSuite: `${COGNITO_SUITE_NAME} (0x${encrypted.header.suiteId.toString(16).padStart(4, '0')})`,
        encryptionContext: Object.fromEntries(Object.entries(encrypted.header.encryptionContext).filter(([k]) => k !== 'aws-crypto-public-key')),
        formatVersion: encrypted.header.version,
        keyArn: encrypted.keyArn,
        offline: !deployedKeys,
      }
    }

    const event = cognitoEvent({clientId: input.clientId, clientMetadata: input.clientMetadata, encryptedCode, region, spec, userAttributes, userName, userPoolId})
    return {code, encryption, event, payload: event}
  }

  const budget = budgetMs(spec.family)
  const timeoutMs = Math.round((input.timeoutSeconds ?? budget / 1000 + 2) * 1000)
  const userEnv = {...input.env}
  if (spec.family === 'custom-sms-sender' && keyArn && userEnv.KEY_ARN === undefined) userEnv.KEY_ARN = keyArn
  const configuredKeys = ['KEY_ARN', 'KEY_ALIAS', 'KEY_ID', 'KMS_KEY_ID', 'KMS_KEY_ARN'].map((k) => userEnv[k]).filter((v): v is string => Boolean(v))
  const context = (): RuleContext => ({budgetMs: budget, configuredKeys, emailSendingAccount, keyArn, phone, spec, target: kind, timeoutMs: kind === 'local' ? timeoutMs : undefined})

  const handlerRef = input.handler ? parseHandlerRef(input.handler) : undefined
  if (handlerRef && !existsSync(resolve(handlerRef.file))) throw badInput('HANDLER_NOT_FOUND', `--handler ${handlerRef.file} does not exist.`)
  const functionName =
    input.function ?? (kind === 'deployed' ? (spec.family === 'custom-message' ? facts?.customMessageArn : facts?.customSmsSenderArn) : undefined)
  if (kind === 'deployed' && !functionName) {
    throw badInput('NO_FUNCTION', `The pool ${userPoolId} has no ${lambdaConfigField(spec.family)} trigger in its LambdaConfig.`, ['pass --function NAME_OR_ARN'])
  }

  const result: SimulationResult = {
    event: undefined,
    failures: [],
    family: spec.family,
    notes,
    pool: {emailSendingAccount, region, source: poolSource, userPoolId},
    target: {auth0Action: input.auth0Action, function: functionName, handler: handlerRef ? resolve(handlerRef.file) + (handlerRef.exportName ? `:${handlerRef.exportName}` : '') : undefined, kind},
    triggerSource: spec.source,
    verdict: 'pass',
  }
  const secretValues = Object.values(input.secrets)

  // ---- dry run ----------------------------------------------------------------------------------
  if (kind === 'dry-run') {
    const prepared = await prepare()
    const hidden = input.showCode ? secretValues : [prepared.code, ...secretValues]
    result.event = maskSecretMaps(redactDeep(prepared.event, hidden))
    result.encryption = prepared.encryption
    if (input.showCode) result.code = prepared.code
    result.verdict = 'dry-run'
    return result
  }

  // ---- fire -------------------------------------------------------------------------------------
  type Fired = {prepared: Prepared; record: InvocationRecord}
  let fired: Fired[]
  let started = performance.now()
  let firedAt = 0
  if (kind === 'local') {
    const [{attributeMessages, startLocalEndpoint, startLocalHandler}, {LocalKeyStore}] = await Promise.all([import('./local-runner.js'), import('./kms.js')])
    const endpoint = await startLocalEndpoint({account, keyStore: keyStore ?? new LocalKeyStore(account), regions: [region, ...(localKey ? [localKey.region] : [])], scenario})
    const handler = await startLocalHandler({
      allowHosts: input.allowHosts,
      endpoint: endpoint.server.url,
      env: userEnv,
      exportName: handlerRef!.exportName,
      family: spec.family,
      file: resolve(handlerRef!.file),
      functionName: handlerRef!.file.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '') || 'handler',
      maxEnvironments: Math.min(input.concurrency, input.count),
      memoryMb: input.memoryMb,
      nodeArgs: input.nodeArgs,
      region,
      timeoutMs,
    })
    try {
      started = performance.now()
      const runs = await runConcurrently(input.count, input.concurrency, async () => {
        const prepared = await prepare()
        const inv = await handler.fn.invoke(prepared.payload, randomUUID())
        return {inv, prepared}
      })
      firedAt = performance.now()
      await sleep(LATE_SEND_GRACE_MS)
      const sms = attributeMessages(
        runs.map((r) => ({code: r.prepared.code, inv: r.inv})),
        endpoint.messages,
      )
      fired = runs.map(({inv, prepared}, i) => ({
        prepared,
        record: {
          awsSdkV2: inv.awsSdkV2,
          blocked: inv.blocked,
          code: prepared.code,
          coldStart: inv.coldStart,
          durationMs: inv.runMs + (inv.coldStart ? (inv.initDurationMs ?? 0) : 0),
          error: inv.error,
          event: prepared.event,
          functionError: inv.outcome === 'ok' ? undefined : 'Unhandled',
          initDurationMs: inv.initDurationMs,
          logs: inv.logs,
          notes: inv.notes,
          outcome: inv.outcome,
          requestId: inv.requestId,
          response: inv.value,
          sms: spec.family === 'custom-message' ? undefined : sms[i],
          style: inv.style,
          wallMs: inv.durationMs,
        },
      }))
    } finally {
      await handler.close()
      await endpoint.close()
    }
  } else if (kind === 'deployed') {
    if (spec.invocation === 'async') notes.push('Cognito invokes custom senders asynchronously; this run invokes synchronously (RequestResponse) to see the error and logs.')
    const {invokeDeployed} = await import('./deployed-runner.js')
    fired = await runConcurrently(input.count, input.concurrency, async () => {
      const prepared = await prepare()
      const inv = await invokeDeployed(session!, {event: prepared.payload, functionName: functionName!, region: functionRegion(functionName!) ?? region})
      const requestId = /START RequestId: (\S+)/.exec(inv.logs.join('\n'))?.[1] ?? ''
      return {
        prepared,
        record: {
          blocked: [],
          code: prepared.code,
          coldStart: inv.initDurationMs !== undefined,
          durationMs: inv.durationMs === undefined ? inv.wallMs : inv.durationMs + (inv.initDurationMs ?? 0),
          error: inv.error,
          event: prepared.event,
          functionError: inv.functionError,
          initDurationMs: inv.initDurationMs,
          logs: inv.logs,
          notes: [],
          outcome: inv.outcome,
          requestId,
          response: inv.response,
          statusCode: inv.statusCode,
          wallMs: inv.wallMs,
        },
      }
    })
  } else {
    hooks.warn(`--auth0-action runs action ${input.auth0Action}'s current code in the tenant: a real SMS may go out to ${phone}.`)
    if (!input.auth0Domain) throw badInput('NO_AUTH0_DOMAIN', '--auth0-action needs the tenant: pass --auth0-domain (or set AUTH0_DOMAIN).')
    if (!hooks.auth0Credentials) {
      throw badInput('NO_AUTH0_CREDENTIALS', 'No Auth0 Management API credentials: set AUTH0_TOKEN, or AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET (an M2M app with create:actions).')
    }

    const prepared = await prepare()
    const {testAuth0Action} = await import('./auth0-runner.js')
    const out = await testAuth0Action({
      actionId: input.auth0Action!,
      credentials: hooks.auth0Credentials,
      domain: input.auth0Domain,
      payload: auth0TestPayload(prepared.event as Parameters<typeof auth0TestPayload>[0]),
      timeoutMs: budget + 10_000,
    })
    fired = [
      {
        prepared,
        record: {blocked: [], code: prepared.code, coldStart: false, durationMs: out.wallMs, event: prepared.event, logs: [], notes: [], outcome: 'ok', requestId: '', response: out.payload, wallMs: out.wallMs},
      },
    ]
  }

  // Load figures cover firing the events, not starting the endpoint or waiting for late sends.
  const wallMs = (firedAt || performance.now()) - started
  const judged = fired.map((f) => {
    const findings = judge(f.record, context())
    return {failed: failed(findings), findings, ...f}
  })
  if (kind === 'auth0-tenant') {
    judged[0]!.findings.push({
      fix: 'Look for gd_send_sms / gd_send_sms_failure in the tenant logs, or test the handler locally with --handler to capture the message.',
      id: 'tenant-unconfirmed',
      message: 'Auth0 ran the action; the Management API does not say whether an SMS went out.',
      status: 'warn',
    })
  }

  const first = judged[0]!
  const hidden = input.showCode ? secretValues : [...judged.map((j) => j.prepared.code), ...secretValues]
  result.event = maskSecretMaps(redactDeep(first.prepared.event, hidden))
  result.encryption = first.prepared.encryption
  if (input.showCode) result.code = first.prepared.code
  const r = first.record
  result.invocation = {
    budgetMs: budget,
    coldStart: r.coldStart,
    durationMs: Math.round(r.durationMs * 10) / 10,
    error: r.error ? {errorMessage: redact(r.error.errorMessage, hidden), errorType: r.error.errorType} : undefined,
    findings: redactDeep(first.findings, hidden),
    functionError: r.functionError,
    initDurationMs: r.initDurationMs === undefined ? undefined : Math.round(r.initDurationMs * 10) / 10,
    logs: r.logs.map((l) => redact(l, hidden)),
    outcome: r.outcome,
    requestId: r.requestId,
    response: redactDeep(r.response, hidden),
    sms: r.sms ? redactDeep(r.sms, hidden) : undefined,
    statusCode: r.statusCode,
    style: r.style,
  }
  if (input.count > 1) {
    result.load = loadStats(judged, {budgetMs: budget, concurrency: input.concurrency, wallMs})
    const counts = new Map<string, number>()
    for (const j of judged) for (const f of j.findings) if (f.status === 'fail') counts.set(f.id, (counts.get(f.id) ?? 0) + 1)
    result.failures = [...counts].map(([id, count]) => ({count, id})).sort((a, b) => b.count - a.count)
  } else {
    result.failures = first.findings.filter((f) => f.status === 'fail').map((f) => ({count: 1, id: f.id}))
  }

  result.verdict = judged.some((j) => j.failed) ? 'fail' : 'pass'
  return result
}
