import {execFileSync, spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'

import {cleanEnv, ROOT} from '../helpers/cli.js'

const work = mkdtempSync(join(tmpdir(), 'mfa-sms-pack-'))
afterAll(() => rmSync(work, {force: true, recursive: true}))

describe('the published package', () => {
  it('installs from `npm pack` into an empty folder and `npx mfa-sms --help` works', () => {
    // dist/ and the manifest are already built by `npm test`; skip prepack so nothing rebuilds under other tests.
    const packed = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {cwd: ROOT, encoding: 'utf8'})) as {files: {path: string}[]; filename: string}[]
    const files = packed[0]!.files.map((f) => f.path)
    expect(files).toContain('oclif.manifest.json')
    expect(files).toContain('bin/run.js')
    expect(files.some((f) => f.startsWith('src/'))).toBe(false)
    expect(files.some((f) => f.startsWith('test/'))).toBe(false)

    const app = join(work, 'app')
    execFileSync('mkdir', ['-p', app])
    writeFileSync(join(app, 'package.json'), '{"name":"consumer","version":"1.0.0","private":true}')
    execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', join(work, packed[0]!.filename)], {cwd: app, stdio: 'pipe'})

    const help = spawnSync('npx', ['--no-install', 'mfa-sms', '--help'], {cwd: app, encoding: 'utf8', env: cleanEnv()})
    expect(help.status).toBe(0)
    expect(help.stdout).toContain('region')
    const check = spawnSync('npx', ['--no-install', 'mfa-sms', 'region', 'check', '--cognito-region', 'ap-northeast-2', '--sns-region', 'ap-northeast-2', '--json'], {cwd: app, encoding: 'utf8', env: cleanEnv()})
    expect(check.status).toBe(1)
    expect(JSON.parse(check.stdout).result.allowedSmsRegions).toEqual(['ap-northeast-1'])
  }, 240_000)
})
