import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {AwsSession} from '../../src/lib/aws/clients.js'
import {MfaSmsError} from '../../src/errors.js'

const saved = {...process.env}
let dir: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mfa-sms-aws-'))
  writeFileSync(join(dir, 'config'), '[default]\nregion = us-west-2\n\n[profile demo]\nregion = eu-west-2\n')
  writeFileSync(join(dir, 'credentials'), '[demo]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = secret\n')
  for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) delete process.env[key]
  process.env.AWS_CONFIG_FILE = join(dir, 'config')
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials')
})

afterEach(() => {
  process.env = {...saved}
})

describe('AwsSession', () => {
  it('takes the region from the named profile', async () => {
    const session = new AwsSession({profile: 'demo'})
    expect(await session.region()).toBe('eu-west-2')
    expect(session.profile).toBe('demo')
  })

  it('AWS_PROFILE names the profile when no flag does', async () => {
    process.env.AWS_PROFILE = 'demo'
    const session = new AwsSession({})
    expect(session.profile).toBe('demo')
    expect(await session.region()).toBe('eu-west-2')
  })

  it('an explicit region wins over the profile', async () => {
    expect(await new AwsSession({profile: 'demo', region: 'ap-northeast-1'}).region()).toBe('ap-northeast-1')
  })

  it('no region anywhere is bad input naming --region', async () => {
    writeFileSync(join(dir, 'config'), '[profile empty]\n')
    const error = await new AwsSession({profile: 'empty'}).region().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MfaSmsError)
    expect((error as MfaSmsError).exitCode).toBe(2)
    expect((error as MfaSmsError).hints.join(' ')).toContain('--region')
  })

  it('builds one client per service and region, configured with retries, timeout and endpoint', async () => {
    const session = new AwsSession({endpointUrl: 'http://127.0.0.1:4566', maxAttempts: 5, region: 'eu-west-1', timeoutMs: 1234})
    const a = await session.client('sns')
    expect(await session.client('sns')).toBe(a)
    expect(await session.client('sns', 'us-east-1')).not.toBe(a)
    expect(await a.config.maxAttempts()).toBe(5)
    expect(await a.config.region()).toBe('eu-west-1')
    const endpoint = await a.config.endpoint?.()
    expect(endpoint?.hostname).toBe('127.0.0.1')
    session.destroy()
  })

  it('rejects an endpoint that is not a URL as bad input', async () => {
    const error = await new AwsSession({endpointUrl: 'localhost:4566', region: 'us-east-1'}).client('sns').catch((e: unknown) => e)
    expect((error as MfaSmsError).code).toBe('BAD_ENDPOINT_URL')
  })
})
