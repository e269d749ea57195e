import {Command, Flags, type Interfaces} from '@oclif/core'

import {ExitCode, type ExitCodeValue, MfaSmsError} from './errors.js'
import type {AwsSession} from './lib/aws/clients.js'
import type {PromptPolicy} from './ui/prompt.js'
import {makeStyle, MARK, type Style} from './ui/style.js'

export type CommandFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof BaseCommand)['baseFlags'] & T['flags']>
export type CommandArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>

/** The one `--json` envelope every command prints on stdout. */
export interface JsonEnvelope<R = unknown> {
  command: string
  error?: {code: string; details?: Record<string, unknown>; hints: string[]; message: string}
  ok: boolean
  result?: R
  status: number
  warnings: string[]
}

export const EXIT_CODES_HELP = [
  '0  ok',
  '1  a check, verdict or operation failed',
  '2  bad input (flag, argument or file)',
  '3  could not reach or authenticate to a service',
  '130  interrupted (Ctrl+C)',
].join('\n')

/**
 * Every mfa-sms command extends this. It owns the shared flags, the JSON envelope, exit codes,
 * error rendering and the lazily built AWS session. Commands return a plain result object and
 * render it for humans only when `!this.jsonEnabled()`.
 */
export abstract class BaseCommand<T extends typeof Command> extends Command {
  static override baseFlags = {
    'endpoint-url': Flags.string({
      env: 'AWS_ENDPOINT_URL',
      helpGroup: 'AWS',
      summary: 'Send every AWS call to this URL (e.g. an `mfa-sms local` endpoint).',
    }),
    'no-prompt': Flags.boolean({
      helpGroup: 'GLOBAL',
      summary: 'Never prompt; fail instead, naming the flag to pass.',
    }),
    profile: Flags.string({env: 'AWS_PROFILE', helpGroup: 'AWS', summary: 'Named profile from ~/.aws/config (SSO and credential_process work).'}),
    region: Flags.string({env: 'AWS_REGION', helpGroup: 'AWS', summary: 'AWS region for the calls (else the profile\'s region).'}),
  }
  static override enableJsonFlag = true

  protected args!: CommandArgs<T>
  protected flags!: CommandFlags<T>
  private awsSession?: AwsSession
  private errStyle?: Style
  private outStyle?: Style
  private readonly warnings: string[] = []

  override async catch(error: unknown): Promise<void> {
    const err = normalizeError(error)
    if (err === undefined) throw error // oclif's own exit, already handled
    process.exitCode = err.exitCode
    if (this.jsonEnabled()) {
      this.logJson(this.toErrorJson(err))
      return
    }

    if (err.exitCode !== ExitCode.interrupted) process.stderr.write(this.renderError(err))
    if (process.env.DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`)
    this.exit(err.exitCode)
  }

  override async finally(error: Error | undefined): Promise<void> {
    this.awsSession?.destroy()
    await super.finally(error)
  }

  override async init(): Promise<void> {
    await super.init()
    const {args, flags} = await this.parse({
      args: this.ctor.args,
      baseFlags: (super.ctor as typeof BaseCommand).baseFlags,
      enableJsonFlag: this.ctor.enableJsonFlag,
      flags: this.ctor.flags,
      strict: this.ctor.strict,
    })
    this.flags = flags as CommandFlags<T>
    this.args = args as CommandArgs<T>
  }

  override logJson(json: unknown): void {
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`)
  }

  override toErrorJson(error: unknown): JsonEnvelope {
    const err = normalizeError(error) ?? new MfaSmsError('INTERNAL', String(error), {exit: ExitCode.failed})
    return {command: this.commandName, error: err.toJSON(), ok: false, status: err.exitCode, warnings: this.warnings}
  }

  override toSuccessJson(result: unknown): JsonEnvelope {
    const status = typeof process.exitCode === 'number' ? process.exitCode : ExitCode.ok
    return {command: this.commandName, ok: status === ExitCode.ok, result, status, warnings: this.warnings}
  }

  /** Warnings go to stderr for people and into `warnings[]` for --json. */
  override warn(input: Error | string): Error | string {
    const text = typeof input === 'string' ? input : input.message
    this.warnings.push(text)
    if (!this.jsonEnabled()) process.stderr.write(`${this.stderrStyle.yellow(`${MARK.warn} ${text}`)}\n`)
    return input
  }

  /**
   * The AWS session for this run, from --region/--profile/--endpoint-url and the standard chain.
   * `fallbackRegion` applies when neither --region nor AWS_REGION is set (e.g. a pool id's region).
   */
  protected async aws(fallbackRegion?: string): Promise<AwsSession> {
    if (!this.awsSession) {
      const {AwsSession} = await import('./lib/aws/clients.js')
      const f = this.flags as CommandFlags<typeof BaseCommand>
      this.awsSession = new AwsSession({endpointUrl: f['endpoint-url'], profile: f.profile, region: f.region ?? fallbackRegion})
    }

    return this.awsSession
  }

  /** The command as users type it ("region check"). */
  protected get commandName(): string {
    return (this.id ?? '').replaceAll(':', ' ')
  }

  /** Progress and notes for people: stderr only, silent under --json. */
  protected note(text: string): void {
    if (!this.jsonEnabled()) process.stderr.write(`${text}\n`)
  }

  protected get promptPolicy(): PromptPolicy {
    return {json: this.jsonEnabled(), noPrompt: Boolean((this.flags as CommandFlags<typeof BaseCommand>)['no-prompt'])}
  }

  /** Marks the run as failed (exit 1) while still printing the full result. */
  protected setExitCode(code: ExitCodeValue): void {
    process.exitCode = code
  }

  protected get stderrStyle(): Style {
    this.errStyle ??= makeStyle(process.stderr, this.jsonEnabled())
    return this.errStyle
  }

  protected get style(): Style {
    this.outStyle ??= makeStyle(process.stdout, this.jsonEnabled())
    return this.outStyle
  }

  private renderError(err: MfaSmsError): string {
    const s = this.stderrStyle
    const lines = [`${s.red(`${MARK.fail} ${err.message}`)} ${s.dim(`[${err.code}]`)}`]
    for (const hint of err.hints) lines.push(`  ${s.cyan('try:')} ${hint}`)
    return `${lines.join('\n')}\n`
  }
}

interface OclifLikeError {
  code?: string
  message?: string
  name?: string
  oclif?: {exit?: number}
}

/** Maps anything thrown into MfaSmsError; undefined for oclif's own ExitError (already handled). */
export function normalizeError(error: unknown): MfaSmsError | undefined {
  if (error instanceof MfaSmsError) return error
  const e = (error && typeof error === 'object' ? error : {message: String(error)}) as OclifLikeError
  if (e.code === 'EEXIT') return undefined
  if (e.name === 'ExitPromptError' || e.name === 'AbortPromptError') {
    return new MfaSmsError('INTERRUPTED', 'Interrupted.', {exit: ExitCode.interrupted})
  }

  // Parser errors (unknown flag, missing argument, bad option) carry oclif.exit = 2.
  if (typeof e.oclif?.exit === 'number' && e.oclif.exit === 2) {
    // oclif spreads one problem over lines ("Missing 1 required arg:\nnumber  Phone numbers…\nSee more help with --help").
    const lines = (e.message ?? '').split('\n').map((l) => l.trim().replaceAll(/\s{2,}/g, ': ')).filter((l) => l && !/^See more help/.test(l))
    const message = lines.join(' ') || 'Invalid input.'
    return new MfaSmsError('BAD_INPUT', message, {cause: error, exit: ExitCode.badInput, hints: ['see --help for the flags and examples']})
  }

  const message = e.message ?? String(error)
  return new MfaSmsError('INTERNAL', `Unexpected error: ${message.split('\n', 1)[0]}`, {
    cause: error,
    exit: ExitCode.failed,
    hints: process.env.DEBUG ? [] : ['run again with DEBUG=mfa-sms to see the stack trace'],
  })
}
