/**
 * `mfa-sms simulate` through the built binary, against the fixture handlers in fixtures/handlers:
 * every good handler passes, every bug gets the verdict that names it.
 */
import {mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'

import {describe, expect, it, vi} from 'vitest'

import {ROOT, runCli} from '../helpers/cli.js'
import {CUSTOM_MESSAGE_SOURCES} from '../helpers/trigger-sources.js'

// Each case spawns the CLI (and a handler process); several run at once on a small machine.
vi.setConfig({testTimeout: 90_000})

const H = (name: string) => `fixtures/handlers/${name}`

/** Runs simulate --json; returns the exit code, the result and the ids of failed / warned verdicts. */
async function simulate(args: string[], env: Record<string, string | undefined> = {}, timeoutMs = 40_000) {
  const run = await runCli(['simulate', ...args, '--json'], {env, timeoutMs})
  let out
  try {
    out = run.json()
  } catch {
    throw new Error(`not JSON (exit ${run.code}):\n${run.stdout}\n${run.stderr}`)
  }

  const findings = (out.result?.invocation?.findings ?? []) as {id: string; status: string}[]
  return {
    code: run.code,
    failed: findings.filter((f) => f.status === 'fail').map((f) => f.id),
    out,
    passed: findings.filter((f) => f.status === 'pass').map((f) => f.id),
    run,
    warned: findings.filter((f) => f.status === 'warn').map((f) => f.id),
  }
}

describe('simulate: the command frame', () => {
  it('--help lists every trigger source', async () => {
    const run = await runCli(['simulate', '--help'])
    expect(run.code).toBe(0)
    for (const source of ['CustomMessage_SignUp', 'CustomMessage_AdminCreateUser', 'CustomMessage_Authentication', 'CustomSMSSender_SignUp', 'CustomSMSSender_AdminCreateUser', 'CustomSMSSender_Authentication', 'send-phone-message']) {
      expect(run.stdout).toContain(source)
    }
  })

  it('a typo in the trigger source exits 2 with a did-you-mean', async () => {
    const run = await runCli(['simulate', 'CustomSMSSender_Authentcation', '--dry-run'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('Did you mean CustomSMSSender_Authentication?')
  })

  it('no target is bad input naming the flags', async () => {
    const run = await runCli(['simulate', 'CustomMessage_SignUp'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('--handler')
  })
})

describe.concurrent('simulate CustomMessage with a local handler', () => {
  it.each(CUSTOM_MESSAGE_SOURCES)('the good handler (ESM) passes %s', async (source) => {
    const r = await simulate([source, '--handler', H('custom-message-good.mjs')])
    expect(r.failed).toEqual([])
    expect(r.code).toBe(0)
    expect(r.out.result).toMatchObject({triggerSource: source, verdict: 'pass'})
    expect(r.passed).toEqual(expect.arrayContaining(['response-shape', 'sms-code-placeholder', 'sms-length', 'email-fields']))
  })

  it('missing {####}: sms-code-placeholder fails (exit 1)', async () => {
    const r = await simulate(['CustomMessage_SignUp', '--handler', H('custom-message-missing-code.mjs')])
    expect(r.code).toBe(1)
    expect(r.failed).toEqual(['sms-code-placeholder'])
  })

  it('a 160-character message: sms-length fails', async () => {
    const r = await simulate(['CustomMessage_ForgotPassword', '--handler', H('custom-message-too-long.mjs')])
    expect(r.code).toBe(1)
    expect(r.failed).toEqual(['sms-length'])
  })

  it('email fields with COGNITO_DEFAULT: email-fields fails; with DEVELOPER it passes', async () => {
    const bad = await simulate(['CustomMessage_SignUp', '--handler', H('custom-message-email-fields.mjs')])
    expect(bad.code).toBe(1)
    expect(bad.failed).toEqual(['email-fields'])
    const ok = await simulate(['CustomMessage_SignUp', '--handler', H('custom-message-email-fields.mjs'), '--email-sending-account', 'DEVELOPER'])
    expect(ok.code).toBe(0)
    expect(ok.passed).toContain('email-fields')
  })

  it('a handler that throws: no-error fails with the error', async () => {
    const r = await simulate(['CustomMessage_Authentication', '--handler', H('custom-message-throws.mjs')])
    expect(r.code).toBe(1)
    expect(r.failed).toEqual(['no-error'])
    expect(r.out.result.invocation.error).toMatchObject({errorMessage: 'no SMS template for CustomMessage_Authentication', errorType: 'Error'})
  })

  it('a handler that takes 6 s: budget fails', async () => {
    const r = await simulate(['CustomMessage_SignUp', '--handler', H('custom-message-slow.mjs')])
    expect(r.code).toBe(1)
    expect(r.failed).toEqual(['budget'])
    expect(r.out.result.invocation.durationMs).toBeGreaterThan(5900)
  })

  it('TypeScript: runs with a loader, and says what to do without one', async () => {
    const loader = pathToFileURL(`${ROOT}test/simulate/ts-loader/register.mjs`).href
    const ok = await simulate(['CustomMessage_SignUp', '--handler', H('custom-message.ts'), `--node-arg=--import=${loader}`])
    expect(ok.failed).toEqual([])
    const bare = await simulate(['CustomMessage_SignUp', '--handler', H('custom-message.ts')])
    expect(bare.failed).toEqual(['handler-loads'])
    expect(bare.out.result.invocation.error.errorMessage).toContain('--node-arg=--import=tsx')
  })

  it("the handler gets --env and --env-file, never the shell's AWS settings", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'simulate-env-'))
    await writeFile(join(dir, '.env'), 'FROM_FILE=yes\nGREETING=Hello\n')
    const r = await simulate(['CustomMessage_SignUp', '--handler', H('custom-message-env.cjs'), '--env-file', join(dir, '.env'), '--env', 'GREETING=Howdy'], {
      AWS_ACCESS_KEY_ID: 'AKIAREALKEYFROMSHELL1',
      AWS_PROFILE: 'production',
      AWS_SECRET_ACCESS_KEY: 'real-secret',
    })
    expect(r.code).toBe(0)
    const logs = (r.out.result.invocation.logs as string[]).join('\n')
    expect(logs).not.toContain('AKIAREALKEYFROMSHELL1')
    expect(logs).toContain('AWS_PROFILE=(unset)')
    expect(logs).toMatch(/AWS_ENDPOINT_URL=http:\/\/127\.0\.0\.1:\d+/)
    expect(logs).toContain('AWS_LAMBDA_FUNCTION_NAME=custom-message-env')
    expect(logs).toContain('FROM_FILE=yes')
    expect(logs).toContain('GREETING=Howdy')
    expect(r.run.stdout).not.toContain('real-secret')
  })

  it('--count/--concurrency: percentiles, one cold start per environment, warm after that', async () => {
    const r = await simulate(['CustomMessage_Authentication', '--handler', H('custom-message-good.mjs'), '--count', '8', '--concurrency', '2'])
    expect(r.code).toBe(0)
    expect(r.out.result.load).toMatchObject({coldStarts: 2, concurrency: 2, count: 8, errors: 0, overBudget: 0})
    expect(r.out.result.load.latencyMs.p50).toBeLessThanOrEqual(r.out.result.load.latencyMs.p99)
  })
})

describe.concurrent('simulate CustomSMSSender with a local handler', () => {
  it.each(['CustomSMSSender_SignUp', 'CustomSMSSender_AdminCreateUser'])('the good handler (CommonJS, SNS v3) passes %s, with the SMS captured', async (source) => {
    const r = await simulate([source, '--handler', H('custom-sms-sender-good.cjs'), '--phone', '+447860019066'])
    expect(r.failed).toEqual([])
    expect(r.code).toBe(0)
    expect(r.passed).toEqual(expect.arrayContaining(['decrypt', 'sms-sent', 'sms-recipient', 'sms-code', 'sms-awaited']))
    const inv = r.out.result.invocation
    expect(inv.sms).toHaveLength(1)
    expect(inv.sms[0]).toMatchObject({channel: 'sns', to: '+447860019066'})
    expect(inv.sms[0].body).toContain('******')
    expect(r.out.result.encryption).toMatchObject({algorithmSuite: expect.stringContaining('0x0378'), encryptionContext: {'userpool-id': 'us-east-1_SimuLated1'}, formatVersion: 1, offline: true})
  })

  it('the plaintext code is printed nowhere unless --show-code', async () => {
    const hidden = await simulate(['CustomSMSSender_ForgotPassword', '--handler', H('custom-sms-sender-good.cjs'), '--code', '918273'])
    expect(hidden.code).toBe(0)
    expect(hidden.run.stdout).not.toContain('918273')
    expect(hidden.run.stderr).not.toContain('918273')
    const shown = await simulate(['CustomSMSSender_ForgotPassword', '--handler', H('custom-sms-sender-good.cjs'), '--code', '918273', '--show-code'])
    expect(shown.out.result.code).toBe('918273')
    expect(shown.out.result.invocation.sms[0].body).toContain('918273')
  })

  it('default commitment policy: decrypt-commitment-policy fails', async () => {
    const r = await simulate(['CustomSMSSender_SignUp', '--handler', H('custom-sms-sender-default-commitment.cjs')])
    expect(r.code).toBe(1)
    expect(r.failed).toEqual(expect.arrayContaining(['decrypt-commitment-policy', 'no-error', 'sms-sent']))
  })

  it('alias-only keyring: decrypt-alias-keyring fails, naming the alias', async () => {
    const r = await simulate(['CustomSMSSender_Authentication', '--handler', H('custom-sms-sender-alias-keyring.cjs'), '--kms-key-id', 'alias/cognito-sender', '--env', 'KEY_ALIAS=alias/cognito-sender'])
    expect(r.code).toBe(1)
    expect(r.failed).toEqual(expect.arrayContaining(['decrypt-alias-keyring']))
    const finding = r.out.result.invocation.findings.find((f: {id: string}) => f.id === 'decrypt-alias-keyring')
    expect(finding.message).toContain('alias/cognito-sender')
    expect(r.out.warnings.join('\n')).toContain('must be a key ARN')
  })

  it('a hard-coded https://sns.<region>.amazonaws.com endpoint is caught and served locally', async () => {
    const r = await simulate(['CustomSMSSender_ResendCode', '--handler', H('custom-sms-sender-hardcoded-endpoint.cjs'), '--region', 'eu-west-1'])
    expect(r.failed).toEqual([])
    expect(r.out.result.invocation.sms).toHaveLength(1)
  })

  it('SDK v2 (aws-sdk) handler', async () => {
    const r = await simulate(['CustomSMSSender_SignUp', '--handler', H('custom-sms-sender-sdk-v2.cjs'), '--env', 'KEY_ALIAS=alias/mfa-sms-simulate'])
    // aws-sdk v2 is a devDependency, as the user's function would bundle it.
    expect(r.failed).toEqual([])
    expect(r.warned).toContain('sdk-v2')
    expect(r.out.result.invocation.sms).toHaveLength(1)
  })

  it("AWS's own example (seed 002, unmodified) decrypts the code; it sends nothing, and the verdict says so", async () => {
    const r = await simulate(['CustomSMSSender_SignUp', '--handler', H('seed-002-custom-sms-sender.cjs'), '--env', 'KEY_ALIAS=alias/mfa-sms-simulate'])
    expect(r.passed).toEqual(expect.arrayContaining(['handler-loads', 'no-error', 'decrypt']))
    expect(r.failed).toEqual(['sms-sent'])
    expect(r.code).toBe(1)
  })

  it('--scenario: the pool, the user and the account come from the scenario, offline', async () => {
    const r = await simulate(['CustomSMSSender_SignUp', '--handler', H('custom-sms-sender-good.cjs'), '--scenario', 'fixtures/scenarios/healthy-us.yaml', '--user-pool-id', 'us-east-1_Hea1thyUS', '--username', 'bob'])
    expect(r.failed).toEqual([])
    expect(r.out.result.pool).toMatchObject({source: 'scenario', userPoolId: 'us-east-1_Hea1thyUS'})
    expect(r.out.result.invocation.sms[0].to).toBe('+12125551234')
    expect(r.out.result.encryption.keyArn).toMatch(/^arn:aws:kms:us-east-1:111122223333:key\//)
  })

  it('--client-metadata lands in request.clientMetadata; a pair without = is bad input', async () => {
    const r = await simulate(['CustomMessage_SignUp', '--dry-run', '--client-metadata', 'source=web', '--client-metadata', 'ref=a=b'])
    expect(r.code).toBe(0)
    expect(r.out.result.event.request.clientMetadata).toEqual({ref: 'a=b', source: 'web'})
    const bad = await simulate(['CustomMessage_SignUp', '--dry-run', '--client-metadata', 'source'])
    expect(bad.code).toBe(2)
    expect(bad.out.error?.code).toBe('BAD_KEY_VALUE')
  })

  it('--dry-run prints the encrypted event without invoking; --show-code adds the code', async () => {
    const r = await simulate(['CustomSMSSender_SignUp', '--dry-run', '--user-pool-id', 'eu-central-1_AbCdEf123', '--code', '246810'])
    expect(r.code).toBe(0)
    expect(r.out.result.verdict).toBe('dry-run')
    expect(r.out.result.event).toMatchObject({region: 'eu-central-1', request: {code: expect.stringMatching(/^AYADe/), type: 'customSMSSenderRequestV1'}, userPoolId: 'eu-central-1_AbCdEf123'})
    expect(r.out.result.encryption.offline).toBe(true)
    expect(r.run.stdout).not.toContain('246810')
    const shown = await simulate(['CustomSMSSender_SignUp', '--dry-run', '--code', '246810', '--show-code'])
    expect(shown.out.result.code).toBe('246810')
  })
})

describe.concurrent('simulate send-phone-message with a local handler', () => {
  it('the good Action (SNS v3) passes', async () => {
    const r = await simulate(['send-phone-message', '--handler', H('auth0-action-good.cjs'), '--phone', '+14254147755'])
    expect(r.failed).toEqual([])
    expect(r.out.result.invocation.style).toBe('auth0-action')
    expect(r.out.result.invocation.sms[0]).toMatchObject({to: '+14254147755'})
  })

  it('the good legacy hook passes', async () => {
    const r = await simulate(['send-phone-message', '--handler', H('auth0-hook-good.cjs'), '--mfa-action', 'enrollment'])
    expect(r.failed).toEqual([])
    expect(r.out.result.invocation.style).toBe('auth0-hook')
    expect(r.passed).toContain('hook-callback')
  })

  it('an Action that does not await the send fails', async () => {
    const r = await simulate(['send-phone-message', '--handler', H('auth0-action-unawaited.cjs')])
    expect(r.code).toBe(1)
    expect(r.failed.some((id) => id === 'sms-sent' || id === 'sms-awaited')).toBe(true)
  })

  it('a hook that never calls cb: hook-callback fails', async () => {
    const r = await simulate(['send-phone-message', '--handler', H('auth0-hook-no-callback.cjs')])
    expect(r.code).toBe(1)
    expect(r.failed).toContain('hook-callback')
  })

  it('a third-party provider is blocked: network-blocked fails', async () => {
    const r = await simulate(['send-phone-message', '--handler', H('auth0-action-third-party.cjs'), '--secret', 'PROVIDER_TOKEN=tok-123456789'])
    expect(r.code).toBe(1)
    expect(r.failed).toContain('network-blocked')
    expect(r.run.stdout).not.toContain('tok-123456789')
  })

  it.each(['auth0-action-sdk-v2.cjs', 'auth0-hook-sdk-v2.cjs'])('%s (aws-sdk v2, as Auth0 documents it)', async (file) => {
    const r = await simulate(['send-phone-message', '--handler', H(file), '--secret', 'AWS_REGION=us-west-2'])
    expect(r.failed).toEqual([])
    expect(r.warned).toContain('sdk-v2')
    expect(r.out.result.invocation.sms).toHaveLength(1)
  })

  it('--secrets-file and --secret reach the event; every value is hidden, however short', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mfa-sms-secrets-'))
    const file = join(dir, 'secrets.env')
    await writeFile(file, '# Auth0 action secrets\nAWS_REGION=us-west-2\nAPI_KEY="abc123secret"\n')
    const r = await simulate(['send-phone-message', '--dry-run', '--secrets-file', file, '--secret', 'PIN=42'])
    expect(r.code).toBe(0)
    expect(r.out.result.event.secrets).toEqual({API_KEY: '******', AWS_REGION: '******', PIN: '******'})
    expect(r.run.stdout).not.toContain('abc123secret')
    expect(r.run.stdout).not.toMatch(/"PIN": "42"/)
  })

  it('--dry-run hides the code in message_options and the secrets', async () => {
    const r = await simulate(['send-phone-message', '--dry-run', '--code', '135791', '--secret', 'AWS_SECRET_ACCESS_KEY=topsecretvalue'])
    expect(r.code).toBe(0)
    expect(r.out.result.event.message_options).toMatchObject({code: '******', message_type: 'sms'})
    expect(r.run.stdout).not.toContain('135791')
    expect(r.run.stdout).not.toContain('topsecretvalue')
  })
})
