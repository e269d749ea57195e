import type {DoctorResult} from '../types.js'

/** The same envelope `--json` prints (BaseCommand's), for `--format json`. */
export function renderJson(result: DoctorResult, warnings: string[] = []): string {
  return `${JSON.stringify({command: 'doctor', ok: result.exitCode === 0, result, status: result.exitCode, warnings}, null, 2)}\n`
}
