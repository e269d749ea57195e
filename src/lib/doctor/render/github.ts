/**
 * GitHub Actions workflow commands: one annotation per problem (`::error title=…::…` for fail and
 * error, `::warning` for warn, `::notice` for info and unknown), then a plain summary line.
 */
import type {CheckResult, DoctorResult} from '../types.js'
import {verdictLine} from './summary.js'

/** Escapes a workflow-command message. */
export function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A')
}

/** Escapes a workflow-command property value (title=…). */
export function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C')
}

function level(r: CheckResult, result: DoctorResult): 'error' | 'notice' | 'warning' | undefined {
  if (r.status === 'fail' || r.status === 'error') return 'error'
  if (r.status === 'warn') return result.failOn === 'warn' ? 'error' : 'warning'
  if (r.status === 'info' || r.status === 'unknown') return 'notice'
  return undefined
}

export function renderGithub(result: DoctorResult): string {
  const lines: string[] = []
  for (const r of result.checks) {
    const kind = level(r, result)
    if (!kind) continue
    const where = r.userPoolId ? ` (${r.userPoolId})` : r.region ? ` (${r.region})` : ''
    const message = [r.summary, r.fix ? `Fix: ${r.fix.text}` : '', r.fix?.command ? `$ ${r.fix.command}` : '', `Docs: ${r.docs}`].filter(Boolean).join('\n')
    lines.push(`::${kind} title=${escapeProperty(`${r.id}${where}: ${r.title}`)}::${escapeData(message)}`)
  }

  lines.push(`mfa-sms doctor: ${verdictLine(result)}`)
  return `${lines.join('\n')}\n`
}
