import {type ChildProcessWithoutNullStreams, spawn} from 'node:child_process'
import {existsSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {InvokeCommand, LambdaClient} from '@aws-sdk/client-lambda'
import {GetSMSAttributesCommand, PublishCommand, SNSClient} from '@aws-sdk/client-sns'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {BIN, cleanEnv, ROOT, runCli} from '../helpers/cli.js'

interface Started {
  child: ChildProcessWithoutNullStreams
  stderr: () => string
  stdout: () => string
  url: string
}

/** Starts the built binary's `local start` and resolves with the URL it prints first. */
function startBinary(args: string[]): Promise<Started> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'local', 'start', ...args], {cwd: ROOT, env: cleanEnv()})
    let stdout = ''
    let stderr = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`local start printed no URL within 15 s; stderr: ${stderr}`))
    }, 15_000)
    child.stderr.on('data', (d) => (stderr += d))
    child.stdout.on('data', (d) => {
      stdout += d
      // The environment lines follow the URL; wait for the last one so the output is complete.
      if (/export AWS_REGION=.*\n/.test(stdout)) {
        clearTimeout(timer)
        resolve({child, stderr: () => stderr, stdout: () => stdout, url: stdout.split('\n')[0]!.trim()})
      }
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`local start exited early with ${code}; stderr: ${stderr}`))
    })
  })
}

async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

let server: Started

beforeAll(async () => {
  if (!existsSync(`${ROOT}dist/commands/local/start.js`)) throw new Error('dist/ has no local commands: run `npm run build` first')
  server = await startBinary(['--port', '0', '--scenario', 'broken', '--seed', '7', '--fault', 'throttle:sns:GetSMSAttributes:times=1'])
})

afterAll(async () => {
  if (server && server.child.exitCode === null) {
    const exited = new Promise((resolve) => server.child.once('exit', resolve))
    server.child.kill('SIGTERM')
    await exited
  }
})

describe('mfa-sms local (built binary)', () => {
  it('start prints its URL and the environment lines to use', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const lines = server.stdout().trim().split('\n')
    expect(lines).toEqual([
      server.url,
      `export AWS_ENDPOINT_URL=${server.url}`,
      expect.stringMatching(/^export AWS_ACCESS_KEY_ID=\S+$/),
      expect.stringMatching(/^export AWS_SECRET_ACCESS_KEY=\S+$/),
      'export AWS_REGION=eu-central-1',
    ])
  })

  it('captures an SMS sent with the SDK, shows it live on stderr, and lists it with `local messages --json`', async () => {
    const sns = new SNSClient({credentials: {accessKeyId: 'AKIDTEST', secretAccessKey: 'x'}, endpoint: server.url, maxAttempts: 1, region: 'eu-west-1'})
    const {MessageId} = await sns.send(new PublishCommand({Message: 'Your code is 246810', PhoneNumber: '+4915112345678'}))
    sns.destroy()
    await waitFor(() => server.stderr().includes('Your code is 246810'))
    expect(server.stderr()).toContain('Sandboxed account unable to send to number.')

    const run = await runCli(['local', 'messages', '--json', '--endpoint-url', server.url])
    expect(run.code).toBe(0)
    const out = run.json()
    expect(out).toMatchObject({command: 'local messages', ok: true, status: 0})
    expect(out.result.messages).toContainEqual(
      expect.objectContaining({
        body: 'Your code is 246810',
        channel: 'sns',
        id: MessageId,
        outcome: 'failed',
        reason: 'Sandboxed account unable to send to number.',
        region: 'eu-west-1',
        to: '+4915112345678',
      }),
    )

    const people = await runCli(['local', 'messages'], {env: {AWS_ENDPOINT_URL: server.url}})
    expect(people.code).toBe(0)
    expect(people.stdout).toContain('Your code is 246810')
  })

  it('messages --follow prints what was captured, then each new message as it arrives (one JSON object per line with --json)', async () => {
    const args = [BIN, 'local', 'messages', '--follow', '--json', '--interval', '100', '--endpoint-url', server.url]
    const follow = spawn(process.execPath, args, {cwd: ROOT, env: cleanEnv()})
    let out = ''
    follow.stdout.on('data', (d) => (out += d))
    try {
      await waitFor(() => out.includes('Your code is 246810'), 10_000) // the first page: what an earlier test captured
      const before = out.trim().split('\n').length
      const sns = new SNSClient({credentials: {accessKeyId: 'AKIDTEST', secretAccessKey: 'x'}, endpoint: server.url, maxAttempts: 1, region: 'eu-west-1'})
      const {MessageId} = await sns.send(new PublishCommand({Message: 'Your code is 135790', PhoneNumber: '+4915112345679'}))
      sns.destroy()
      await waitFor(() => out.includes('135790'))
      const lines = out.trim().split('\n')
      expect(lines).toHaveLength(before + 1) // polled once more, nothing replayed
      expect(JSON.parse(lines.at(-1)!)).toMatchObject({body: 'Your code is 135790', id: MessageId, outcome: 'failed', to: '+4915112345679'})
      expect(follow.exitCode).toBeNull() // still following
    } finally {
      const exited = new Promise((resolve) => follow.once('exit', resolve))
      follow.kill('SIGINT')
      await exited
    }
  })

  it('messages exits 3 with a hint when no server is listening', async () => {
    const run = await runCli(['local', 'messages', '--endpoint-url', 'http://127.0.0.1:9'])
    expect(run.code).toBe(3)
    expect(run.stderr).toContain('mfa-sms local start')
  })

  it('start arms --fault faults on top of the scenario\'s, and says so', async () => {
    await waitFor(() => server.stderr().includes('faults: throttle:sns:GetSMSAttributes:times=1'))
    const sns = new SNSClient({credentials: {accessKeyId: 'AKIDTEST', secretAccessKey: 'x'}, endpoint: server.url, maxAttempts: 1, region: 'eu-west-1'})
    try {
      await expect(sns.send(new GetSMSAttributesCommand({}))).rejects.toMatchObject({name: 'ThrottledException'})
      await expect(sns.send(new GetSMSAttributesCommand({}))).resolves.toMatchObject({attributes: expect.any(Object)})
    } finally {
      sns.destroy()
    }
  })

  it('start exits 2 with one line naming the right form for a --fault it cannot read', async () => {
    const run = await runCli(['local', 'start', '--port', '0', '--fault', 'throttle:sns'])
    expect(run.code).toBe(2)
    const lines = run.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/--fault "throttle:sns": the target needs an operation after "sns".*expected KIND\[:SERVICE:OPERATION\|:\*\]\[:OPTION…\], e\.g\. throttle:sns:GetSMSAttributes:times=3/)
    const json = await runCli(['local', 'start', '--port', '0', '--json', '--fault', 'latency:*'])
    expect(json.code).toBe(2)
    expect(json.json().error).toMatchObject({code: 'BAD_FAULT', hints: []})
  })

  it('start tells how to point the doctor at the scenario\'s Auth0 tenant, without printing its secret', async () => {
    const auth0 = await startBinary(['--port', '0', '--scenario', 'auth0-custom-unwired'])
    try {
      await waitFor(() => auth0.stderr().includes('mfa-sms doctor --auth0-domain'))
      const hint = auth0.stderr()
      expect(hint).toContain('Auth0 tenant dev-mfa-demo is served here too')
      expect(hint).toContain(`AUTH0_CLIENT_ID=mfa-sms-doctor-client AUTH0_CLIENT_SECRET=<its client_secret in ${ROOT}fixtures/scenarios/auth0-custom-unwired.yaml> mfa-sms doctor --auth0-domain ${auth0.url}`)
      expect(hint).not.toContain('mfa-sms-doctor-client-secret')
      expect(auth0.stdout()).not.toContain('mfa-sms-doctor-client-secret')
      // The hint works: the doctor reads the tenant through the same port.
      const doctor = await runCli(['doctor', '--json', '--auth0-domain', auth0.url, '--check', 'auth0.access'], {env: {AUTH0_CLIENT_ID: 'mfa-sms-doctor-client', AUTH0_CLIENT_SECRET: 'mfa-sms-doctor-client-secret'}})
      expect(doctor.json().result.checks).toEqual([expect.objectContaining({id: 'auth0.access', status: 'pass'})])
    } finally {
      const exited = new Promise((resolve) => auth0.child.once('exit', resolve))
      auth0.child.kill('SIGTERM')
      await exited
    }
  })

  it('start --json prints one envelope with the URL and environment, then keeps serving', async () => {
    const child = spawn(process.execPath, [BIN, 'local', 'start', '--port', '0', '--json', '--scenario', 'healthy-us'], {cwd: ROOT, env: cleanEnv()})
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    const parsed = (): {ok: boolean; result: {env: Record<string, string>; scenario: string; url: string}} | undefined => {
      try {
        return JSON.parse(out)
      } catch {
        return undefined
      }
    }

    try {
      await waitFor(() => parsed() !== undefined, 15_000)
      const envelope = parsed()!
      expect(envelope).toMatchObject({command: 'local start', ok: true, status: 0, warnings: []})
      expect(envelope.result.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect(envelope.result.env).toMatchObject({AWS_ENDPOINT_URL: envelope.result.url, AWS_REGION: 'us-east-1'})
      expect(envelope.result.scenario).toBe('healthy-us')
      const health = await runCli(['local', 'messages', '--json', '--endpoint-url', envelope.result.url])
      expect(health.code).toBe(0) // still serving after printing the envelope
      expect(child.exitCode).toBeNull()
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    }
  })

  it('start exits 2 naming the problem for an unknown scenario', async () => {
    const run = await runCli(['local', 'start', '--port', '0', '--scenario', 'brokn'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('did you mean --scenario broken?')
  })

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)))
    server.child.kill('SIGTERM')
    expect(await exited).toBe(0)
  })

  it('runs a scenario function\'s handlerFile on Lambda Invoke, relative to the scenario file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mfa-sms-handler-'))
    writeFileSync(join(dir, 'index.mjs'), "export const handler = async (event) => ({...event, response: {smsMessage: `Code ${event.request.codeParameter} from a file`}})\n")
    const scenario = join(dir, 'scenario.yaml')
    writeFileSync(scenario, ['regions:', '  us-east-1:', '    functions:', '      - {FunctionName: from-file, Handler: index.handler, handlerFile: ./index.mjs}', ''].join('\n'))
    const local = await startBinary(['--port', '0', '--scenario', scenario])
    try {
      const lambda = new LambdaClient({credentials: {accessKeyId: 'test', secretAccessKey: 'test'}, endpoint: local.url, maxAttempts: 1, region: 'us-east-1'})
      const event = {request: {codeParameter: '{####}'}, response: {}, triggerSource: 'CustomMessage_SignUp', version: '1'}
      const out = await lambda.send(new InvokeCommand({FunctionName: 'from-file', LogType: 'Tail', Payload: Buffer.from(JSON.stringify(event))}))
      expect(out.FunctionError).toBeUndefined()
      expect(JSON.parse(Buffer.from(out.Payload!).toString()).response.smsMessage).toBe('Code {####} from a file')
      lambda.destroy()
    } finally {
      const exited = new Promise((resolve) => local.child.once('exit', resolve))
      local.child.kill('SIGTERM')
      await exited
    }
  })
})
