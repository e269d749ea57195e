/**
 * `mfa-sms doctor` on a terminal without --user-pool-id: it offers the region's pools
 * (cognito-idp:ListUserPools) and checks the one picked. The built binary in a pseudo-terminal.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {LOCAL_CREDENTIALS, type LocalServer, startLocalServer} from '../../src/lib/local/server.js'
import {runCli} from '../helpers/cli.js'
import {Pty} from '../helpers/pty.js'

let server: LocalServer
beforeAll(async () => {
  server = await startLocalServer({port: 0, scenario: 'healthy-us', seed: 1})
})
afterAll(() => server?.close())

const env = () => ({AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId, AWS_ENDPOINT_URL: server.url, AWS_REGION: 'us-east-1', AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey})

describe('doctor picks a user pool on a terminal', {timeout: 60_000}, () => {
  it('lists the pools of the region and checks the one chosen', async () => {
    const pty = new Pty(['doctor', '--check', 'pool.sms-templates'], env())
    await pty.waitFor(/Which user pool in us-east-1\?/)
    await pty.waitFor(/us-east-1_Hea1thyUS/)
    pty.type('\r')
    expect(await pty.exit).toBe(0)
    expect(pty.text).toMatch(/pool us-east-1_Hea1thyUS/)
    expect(pty.text).toMatch(/SMS templates contain \{####\} and fit 140 characters/)
    // Live progress on the terminal (stderr), cleared before the report.
    expect(pty.text).toMatch(/checking \d+\/\d+/)
  })

  it('Ctrl+C at the question exits 130 without a report', async () => {
    const pty = new Pty(['doctor', '--check', 'pool.sms-templates'], env())
    await pty.waitFor(/Which user pool in us-east-1\?/)
    pty.type('\u0003')
    expect(await pty.exit).toBe(130)
    expect(pty.text).not.toMatch(/passed|failing/)
  })

  it('without a terminal it does not ask: only the account-level checks run', async () => {
    const run = await runCli(['doctor', '--check', 'pool.sms-templates', '--check', 'sandbox.status', '--json'], {env: env()})
    expect(run.code).toBe(0)
    expect(run.json().result.checks.map((c: {id: string}) => c.id)).toEqual(['sandbox.status'])
    expect(run.stderr).not.toMatch(/checking \d+\//)
  })
})
