import {dirname} from 'node:path'

import {Flags} from '@oclif/core'

import {BaseCommand} from '../../base-command.js'
import {badInput} from '../../errors.js'
import type {Auth0Access} from '../../lib/local/auth0/tenant.js'
import type {Fault} from '../../lib/local/scenario.js'
import type {CapturedMessage} from '../../lib/local/inbox.js'
import type {LocalServer, RequestLog} from '../../lib/local/server.js'

export interface LocalStartResult {
  account: string
  /** The scenario's Auth0 tenant, served on the same port: how to point `doctor --auth0-domain` at it. */
  auth0?: {
    clientId?: string
    /** Where the credentials are (never the scenario's secrets themselves). */
    credentials: string
    /** The value for --auth0-domain: this server. */
    domain: string
    tenant: string
  }
  /** Lines to paste into a shell so the AWS CLI and SDKs use the server. */
  env: Record<string, string>
  /** The faults armed at start (scenario's and --fault's), in --fault form. */
  faults: string[]
  host: string
  port: number
  scenario: string
  url: string
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost'])

export default class LocalStart extends BaseCommand<typeof LocalStart> {
  static override description = `Serves SNS, End User Messaging (sms-voice), STS, Cognito user pools, Lambda, KMS (the scenario's keys, real encryption, key policies), IAM (roles, policies, SimulatePrincipalPolicy) and CloudWatch (the SMS month-to-date spend) on one local port, speaking each service's real wire protocol, so the AWS CLI, the AWS SDKs and every mfa-sms command work against it offline. Requests are routed by the SigV4 credential scope; any credentials are accepted. State (sandbox, verified numbers, spend, pools, functions…) comes from a scenario file and is kept per region. A scenario's Auth0 tenant is served on the same port (/oauth/token, /api/v2/…), for \`mfa-sms doctor --auth0-domain http://127.0.0.1:PORT\`.

Every SMS sent through Publish or SendTextMessage, and every sandbox verification code, is captured with the delivery outcome AWS would report (sandbox, opt-out, spend limit, US origination, invalid number) and shown live on stderr; read them with \`mfa-sms local messages\`.

--fault injects failures on top of the scenario's: KIND[:SERVICE:OPERATION|:*][:OPTION…] with KIND latency, throttle, server-error, access-denied or hang and OPTIONs times=N, probability=P, region=R (and the milliseconds of a latency, the status of a server-error, e.g. latency:*:100, server-error:sns:*:503).

stdout gets the URL and the environment lines to use (with --json, one JSON envelope); the server then runs until Ctrl+C. It binds 127.0.0.1 unless --host says otherwise.

Bundled scenarios: healthy-us, broken, auth0-custom-unwired.`
  static override examples = [
    {command: '<%= config.bin %> <%= command.id %>', description: 'A new, sandboxed account on port 4566'},
    {command: '<%= config.bin %> <%= command.id %> --scenario broken', description: 'The common SMS pains, bundled (Frankfurt pool sending from a sandboxed Ireland, …)'},
    {command: '<%= config.bin %> <%= command.id %> --scenario ./my-account.yaml --port 0 --seed 7', description: 'Your own scenario on any free port, reproducible codes'},
    {command: '<%= config.bin %> <%= command.id %> --fault throttle:sns:GetSMSAttributes:times=3 --fault latency:*:100', description: 'Throttle three GetSMSAttributes calls and slow every call by 100 ms'},
    {command: '<%= config.bin %> <%= command.id %> --scenario auth0-custom-unwired', description: 'An Auth0 tenant too, for doctor --auth0-domain'},
  ]
  static override flags = {
    fault: Flags.string({multiple: true, summary: 'Inject a fault (repeatable), e.g. throttle:sns:GetSMSAttributes:times=3, latency:*:100, access-denied:iam:GetRole.'}),
    host: Flags.string({default: '127.0.0.1', summary: 'Address to bind (anything but loopback exposes captured codes to the network).'}),
    port: Flags.integer({default: 4566, max: 65_535, min: 0, summary: 'Port to listen on (0 picks a free one).'}),
    scenario: Flags.string({char: 's', summary: 'Scenario file (YAML or JSON) or bundled name: healthy-us, broken, auth0-custom-unwired.'}),
    seed: Flags.integer({summary: 'Seed for one-time codes, ids and random faults (default: the scenario\'s, else 1).'}),
    verbose: Flags.boolean({summary: 'Also log every API request on stderr.'}),
  }
  static override summary = 'Run an offline stand-in for the AWS SMS APIs, capturing every SMS.'

  async run(): Promise<LocalStartResult> {
    const {flags} = this
    const [{loadScenario}, {localEnvironment, startLocalServer}, {messageLine}, {FaultSpecError, formatFaultSpec, parseFaultSpec}] = await Promise.all([
      import('../../lib/local/scenario.js'),
      import('../../lib/local/server.js'),
      import('../../lib/local/format.js'),
      import('../../lib/local/fault-spec.js'),
    ])
    const faults: Fault[] = (flags.fault ?? []).map((spec) => {
      try {
        return parseFaultSpec(spec)
      } catch (error) {
        if (error instanceof FaultSpecError) throw badInput('BAD_FAULT', error.message)
        throw error
      }
    })
    const loaded = flags.scenario === undefined ? undefined : await loadScenario(flags.scenario)
    // Scenario functions with a handlerFile run their real code on Invoke, offline (relative to the scenario file).
    const withFiles = Object.values(loaded?.scenario.regions ?? {}).some((r) => r.functions.some((f) => f.handlerFile))
    const files = withFiles
      ? (await import('../../lib/simulate/local-invoker.js')).handlerFileInvoker({baseDir: loaded?.path ? dirname(loaded.path) : process.cwd()})
      : undefined
    const server = await startLocalServer({
      faults,
      host: flags.host,
      invoker: files?.invoker,
      onRequest: flags.verbose ? (log) => this.note(this.stderrStyle.dim(requestLine(log))) : undefined,
      port: flags.port,
      scenario: loaded,
      seed: flags.seed,
    })
    files?.setEndpoint(server.url)
    const region = flags.region ?? server.state.defaultRegion
    const env = localEnvironment(server.url, region)
    const auth0 = await this.auth0Hint(server, loaded?.path)
    const result: LocalStartResult = {
      account: server.state.accountId,
      ...(auth0 ? {auth0: auth0.result} : {}),
      env,
      faults: server.faults.list().map((f) => formatFaultSpec(f.fault)),
      host: server.host,
      port: server.port,
      scenario: server.scenarioName,
      url: server.url,
    }

    if (this.jsonEnabled()) {
      this.logJson(this.toSuccessJson(result))
    } else {
      this.log(server.url)
      for (const [name, value] of Object.entries(env)) this.log(`export ${name}=${value}`)
      const s = this.stderrStyle
      if (!LOOPBACK.has(flags.host)) this.warn(`Listening on ${flags.host}: anyone who can reach this port can read the captured codes.`)
      this.note(s.dim(`mfa-sms local: scenario ${server.scenarioName}, account ${server.state.accountId}, default region ${server.state.defaultRegion}. Ctrl+C to stop.`))
      if (result.faults.length > 0) this.note(s.dim(`faults: ${result.faults.join(', ')}`))
      if (auth0) this.note(auth0.text)
      server.inbox.onMessage((m: CapturedMessage) => {
        const line = messageLine(m)
        this.note(m.outcome === 'delivered' ? s.green(`✓ ${line}`) : s.red(`✗ ${line}`))
      })
    }

    process.once('SIGTERM', () => {
      Promise.all([server.close(), files?.close()]).finally(() => process.exit(0))
    })
    // Serve until interrupted: bin/run.js exits 130 on Ctrl+C.
    await new Promise<never>(() => {})
    return result
  }

  /** How to point the doctor at the scenario's Auth0 tenant, without printing the scenario's secrets. */
  private async auth0Hint(server: LocalServer, file: string | undefined): Promise<{result: NonNullable<LocalStartResult['auth0']>; text: string} | undefined> {
    const [{auth0AccessFor, auth0TenantFor}, {AUTH0_DOCTOR_SCOPES}] = await Promise.all([import('../../lib/local/auth0/tenant.js'), import('../../lib/doctor/auth0-scopes.js')])
    const tenant = auth0TenantFor(server.state)
    if (!tenant) return undefined
    const where = file ?? 'the scenario'
    const access: Auth0Access | undefined = auth0AccessFor(tenant, AUTH0_DOCTOR_SCOPES.map((s) => s.scope))
    const doctor = `mfa-sms doctor --auth0-domain ${server.url}`
    let credentials: string
    let command: string
    if (access?.clientId) {
      credentials = access.builtInSecret ? `the built-in client's secret, ${access.builtInSecret}` : `the client_secret of ${access.clientId} in ${where}`
      command = `AUTH0_CLIENT_ID=${access.clientId} AUTH0_CLIENT_SECRET=${access.builtInSecret ?? `<its client_secret in ${where}>`} ${doctor}`
    } else if (access?.token) {
      credentials = `a token from auth0.tokens in ${where}, as AUTH0_TOKEN`
      command = `AUTH0_TOKEN=<a token from auth0.tokens in ${where}> ${doctor}`
    } else {
      credentials = `none: no authorised client or token in ${where}`
      command = doctor
    }

    const missing = access?.missingScopes.length ? ` (the client lacks ${access.missingScopes.join(' ')}: those checks will be skipped)` : ''
    return {
      result: {...(access?.clientId ? {clientId: access.clientId} : {}), credentials, domain: server.url, tenant: tenant.tenant},
      text: `Auth0 tenant ${tenant.tenant} is served here too${missing}; check it with:\n  ${command}`,
    }
  }
}

function requestLine(log: RequestLog): string {
  return `${log.time.slice(11, 19)} ${log.service ?? '?'} ${log.region ?? ''} ${log.operation ?? '?'} → ${log.status}${log.error ? ` ${log.error}` : ''} (${log.durationMs} ms)`
}
