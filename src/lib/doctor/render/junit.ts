/**
 * JUnit XML for CI test reporters: one <testsuite> per check group, one <testcase> per check.
 * fail → <failure>, error → <error>, skip/unknown → <skipped>; warn is a <failure> only under
 * --fail-on warn (else it passes with its summary in <system-out>).
 */
import {type CheckResult, type DoctorResult, GROUP_TITLES} from '../types.js'
import {evidenceLines} from './human.js'

export function xmlEscape(text: string): string {
  return (
    text
      // Characters XML 1.0 does not allow at all.
      // eslint-disable-next-line no-control-regex
      .replaceAll(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replaceAll('&', '&amp;')
      .replaceAll('<', '&lt;')
      .replaceAll('>', '&gt;')
      .replaceAll('"', '&quot;')
      .replaceAll("'", '&apos;')
  )
}

function detail(r: CheckResult): string {
  const lines = [r.summary, ...evidenceLines(r.evidence)]
  if (r.fix) {
    lines.push(`fix: ${r.fix.text}`)
    if (r.fix.console) lines.push(`console: ${r.fix.console}`)
    if (r.fix.command) lines.push(`$ ${r.fix.command}`)
  }

  lines.push(`docs: ${r.docs}`)
  return lines.join('\n')
}

function testcase(r: CheckResult, result: DoctorResult): string {
  const name = `${r.id}${r.userPoolId ? ` [${r.userPoolId}]` : r.region ? ` [${r.region}]` : ''}: ${r.title}`
  const open = `    <testcase classname="mfa-sms.doctor.${xmlEscape(r.group)}" name="${xmlEscape(name)}" time="0">`
  const failing = r.status === 'fail' || (r.status === 'warn' && result.failOn === 'warn')
  let body: string
  if (failing) body = `      <failure message="${xmlEscape(r.summary)}" type="${r.status}">${xmlEscape(detail(r))}</failure>`
  else if (r.status === 'error') body = `      <error message="${xmlEscape(r.summary)}" type="error">${xmlEscape(detail(r))}</error>`
  else if (r.status === 'skip' || r.status === 'unknown') body = `      <skipped message="${xmlEscape(r.summary)}"/>`
  else body = `      <system-out>${xmlEscape(`${r.status}: ${r.summary}`)}</system-out>`
  return `${open}\n${body}\n    </testcase>`
}

export function renderJunit(result: DoctorResult): string {
  const groups = new Map<string, CheckResult[]>()
  for (const r of result.checks) groups.set(r.group, [...(groups.get(r.group) ?? []), r])
  const stats = (rows: CheckResult[]) => ({
    errors: rows.filter((r) => r.status === 'error').length,
    failures: rows.filter((r) => r.status === 'fail' || (r.status === 'warn' && result.failOn === 'warn')).length,
    skipped: rows.filter((r) => r.status === 'skip' || r.status === 'unknown').length,
    tests: rows.length,
  })
  const all = stats(result.checks)
  const seconds = (result.timing.wallMs / 1000).toFixed(3)
  const suites = [...groups.entries()].map(([group, rows]) => {
    const s = stats(rows)
    const title = GROUP_TITLES[group as keyof typeof GROUP_TITLES] ?? group
    return `  <testsuite name="${xmlEscape(title)}" tests="${s.tests}" failures="${s.failures}" errors="${s.errors}" skipped="${s.skipped}">\n${rows.map((r) => testcase(r, result)).join('\n')}\n  </testsuite>`
  })
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="mfa-sms doctor" tests="${all.tests}" failures="${all.failures}" errors="${all.errors}" skipped="${all.skipped}" time="${seconds}">\n${suites.join('\n')}\n</testsuites>\n`
}
