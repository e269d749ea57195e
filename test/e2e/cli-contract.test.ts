import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'

import {ROOT, runCli} from '../helpers/cli.js'

const manifest = JSON.parse(readFileSync(`${ROOT}oclif.manifest.json`, 'utf8')) as {commands: Record<string, {enableJsonFlag?: boolean; examples?: unknown[]; flags: Record<string, unknown>; summary?: string}>}

describe('the command frame (built binary)', () => {
  it('every command has a summary, examples, --json and the shared AWS flags', () => {
    const ids = Object.keys(manifest.commands)
    expect(ids.length).toBeGreaterThan(2)
    for (const id of ids) {
      const cmd = manifest.commands[id]!
      expect(cmd.summary, id).toBeTruthy()
      expect(cmd.examples?.length, id).toBeGreaterThan(0)
      expect(cmd.enableJsonFlag, id).toBe(true)
      for (const flag of ['json', 'region', 'profile', 'endpoint-url', 'no-prompt']) expect(cmd.flags, `${id} --${flag}`).toHaveProperty(flag)
    }
  })

  it('prints the version', async () => {
    const run = await runCli(['--version'])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^mfa-sms\/\d+\.\d+\.\d+/)
  })

  it('lists the topics in --help', async () => {
    const run = await runCli(['--help'])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('region')
    expect(run.stdout).toContain('phone')
  })

  it('an unknown command exits 2 with a did-you-mean', async () => {
    const run = await runCli(['region', 'chek'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('Did you mean "region check"?')
    expect(run.stdout).toBe('')
  })

  it('an unknown flag exits 2 in one line, without a stack trace', async () => {
    const run = await runCli(['region', 'check', '--cognito-region', 'us-east-1', '--bogus'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('Nonexistent flag: --bogus')
    expect(run.stderr).not.toMatch(/\n\s+at /)
  })

  it('under --json an input error is a JSON envelope on stdout with exit 2', async () => {
    const run = await runCli(['region', 'check', '--cognito-region', 'moon-1', '--json'])
    expect(run.code).toBe(2)
    const out = run.json()
    expect(out).toMatchObject({command: 'region check', ok: false, status: 2})
    expect(out.error?.code).toBe('UNKNOWN_REGION')
  })

  it('an unreachable endpoint exits 3 naming it', async () => {
    const run = await runCli(['region', 'check', '--user-pool-id', 'eu-central-1_AbC123', '--endpoint-url', 'http://127.0.0.1:9'], {
      env: {AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test'},
    })
    expect(run.code).toBe(3)
    expect(run.stderr).toContain('http://127.0.0.1:9')
    expect(run.stderr).toContain('AWS_UNREACHABLE')
  })

  it('DEBUG shows the stack trace that is hidden otherwise', async () => {
    const run = await runCli(['region', 'check', '--cognito-region', 'moon-1'], {env: {DEBUG: 'mfa-sms'}})
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/\n\s+at /)
  })
})
