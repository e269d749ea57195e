/** The human rendering of a simulation result (--json prints the result itself). */
import type {Style} from '../../ui/style.js'
import {MARK} from '../../ui/style.js'
import type {SimulationResult} from './run.js'
import type {Finding} from './types.js'

const TARGET_LABEL = {
  'auth0-tenant': 'Auth0 action in the tenant',
  deployed: 'deployed function',
  'dry-run': 'nothing (dry run)',
  local: 'local handler',
} as const

function mark(s: Style, status: Finding['status']): string {
  if (status === 'pass') return s.green(MARK.pass)
  if (status === 'fail') return s.red(MARK.fail)
  if (status === 'warn') return s.yellow(MARK.warn)
  return s.cyan(MARK.info)
}

function ms(value: number): string {
  if (value >= 1000) return `${(value / 1000).toFixed(2)} s`
  return value < 10 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`
}

function indent(text: string, prefix = '    '): string {
  return text
    .split('\n')
    .map((l) => `${prefix}${l}`)
    .join('\n')
}

/** --dry-run: the event alone on stdout (so it can be saved or piped), the rest on stderr. */
export function renderDryRun(r: SimulationResult, s: Style): {stderr: string; stdout: string} {
  const lines: string[] = [`${s.cyan(MARK.info)} ${s.bold(r.triggerSource)} event (dry run: nothing invoked)`]
  lines.push(s.dim(`  user pool ${r.pool.userPoolId} (${r.pool.region})${r.pool.emailSendingAccount ? `, EmailSendingAccount ${r.pool.emailSendingAccount}` : ''}`))
  if (r.encryption) {
    lines.push(
      s.dim(
        `  code encrypted as Cognito does: Encryption SDK format v${r.encryption.formatVersion}, ${r.encryption.algorithmSuite}, context ${JSON.stringify(r.encryption.encryptionContext)}, key ${r.encryption.keyArn}${r.encryption.offline ? ' (the in-process endpoint\'s key, offline: only a local handler can decrypt it)' : ''}`,
      ),
    )
  }

  lines.push(r.code === undefined ? s.dim('  code      hidden (--show-code shows it)') : `  code      ${r.code}`)
  for (const note of r.notes) lines.push(s.dim(`  note: ${note}`))
  return {stderr: lines.join('\n'), stdout: JSON.stringify(r.event, null, 2)}
}

export function renderSimulation(r: SimulationResult, s: Style): string {
  const lines: string[] = []
  const head = r.verdict === 'pass' ? s.green(MARK.pass) : r.verdict === 'fail' ? s.red(MARK.fail) : s.cyan(MARK.info)
  const where = r.target.handler ?? r.target.function ?? r.target.auth0Action ?? ''
  lines.push(`${head} ${s.bold(r.triggerSource)} → ${TARGET_LABEL[r.target.kind]}${where ? ` ${where}` : ''}`)

  const inv = r.invocation
  if (r.family !== 'auth0') {
    lines.push(s.dim(`  user pool ${r.pool.userPoolId} (${r.pool.region})${r.family === 'custom-message' && r.pool.emailSendingAccount ? `, EmailSendingAccount ${r.pool.emailSendingAccount}${r.pool.source === 'assumed' ? ' (assumed)' : ''}` : ''}`))
  }

  if (r.encryption) lines.push(s.dim(`  code      encrypted as Cognito does (format v${r.encryption.formatVersion}, ${r.encryption.algorithmSuite}, userpool-id context) under ${r.encryption.keyArn}`))
  if (r.code !== undefined) lines.push(`  code      ${r.code}`)
  if (inv) {
    const outcome = inv.outcome === 'ok' && !inv.functionError ? s.green('ok') : s.red(inv.outcome === 'ok' ? `FunctionError ${inv.functionError}` : inv.outcome)
    const cold = inv.coldStart && inv.initDurationMs !== undefined ? `, cold start (init ${ms(inv.initDurationMs)})` : inv.coldStart ? ', cold start' : ', warm'
    const status = inv.statusCode === undefined ? '' : `status ${inv.statusCode}, `
    lines.push(`  result    ${status}${outcome} in ${ms(inv.durationMs)} of a ${ms(inv.budgetMs)} budget${cold}${inv.style && inv.style !== 'lambda' ? ` [${inv.style}]` : ''}`)
    if (inv.error) lines.push(`  error     ${s.red(`${inv.error.errorType}: ${inv.error.errorMessage.split('\n')[0]}`)}`)
    if (inv.response !== undefined && r.family === 'custom-message') {
      const response = (inv.response as {response?: unknown} | null)?.response
      lines.push(`  response  ${JSON.stringify(response ?? inv.response)}`)
    } else if (inv.response !== undefined && inv.response !== null && r.target.kind !== 'local') {
      lines.push(`  response  ${JSON.stringify(inv.response).slice(0, 400)}`)
    }

    for (const m of inv.sms ?? []) {
      const late = m.afterReturnMs === undefined ? '' : s.red(` (${Math.round(m.afterReturnMs)} ms after the handler returned)`)
      lines.push(`  sms       → ${m.to} via ${m.channel === 'eums' ? 'End User Messaging' : 'SNS'}: ${JSON.stringify(m.body)}${m.outcome === 'failed' ? s.yellow(` [would fail: ${m.reason}]`) : ''}${late}`)
    }

    if (inv.sms && inv.sms.length === 0) lines.push(`  sms       ${s.dim('(none captured)')}`)
    if (inv.logs.length > 0) {
      lines.push('  logs')
      for (const l of inv.logs.slice(-40)) lines.push(s.dim(indent(l.replace(/\n+$/, ''), '    ').replace(/\n {4}/g, '\n      ')))
    }

    lines.push('  verdicts')
    for (const f of inv.findings) {
      lines.push(`    ${mark(s, f.status)} ${f.status === 'fail' ? s.red(f.id) : f.id}  ${f.message}`)
      if (f.fix && f.status !== 'pass') lines.push(indent(`${s.cyan('fix:')} ${f.fix}`, '        '))
    }
  }

  if (r.load) {
    const l = r.load
    lines.push(
      `  load      ${l.count} invocations, concurrency ${l.concurrency}: p50 ${ms(l.latencyMs.p50)}, p95 ${ms(l.latencyMs.p95)}, p99 ${ms(l.latencyMs.p99)}, max ${ms(l.latencyMs.max)}`,
      `            errors ${l.errors}, cold starts ${l.coldStarts}, over ${ms(l.budgetMs)}: ${l.overBudget} (${(l.overBudgetShare * 100).toFixed(1)}%), ${l.throughputPerSecond}/s`,
    )
    if (r.failures.length > 0) lines.push(`            failed verdicts: ${r.failures.map((f) => `${f.id} ×${f.count}`).join(', ')}`)
  }

  for (const note of r.notes) lines.push(s.dim(`  note: ${note}`))
  return lines.join('\n')
}
