/**
 * The report for people: grouped, one line per check with a ✓ ! ✗ - ? i mark, the fix under each
 * problem, and a summary line. Pure: colour comes in as a chalk-like style (level 0 = plain).
 */
import {regionName} from '../../knowledge/regions.js'
import {type CheckResult, type CheckStatus, type DoctorResult, type Evidence, GROUP_TITLES} from '../types.js'
import {verdictLine} from './summary.js'

export interface Painter {
  bold(text: string): string
  cyan(text: string): string
  dim(text: string): string
  green(text: string): string
  red(text: string): string
  yellow(text: string): string
}

export const PLAIN: Painter = {bold: (t) => t, cyan: (t) => t, dim: (t) => t, green: (t) => t, red: (t) => t, yellow: (t) => t}

export const STATUS_MARK: Record<CheckStatus, string> = {error: '✗', fail: '✗', info: 'i', pass: '✓', skip: '-', unknown: '?', warn: '!'}

function paintMark(status: CheckStatus, p: Painter): string {
  const mark = STATUS_MARK[status]
  switch (status) {
    case 'pass': {
      return p.green(mark)
    }

    case 'fail':
    case 'error': {
      return p.red(mark)
    }

    case 'warn': {
      return p.yellow(mark)
    }

    case 'info': {
      return p.cyan(mark)
    }

    default: {
      return p.dim(mark)
    }
  }
}

export function evidenceLines(evidence: Evidence): string[] {
  if (Array.isArray(evidence)) return evidence.map(String)
  return Object.entries(evidence).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join('; ') : JSON.stringify(v)}`)
}

export interface HumanOptions {
  painter?: Painter
  verbose?: boolean
  notes?: string[]
}

function sectionKey(r: CheckResult): string {
  return `${r.group}|${r.userPoolId ?? ''}|${r.region ?? ''}`
}

function describeRegion(region: string): string {
  const name = regionName(region)
  return name === region ? region : `${region}, ${name}`
}

export function renderHuman(result: DoctorResult, options: HumanOptions = {}): string {
  const p = options.painter ?? PLAIN
  const out: string[] = []
  const head: string[] = ['mfa-sms doctor']
  if (result.identity) head.push(`account ${result.identity.account}`, `profile ${result.identity.profile}`)
  if (result.userPoolIds.length === 1) head.push(`pool ${result.userPoolIds[0]}`)
  else if (result.userPoolIds.length > 1) head.push(`${result.userPoolIds.length} pools`)
  if (result.smsRegions.length > 0) head.push(`SMS region ${result.smsRegions.join(', ')}`)
  if (result.auth0Domain) head.push(`Auth0 ${result.auth0Domain}`)
  if (result.identity?.endpoint) head.push(`endpoint ${result.identity.endpoint}`)
  out.push(p.bold(head.join(' · ')))
  for (const note of options.notes ?? []) out.push(p.dim(note))

  const sections = new Map<string, CheckResult[]>()
  for (const r of result.checks) sections.set(sectionKey(r), [...(sections.get(sectionKey(r)) ?? []), r])
  const multiPool = result.userPoolIds.length > 1
  for (const rows of sections.values()) {
    const first = rows[0]!
    let title = GROUP_TITLES[first.group]
    if (first.region) title += ` · in ${describeRegion(first.region)}`
    if (multiPool && first.userPoolId) title += ` · ${first.userPoolId}`
    const notApplicable = rows.every((r) => r.status === 'skip' && r.skipReason === 'not-applicable')
    const reasons = new Set(rows.map((r) => r.summary))
    if (notApplicable && reasons.size === 1 && !options.verbose) {
      out.push('', `${p.bold(title)} ${p.dim(`— not applicable: ${first.summary}`)}`)
      continue
    }

    out.push('', p.bold(title))
    for (const r of rows) {
      const summary = r.status === 'skip' && r.skipReason === 'not-applicable' ? p.dim(`not applicable: ${r.summary}`) : r.status === 'skip' || r.status === 'unknown' ? p.dim(r.summary) : r.summary
      out.push(`  ${paintMark(r.status, p)} ${r.title} ${p.dim(`[${r.id}]`)}`, `      ${summary}`)
      const problem = r.status === 'fail' || r.status === 'warn' || r.status === 'error'
      if (options.verbose || problem) {
        if (options.verbose) for (const line of evidenceLines(r.evidence)) out.push(p.dim(`      · ${line}`))
      }

      if (r.fix && (problem || options.verbose || r.status === 'info')) {
        out.push(`      ${p.cyan('fix:')} ${r.fix.text}`)
        if (r.fix.console) out.push(`      ${p.cyan('console:')} ${r.fix.console}`)
        if (r.fix.command) out.push(`      ${p.cyan('$')} ${r.fix.command}`)
      }

      if (problem || options.verbose) out.push(p.dim(`      docs: ${r.docs}`))
    }
  }

  out.push('', p.bold(verdictLine(result)))
  if (options.verbose) {
    const t = result.timing
    out.push(
      p.dim(`timing: ${t.wallMs} ms wall, ${t.calls} calls, ${t.sumMs} ms if run one by one, longest chain ${t.longestChainMs} ms (${t.longestChain.join(' → ')})`),
    )
  }

  return `${out.join('\n')}\n`
}
