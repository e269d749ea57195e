import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../../base-command.js'
import {ExitCode} from '../../errors.js'
import {analysePhone, type PhoneAnalysis} from '../../lib/knowledge/phone.js'
import {MARK} from '../../ui/style.js'

export interface PhoneCheckResult {
  numbers: PhoneAnalysis[]
  summary: {errors: number; numbers: number; warnings: number}
}

export default class PhoneCheck extends BaseCommand<typeof PhoneCheck> {
  static override args = {
    number: Args.string({description: 'Phone numbers to check, e.g. +12065550100 (quote numbers with spaces).', required: true}),
  }
  static override description = `Each number is read the way SNS, End User Messaging and Cognito read it: strict E.164 ("+" then digits, nothing else) or an error; a number that is well-formed but not valid for its country is a warning. It also says which country it belongs to (US and Canada both start +1), whether a US origination identity is needed to reach it, and whether it is a fictional 555-01xx number or an AWS SMS simulator number.

Exit codes: 0 every number is usable (warnings allowed), 2 at least one number is malformed.`
  static override examples = [
    {command: '<%= config.bin %> <%= command.id %> +12065550100', description: 'A fictional US number'},
    {command: "<%= config.bin %> <%= command.id %> '+1 555 0100' +14254147755 +447860019066", description: 'Several at once'},
    {command: '<%= config.bin %> <%= command.id %> 0612345678 --default-country FR --json', description: 'A national number, with a suggested fix'},
  ]
  static override flags = {
    'default-country': Flags.string({summary: 'ISO country to read numbers without "+" in, to suggest the E.164 form (they stay errors).'}),
  }
  static override strict = false
  static override summary = 'Check phone numbers as SNS and End User Messaging will see them.'

  async run(): Promise<PhoneCheckResult> {
    const {argv} = await this.parse(PhoneCheck)
    const numbers = (argv as string[]).map((input) => analysePhone(input, {defaultCountry: this.flags['default-country']}))
    const count = (severity: string) => numbers.filter((n) => n.problems.some((p) => p.severity === severity)).length
    const result = {numbers, summary: {errors: count('error'), numbers: numbers.length, warnings: count('warning')}}
    if (result.summary.errors > 0) this.setExitCode(ExitCode.badInput)
    if (!this.jsonEnabled()) this.render(numbers)
    return result
  }

  private render(numbers: PhoneAnalysis[]): void {
    const s = this.style
    const marks = {error: s.red(MARK.fail), info: s.cyan(MARK.info), warning: s.yellow(MARK.warn)}
    for (const [index, n] of numbers.entries()) {
      if (index > 0) this.log('')
      const worst = n.problems.find((p) => p.severity === 'error') ? 'error' : n.problems.find((p) => p.severity === 'warning') ? 'warning' : undefined
      const head = worst === 'error' ? s.red(MARK.fail) : worst === 'warning' ? s.yellow(MARK.warn) : s.green(MARK.pass)
      this.log(`${head} ${s.bold(n.input)}`)
      const facts: [string, string][] = [
        ['E.164', n.e164 ? (n.possible ? n.e164 : `${n.e164} ${s.dim('(not a possible number)')}`) : s.dim('unknown')],
        ['country', n.country ? `${n.country} (+${n.countryCallingCode})` : s.dim('unknown')],
        ['valid', n.valid ? 'yes' : 'no'],
        ['type', n.numberType ?? s.dim('unknown')],
        ['US origination', n.needsUsOriginationIdentity ? 'needed' : 'not needed'],
      ]
      if (n.simulator) facts.push(['simulator', `${n.simulator.countryName}, ${n.simulator.outcome}`])
      if (n.fictional) facts.push(['fictional', 'yes (555-01xx never receives SMS)'])
      for (const [label, value] of facts) this.log(`  ${s.dim(label.padEnd(15))}${value}`)
      for (const p of n.problems) {
        this.log(`  ${marks[p.severity]} ${p.message}${p.fix ? `\n    ${s.cyan('fix:')} ${p.fix}` : ''}`)
      }
    }

    // Malformed numbers also get one line each on stderr, so scripts see why it exited 2.
    for (const n of numbers) {
      const error = n.problems.find((p) => p.severity === 'error')
      if (error) process.stderr.write(`${this.stderrStyle.red(MARK.fail)} ${n.input}: ${error.message}${error.fix ? ` (${error.fix})` : ''}\n`)
    }
  }
}
