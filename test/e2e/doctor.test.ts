/**
 * The built `mfa-sms doctor` against `mfa-sms local` (in this process, port 0) with each bundled
 * scenario. Run `npm run build` first (`npm test` does).
 */
import {mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {XMLValidator} from 'fast-xml-parser'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {LOCAL_CREDENTIALS, type LocalServer, startLocalServer} from '../../src/lib/local/server.js'
import {SERVICE_TABLE} from '../../src/lib/local/registry.js'
import type {CheckResult, DoctorResult} from '../../src/lib/doctor/types.js'
import {runCli} from '../helpers/cli.js'

type Run = {code: number | null; result: DoctorResult; stderr: string}

async function doctor(server: LocalServer, region: string, args: string[]): Promise<Run> {
  const run = await runCli(['doctor', '--json', '--endpoint-url', server.url, '--region', region, ...args], {
    env: {AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey},
    timeoutMs: 40_000,
  })
  let envelope
  try {
    envelope = run.json()
  } catch {
    throw new Error(`doctor printed no JSON (exit ${run.code}):\n${run.stdout}\n${run.stderr}`)
  }

  return {code: run.code, result: envelope.result as DoctorResult, stderr: run.stderr}
}

/** auth0-custom-unwired: nothing bound (so nothing to check for deployment or secrets) and the failures that causes. */
const AUTH0_PROBLEMS = ['auth0.action-bound: fail', 'auth0.action-deployed: skip', 'auth0.action-secrets: skip', 'auth0.send-failures: fail']

function byId(result: DoctorResult, id: string): CheckResult {
  const found = result.checks.find((c) => c.id === id)
  if (!found) throw new Error(`no result for ${id}: ${result.checks.map((c) => c.id).join(', ')}`)
  return found
}

/** Every check that did not pass, as `id: status`, sorted. */
function problems(result: DoctorResult): string[] {
  return result.checks
    .filter((c) => c.status !== 'pass')
    .map((c) => `${c.id}: ${c.status}`)
    .sort()
}

describe('doctor against the "broken" scenario', () => {
  let server: LocalServer
  let run: Run
  beforeAll(async () => {
    server = await startLocalServer({port: 0, scenario: 'broken', seed: 1})
    run = await doctor(server, 'eu-central-1', ['--user-pool-id', 'eu-central-1_Br0kenFra', '--phone', '+14155552671'])
  }, 60_000)
  afterAll(() => server?.close())

  it('exits 1 and sends account-level checks to eu-west-1 (legacy default)', () => {
    expect(run.code).toBe(1)
    expect(run.result.smsRegions).toEqual(['eu-west-1'])
    const region = byId(run.result, 'sms-region.allowed')
    expect(region.status).toBe('warn')
    expect(region.evidence).toMatchObject({'sms region': 'eu-west-1', source: 'legacy-default'})
  })

  it('finds the sandbox and the missing US origination in eu-west-1', () => {
    expect(byId(run.result, 'sandbox.status')).toMatchObject({region: 'eu-west-1', status: 'fail'})
    expect(byId(run.result, 'origination.us')).toMatchObject({region: 'eu-west-1', status: 'fail'})
    expect(byId(run.result, 'sandbox.recipients').status).toBe('fail')
  })

  it('finds exactly what the scenario was built to show, and nothing it could not check', () => {
    expect(problems(run.result)).toEqual([
      'custom-message.email-rules: info',
      'custom-message.permission: fail',
      'custom-sms-sender.kms-decrypt: fail',
      'custom-sms-sender.kms-key-arn: fail',
      'origination.us: fail',
      'pool.sms-configuration-failure: fail',
      'sandbox.recipients: fail',
      'sandbox.status: fail',
      'sms-region.allowed: warn',
      'sms-role.external-id: fail',
      'sms-role.permission: fail',
      'sms-settings.default-type: warn',
      'sms-settings.delivery-logging: warn',
      'sms-settings.spend-limit: warn',
    ])
  })

  it('finds the unwired CustomMessage function and the alias KMSKeyID, whose key it resolves', () => {
    expect(byId(run.result, 'custom-message.function').status).toBe('pass')
    expect(byId(run.result, 'custom-sms-sender.permission').status).toBe('pass')
    const keyArn = 'arn:aws:kms:eu-central-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab'
    expect(byId(run.result, 'custom-sms-sender.kms-key-arn').evidence).toMatchObject({'key ARN': keyArn})
    expect(byId(run.result, 'custom-sms-sender.kms-key')).toMatchObject({
      evidence: {'configured as': 'arn:aws:kms:eu-central-1:444455556666:alias/cognito-sms-sender', description: 'Cognito custom SMS sender codes', key: keyArn, KeySpec: 'SYMMETRIC_DEFAULT', KeyState: 'Enabled'},
      status: 'pass',
    })
  })

  it('simulates the roles: no ExternalId, no sns:Publish, and kms:Decrypt granted only on the alias', () => {
    expect(byId(run.result, 'sms-role.trust').status).toBe('pass')
    expect(byId(run.result, 'sms-role.permission').evidence).toMatchObject({decision: 'implicitDeny', method: 'iam:SimulatePrincipalPolicy'})
    expect(byId(run.result, 'custom-sms-sender.kms-decrypt')).toMatchObject({
      evidence: {decision: 'implicitDeny', key: 'arn:aws:kms:eu-central-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab', method: 'iam:SimulatePrincipalPolicy', role: 'arn:aws:iam::444455556666:role/service-role/shop-sms-sender-role'},
    })
  })

  it('reads the month-to-date spend from CloudWatch: $0.95 of the $1 quota', () => {
    const spend = byId(run.result, 'sms-settings.spend-limit')
    expect(spend).toMatchObject({evidence: {'month-to-date spend (USD)': 0.95}, region: 'eu-west-1', status: 'warn'})
    expect(spend.summary).toMatch(/USD 0\.95.*95% of the limit \(USD 1\)/)
  })

  it('records timings for the bench', () => {
    const t = run.result.timing
    expect(t.calls).toBeGreaterThan(5)
    expect(t.longestChainMs).toBeLessThanOrEqual(t.sumMs)
    expect(t.facts.some((f) => f.id === 'cognito.userPool')).toBe(true)
  })
})

describe('doctor against the "healthy-us" scenario', () => {
  let server: LocalServer
  let run: Run
  beforeAll(async () => {
    server = await startLocalServer({port: 0, scenario: 'healthy-us', seed: 1})
    run = await doctor(server, 'us-east-1', ['--user-pool-id', 'us-east-1_Hea1thyUS', '--phone', '+14254147755'])
  }, 60_000)
  afterAll(() => server?.close())

  it('finds nothing wrong, and checks everything', () => {
    const wrong = run.result.checks.filter((c) => ['error', 'fail', 'unknown', 'warn'].includes(c.status))
    expect(wrong.map((c) => `${c.id}: ${c.summary}`)).toEqual([])
    expect(problems(run.result)).toEqual(['custom-message.email-rules: info'])
    expect(run.code).toBe(0)
    for (const id of ['identity.credentials', 'sms-region.allowed', 'sandbox.status', 'sms-settings.spend-limit', 'sms-settings.default-type', 'sms-settings.delivery-logging', 'origination.us', 'pool.sms-configuration', 'pool.sms-templates', 'pool.mfa', 'custom-message.function', 'custom-message.permission', 'custom-message.timeout']) {
      expect(byId(run.result, id).status, id).toBe('pass')
    }
  })

  it('passes the SMS role checks', () => {
    for (const id of ['sms-role.exists', 'sms-role.trust', 'sms-role.external-id', 'sms-role.source', 'sms-role.permission']) expect(byId(run.result, id).status, id).toBe('pass')
  })

  it('passes the custom sender: key ARN, usable key, and kms:Decrypt simulated with Cognito\'s encryption context', () => {
    for (const id of ['custom-sms-sender.version', 'custom-sms-sender.kms-key-arn', 'custom-sms-sender.kms-key', 'custom-sms-sender.kms-decrypt', 'custom-sms-sender.function', 'custom-sms-sender.permission']) {
      expect(byId(run.result, id).status, id).toBe('pass')
    }

    expect(byId(run.result, 'custom-sms-sender.kms-decrypt').evidence).toMatchObject({notes: expect.arrayContaining(['request context: kms:EncryptionContext:userpool-id = us-east-1_Hea1thyUS'])})
  })

  it('--all-pools checks every pool of the region without naming one', async () => {
    const all = await doctor(server, 'us-east-1', ['--all-pools', '--check', 'pool.sms-templates'])
    expect(all.code).toBe(0)
    expect(all.result.checks.map((c) => `${c.id} ${c.userPoolId}`)).toEqual(['pool.sms-templates us-east-1_Hea1thyUS'])
  })
})

describe('doctor with denied, throttled and unimplemented calls', () => {
  let server: LocalServer
  let run: Run
  beforeAll(async () => {
    const without = (signingName: string, ops: string[]) => {
      const def = SERVICE_TABLE.find((s) => s.signingName === signingName)!
      return {...def, operations: Object.fromEntries(Object.entries(def.operations).filter(([op]) => !ops.includes(op)))}
    }

    server = await startLocalServer({
      faults: [
        {kind: 'access-denied', target: 'sns:GetSMSAttributes'},
        {kind: 'throttle', target: 'cognito-idp:DescribeUserPool', times: 2},
      ],
      port: 0,
      scenario: 'healthy-us',
      seed: 1,
      services: [without('sns', ['GetSMSSandboxAccountStatus']), without('sms-voice', ['DescribeAccountAttributes'])],
    })
    run = await doctor(server, 'us-east-1', ['--user-pool-id', 'us-east-1_Hea1thyUS'])
  }, 60_000)
  afterAll(() => server?.close())

  it('completes, reading the pool after the throttling', () => {
    expect(run.code).toBe(0)
    expect(byId(run.result, 'sms-region.allowed').status).toBe('pass')
  })

  it('skips what was denied, naming the IAM action', () => {
    for (const id of ['sms-settings.spend-limit', 'sms-settings.default-type', 'sms-settings.delivery-logging']) {
      expect(byId(run.result, id)).toMatchObject({needs: ['sns:GetSMSAttributes'], status: 'skip', summary: 'skipped: needs sns:GetSMSAttributes'})
    }
  })

  it('reports unimplemented operations as unknown', () => {
    expect(byId(run.result, 'sandbox.status')).toMatchObject({status: 'unknown'})
    expect(byId(run.result, 'sandbox.status').summary).toMatch(/does not implement/)
  })
})

describe('doctor --demo', () => {
  it('exits 1 and shows the broken findings, without AWS credentials', async () => {
    const run = await runCli(['doctor', '--demo'], {timeoutMs: 40_000})
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('pool eu-central-1_Br0kenFra')
    expect(run.stdout).toContain('SMS sandbox · in eu-west-1')
    expect(run.stdout).toMatch(/✗ Out of the SMS sandbox in the sending region/)
    expect(run.stdout).toMatch(/✗ US recipients have a registered origination identity/)
    expect(run.stdout).toMatch(/✗ Cognito may invoke the CustomMessage function for this pool/)
    expect(run.stdout).toMatch(/✗ KMSKeyID is a key ARN/)
    expect(run.stdout).toMatch(/failing \(--fail-on fail\)\n$/)
    expect(run.stdout).not.toContain(LOCAL_CREDENTIALS.secretAccessKey)
  })

  it('speaks JUnit and GitHub annotations for CI', async () => {
    const junit = await runCli(['doctor', '--demo', '--format', 'junit'], {timeoutMs: 40_000})
    expect(junit.code).toBe(1)
    expect(XMLValidator.validate(junit.stdout)).toBe(true)
    const github = await runCli(['doctor', '--demo', '--format', 'github', '--check', 'sandbox', '--check', 'custom-message'], {timeoutMs: 40_000})
    expect(github.stdout).toMatch(/^::error title=sandbox\.status \(eu-west-1\)%3A /m)
    expect(github.stdout).toMatch(/^::error title=custom-message\.permission/m)
    expect(github.stdout).not.toMatch(/sms-role|identity\.credentials/)
  })
})

describe('doctor settings from a project file', () => {
  it('applies the file, and flags win over it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mfa-sms-doctor-config-'))
    const file = join(dir, 'mfa-sms.config.json')
    await writeFile(file, JSON.stringify({doctor: {check: 'sandbox', failOn: 'warn'}}))
    const fromFile = await runCli(['doctor', '--demo', '--config', file, '--json'], {timeoutMs: 40_000})
    const result = fromFile.json().result as DoctorResult & {notes: string[]}
    expect([...new Set(result.checks.map((c) => c.group))]).toEqual(['sandbox'])
    expect(result.failOn).toBe('warn')
    expect(result.notes.join('\n')).toContain('settings from')
    const flagsWin = await runCli(['doctor', '--demo', '--config', file, '--check', 'custom-message', '--fail-on', 'fail', '--json'], {timeoutMs: 40_000})
    const overridden = flagsWin.json().result as DoctorResult
    expect([...new Set(overridden.checks.map((c) => c.group))]).toEqual(['custom-message'])
    expect(overridden.failOn).toBe('fail')
  })

  it('an invalid file is bad input (exit 2) naming the setting', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mfa-sms-doctor-config-'))
    const file = join(dir, 'mfa-sms.config.json')
    await writeFile(file, JSON.stringify({doctor: {failOn: 'sometimes'}}))
    const run = await runCli(['doctor', '--demo', '--config', file, '--json'], {timeoutMs: 40_000})
    expect(run.code).toBe(2)
    expect(run.json().error?.message).toMatch(/doctor\.failOn/)
  })
})

describe('doctor --auth0-domain against the tenant mfa-sms local serves', () => {
  let server: LocalServer
  let run: Run
  let printed = ''
  beforeAll(async () => {
    server = await startLocalServer({port: 0, scenario: 'auth0-custom-unwired', seed: 1})
    const cli = await runCli(['doctor', '--json', '--auth0-domain', server.url], {
      env: {AUTH0_CLIENT_ID: 'mfa-sms-doctor-client', AUTH0_CLIENT_SECRET: 'mfa-sms-doctor-client-secret'},
      timeoutMs: 40_000,
    })
    run = {code: cli.code, result: cli.json().result as DoctorResult, stderr: cli.stderr}
    printed = cli.stdout + cli.stderr
  }, 60_000)
  afterAll(() => server?.close())

  it('finds the Custom provider with no send-phone-message action bound, and the failures it causes', () => {
    expect(run.code).toBe(1)
    expect(byId(run.result, 'auth0.access').status).toBe('pass')
    expect(byId(run.result, 'auth0.provider').status).toBe('pass')
    expect(byId(run.result, 'auth0.action-bound')).toMatchObject({status: 'fail'})
    expect(byId(run.result, 'auth0.action-bound').summary).toMatch(/nothing is bound to send-phone-message/)
    expect(byId(run.result, 'auth0.send-failures').status).toBe('fail')
    expect(run.result.checks.filter((c) => c.status === 'unknown' || c.status === 'error')).toEqual([])
  })

  it('finds exactly what the scenario was built to show', () => {
    expect(problems(run.result).filter((p) => p.startsWith('auth0.'))).toEqual(AUTH0_PROBLEMS)
  })

  it('never prints the client secret, nor the full number from the failure logs', () => {
    expect(printed).not.toContain('mfa-sms-doctor-client-secret')
    expect(printed).not.toContain('5555550123')
  })
})
