/**
 * The inbox: every SMS the emulator "sent" (SNS Publish, End User Messaging SendTextMessage and
 * the SNS sandbox's own verification codes), with the delivery outcome AWS would report. It lives
 * in memory on the server and is served at GET /_mfa-sms/messages. Bodies are kept in full: showing
 * the captured codes is what the inbox is for.
 */
import {EventEmitter} from 'node:events'

export type MessageChannel = 'eums' | 'sandbox-otp' | 'sns'
export type MessageOutcome = 'delivered' | 'failed'

export interface CapturedMessage {
  /** The End User Messaging / SNS error the API call returned instead of a MessageId, if any. */
  apiError?: {code: string; reason?: string}
  body: string
  channel: MessageChannel
  /** The origination number, sender id or "AWS" (sandbox codes) the phone would show. */
  from?: string
  /** Sandbox codes only: the LanguageCode the code was requested in (AWS's default: en-US). The body stays English. */
  language?: string
  /** The MessageId returned to the caller; when the call was rejected (apiError), its request id. */
  id: string
  /** The origination identity as requested or resolved (number, id, ARN, pool). */
  originationIdentity?: string
  outcome: MessageOutcome
  /** Number of SMS parts the body needs (GSM-7 160/153, UCS-2 70/67 per part). */
  parts: number
  priceUsd: number
  /** Why delivery failed, in AWS's words (e.g. "Phone number is opted out"). */
  reason?: string
  region: string
  /** The delivery rule that failed it (see delivery.ts). */
  rule?: string
  senderId?: string
  /** Monotonic position in the inbox, for `?since=` cursors. */
  seq: number
  smsType?: string
  time: string
  to: string
}

export interface InboxPage {
  /** Pass back as `since` to get only newer messages. */
  cursor: number
  messages: CapturedMessage[]
}

export class Inbox {
  private readonly emitter = new EventEmitter()
  private readonly messages: CapturedMessage[] = []
  private nextSeq = 1

  constructor(private readonly limit = 10_000) {}

  add(message: Omit<CapturedMessage, 'seq'>): CapturedMessage {
    const stored: CapturedMessage = {...message, seq: this.nextSeq++}
    this.messages.push(stored)
    if (this.messages.length > this.limit) this.messages.splice(0, this.messages.length - this.limit)
    this.emitter.emit('message', stored)
    return stored
  }

  clear(): void {
    this.messages.length = 0
  }

  /** Messages with seq greater than `since` (all when 0 or absent), oldest first. */
  list(since = 0): InboxPage {
    const messages = this.messages.filter((m) => m.seq > since)
    return {cursor: Math.max(since, this.nextSeq - 1), messages}
  }

  /** The most recent message to `to` (e.g. to read a sandbox OTP in a test). */
  latestTo(to: string): CapturedMessage | undefined {
    for (let i = this.messages.length - 1; i >= 0; i--) if (this.messages[i]!.to === to) return this.messages[i]
    return undefined
  }

  onMessage(listener: (message: CapturedMessage) => void): () => void {
    this.emitter.on('message', listener)
    return () => this.emitter.off('message', listener)
  }
}
