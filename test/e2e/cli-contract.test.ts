import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
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

  it('prints the version, the line oclif prints, for --version and -v', async () => {
    const {version} = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as {version: string}
    for (const flag of ['--version', '-v']) {
      const run = await runCli([flag])
      expect(run.code).toBe(0)
      expect(run.stdout).toBe(`mfa-sms/${version} ${process.platform}-${process.arch} node-${process.version}\n`)
      expect(run.stderr).toBe('')
    }
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

  it('offline commands load no AWS SDK (start-up stays fast); a command that reads AWS does', async () => {
    // A module-resolution hook that fails any import of the AWS SDK or its Smithy runtime.
    const dir = mkdtempSync(join(tmpdir(), 'mfa-sms-no-sdk-'))
    writeFileSync(
      join(dir, 'hooks.mjs'),
      "export async function resolve(s, c, next) { if (/^@(aws-sdk|smithy)\\//.test(s)) throw new Error('AWS SDK loaded: ' + s); return next(s, c) }\n",
    )
    writeFileSync(join(dir, 'register.mjs'), "import {register} from 'node:module'\nregister('./hooks.mjs', import.meta.url)\n")
    const env = {NODE_OPTIONS: `--import ${join(dir, 'register.mjs')}`}
    for (const args of [['--version'], ['region', 'list', '--json'], ['region', 'check', '--cognito-region', 'eu-central-1', '--json'], ['phone', 'check', '+12065550100', '--json']]) {
      const run = await runCli(args, {env})
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0)
      expect(run.stderr).not.toContain('AWS SDK loaded')
    }

    const reads = await runCli(['region', 'check', '--user-pool-id', 'eu-central-1_AbC123', '--endpoint-url', 'http://127.0.0.1:9'], {
      env: {...env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test'},
    })
    expect(reads.stderr).toContain('AWS SDK loaded') // the hook is really in place
  })

  it('DEBUG shows the stack trace that is hidden otherwise', async () => {
    const run = await runCli(['region', 'check', '--cognito-region', 'moon-1'], {env: {DEBUG: 'mfa-sms'}})
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/\n\s+at /)
  })
})
