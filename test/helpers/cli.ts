import {spawn} from 'node:child_process'
import {fileURLToPath} from 'node:url'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const BIN = `${ROOT}bin/run.js`

// Tests index freely into each command's result; its shape is asserted by the tests themselves.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyResult = any

export interface CliRun {
  code: number | null
  json: () => {command: string; error?: {code: string; hints: string[]; message: string}; ok: boolean; result?: AnyResult; status: number; warnings: string[]}
  stderr: string
  stdout: string
}

/** Environment with no AWS settings of the developer's machine leaking in. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(AWS_|AUTH0_|DEBUG$|FORCE_COLOR$|MFA_SMS_)/.test(key)) env[key] = value
  }

  return {...env, AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', NO_COLOR: '1', ...extra}
}

/** Runs the built `mfa-sms` binary (run `npm run build` first; `npm test` does). */
export function runCli(args: string[], options: {env?: Record<string, string | undefined>; input?: string; timeoutMs?: number} = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {cwd: ROOT, env: cleanEnv(options.env)})
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({code, json: () => JSON.parse(stdout), stderr, stdout})
    })
    child.stdin.end(options.input ?? '')
  })
}
