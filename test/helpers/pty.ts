import {type ChildProcess, spawn} from 'node:child_process'

import {BIN, cleanEnv, ROOT} from './cli.js'

// eslint-disable-next-line no-control-regex
const ANSI = /\u001B\[[0-9;?]*[ -/]*[@-~]|\u001B[()][0-9A-B]|\r/g

/**
 * The built `mfa-sms` on a pseudo-terminal (util-linux `script` provides it): what it printed so
 * far (ANSI stripped, stdout and stderr together), keys in, its exit code.
 */
export class Pty {
  readonly exit: Promise<number | null>
  private buffer = ''
  private readonly child: ChildProcess

  constructor(args: string[], env: Record<string, string>) {
    const command = ['node', BIN, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ')
    this.child = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd: ROOT,
      env: cleanEnv({...env, CI: undefined, COLUMNS: '200', LINES: '50', NODE_NO_WARNINGS: '1', TERM: 'xterm'}),
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    this.child.stdout!.on('data', (d: Buffer) => (this.buffer += d.toString('utf8')))
    this.child.stderr!.on('data', (d: Buffer) => (this.buffer += d.toString('utf8')))
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 45_000)
    this.exit = new Promise((resolve) => {
      this.child.on('close', (code) => {
        clearTimeout(timer)
        resolve(code)
      })
    })
  }

  get text(): string {
    return this.buffer.replaceAll(ANSI, '')
  }

  /** Resolves once `pattern` appears in the output after `from` characters; returns where it ended. */
  async waitFor(pattern: RegExp, from = 0, timeoutMs = 20_000): Promise<number> {
    const started = Date.now()
    for (;;) {
      const text = this.text
      const match = pattern.exec(text.slice(from))
      if (match) return from + match.index + match[0].length
      if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${pattern}; output so far:\n${text}`)
      await new Promise((r) => setTimeout(r, 50))
    }
  }

  /** Types `text` as keystrokes (Enter is \r, Ctrl+C is \u0003). */
  type(text: string): void {
    this.child.stdin!.write(text)
  }
}
