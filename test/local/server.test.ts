import {createServer} from 'node:http'
import type {AddressInfo} from 'node:net'

import {IAMClient, ListUsersCommand} from '@aws-sdk/client-iam'
import {CreateKeyCommand, DescribeKeyCommand, KMSClient} from '@aws-sdk/client-kms'
import {PublishCommand, SNSClient} from '@aws-sdk/client-sns'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {fetchInbox} from '../../src/lib/local/messages-client.js'
import {DEFAULT_LOCAL_HOST, type LocalServer, startLocalServer} from '../../src/lib/local/server.js'
import type {ServiceDefinition} from '../../src/lib/local/registry.js'
import {KMS_PROTOCOL} from '../../src/lib/local/registry.js'
import {ServiceError} from '../../src/lib/local/types.js'
import {sdkConfig, sdkError, withServer} from './helpers.js'

let server: LocalServer

beforeAll(async () => {
  server = await withServer({scenario: {regions: {'eu-west-1': {sandbox: {inSandbox: false}}}}})
})

afterAll(async () => {
  await server.close()
})

const sigv4 = (service: string, region: string) =>
  `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250301/${region}/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000`

describe('local server', () => {
  it('listens on 127.0.0.1 by default and answers the health check', async () => {
    expect(server.host).toBe(DEFAULT_LOCAL_HOST)
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`)
    const health = (await (await fetch(`${server.url}/_mfa-sms/health`)).json()) as {auth0?: unknown; ok: boolean; services: {signingName: string}[]}
    expect(health.ok).toBe(true)
    expect(health.services.map((s) => s.signingName).sort()).toEqual(['cognito-idp', 'iam', 'kms', 'lambda', 'monitoring', 'sms-voice', 'sns', 'sts'])
    expect(health.auth0).toBeUndefined()
  })

  it('routes by the credential scope and keeps state per region', async () => {
    const ireland = new SNSClient(sdkConfig(server, 'eu-west-1'))
    const paris = new SNSClient(sdkConfig(server, 'eu-west-3'))
    await ireland.send(new PublishCommand({Message: 'ireland', PhoneNumber: '+4915112345678'}))
    await paris.send(new PublishCommand({Message: 'paris', PhoneNumber: '+4915112345678'}))
    const messages = server.inbox.list().messages.filter((m) => m.body === 'ireland' || m.body === 'paris')
    expect(messages.map((m) => [m.body, m.region, m.outcome])).toEqual([
      ['ireland', 'eu-west-1', 'delivered'],
      ['paris', 'eu-west-3', 'failed'],
    ])
    ireland.destroy()
    paris.destroy()
  })

  it('serves the inbox over HTTP with a since cursor', async () => {
    const sns = new SNSClient(sdkConfig(server, 'eu-west-1'))
    const before = await fetchInbox(server.url)
    await sns.send(new PublishCommand({Message: 'Your code is 777777', PhoneNumber: '+4915112345670'}))
    const after = await fetchInbox(server.url, before.cursor)
    expect(after.messages).toEqual([expect.objectContaining({body: 'Your code is 777777', channel: 'sns', outcome: 'delivered', to: '+4915112345670'})])
    expect(after.cursor).toBeGreaterThan(before.cursor)
    expect((await fetchInbox(server.url, after.cursor)).messages).toEqual([])
    sns.destroy()
  })

  it('tells a missing server and a non-mfa-sms endpoint apart from an empty inbox', async () => {
    const idle = await startLocalServer({port: 0})
    const url = idle.url
    await idle.close()
    const unreachable = await fetchInbox(url).catch((error: unknown) => error as {code: string; exitCode: number})
    expect(unreachable).toMatchObject({code: 'LOCAL_UNREACHABLE', exitCode: 3})
    const other = createServer((_req, res) => res.writeHead(404, {'content-type': 'text/html'}).end('<h1>nope</h1>'))
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve))
    const notOurs = await fetchInbox(`http://127.0.0.1:${(other.address() as AddressInfo).port}`).catch((error: unknown) => error as {code: string; exitCode: number})
    expect(notOurs).toMatchObject({code: 'NOT_MFA_SMS_LOCAL', exitCode: 3})
    await new Promise((resolve) => other.close(resolve))
  })

  it('answers operations KMS and IAM do not emulate with their own unknown-operation errors', async () => {
    const kms = new KMSClient(sdkConfig(server, 'eu-west-1'))
    const iam = new IAMClient(sdkConfig(server, 'us-east-1'))
    expect((await sdkError(kms.send(new DescribeKeyCommand({KeyId: 'alias/x'})))).name).toBe('NotFoundException')
    expect((await sdkError(kms.send(new CreateKeyCommand({})))).name).toBe('UnknownOperationException')
    expect((await sdkError(iam.send(new ListUsersCommand({})))).name).toBe('InvalidAction')
    kms.destroy()
    iam.destroy()
  })

  it('takes extra services as one registry entry', async () => {
    const kms: ServiceDefinition = {
      ...KMS_PROTOCOL,
      operations: {
        DescribeKey: (input) => {
          if (input.KeyId !== 'alias/known') throw new ServiceError('NotFoundException', `Alias ${String(input.KeyId)} is not found.`)
          return {KeyMetadata: {Arn: 'arn:aws:kms:eu-west-1:123456789012:key/k', KeyId: 'k', KeyState: 'Enabled'}}
        },
      },
    }
    const extended = await withServer({services: [kms]})
    const client = new KMSClient(sdkConfig(extended, 'eu-west-1'))
    try {
      expect((await client.send(new DescribeKeyCommand({KeyId: 'alias/known'}))).KeyMetadata?.KeyState).toBe('Enabled')
      expect((await sdkError(client.send(new DescribeKeyCommand({KeyId: 'alias/other'})))).name).toBe('NotFoundException')
    } finally {
      client.destroy()
      await extended.close()
    }
  })

  it('answers unsigned and unknown-service requests with errors that say why', async () => {
    const unsigned = await fetch(server.url, {body: 'Action=Publish&Version=2010-03-31', headers: {'content-type': 'application/x-www-form-urlencoded'}, method: 'POST'})
    expect(unsigned.status).toBe(403)
    expect(await unsigned.text()).toMatch(/missing a SigV4 Authorization header/)
    const s3 = await fetch(server.url, {headers: {authorization: sigv4('s3', 'eu-west-1')}, method: 'GET'})
    expect(s3.status).toBe(400)
    expect(await s3.text()).toMatch(/does not emulate the service \\"s3\\"/)
  })

  it('renders query-protocol errors as ErrorResponse XML with Type, Code, Message and RequestId', async () => {
    const res = await fetch(server.url, {
      body: 'Action=Publish&Version=2010-03-31&PhoneNumber=12345&Message=hi',
      headers: {authorization: sigv4('sns', 'eu-west-1'), 'content-type': 'application/x-www-form-urlencoded'},
      method: 'POST',
    })
    expect(res.status).toBe(400)
    expect(await res.text()).toMatch(
      /^<ErrorResponse xmlns="http:\/\/sns\.amazonaws\.com\/doc\/2010-03-31\/"><Error><Type>Sender<\/Type><Code>InvalidParameter<\/Code><Message>Invalid parameter: PhoneNumber Reason: 12345 is not valid to publish to<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>/,
    )
  })

  it('reports a port already in use as bad input', async () => {
    const err = await startLocalServer({port: server.port}).catch((error: unknown) => error as {code: string; exitCode: number})
    expect(err).toMatchObject({code: 'PORT_IN_USE', exitCode: 2})
  })
})

describe('mounted non-AWS APIs', () => {
  it('lets an unsigned request reach a mounted API on the same port, and still refuses what no mount answers', async () => {
    const mounted = await withServer({
      mounts: [
        async (_req, res, url, state) => {
          if (!url.pathname.startsWith('/api/v2/')) return false
          res.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify({tenant: state.scenario.name}))
          return true
        },
      ],
      scenario: {name: 'with-mount'},
    })
    try {
      expect(await (await fetch(`${mounted.url}/api/v2/guardian/factors`)).json()).toEqual({tenant: 'with-mount'})
      expect((await fetch(`${mounted.url}/elsewhere`)).status).toBe(403)
      // Past the given mounts, Auth0's paths reach the built-in Auth0 mount, which has no tenant here.
      const token = await fetch(`${mounted.url}/oauth/token`, {body: '{}', headers: {'content-type': 'application/json'}, method: 'POST'})
      expect(token.status).toBe(404)
      expect(await token.text()).toMatch(/no Auth0 tenant/)
    } finally {
      await mounted.close()
    }
  })
})

describe('Auth0 on every server', () => {
  it('serves the scenario\'s tenant to the doctor\'s Auth0 client at the server\'s own URL', async () => {
    const {createAuth0Api} = await import('../../src/lib/doctor/auth0-api.js')
    const local = await withServer({scenario: 'auth0-custom-unwired'})
    try {
      const health = (await (await fetch(`${local.url}/_mfa-sms/health`)).json()) as {auth0?: unknown}
      expect(health.auth0).toEqual({domain: 'dev-mfa-demo.eu.auth0.com', tenant: 'dev-mfa-demo'})
      const api = await createAuth0Api(local.url, {clientId: 'mfa-sms-doctor-client', clientSecret: 'mfa-sms-doctor-client-secret'}, 5000)
      expect(await api.selectedProvider()).toEqual({provider: 'phone-message-hook'})
      expect(await api.bindings('send-phone-message')).toEqual([])
      // AWS requests on the same port still reach AWS.
      const sns = new SNSClient(sdkConfig(local, 'us-east-1'))
      await sns.send(new PublishCommand({Message: 'hi', PhoneNumber: '+14254147755'}))
      sns.destroy()
    } finally {
      await local.close()
    }
  })
})
