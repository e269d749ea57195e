import {badInput, interrupted} from '../errors.js'
import {isCi} from './style.js'

export interface PromptPolicy {
  json: boolean
  noPrompt: boolean
}

/** Why we may not prompt, or undefined when we may. */
export function promptBlocker(policy: PromptPolicy, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (policy.json) return '--json is set'
  if (policy.noPrompt) return '--no-prompt is set'
  if (!process.stdin.isTTY || !process.stderr.isTTY) return 'there is no terminal'
  if (isCi(env)) return 'CI is set'
  return undefined
}

function missing(flag: string, what: string, reason: string) {
  return badInput('MISSING_INPUT', `${what} is needed and ${reason}, so mfa-sms cannot ask for it.`, [`pass ${flag}`])
}

async function guarded<T>(ask: () => Promise<T>): Promise<T> {
  try {
    return await ask()
  } catch (error) {
    if (error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError')) throw interrupted()
    throw error
  }
}

export interface InputQuestion {
  /** The flag that answers the question without a prompt, e.g. "--code <otp>". */
  flag: string
  message: string
  /** Mask what is typed and never echo it back (one-time codes, secrets). */
  secret?: boolean
  validate?: (value: string) => string | true
  /** What is being asked for, e.g. "The one-time password". */
  what: string
}

export async function askInput(policy: PromptPolicy, q: InputQuestion): Promise<string> {
  const reason = promptBlocker(policy)
  if (reason) throw missing(q.flag, q.what, reason)
  const {input, password} = await import('@inquirer/prompts')
  if (q.secret) return guarded(() => password({mask: '*', message: q.message, validate: q.validate}, {output: process.stderr}))
  return guarded(() => input({message: q.message, validate: q.validate}, {output: process.stderr}))
}

export async function askConfirm(policy: PromptPolicy, q: {flag: string; message: string; what: string}): Promise<boolean> {
  const reason = promptBlocker(policy)
  if (reason) throw missing(q.flag, q.what, reason)
  const {confirm} = await import('@inquirer/prompts')
  return guarded(() => confirm({default: false, message: q.message}, {output: process.stderr}))
}

export async function askSelect<T extends string>(
  policy: PromptPolicy,
  q: {choices: {description?: string; name: string; value: T}[]; flag: string; message: string; what: string},
): Promise<T> {
  const reason = promptBlocker(policy)
  if (reason) throw missing(q.flag, q.what, reason)
  const {select} = await import('@inquirer/prompts')
  return guarded(() => select<T>({choices: q.choices, message: q.message}, {output: process.stderr}))
}
