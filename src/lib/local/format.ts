/** Plain-text pieces for showing captured messages to people (the commands add colour). */
import type {CapturedMessage} from './inbox.js'

const CHANNEL_LABEL: Record<CapturedMessage['channel'], string> = {eums: 'eums', 'sandbox-otp': 'sandbox-otp', sns: 'sns'}

export function messageSender(m: CapturedMessage): string {
  return m.from ?? m.senderId ?? m.originationIdentity ?? '(shared route)'
}

/** "failed: Phone number is opted out" / "delivered" / "rejected (ConflictException …): …" */
export function messageOutcome(m: CapturedMessage): string {
  if (m.apiError) return `rejected (${m.apiError.code}${m.apiError.reason ? ` ${m.apiError.reason}` : ''}): ${m.reason ?? ''}`.trim()
  return m.outcome === 'delivered' ? 'delivered' : `failed: ${m.reason ?? 'unknown reason'}`
}

/** One line: `12:00:01 sns eu-west-1 +4915… ← +1833… "Your code is 123456" → delivered` */
export function messageLine(m: CapturedMessage): string {
  const time = m.time.slice(11, 19)
  return `${time} ${CHANNEL_LABEL[m.channel]} ${m.region} ${m.to} ← ${messageSender(m)} ${JSON.stringify(m.body)} → ${messageOutcome(m)}`
}
