import {Flags} from '@oclif/core'

import {BaseCommand} from '../../base-command.js'
import type {CapturedMessage} from '../../lib/local/inbox.js'
import type {RequestLog} from '../../lib/local/server.js'

export interface LocalStartResult {
  account: string
  /** Lines to paste into a shell so the AWS CLI and SDKs use the server. */
  env: Record<string, string>
  host: string
  port: number
  scenario: string
  url: string
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost'])

export default class LocalStart extends BaseCommand<typeof LocalStart> {
  static override description = `Serves SNS, End User Messaging (sms-voice), STS, Cognito user pools, Lambda and IAM (roles and policies, read-only) on one local port, speaking each service's real wire protocol, so the AWS CLI, the AWS SDKs and every mfa-sms command work against it offline. Requests are routed by the SigV4 credential scope; any credentials are accepted. State (sandbox, verified numbers, spend, pools, functions…) comes from a scenario file and is kept per region.

Every SMS sent through Publish or SendTextMessage, and every sandbox verification code, is captured with the delivery outcome AWS would report (sandbox, opt-out, spend limit, US origination, invalid number) and shown live on stderr; read them with \`mfa-sms local messages\`.

stdout gets the URL and the environment lines to use (with --json, one JSON envelope); the server then runs until Ctrl+C. It binds 127.0.0.1 unless --host says otherwise.

Bundled scenarios: healthy-us, broken, auth0-custom-unwired.`
  static override examples = [
    {command: '<%= config.bin %> <%= command.id %>', description: 'A new, sandboxed account on port 4566'},
    {command: '<%= config.bin %> <%= command.id %> --scenario broken', description: 'The common SMS pains, bundled (Frankfurt pool sending from a sandboxed Ireland, …)'},
    {command: '<%= config.bin %> <%= command.id %> --scenario ./my-account.yaml --port 0 --seed 7', description: 'Your own scenario on any free port, reproducible codes'},
  ]
  static override flags = {
    host: Flags.string({default: '127.0.0.1', summary: 'Address to bind (anything but loopback exposes captured codes to the network).'}),
    port: Flags.integer({default: 4566, max: 65_535, min: 0, summary: 'Port to listen on (0 picks a free one).'}),
    scenario: Flags.string({char: 's', summary: 'Scenario file (YAML or JSON) or bundled name: healthy-us, broken, auth0-custom-unwired.'}),
    seed: Flags.integer({summary: 'Seed for one-time codes, ids and random faults (default: the scenario\'s, else 1).'}),
    verbose: Flags.boolean({summary: 'Also log every API request on stderr.'}),
  }
  static override summary = 'Run an offline stand-in for the AWS SMS APIs, capturing every SMS.'

  async run(): Promise<LocalStartResult> {
    const {flags} = this
    const [{loadScenario}, {localEnvironment, startLocalServer}, {messageLine}] = await Promise.all([
      import('../../lib/local/scenario.js'),
      import('../../lib/local/server.js'),
      import('../../lib/local/format.js'),
    ])
    const loaded = flags.scenario === undefined ? undefined : await loadScenario(flags.scenario)
    const server = await startLocalServer({
      host: flags.host,
      onRequest: flags.verbose ? (log) => this.note(this.stderrStyle.dim(requestLine(log))) : undefined,
      port: flags.port,
      scenario: loaded,
      seed: flags.seed,
    })
    const region = flags.region ?? server.state.defaultRegion
    const env = localEnvironment(server.url, region)
    const result: LocalStartResult = {account: server.state.accountId, env, host: server.host, port: server.port, scenario: server.scenarioName, url: server.url}

    if (this.jsonEnabled()) {
      this.logJson(this.toSuccessJson(result))
    } else {
      this.log(server.url)
      for (const [name, value] of Object.entries(env)) this.log(`export ${name}=${value}`)
      const s = this.stderrStyle
      if (!LOOPBACK.has(flags.host)) this.warn(`Listening on ${flags.host}: anyone who can reach this port can read the captured codes.`)
      this.note(s.dim(`mfa-sms local: scenario ${server.scenarioName}, account ${server.state.accountId}, default region ${server.state.defaultRegion}. Ctrl+C to stop.`))
      server.inbox.onMessage((m: CapturedMessage) => {
        const line = messageLine(m)
        this.note(m.outcome === 'delivered' ? s.green(`✓ ${line}`) : s.red(`✗ ${line}`))
      })
    }

    process.once('SIGTERM', () => {
      server.close().finally(() => process.exit(0))
    })
    // Serve until interrupted: bin/run.js exits 130 on Ctrl+C.
    await new Promise<never>(() => {})
    return result
  }
}

function requestLine(log: RequestLog): string {
  return `${log.time.slice(11, 19)} ${log.service ?? '?'} ${log.region ?? ''} ${log.operation ?? '?'} → ${log.status}${log.error ? ` ${log.error}` : ''} (${log.durationMs} ms)`
}
