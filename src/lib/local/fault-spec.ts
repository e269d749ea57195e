/**
 * The one-line fault syntax of `mfa-sms local start --fault`, mapped onto the scenario's
 * faultSchema:
 *
 *   KIND[:TARGET][:OPTION]…
 *   throttle:sns:GetSMSAttributes:times=3     access-denied:iam:GetRole
 *   latency:*:100                             server-error:sms-voice:*:503:probability=0.5
 *
 * TARGET is `*`, `service:*` or `service:Operation` (default `*`). OPTIONs are `times=N`,
 * `probability=P`, `region=R`, `ms=N` (latency), `status=500|502|503` (server-error), or a bare
 * number: the milliseconds of a latency fault, the status of a server-error fault.
 */
import {type Fault, type FaultInput, faultSchema} from './scenario.js'

const KINDS = ['latency', 'throttle', 'server-error', 'access-denied', 'hang'] as const
const SERVICE = /^[a-z0-9-]+$/
const OPERATION = /^(\*|[A-Za-z][A-Za-z0-9]*)$/
const NUMBER = /^\d+(\.\d+)?(e[-+]?\d+)?$/i
const OPTION_KEYS = ['times', 'probability', 'region', 'ms', 'status'] as const

export const FAULT_SPEC_FORM = 'KIND[:SERVICE:OPERATION|:*][:OPTION…], e.g. throttle:sns:GetSMSAttributes:times=3, latency:*:100 or access-denied:iam:GetRole'

export class FaultSpecError extends Error {
  constructor(
    readonly spec: string,
    reason: string,
  ) {
    super(`--fault ${JSON.stringify(spec)}: ${reason}; expected ${FAULT_SPEC_FORM}`)
    this.name = 'FaultSpecError'
  }
}

function isOption(token: string): boolean {
  return token.includes('=') || NUMBER.test(token)
}

/** Parses one --fault value into a validated Fault. Throws FaultSpecError (one line) when it is not one. */
export function parseFaultSpec(spec: string): Fault {
  const fail: (reason: string) => never = (reason) => {
    throw new FaultSpecError(spec, reason.replaceAll(/\s+/g, ' '))
  }

  const tokens = spec.trim().split(':')
  const kind = tokens[0] ?? ''
  if (!(KINDS as readonly string[]).includes(kind)) fail(`"${kind}" is not a fault kind (${KINDS.join(', ')})`)

  let rest = tokens.slice(1)
  let target = '*'
  const first = rest[0]
  if (first === '*') {
    rest = rest.slice(1)
  } else if (first !== undefined && !isOption(first)) {
    const operation = rest[1]
    if (!SERVICE.test(first)) fail(`"${first}" is not a service name such as sns or sms-voice`)
    if (operation === undefined || !OPERATION.test(operation)) fail(`the target needs an operation after "${first}" (e.g. ${first}:* or ${first}:GetSMSAttributes)`)
    target = `${first}:${operation}`
    rest = rest.slice(2)
  }

  const fault: Record<string, unknown> = {kind, target}
  for (const token of rest) {
    let key: string
    let value: string
    if (NUMBER.test(token)) {
      if (kind !== 'latency' && kind !== 'server-error') fail(`a bare number means milliseconds (latency) or a status (server-error), not anything for ${kind}`)
      key = kind === 'latency' ? 'ms' : 'status'
      value = token
    } else {
      const at = token.indexOf('=')
      if (at <= 0) fail(`"${token}" is not an option (${OPTION_KEYS.map((k) => `${k}=…`).join(', ')})`)
      key = token.slice(0, at)
      value = token.slice(at + 1)
      if (!(OPTION_KEYS as readonly string[]).includes(key)) fail(`"${key}" is not an option (${OPTION_KEYS.join(', ')})`)
    }

    if (key in fault) fail(`${key} is given twice`)
    if (key === 'region') {
      fault.region = value
    } else {
      if (!NUMBER.test(value)) fail(`${key} must be a number, not "${value}"`)
      fault[key] = Number(value)
    }
  }

  const parsed = faultSchema.safeParse(fault)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : ''
    fail(issue?.code === 'unrecognized_keys' ? `${issue.keys.join(', ')} does not apply to ${kind}` : `${where}${issue?.message ?? 'not a fault'}`)
  }

  return parsed.data
}

/** The --fault form of a fault (parseFaultSpec(formatFaultSpec(f)) gives f back). */
export function formatFaultSpec(fault: Fault | FaultInput): string {
  const parts: string[] = [fault.kind, fault.target ?? '*']
  if (fault.kind === 'latency') parts.push(String(fault.ms))
  if (fault.kind === 'server-error' && fault.status !== undefined) parts.push(`status=${fault.status}`)
  if (fault.times !== undefined) parts.push(`times=${fault.times}`)
  if (fault.probability !== undefined) parts.push(`probability=${fault.probability}`)
  if (fault.region !== undefined) parts.push(`region=${fault.region}`)
  return parts.join(':')
}
