/**
 * The "type the code, try again after a wrong one" loop of `sandbox add` and `sandbox verify`,
 * with the prompt and the AWS call passed in (so it is testable without either).
 */
import {MfaSmsError} from '../../errors.js'

/** Codes a person may type before the command gives up and exits 1. */
export const CODE_ATTEMPTS = 3

export interface VerifyLoop {
  /** Asks for a code (throws INTERRUPTED on Ctrl+C). */
  ask: () => Promise<string>
  attempts?: number
  /** Called after a wrong code while tries are left. */
  onWrong: (triesLeft: number) => void
  /** Verifies one code; throws SANDBOX_CODE_WRONG when AWS refuses it. */
  verify: (code: string) => Promise<void>
}

/** Resolves with the number of codes typed once one is accepted; rethrows anything but a wrong code, and the last wrong code. */
export async function verifyWithRetries(loop: VerifyLoop): Promise<number> {
  const attempts = loop.attempts ?? CODE_ATTEMPTS
  for (let attempt = 1; ; attempt++) {
    const code = (await loop.ask()).trim()
    try {
      await loop.verify(code)
      return attempt
    } catch (error) {
      if (!(error instanceof MfaSmsError) || error.code !== 'SANDBOX_CODE_WRONG' || attempt >= attempts) throw error
      loop.onWrong(attempts - attempt)
    }
  }
}

/** What people see after a wrong code at the prompt. */
export function wrongCodeMessage(triesLeft: number): string {
  return `AWS did not accept that code. Check the latest text and try again (${triesLeft} ${triesLeft === 1 ? 'try' : 'tries'} left).`
}
