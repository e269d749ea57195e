import {createServer, type IncomingMessage} from 'node:http'
import type {AddressInfo} from 'node:net'

import {describe, expect, it} from 'vitest'

import {auth0CredentialsFromEnv, parseAuth0Domain} from '../../src/lib/auth0/client.js'
import {testAuth0Action} from '../../src/lib/simulate/auth0-runner.js'
import {MASK, maskSecretMaps, redact, redactDeep, temporaryPassword, verificationCode} from '../../src/lib/simulate/codes.js'
import {decodeLogTail, functionRegion, parseReport} from '../../src/lib/simulate/deployed-runner.js'
import {parseDotenv, parsePairs} from '../../src/lib/simulate/inputs.js'
import {handlerEnvironment} from '../../src/lib/simulate/local-env.js'
import {parseHandlerRef, resolveTargetKind} from '../../src/lib/simulate/run.js'
import {loadStats, percentile, runConcurrently} from '../../src/lib/simulate/stats.js'
import {parseTriggerSource} from '../../src/lib/simulate/triggers.js'

describe('inputs', () => {
  it('KEY=VALUE pairs; later wins; a value may contain =', () => {
    expect(parsePairs(['A=1', 'B=x=y', 'A=2'], '--env')).toEqual({A: '2', B: 'x=y'})
    expect(() => parsePairs(['nope'], '--env')).toThrow(/is not KEY=VALUE/)
  })

  it('dotenv: comments, export, quotes', () => {
    expect(parseDotenv('# c\nexport A=1\nB="two\\nlines"\nC=\'x # y\'\nD=plain # comment\n', 'f')).toEqual({A: '1', B: 'two\nlines', C: 'x # y', D: 'plain'})
    expect(() => parseDotenv('what', 'f')).toThrow(/line 1/)
  })
})

describe('codes', () => {
  it('codes are 6 digits; temporary passwords have every class', () => {
    expect(verificationCode()).toMatch(/^\d{6}$/)
    for (let i = 0; i < 20; i++) {
      const p = temporaryPassword()
      expect(p).toHaveLength(9)
      expect(p).toMatch(/[A-Z]/)
      expect(p).toMatch(/[a-z]/)
      expect(p).toMatch(/\d/)
      expect(p).not.toMatch(/[<>&"']/)
    }
  })

  it('redaction hides the code everywhere', () => {
    expect(redact('code 123456 and 123456', ['123456'])).toBe(`code ${MASK} and ${MASK}`)
    expect(redactDeep({a: ['x123456y'], b: 1}, ['123456'])).toEqual({a: [`x${MASK}y`], b: 1})
  })

  it('Auth0 secret maps show names only, however short the value', () => {
    expect(maskSecretMaps({message_options: {code: '1'}, secrets: {A: '1', LONG_ONE: 'abcdefgh'}})).toEqual({message_options: {code: '1'}, secrets: {A: MASK, LONG_ONE: MASK}})
    const hook = {context: {phone_number: '+1', webtask: {secrets: {K: 'v'}}}, recipient: '+1', text: 't'}
    expect(maskSecretMaps(hook)).toEqual({...hook, context: {...hook.context, webtask: {secrets: {K: MASK}}}})
    expect(hook.context.webtask.secrets.K).toBe('v')
  })
})

describe('deployed runner helpers', () => {
  it('reads the REPORT line', () => {
    const lines = decodeLogTail(
      Buffer.from('START RequestId: 1 Version: $LATEST\nhi\nEND RequestId: 1\nREPORT RequestId: 1\tDuration: 12.50 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\tInit Duration: 180.25 ms\n').toString('base64'),
    )
    expect(lines).toHaveLength(4)
    expect(parseReport(lines)).toEqual({durationMs: 12.5, initDurationMs: 180.25, timedOut: false})
    expect(parseReport(['2024 x Task timed out after 3.00 seconds']).timedOut).toBe(true)
  })

  it('takes the region from a function ARN', () => {
    expect(functionRegion('arn:aws:lambda:eu-west-1:123456789012:function:f')).toBe('eu-west-1')
    expect(functionRegion('f')).toBeUndefined()
  })
})

describe('targets', () => {
  const cm = parseTriggerSource('CustomMessage_SignUp')
  const auth0 = parseTriggerSource('send-phone-message')

  it('handler refs split on the last :identifier only', () => {
    expect(parseHandlerRef('./index.js:main')).toEqual({exportName: 'main', file: './index.js'})
    expect(parseHandlerRef('./index.js')).toEqual({file: './index.js'})
    expect(parseHandlerRef('C:\\code\\index.js')).toEqual({file: 'C:\\code\\index.js'})
  })

  it('picks the target and refuses the impossible ones', () => {
    expect(resolveTargetKind({dryRun: false, handler: 'x.js'}, cm)).toBe('local')
    expect(resolveTargetKind({dryRun: false, userPoolId: 'us-east-1_A1'}, cm)).toBe('deployed')
    expect(resolveTargetKind({dryRun: true}, cm)).toBe('dry-run')
    expect(resolveTargetKind({auth0Action: 'act_1', dryRun: false}, auth0)).toBe('auth0-tenant')
    expect(() => resolveTargetKind({dryRun: false}, cm)).toThrow(/Nothing to fire/)
    expect(() => resolveTargetKind({dryRun: false, function: 'f', handler: 'x.js'}, cm)).toThrow(/Pick one target/)
    expect(() => resolveTargetKind({dryRun: false, function: 'f'}, auth0)).toThrow(/runs in Auth0/)
  })
})

describe('the local handler environment', () => {
  it('starts from nothing: the shell\'s AWS settings never reach the handler', () => {
    const env = handlerEnvironment({
      endpoint: 'http://127.0.0.1:1234',
      family: 'custom-sms-sender',
      file: '/tmp/fn/index.js',
      functionName: 'index',
      memoryMb: 128,
      parentEnv: {AWS_ACCESS_KEY_ID: 'AKIAREAL', AWS_ENDPOINT_URL_SNS: 'https://real', AWS_PROFILE: 'prod', AWS_SECRET_ACCESS_KEY: 'real', AWS_SESSION_TOKEN: 'real', NODE_OPTIONS: '--import=tsx', PATH: '/bin'},
      region: 'eu-west-1',
      scratchDir: '/tmp/scratch',
      timeoutSeconds: 7,
      user: {AWS_ENDPOINT_URL: 'https://sns.eu-west-1.amazonaws.com', AWS_ENDPOINT_URL_KMS: 'https://kms', KEY_ARN: 'arn:k'},
    })
    expect(env.AWS_ACCESS_KEY_ID).not.toBe('AKIAREAL')
    expect(env.AWS_SESSION_TOKEN).not.toBe('real')
    expect(env).not.toHaveProperty('AWS_PROFILE')
    expect(env).not.toHaveProperty('AWS_ENDPOINT_URL_SNS')
    expect(env).not.toHaveProperty('AWS_ENDPOINT_URL_KMS')
    expect(env.AWS_ENDPOINT_URL).toBe('http://127.0.0.1:1234')
    expect(env.AWS_CONFIG_FILE).toBe('/tmp/scratch/aws-config')
    expect(env.HOME).toBe('/tmp/scratch')
    expect(env).toMatchObject({AWS_LAMBDA_FUNCTION_NAME: 'index', AWS_REGION: 'eu-west-1', KEY_ARN: 'arn:k', LAMBDA_TASK_ROOT: '/tmp/fn', NODE_OPTIONS: '--import=tsx', PATH: '/bin'})
  })
})

describe('load statistics', () => {
  it('nearest-rank percentiles', () => {
    const sorted = Array.from({length: 100}, (_, i) => i + 1)
    expect([percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99), percentile(sorted, 100)]).toEqual([50, 95, 99, 100])
  })

  it('counts errors, cold starts and the share over budget', () => {
    const rec = (durationMs: number, extra = {}) => ({failed: false, record: {blocked: [], code: '1', coldStart: false, durationMs, event: {}, logs: [], notes: [], outcome: 'ok' as const, requestId: '', wallMs: durationMs, ...extra}})
    const stats = loadStats([rec(10, {coldStart: true}), rec(20), rec(6000), rec(30, {outcome: 'error' as const})], {budgetMs: 5000, concurrency: 2, wallMs: 1000})
    expect(stats).toMatchObject({coldStarts: 1, count: 4, errors: 1, overBudget: 1, overBudgetShare: 0.25, throughputPerSecond: 4})
    expect(stats.latencyMs.max).toBe(6000)
  })

  it('runConcurrently keeps order and the concurrency cap', async () => {
    let inFlight = 0
    let peak = 0
    const out = await runConcurrently(10, 3, async (i) => {
      inFlight++
      peak = Math.max(peak, inFlight)
      await new Promise((r) => setTimeout(r, 5))
      inFlight--
      return i
    })
    expect(out).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(peak).toBe(3)
  })
})

describe('Auth0 action test', () => {
  it('reads credentials from the environment only', () => {
    expect(auth0CredentialsFromEnv({AUTH0_TOKEN: 't'})).toEqual({token: 't'})
    expect(auth0CredentialsFromEnv({AUTH0_CLIENT_ID: 'i', AUTH0_CLIENT_SECRET: 's'})).toEqual({clientId: 'i', clientSecret: 's'})
    expect(auth0CredentialsFromEnv({})).toBeUndefined()
    expect(parseAuth0Domain('https://acme.eu.auth0.com/')).toEqual({host: 'acme.eu.auth0.com', origin: 'https://acme.eu.auth0.com'})
  })

  it('POSTs {payload} to /api/v2/actions/actions/{id}/test and returns the resulting payload', async () => {
    const seen: {auth?: string; body: unknown; method?: string; url?: string}[] = []
    const server = createServer((req: IncomingMessage, res) => {
      let body = ''
      req.on('data', (d) => (body += d))
      req.on('end', () => {
        seen.push({auth: req.headers.authorization, body: JSON.parse(body || 'null'), method: req.method, url: req.url})
        res.writeHead(200, {'content-type': 'application/json'})
        res.end(JSON.stringify({payload: {ran: true}}))
      })
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const {port} = server.address() as AddressInfo
    try {
      const out = await testAuth0Action({actionId: 'act_123', credentials: {token: 'tok'}, domain: `http://127.0.0.1:${port}`, payload: {message_options: {code: '1'}}, timeoutMs: 5000})
      expect(out.payload).toEqual({ran: true})
      expect(seen[0]).toMatchObject({auth: 'Bearer tok', body: {payload: {message_options: {code: '1'}}}, method: 'POST', url: '/api/v2/actions/actions/act_123/test'})
    } finally {
      server.close()
    }
  })
})

describe('SMS attribution', () => {
  it('by code first, then by time; late arrivals are marked', async () => {
    const {attributeMessages} = await import('../../src/lib/simulate/local-runner.js')
    const inv = (startedAt: number, endedAt: number) => ({awsSdkV2: false, blocked: [], coldStart: false, durationMs: 0, endedAt, logs: [], notes: [], outcome: 'ok' as const, requestId: '', runMs: 0, startedAt})
    const msg = (body: string) => ({body, channel: 'sns' as const, id: 'm', outcome: 'delivered' as const, parts: 1, priceUsd: 0, region: 'us-east-1', seq: 1, time: '', to: '+14254147755'})
    const out = attributeMessages(
      [
        {code: '111111', inv: inv(0, 10)},
        {code: '222222', inv: inv(5, 20)},
      ],
      [
        {arrivedAt: 8, message: msg('code 222222')},
        {arrivedAt: 9, message: msg('no code at all')},
        {arrivedAt: 30, message: msg('code 111111')},
      ],
    )
    expect(out[0]!.map((m) => m.body)).toEqual(['no code at all', 'code 111111'])
    expect(out[0]![1]!.afterReturnMs).toBe(20)
    expect(out[1]!.map((m) => [m.body, m.afterReturnMs])).toEqual([['code 222222', undefined]])
  })
})
