import {Flags} from '@oclif/core'

import {BaseCommand, EXIT_CODES_HELP} from '../base-command.js'
import {badInput, type ExitCodeValue} from '../errors.js'
import type {AwsSession} from '../lib/aws/clients.js'
import type {DoctorProgress, DoctorRun} from '../lib/doctor/runner.js'
import type {Check, CheckGroup, FailOn} from '../lib/doctor/types.js'
import {parsePoolId, regionOfPoolId} from '../lib/knowledge/region-input.js'
import {askSelect, promptBlocker} from '../ui/prompt.js'
import {isCi} from '../ui/style.js'

type Format = 'github' | 'human' | 'json' | 'junit'

export interface DoctorCatalogueEntry {
  id: string
  group: CheckGroup
  scope: Check['scope']
  title: string
  docs: string
  /** The IAM actions or Auth0 scopes its facts can need. */
  needs: string[]
}

export interface DoctorCatalogue {
  checks: DoctorCatalogueEntry[]
  /** Everything the doctor may call, for a least-privilege policy. */
  iamActions: string[]
  auth0Scopes: string[]
}

export default class Doctor extends BaseCommand<typeof Doctor> {
  static override description = `Checks, as data, every known reason SMS one-time codes do not arrive: the credentials; the region a pool's SMS really leaves from (SnsRegion, the legacy default, EumsSms.Region) and, in THAT region, the SMS sandbox, spend limit, default SMS type, delivery logging and US origination identities; the pool's SMS configuration, templates and MFA; the SMS role's trust (ExternalId, source conditions) and permission; the CustomMessage and CustomSMSSender triggers (function, invoke permission, timeout, KMS key); and, with --auth0-domain, the Auth0 SMS factor, provider, send-phone-message Action, legacy Hook, tenant phone provider and recent send failures.

Read-only. A check whose call is denied is skipped and names the IAM action it needs; one an endpoint does not implement is "unknown". Settings can come from mfa-sms.config.json or an "mfa-sms" key in package.json (flags win). Auth0 credentials come only from AUTH0_CLIENT_ID + AUTH0_CLIENT_SECRET or AUTH0_TOKEN.

Exit codes:
${EXIT_CODES_HELP}`
  static override examples = [
    {command: '<%= config.bin %> <%= command.id %> --demo', description: 'See a real report against a built-in broken setup (no AWS account needed)'},
    {command: '<%= config.bin %> <%= command.id %> --user-pool-id eu-central-1_AbCdEf123 --phone +14255550123', description: 'Check a pool and a test recipient'},
    {command: '<%= config.bin %> <%= command.id %> --user-pool-id eu-central-1_AbCdEf123 --format github --fail-on warn', description: 'In CI, as GitHub annotations, failing on warnings too'},
    {command: '<%= config.bin %> <%= command.id %> --auth0-domain my-tenant.eu.auth0.com', description: 'Check an Auth0 tenant (AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET set)'},
    {command: '<%= config.bin %> <%= command.id %> --list', description: 'The check catalogue and the IAM actions it needs'},
  ]
  static override flags = {
    'all-pools': Flags.boolean({summary: 'Check every user pool in --region.'}),
    'auth0-domain': Flags.string({env: 'AUTH0_DOMAIN', helpGroup: 'AUTH0', summary: 'Auth0 tenant domain (credentials from AUTH0_CLIENT_ID/AUTH0_CLIENT_SECRET or AUTH0_TOKEN).'}),
    check: Flags.string({multiple: true, summary: 'Run only this check or group (repeatable; see --list).'}),
    config: Flags.string({summary: 'Project file to read instead of ./mfa-sms.config.json.'}),
    demo: Flags.boolean({exclusive: ['user-pool-id', 'all-pools', 'auth0-domain'], summary: 'Run against a bundled broken setup on an in-process local endpoint.'}),
    'fail-on': Flags.string({options: ['warn', 'fail'], summary: 'Exit 1 on failures (default) or on warnings too.'}),
    format: Flags.string({options: ['human', 'json', 'junit', 'github'], summary: 'Output format (json: the --json envelope; junit and github for CI).'}),
    list: Flags.boolean({summary: 'List the checks, the IAM actions and Auth0 scopes they need, and exit.'}),
    phone: Flags.string({multiple: true, summary: 'A recipient to check (E.164, repeatable): sandbox verification, US origination, sender IDs.'}),
    skip: Flags.string({multiple: true, summary: 'Skip this check or group (repeatable).'}),
    timeout: Flags.integer({min: 1, max: 600, summary: 'Seconds to wait for each call, retries included (default 20).'}),
    'user-pool-id': Flags.string({multiple: true, summary: 'The user pool to check (repeatable; prompted for on a terminal).'}),
    verbose: Flags.boolean({char: 'V', summary: 'Show evidence and timing for every check.'}),
  }
  static override summary = 'Find every known reason SMS codes do not arrive (Cognito + SNS / End User Messaging + triggers, Auth0).'

  async run(): Promise<DoctorCatalogue | DoctorRun> {
    const {flags} = this
    if (flags.list) return this.list()

    const {loadProjectConfig} = await import('../lib/doctor/config.js')
    const {config, source} = await loadProjectConfig(process.cwd(), flags.config)
    const settings = config.doctor ?? {}
    const format = (this.jsonEnabled() ? 'json' : (flags.format ?? settings.format ?? 'human')) as Format
    const failOn = (flags['fail-on'] ?? settings.failOn ?? 'fail') as FailOn
    const timeoutMs = (flags.timeout ?? settings.timeoutSeconds ?? 20) * 1000
    let phones = flags.phone ?? config.phones ?? []
    const configPools = config.userPoolId === undefined ? [] : Array.isArray(config.userPoolId) ? config.userPoolId : [config.userPoolId]
    let userPoolIds = (flags['user-pool-id'] ?? (flags.demo ? [] : configPools)).map((p) => parsePoolId(p))
    const allPools = flags['all-pools'] || (!flags['user-pool-id'] && settings.allPools === true)
    const auth0Domain = flags.demo ? undefined : (flags['auth0-domain'] ?? config.auth0?.domain)
    const region = this.flags.region ?? config.region
    const profile = this.flags.profile ?? config.profile
    const endpointUrl = this.flags['endpoint-url'] ?? config.endpointUrl

    let session: AwsSession | undefined
    let closeDemo: (() => Promise<void>) | undefined
    const notes: string[] = []
    if (source) notes.push(`settings from ${source}`)
    try {
      if (flags.demo) {
        const {DEMO_SCENARIO, startDemo} = await import('../lib/doctor/demo.js')
        const demo = await startDemo()
        closeDemo = demo.close
        session = demo.session
        userPoolIds = demo.userPoolIds
        if (!flags.phone) phones = demo.phones
        notes.push(`demo: the bundled "${DEMO_SCENARIO}" scenario, served by mfa-sms local at ${demo.url} (fake credentials, no AWS account)`)
      } else {
        const wantsAws = userPoolIds.length > 0 || allPools || !auth0Domain || region !== undefined
        if (wantsAws) {
          const {AwsSession} = await import('../lib/aws/clients.js')
          session = new AwsSession({endpointUrl, profile, region: region ?? (userPoolIds[0] ? regionOfPoolId(userPoolIds[0]) : undefined), timeoutMs: Math.min(timeoutMs, 10_000)})
          if (allPools) userPoolIds = await this.allPools(session, userPoolIds)
          else if (userPoolIds.length === 0) userPoolIds = await this.pickPool(session)
        }
      }

      const auth0 = auth0Domain ? await this.auth0(auth0Domain, timeoutMs) : undefined
      const {runDoctor} = await import('../lib/doctor/runner.js')
      const progress = this.progress()
      const result = await runDoctor({
        auth0,
        auth0Domain,
        callTimeoutMs: timeoutMs,
        countries: config.countries ?? [],
        failOn,
        onProgress: progress.update,
        only: flags.check ?? settings.check,
        phones,
        session,
        skip: flags.skip ?? settings.skip,
        userPoolIds,
      })
      progress.done()
      result.notes.unshift(...notes)
      this.setExitCode(result.exitCode as ExitCodeValue)
      await this.output(result, format, Boolean(flags.verbose))
      return result
    } finally {
      session?.destroy()
      await closeDemo?.()
    }
  }

  private async allPools(session: AwsSession, given: string[]): Promise<string[]> {
    const {listUserPools} = await import('../lib/doctor/pools.js')
    const region = await session.region()
    const pools = await listUserPools(session, region)
    if (pools.length === 0) this.warn(`No user pools in ${region}.`)
    return [...new Set([...given, ...pools.map((p) => p.id)])]
  }

  private async auth0(domain: string, timeoutMs: number) {
    const [{auth0CredentialsFromEnv}, {createAuth0Api}] = await Promise.all([import('../lib/auth0/client.js'), import('../lib/doctor/auth0-api.js')])
    const credentials = auth0CredentialsFromEnv()
    if (!credentials) {
      throw badInput('MISSING_AUTH0_CREDENTIALS', `--auth0-domain ${domain} needs Management API credentials, and none are set.`, [
        'export AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET of a machine-to-machine application (or AUTH0_TOKEN); `mfa-sms doctor --list` names the read-only scopes',
      ])
    }

    try {
      return await createAuth0Api(domain, credentials, timeoutMs)
    } catch (error) {
      throw badInput('BAD_AUTH0_DOMAIN', `--auth0-domain "${domain}" is not a tenant domain: ${error instanceof Error ? error.message : String(error)}`, ['pass the bare domain, e.g. my-tenant.eu.auth0.com'])
    }
  }

  private async list(): Promise<DoctorCatalogue> {
    const [{CATALOGUE}, {FACTS, factActions}, {AUTH0_DOCTOR_SCOPES}] = await Promise.all([
      import('../lib/doctor/checks/index.js'),
      import('../lib/doctor/facts/index.js'),
      import('../lib/doctor/auth0-scopes.js'),
    ])
    const checks = CATALOGUE.map((c) => ({
      docs: c.docs,
      group: c.group,
      id: c.id,
      needs: [...new Set([...c.needs, ...(c.needsAny ?? []), ...(c.uses ?? [])].map((f) => FACTS[f].action).filter((a): a is string => Boolean(a)))],
      scope: c.scope,
      title: c.title,
    }))
    const actions = factActions()
    const catalogue = {auth0Scopes: AUTH0_DOCTOR_SCOPES.map((s) => s.scope), checks, iamActions: actions.aws}
    if (!this.jsonEnabled()) {
      const s = this.style
      let group = ''
      for (const c of checks) {
        if (c.group !== group) {
          group = c.group
          this.log(`\n${s.bold(group)}`)
        }

        this.log(`  ${c.id.padEnd(34)} ${c.title}`)
      }

      this.log(`\n${s.bold('IAM actions (read-only)')}\n  ${catalogue.iamActions.join('\n  ')}`)
      this.log(`\n${s.bold('Auth0 Management API scopes')}\n  ${catalogue.auth0Scopes.join(' ')}`)
    }

    return catalogue
  }

  private async output(result: DoctorRun, format: Format, verbose: boolean): Promise<void> {
    if (format === 'json' && this.jsonEnabled()) return
    let text: string
    switch (format) {
      case 'github': {
        text = (await import('../lib/doctor/render/github.js')).renderGithub(result)
        break
      }

      case 'junit': {
        text = (await import('../lib/doctor/render/junit.js')).renderJunit(result)
        break
      }

      case 'json': {
        text = (await import('../lib/doctor/render/json.js')).renderJson(result)
        break
      }

      default: {
        text = (await import('../lib/doctor/render/human.js')).renderHuman(result, {notes: result.notes, painter: this.style, verbose})
      }
    }

    process.stdout.write(text)
  }

  private async pickPool(session: AwsSession): Promise<string[]> {
    if (promptBlocker(this.promptPolicy)) return []
    const {listUserPools} = await import('../lib/doctor/pools.js')
    const region = await session.region()
    const pools = await listUserPools(session, region)
    if (pools.length === 0) return []
    const id = await askSelect(this.promptPolicy, {
      choices: pools.map((p) => ({name: `${p.id}${p.name ? `  ${p.name}` : ''}`, value: p.id})),
      flag: '--user-pool-id <id>',
      message: `Which user pool in ${region}?`,
      what: 'A user pool',
    })
    return [id]
  }

  /** Live progress on stderr, on a terminal only (never stdout, never under --json). */
  private progress(): {done: () => void; update: (p: DoctorProgress) => void} {
    const live = !this.jsonEnabled() && process.stderr.isTTY === true && !isCi()
    if (!live) return {done() {}, update() {}}
    let shown = false
    return {
      done() {
        if (shown) process.stderr.write('\r\u001B[2K')
      },
      update(p) {
        shown = true
        process.stderr.write(`\r\u001B[2K checking ${p.done}/${p.total}${p.last ? `  ${p.last}` : ''}`)
      },
    }
  }
}
