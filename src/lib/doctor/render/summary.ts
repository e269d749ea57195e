import type {CheckStatus, Counts, DoctorResult} from '../types.js'

const WORDS: Record<CheckStatus, [string, string]> = {
  error: ['error', 'errors'],
  fail: ['failed', 'failed'],
  info: ['info', 'info'],
  pass: ['passed', 'passed'],
  skip: ['skipped', 'skipped'],
  unknown: ['unknown', 'unknown'],
  warn: ['warning', 'warnings'],
}

const ORDER: CheckStatus[] = ['pass', 'warn', 'fail', 'error', 'unknown', 'skip', 'info']

/** "12 passed, 2 warnings, 5 failed, 3 skipped" (zero counts left out, except passed). */
export function countsLine(counts: Counts): string {
  return ORDER.filter((s) => s === 'pass' || counts[s] > 0)
    .map((s) => `${counts[s]} ${WORDS[s][counts[s] === 1 ? 0 : 1]}`)
    .join(', ')
}

export function verdictLine(result: Pick<DoctorResult, 'counts' | 'exitCode' | 'failOn'>): string {
  const verdict = result.exitCode === 3 ? 'could not authenticate or reach the service' : result.exitCode === 1 ? `failing (--fail-on ${result.failOn})` : 'ok'
  return `${countsLine(result.counts)} — ${verdict}`
}
