import {mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {parseAuth0Domain} from '../../src/lib/auth0/client.js'
import {AUTH0_DOCTOR_SCOPE_STRING} from '../../src/lib/doctor/auth0-scopes.js'
import {loadProjectConfig} from '../../src/lib/doctor/config.js'
import {actionFact, maskDigits, scanActionCode} from '../../src/lib/doctor/facts/auth0.js'

describe('project config', () => {
  it('reads mfa-sms.config.json, else package.json "mfa-sms", else nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mfa-sms-config-'))
    expect(await loadProjectConfig(dir)).toEqual({config: {}})
    await writeFile(join(dir, 'package.json'), JSON.stringify({'mfa-sms': {doctor: {failOn: 'warn'}, userPoolId: 'eu-central-1_Abc'}, name: 'x'}))
    expect((await loadProjectConfig(dir)).config).toMatchObject({doctor: {failOn: 'warn'}, userPoolId: 'eu-central-1_Abc'})
    await writeFile(join(dir, 'mfa-sms.config.json'), JSON.stringify({doctor: {check: 'sandbox'}, phones: ['+14254147755']}))
    const loaded = await loadProjectConfig(dir)
    expect(loaded.source).toBe('mfa-sms.config.json')
    expect(loaded.config.doctor?.check).toEqual(['sandbox'])
  })

  it('rejects invalid settings with the path of the problem (exit 2)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mfa-sms-config-'))
    await writeFile(join(dir, 'mfa-sms.config.json'), JSON.stringify({doctor: {failOn: 'sometimes'}}))
    await expect(loadProjectConfig(dir)).rejects.toMatchObject({code: 'BAD_CONFIG', exitCode: 2, message: expect.stringMatching(/doctor\.failOn/)})
  })
})

describe('Auth0 helpers', () => {
  it('finds the secrets and modules an Action uses, never keeping its code', () => {
    const code = `const {SNSClient, PublishCommand} = require('@aws-sdk/client-sns');
      import twilio from 'twilio/lib/x'
      exports.onExecuteSendPhoneMessage = async (event) => {
        const {AWS_REGION} = event.secrets
        const client = new SNSClient({region: AWS_REGION, credentials: {accessKeyId: event.secrets.AWS_ACCESS_KEY_ID, secretAccessKey: event.secrets['AWS_SECRET_ACCESS_KEY']}})
        require('crypto'); require('./local')
      }`
    expect(scanActionCode(code)).toEqual({modules: ['@aws-sdk/client-sns', 'crypto', 'twilio'], secrets: ['AWS_ACCESS_KEY_ID', 'AWS_REGION', 'AWS_SECRET_ACCESS_KEY']})
    const fact = actionFact({code, id: 'a', secrets: [{name: 'AWS_REGION'}]})
    expect(fact.usedModules).toEqual(['@aws-sdk/client-sns', 'twilio'])
    expect(JSON.stringify(fact)).not.toContain('onExecuteSendPhoneMessage')
  })

  it('masks phone numbers and codes in log descriptions', () => {
    expect(maskDigits('Failed to send 123456 to +14155552671')).not.toMatch(/123456|4155552671/)
  })

  it('normalises the tenant domain', () => {
    expect(parseAuth0Domain('https://my-tenant.eu.auth0.com/')).toEqual({host: 'my-tenant.eu.auth0.com', origin: 'https://my-tenant.eu.auth0.com'})
    expect(parseAuth0Domain('http://127.0.0.1:4567')).toEqual({host: '127.0.0.1:4567', origin: 'http://127.0.0.1:4567'})
  })

  it('lists the read-only scopes', () => {
    expect(AUTH0_DOCTOR_SCOPE_STRING).toBe('read:guardian_factors read:actions read:hooks read:phone_providers read:logs')
  })
})
