import {Flags} from '@oclif/core'
import {setTimeout as sleep} from 'node:timers/promises'

import {BaseCommand} from '../../base-command.js'
import type {CapturedMessage} from '../../lib/local/inbox.js'
import {renderTable} from '../../ui/table.js'

export interface LocalMessagesResult {
  /** Pass as --since to see only newer messages. */
  cursor: number
  endpoint: string
  messages: CapturedMessage[]
}

export default class LocalMessages extends BaseCommand<typeof LocalMessages> {
  static override description = `Lists the SMS an \`mfa-sms local\` server captured: recipient, sender, body (the code), SMS type and the delivery outcome AWS would report, with the reason for failures ("Sandboxed account unable to send to number.", "Phone number is opted out", …).

The server is found at --endpoint-url (or AWS_ENDPOINT_URL), else http://127.0.0.1:4566. With --follow the command keeps polling and prints each new message as it arrives (with --json: one JSON object per line) until Ctrl+C.`
  static override examples = [
    {command: '<%= config.bin %> <%= command.id %>', description: 'Everything captured so far'},
    {command: '<%= config.bin %> <%= command.id %> --follow --endpoint-url http://127.0.0.1:4566', description: 'Watch codes arrive'},
    {command: '<%= config.bin %> <%= command.id %> --json --since 12', description: 'Only messages after cursor 12, for scripts'},
  ]
  static override flags = {
    follow: Flags.boolean({char: 'f', summary: 'Keep polling and print new messages until Ctrl+C.'}),
    interval: Flags.integer({default: 1000, min: 100, summary: 'Polling interval for --follow, in milliseconds.'}),
    since: Flags.integer({default: 0, min: 0, summary: 'Only messages after this cursor (see `cursor` in --json).'}),
  }
  static override summary = 'Show the SMS messages an mfa-sms local server captured.'

  async run(): Promise<LocalMessagesResult> {
    const {flags} = this
    const {DEFAULT_LOCAL_ENDPOINT, fetchInbox} = await import('../../lib/local/messages-client.js')
    const endpoint = flags['endpoint-url'] ?? DEFAULT_LOCAL_ENDPOINT
    const first = await fetchInbox(endpoint, flags.since)
    if (!flags.follow) {
      if (!this.jsonEnabled()) await this.renderTable(first.messages, endpoint)
      return {cursor: first.cursor, endpoint, messages: first.messages}
    }

    const {messageLine} = await import('../../lib/local/format.js')
    this.line = messageLine
    let cursor = first.cursor
    this.emit(first.messages)
    this.note(this.stderrStyle.dim(`following ${endpoint} (Ctrl+C to stop)`))
    for (;;) {
      await sleep(flags.interval)
      const page = await fetchInbox(endpoint, cursor)
      this.emit(page.messages)
      cursor = page.cursor
    }
  }

  private line: (m: CapturedMessage) => string = (m) => m.body

  /** --follow output: one line per message for people, one JSON object per line for --json. */
  private emit(messages: CapturedMessage[]): void {
    for (const m of messages) {
      if (this.jsonEnabled()) {
        process.stdout.write(`${JSON.stringify(m)}\n`)
        continue
      }

      const s = this.style
      this.log(m.outcome === 'delivered' ? s.green(`✓ ${this.line(m)}`) : s.red(`✗ ${this.line(m)}`))
    }
  }

  private async renderTable(messages: CapturedMessage[], endpoint: string): Promise<void> {
    const s = this.style
    if (messages.length === 0) {
      this.log(`No messages captured yet at ${endpoint}.`)
      return
    }

    const rows = messages.map((m) => [
      String(m.seq),
      `${m.time.slice(11, 19)}\n${s.dim(m.region)}`,
      m.channel + (m.smsType ? `\n${s.dim(m.smsType)}` : ''),
      m.to,
      m.from ?? m.senderId ?? s.dim('(shared route)'),
      m.body,
      m.outcome === 'delivered' ? s.green('delivered') : s.red(`${m.apiError ? `rejected ${m.apiError.code}` : 'failed'}\n${m.reason ?? ''}`),
    ])
    this.log(await renderTable(s, ['#', 'Time', 'Via', 'To', 'From', 'Body', 'Outcome'], rows))
  }
}
