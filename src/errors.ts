/**
 * The one error type every command throws. It carries a stable machine code (shown in `--json`),
 * the process exit code and "try this" hints, and sets both fields oclif reads the exit code from
 * (`exitCode` on the JSON path, `oclif.exit` on the human path).
 */

export const ExitCode = {
  /** Everything checked out. */
  ok: 0,
  /** A check, verdict or operation failed. */
  failed: 1,
  /** The input was wrong: a flag, argument or file. */
  badInput: 2,
  /** A service could not be reached, or refused our credentials. */
  service: 3,
  /** Ctrl+C. */
  interrupted: 130,
} as const

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode]

export interface MfaSmsErrorOptions {
  cause?: unknown
  /** Extra facts for `--json` consumers (never secrets). */
  details?: Record<string, unknown>
  exit: ExitCodeValue
  hints?: string[]
}

export class MfaSmsError extends Error {
  readonly code: string
  readonly details?: Record<string, unknown>
  readonly exitCode: ExitCodeValue
  readonly hints: string[]
  readonly oclif: {exit: number}

  constructor(code: string, message: string, options: MfaSmsErrorOptions) {
    super(message, options.cause === undefined ? undefined : {cause: options.cause})
    this.name = 'MfaSmsError'
    this.code = code
    this.exitCode = options.exit
    this.hints = options.hints ?? []
    this.details = options.details
    this.oclif = {exit: options.exit}
  }

  toJSON(): {code: string; details?: Record<string, unknown>; hints: string[]; message: string} {
    return {code: this.code, message: this.message, hints: this.hints, ...(this.details ? {details: this.details} : {})}
  }
}

export function badInput(code: string, message: string, hints: string[] = [], details?: Record<string, unknown>): MfaSmsError {
  return new MfaSmsError(code, message, {details, exit: ExitCode.badInput, hints})
}

export function interrupted(): MfaSmsError {
  return new MfaSmsError('INTERRUPTED', 'Interrupted.', {exit: ExitCode.interrupted})
}
