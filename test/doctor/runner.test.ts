import {setTimeout as sleep} from 'node:timers/promises'

import {describe, expect, it} from 'vitest'

import type {AwsSession} from '../../src/lib/aws/clients.js'
import {FACTS} from '../../src/lib/doctor/facts/index.js'
import {runDoctor, selectChecks} from '../../src/lib/doctor/runner.js'
import {classifyError, type FactDef, type FactRegistry} from '../../src/lib/doctor/store.js'
import type {Check, FactId} from '../../src/lib/doctor/types.js'
import {CATALOGUE} from '../../src/lib/doctor/checks/index.js'

const session = {} as AwsSession
const base = {phones: [] as string[], prewarm: false, session, userPoolIds: [] as string[]}

function awsError(name: string, status = 400): Error {
  return Object.assign(new Error(`${name} happened`), {$metadata: {httpStatusCode: status}, name})
}

/** A fact that answers after `ms` (one network call), counting its fetches. */
function fake<K extends FactId>(id: K, value: unknown, options: {ms?: number; error?: Error; action?: string; counter?: {n: number}; dependsOn?: FactId} = {}): FactDef<K> {
  return {
    action: options.action ?? `test:${id}`,
    async fetch(ctx) {
      if (options.counter) options.counter.n++
      if (options.dependsOn) await ctx.get(options.dependsOn)
      return ctx.call(options.action ?? `test:${id}`, async () => {
        await sleep(options.ms ?? 0)
        if (options.error) throw options.error
        return value
      }) as never
    },
    id,
  }
}

function check(id: string, needs: FactId[], evaluate?: Check['evaluate']): Check {
  return {
    docs: 'https://example.com',
    evaluate: evaluate ?? (() => ({evidence: [], status: 'pass', summary: 'ok'})),
    group: 'sms-settings',
    id,
    needs,
    scope: 'run',
    title: id,
  }
}

function registry(overrides: Partial<FactRegistry>): FactRegistry {
  return {...FACTS, ...overrides} as FactRegistry
}

describe('runDoctor', () => {
  it('skips checks whose fact was denied, naming the IAM action; others still pass', async () => {
    const result = await runDoctor({
      catalogue: [check('sms-settings.a', ['sns.smsAttributes']), check('sms-settings.b', ['sns.sandboxStatus'])],
      registry: registry({
        'sns.sandboxStatus': fake('sns.sandboxStatus', {inSandbox: false}),
        'sns.smsAttributes': fake('sns.smsAttributes', {}, {action: 'sns:GetSMSAttributes', error: awsError('AuthorizationErrorException', 403)}),
      }),
      ...base,
    })
    const a = result.checks.find((c) => c.id === 'sms-settings.a')!
    expect(a).toMatchObject({needs: ['sns:GetSMSAttributes'], skipReason: 'denied', status: 'skip', summary: 'skipped: needs sns:GetSMSAttributes'})
    expect(result.checks.find((c) => c.id === 'sms-settings.b')!.status).toBe('pass')
    expect(result.exitCode).toBe(0)
  })

  it('makes a check unknown when the endpoint does not implement the operation', async () => {
    for (const error of [awsError('UnknownOperationException'), awsError('InvalidAction'), awsError('UnknownError', 404), awsError('NotImplemented', 501)]) {
      const result = await runDoctor({
        catalogue: [check('sms-settings.a', ['sns.smsAttributes'])],
        ...base,
        registry: registry({'sns.smsAttributes': fake('sns.smsAttributes', {}, {action: 'sns:GetSMSAttributes', error})}),
      })
      expect(result.checks[0]).toMatchObject({status: 'unknown', summary: 'unknown: the endpoint does not implement sns:GetSMSAttributes'})
    }
  })

  it('turns a crashing check into an error for that check only', async () => {
    const result = await runDoctor({
      catalogue: [
        check('sms-settings.crash', ['sns.smsAttributes'], () => {
          throw new TypeError('boom')
        }),
        check('sms-settings.fine', ['sns.smsAttributes']),
      ],
      registry: registry({'sns.smsAttributes': fake('sns.smsAttributes', {})}),
      ...base,
    })
    expect(result.checks.find((c) => c.id === 'sms-settings.crash')).toMatchObject({status: 'error', summary: 'error: the check crashed: boom'})
    expect(result.checks.find((c) => c.id === 'sms-settings.fine')!.status).toBe('pass')
    expect(result.exitCode).toBe(1)
  })

  it('fetches a fact once however many checks need it', async () => {
    const counter = {n: 0}
    const result = await runDoctor({
      catalogue: [check('sms-settings.a', ['sns.smsAttributes']), check('sms-settings.b', ['sns.smsAttributes']), check('sms-settings.c', ['sns.smsAttributes'])],
      registry: registry({'sns.smsAttributes': fake('sns.smsAttributes', {}, {counter, ms: 20})}),
      ...base,
    })
    expect(counter.n).toBe(1)
    expect(result.timing.calls).toBe(1)
    expect(result.checks.every((c) => c.status === 'pass')).toBe(true)
  })

  it('runs independent facts concurrently and chains dependent ones', async () => {
    const result = await runDoctor({
      catalogue: [
        check('sms-settings.a', ['sns.smsAttributes']),
        check('sms-settings.b', ['sns.sandboxStatus']),
        check('sms-settings.c', ['sns.sandboxNumbers']),
        check('sms-settings.d', ['eums.accountTier']),
      ],
      registry: registry({
        'eums.accountTier': fake('eums.accountTier', {}, {dependsOn: 'sns.sandboxNumbers', ms: 100}),
        'sns.sandboxNumbers': fake('sns.sandboxNumbers', [], {ms: 100}),
        'sns.sandboxStatus': fake('sns.sandboxStatus', {inSandbox: false}, {ms: 100}),
        'sns.smsAttributes': fake('sns.smsAttributes', {}, {ms: 100}),
      }),
      ...base,
    })
    const t = result.timing
    expect(t.calls).toBe(4)
    expect(t.sumMs).toBeGreaterThanOrEqual(390)
    expect(t.longestChainMs).toBeGreaterThanOrEqual(195)
    expect(t.longestChainMs).toBeLessThan(300)
    expect(t.longestChain).toEqual(['sns.sandboxNumbers', 'eums.accountTier'])
    // Close to the longest chain (200 ms), far from the sum (400 ms).
    expect(t.wallMs).toBeLessThan(1.5 * t.longestChainMs)
    const dependent = t.facts.find((f) => f.id === 'eums.accountTier')!
    expect(dependent.dependsOn).toEqual(['sns.sandboxNumbers'])
    expect(dependent.ownMs).toBeGreaterThanOrEqual(95)
    expect(dependent.ownMs).toBeLessThan(150)
  })

  it('times out a call that never answers, as an error of that check', async () => {
    const hang: FactDef<'sns.smsAttributes'> = {
      action: 'sns:GetSMSAttributes',
      fetch: (ctx) => ctx.call('sns:GetSMSAttributes', (signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))))),
      id: 'sns.smsAttributes',
    }
    const result = await runDoctor({callTimeoutMs: 50, catalogue: [check('sms-settings.a', ['sns.smsAttributes'])], ...base, registry: registry({'sns.smsAttributes': hang})})
    expect(result.checks[0]!.status).toBe('error')
    expect(result.checks[0]!.summary).toMatch(/timed out/)
  })

  it('exits 3 when AWS refuses the credentials, and skips the rest instead of erroring', async () => {
    const expired = awsError('ExpiredTokenException', 403)
    const result = await runDoctor({
      catalogue: [CATALOGUE.find((c) => c.id === 'identity.credentials')!, check('sms-settings.a', ['sns.smsAttributes'])],
      registry: registry({
        'sns.smsAttributes': fake('sns.smsAttributes', {}, {error: expired}),
        'sts.identity': fake('sts.identity', {}, {action: 'sts:GetCallerIdentity', error: expired}),
      }),
      ...base,
    })
    expect(result.exitCode).toBe(3)
    expect(result.checks.find((c) => c.id === 'identity.credentials')!.status).toBe('fail')
    expect(result.checks.find((c) => c.id === 'sms-settings.a')).toMatchObject({skipReason: 'credentials', status: 'skip'})
  })

  it('--fail-on warn makes warnings fail the run', async () => {
    const warnCheck = check('sms-settings.w', [], () => ({evidence: [], fix: {text: 'do it'}, status: 'warn', summary: 'hmm'}))
    const lenient = await runDoctor({...base, catalogue: [warnCheck]})
    const strict = await runDoctor({...base, catalogue: [warnCheck], failOn: 'warn'})
    expect([lenient.exitCode, strict.exitCode]).toEqual([0, 1])
    expect(strict.counts.warn).toBe(1)
  })
})

describe('selectChecks', () => {
  it('selects by id or group, and rejects unknown names with a suggestion', () => {
    expect(selectChecks(CATALOGUE, ['sms-role']).map((c) => c.id)).toEqual(['sms-role.exists', 'sms-role.trust', 'sms-role.external-id', 'sms-role.source', 'sms-role.permission'])
    expect(selectChecks(CATALOGUE, [], ['auth0']).some((c) => c.group === 'auth0')).toBe(false)
    expect(() => selectChecks(CATALOGUE, ['sms-role.trusts'])).toThrow(/did you mean sms-role.trust/)
  })
})

describe('classifyError', () => {
  it('reads AWS and Auth0 errors', () => {
    expect(classifyError(awsError('AccessDeniedException', 403), 'x:Y').kind).toBe('denied')
    expect(classifyError(awsError('InvalidClientTokenId', 403), 'x:Y').kind).toBe('credentials')
    expect(classifyError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {code: 'ECONNREFUSED'}), 'x:Y').kind).toBe('unreachable')
    expect(classifyError(awsError('ResourceNotFoundException', 404), 'x:Y').kind).toBe('error')
    expect(classifyError(Object.assign(new Error('Insufficient scope'), {name: 'ForbiddenError', statusCode: 403}), 'read:logs')).toMatchObject({action: 'read:logs', kind: 'denied'})
    expect(classifyError(Object.assign(new Error('Unauthorized'), {name: 'UnauthorizedError', statusCode: 401}), 'read:logs').kind).toBe('credentials')
  })
})
