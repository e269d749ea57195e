/**
 * `mfa-sms simulate` against deployed functions and an Auth0 tenant, through the built binary. The
 * "AWS account" is an in-process `mfa-sms local` (Lambda, Cognito reads, KMS) whose Lambda invoker
 * plays the deployed functions; the tenant is a stub of the Management API's test endpoint.
 */
import {createServer, type IncomingMessage, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'

import {buildClient, CommitmentPolicy, getClient, KMS, KmsKeyringNode} from '@aws-crypto/client-node'
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest'

import type {Invoker} from '../../src/lib/local/invoker.js'
import {LOCAL_CREDENTIALS, type LocalServer, startLocalServer} from '../../src/lib/local/server.js'
import {LocalKeyStore, resolveLocalKey} from '../../src/lib/simulate/kms.js'
import {runCli} from '../helpers/cli.js'

vi.setConfig({testTimeout: 60_000})

const ACCOUNT = '111122223333'
const REGION = 'eu-west-1'
const POOL = 'eu-west-1_DePloy1'
const fn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`

let server: LocalServer
let keyArn: string
const decrypted: {code: string; context: Record<string, string>}[] = []
const seenEvents: Record<string, unknown>[] = []

const invoker: Invoker = async (request, next) => {
  const event = JSON.parse(request.payload.toString('utf8'))
  seenEvents.push(event)
  switch (request.function.config.FunctionName) {
    case 'custom-message': {
      event.response.smsMessage = `Your code is ${event.request.codeParameter}`
      event.response.emailSubject = 'Your code'
      event.response.emailMessage = `Your code is ${event.request.codeParameter}`
      return {durationMs: 14, logs: ['2024-05-01T12:00:00.000Z\tid\tINFO\tmessage set'], payload: event}
    }

    case 'sms-sender': {
      const {decrypt} = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT)
      const keyring = new KmsKeyringNode({clientProvider: getClient(KMS, {credentials: LOCAL_CREDENTIALS, endpoint: server.url}), keyIds: [keyArn]})
      const {messageHeader, plaintext} = await decrypt(keyring, Buffer.from(event.request.code, 'base64'))
      decrypted.push({code: plaintext.toString(), context: {...messageHeader.encryptionContext}})
      return {durationMs: 41, logs: ['2024-05-01T12:00:00.000Z\tid\tINFO\tsent, MessageId 0f1e2d3c'], payload: null}
    }

    default: {
      return next()
    }
  }
}

const env = {AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'test-secret'}

beforeAll(async () => {
  const store = new LocalKeyStore(ACCOUNT)
  const ref = resolveLocalKey(`arn:aws:kms:${REGION}:${ACCOUNT}:alias/cognito-sender`, REGION, ACCOUNT)
  store.ensure(ref)
  keyArn = ref.arn
  server = await startLocalServer({
    invoker,
    port: 0,
    scenario: {
      account: {defaultRegion: REGION, id: ACCOUNT},
      regions: {
        [REGION]: {
          functions: [
            {FunctionName: 'custom-message'},
            {FunctionName: 'custom-message-broken', invoke: {error: {errorMessage: 'template missing', errorType: 'Error'}, logs: ['2024-05-01T12:00:00.000Z\tid\tERROR\ttemplate missing']}},
            {FunctionName: 'sms-sender'},
          ],
          userPools: [
            {
              EmailConfiguration: {EmailSendingAccount: 'DEVELOPER'},
              Id: POOL,
              LambdaConfig: {CustomMessage: fn('custom-message'), CustomSMSSender: {LambdaArn: fn('sms-sender'), LambdaVersion: 'V1_0'}, KMSKeyID: keyArn},
              Name: 'app',
              users: [{attributes: {email: 'alice@example.com', phone_number: '+447860019066', phone_number_verified: 'true', sub: 'a1b2c3'}, username: 'alice'}],
            },
          ],
        },
      },
    },
    services: [store.service()],
  })
})

afterAll(async () => {
  await server?.close()
})

async function simulate(args: string[], extraEnv: Record<string, string> = {}) {
  const run = await runCli(['simulate', ...args, '--endpoint-url', server.url, '--json'], {env: {...env, ...extraEnv}, timeoutMs: 50_000})
  const out = run.json()
  const findings = (out.result?.invocation?.findings ?? []) as {id: string; status: string}[]
  return {code: run.code, failed: findings.filter((f) => f.status === 'fail').map((f) => f.id), findings, out, run}
}

describe('simulate against a deployed function', () => {
  it("fires the pool's CustomMessage trigger with the real user's attributes and the pool's email account", async () => {
    const r = await simulate(['CustomMessage_SignUp', '--user-pool-id', POOL, '--username', 'alice'])
    expect(r.failed).toEqual([])
    expect(r.code).toBe(0)
    expect(r.out.result.target).toMatchObject({function: fn('custom-message'), kind: 'deployed'})
    expect(r.out.result.pool).toMatchObject({emailSendingAccount: 'DEVELOPER', source: 'aws'})
    const event = seenEvents.at(-1) as {request: {userAttributes: Record<string, string>}; userName: string}
    expect(event.userName).toBe('alice')
    expect(event.request.userAttributes).toMatchObject({phone_number: '+447860019066', sub: 'a1b2c3'})
    const inv = r.out.result.invocation
    expect(inv.statusCode).toBe(200)
    expect(inv.logs[0]).toMatch(/^START RequestId/)
    expect(inv.logs.at(-1)).toMatch(/^REPORT RequestId: .*Duration: 14\.00 ms/)
    expect(inv.durationMs).toBe(14)
    expect(r.findings.find((f) => f.id === 'email-fields')?.status).toBe('pass')
  })

  it('a function that throws: FunctionError, the log tail, and no-error fails', async () => {
    const r = await simulate(['CustomMessage_ForgotPassword', '--function', 'custom-message-broken', '--region', REGION, '--phone', '+14254147755'])
    expect(r.code).toBe(1)
    expect(r.failed).toEqual(['no-error'])
    expect(r.out.result.invocation).toMatchObject({error: {errorMessage: 'template missing', errorType: 'Error'}, functionError: 'Unhandled'})
    expect(r.out.result.invocation.logs.join('\n')).toContain('template missing')
  })

  it("a custom sender gets a code encrypted under the pool's key, which it decrypts with the key ARN", async () => {
    const r = await simulate(['CustomSMSSender_Authentication', '--user-pool-id', POOL, '--username', 'alice', '--code', '314159'])
    expect(r.failed).toEqual([])
    expect(r.out.result.encryption).toMatchObject({encryptionContext: {'userpool-id': POOL}, keyArn, offline: false})
    expect(decrypted.at(-1)).toMatchObject({code: '314159', context: {'userpool-id': POOL}})
    expect(r.findings.find((f) => f.id === 'logs-show-send')?.status).toBe('pass')
    expect(r.run.stdout).not.toContain('314159')
  })

  it('--dry-run with --function encrypts through (this) KMS, without invoking', async () => {
    const before = seenEvents.length
    const r = await simulate(['CustomSMSSender_SignUp', '--dry-run', '--function', 'sms-sender', '--user-pool-id', POOL])
    expect(r.code).toBe(0)
    expect(r.out.result.encryption.offline).toBe(false)
    expect(seenEvents.length).toBe(before)
  })

  it('an unknown pool is bad input naming it', async () => {
    const run = await runCli(['simulate', 'CustomMessage_SignUp', '--user-pool-id', 'eu-west-1_NoSuchPool1', '--endpoint-url', server.url], {env})
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('eu-west-1_NoSuchPool1')
  })
})

describe('simulate against an Auth0 tenant', () => {
  let stub: Server
  let domain: string
  const received: {body: {payload: Record<string, unknown>}; url?: string}[] = []

  beforeAll(async () => {
    stub = createServer((req: IncomingMessage, res) => {
      let body = ''
      req.on('data', (d) => (body += d))
      req.on('end', () => {
        received.push({body: JSON.parse(body), url: req.url})
        res.writeHead(200, {'content-type': 'application/json'})
        res.end(JSON.stringify({payload: {status: 'ok'}}))
      })
    })
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve))
    domain = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`
  })

  afterAll(() => {
    stub?.close()
  })

  it('tests the action with the event as payload (no secrets), warning that it is real', async () => {
    const run = await runCli(['simulate', 'send-phone-message', '--auth0-action', 'act_abc', '--auth0-domain', domain, '--phone', '+14254147755', '--json'], {
      env: {AUTH0_TOKEN: 'management-token'},
    })
    expect(run.code).toBe(0)
    const out = run.json()
    expect(out.warnings.join('\n')).toContain('a real SMS may go out')
    expect(received[0]?.url).toBe('/api/v2/actions/actions/act_abc/test')
    expect(received[0]?.body.payload).toMatchObject({message_options: {message_type: 'sms', recipient: '+14254147755'}})
    expect(received[0]?.body.payload).not.toHaveProperty('secrets')
    expect(out.result.invocation.response).toEqual({status: 'ok'})
    expect(out.result.invocation.findings.find((f: {id: string}) => f.id === 'tenant-unconfirmed')?.status).toBe('warn')
    expect(run.stdout).not.toContain('management-token')
  })

  it('without credentials it is bad input', async () => {
    const run = await runCli(['simulate', 'send-phone-message', '--auth0-action', 'act_abc', '--auth0-domain', domain])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('AUTH0_TOKEN')
  })
})
