/**
 * `mfa-sms send` end to end: the built binary against an in-process `mfa-sms local`, reading what
 * was "sent" from the emulator's inbox. The confirmation prompt runs in a pseudo-terminal (`script`).
 */
import {describe, expect, it} from 'vitest'

import type {CapturedMessage} from '../../src/lib/local/inbox.js'
import type {ScenarioInput} from '../../src/lib/local/scenario.js'
import {runCli} from '../helpers/cli.js'
import {useLocalServer} from '../helpers/local-server.js'
import {Pty} from '../helpers/pty.js'

const ACCOUNT = '111122223333'
const SIMULATOR_ORIGINATION = '+12065550199'
const SIMULATOR_DESTINATION = '+14254147755'

const scenario: ScenarioInput = {
  account: {id: ACCOUNT},
  name: 'send-e2e',
  regions: {
    // Sandboxed, one verified number, nothing that can reach US phones.
    'eu-west-1': {sandbox: {verifiedNumbers: ['+12065550110']}, sms: {optedOut: ['+12065550166']}},
    // Production, a toll-free and a simulator number, delivery logging on.
    'us-east-1': {
      originationNumbers: [
        {numberType: 'TOLL_FREE', phoneNumber: '+18005550100'},
        {capabilities: ['SMS'], numberType: 'SIMULATOR', phoneNumber: SIMULATOR_ORIGINATION},
      ],
      sandbox: {inSandbox: false},
      sms: {attributes: {DeliveryStatusIAMRole: `arn:aws:iam::${ACCOUNT}:role/SNSDeliveryLogs`}, maxSpendLimitUsd: 100, optedOut: ['+12065550166']},
    },
    // A pool in Ohio without SnsRegion sends from N. Virginia.
    'us-east-2': {userPools: [{Id: 'us-east-2_OhioPool1', Name: 'ohio', SmsConfiguration: {SnsCallerArn: `arn:aws:iam::${ACCOUNT}:role/CognitoSms`}}]},
    // Production, but no US origination identity.
    'us-west-2': {sandbox: {inSandbox: false}, sms: {maxSpendLimitUsd: 100}},
    // Production, the month's spend used up.
    'ap-southeast-2': {sandbox: {inSandbox: false}, sms: {maxSpendLimitUsd: 1, spentThisMonthUsd: 1}},
  },
}

const local = useLocalServer(scenario)
const {env} = local
const send = (args: string[], region = 'us-east-1') => runCli(['send', ...args], {env: env(region)})

/** Runs `fn`; returns the SMS the emulator captured and the operations called meanwhile. */
async function during(fn: () => Promise<unknown>): Promise<{captured: CapturedMessage[]; operations: string[]}> {
  const {cursor} = await local.inbox()
  const operations = await local.operationsDuring(fn)
  return {captured: (await local.inbox(cursor)).messages, operations}
}

const warningCodes = (result: {warnings: {code: string}[]}) => result.warnings.map((w) => w.code)

describe('send: a real send, captured', () => {
  it('SNS Publish, Transactional, with the MessageId, what it means, and the log groups', async () => {
    let run!: Awaited<ReturnType<typeof send>>
    const {captured} = await during(async () => {
      run = await send(['+12065550123', '--message', 'mfa-sms e2e hello', '--yes', '--json'])
    })
    expect(run.code).toBe(0)
    const {result} = run.json()
    expect(result).toMatchObject({accepted: true, destination: '+12065550123', dryRun: false, region: 'us-east-1', via: 'sns'})
    expect(warningCodes(result)).toEqual(['PHONE'])
    expect(result.logGroups).toEqual([`sns/us-east-1/${ACCOUNT}/DirectPublishToPhoneNumber`, `sns/us-east-1/${ACCOUNT}/DirectPublishToPhoneNumber/Failure`])
    expect(result.notes[0]).toMatch(/accepted the message, not that the phone received it/)
    expect(captured).toHaveLength(1)
    expect(captured[0]).toMatchObject({body: 'mfa-sms e2e hello', channel: 'sns', id: result.messageId, region: 'us-east-1', smsType: 'Transactional', to: '+12065550123'})
  })

  it('people read the MessageId, "accepted, not delivered", the log group and the simulator tip', async () => {
    const run = await send(['+12065550124', '--yes'])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/✓ Accepted by SNS Publish: MessageId [0-9a-f-]{36}/)
    expect(run.stdout).toContain('A MessageId means AWS accepted the message, not that the phone received it')
    expect(run.stdout).toContain(`sns/us-east-1/${ACCOUNT}/DirectPublishToPhoneNumber/Failure`)
    expect(run.stdout).toMatch(/SMS simulator number instead, e\.g\. \+14254147755/)
  })

  it('End User Messaging to the SMS simulator, from the simulator number: delivered, no warnings', async () => {
    let run!: Awaited<ReturnType<typeof send>>
    const {captured} = await during(async () => {
      run = await send([SIMULATOR_DESTINATION, '--via', 'eums', '--origination', SIMULATOR_ORIGINATION, '--yes', '--json'])
    })
    expect(run.code).toBe(0)
    expect(run.json().result.warnings).toEqual([])
    expect(captured).toEqual([expect.objectContaining({channel: 'eums', from: SIMULATOR_ORIGINATION, id: run.json().result.messageId, outcome: 'delivered', to: SIMULATOR_DESTINATION})])
  })

  it('--user-pool-id sends from the region the pool really uses (Ohio pool → N. Virginia)', async () => {
    const run = await send(['+12065550125', '--user-pool-id', 'us-east-2_OhioPool1', '--yes', '--json'], 'us-east-2')
    expect(run.code).toBe(0)
    expect(run.json().result).toMatchObject({region: 'us-east-1', target: {source: 'user-pool', userPool: {id: 'us-east-2_OhioPool1', smsRegionFrom: 'legacy-default'}}})
  })
})

describe('send: warnings before sending', () => {
  it('sandboxed and unverified: warned, still accepted by SNS, and the emulator records why it failed', async () => {
    let run!: Awaited<ReturnType<typeof send>>
    const {captured} = await during(async () => {
      run = await send(['+12065550130', '--yes', '--json'], 'eu-west-1')
    })
    expect(run.code).toBe(0)
    const out = run.json()
    expect(warningCodes(out.result)).toContain('SANDBOX_UNVERIFIED')
    expect(out.warnings.join('\n')).toMatch(/in the SMS sandbox in eu-west-1 and \+12065550130 is not a verified sandbox number/)
    expect(captured[0]).toMatchObject({outcome: 'failed', reason: 'Sandboxed account unable to send to number.'})
  })

  it('a verified number in the sandbox gets no sandbox warning', async () => {
    const run = await send(['+12065550110', '--yes', '--json'], 'eu-west-1')
    expect(warningCodes(run.json().result)).not.toContain('SANDBOX_UNVERIFIED')
  })

  it('a US number and no US origination identity in the region', async () => {
    const run = await send(['+12065550131', '--yes', '--json'], 'us-west-2')
    expect(run.code).toBe(0)
    expect(warningCodes(run.json().result)).toContain('US_NO_ORIGINATION')
    expect(run.json().warnings.join('\n')).toMatch(/us-west-2 has no active toll-free, 10DLC or short-code number/)
  })

  it('an opted-out number', async () => {
    const run = await send(['+12065550166', '--yes'])
    expect(run.code).toBe(0)
    expect(run.stderr).toMatch(/\+12065550166 has opted out of SMS from this account in us-east-1/)
    expect(run.stdout).toMatch(/sent despite the warnings above: expect it not to arrive/)
  })

  it('an --origination that does not exist in the region', async () => {
    const run = await send(['+12065550132', '--via', 'eums', '--origination', '+18005550111', '--yes', '--json'])
    expect(run.code).toBe(2)
    expect(run.json().warnings.join('\n')).toMatch(/\+18005550111 is not among those in us-east-1/)
    expect(run.json().error).toMatchObject({code: 'ORIGINATION_NOT_FOUND'})
  })
})

describe('send: --dry-run (End User Messaging)', () => {
  it('validates without sending: no confirmation needed, nothing captured', async () => {
    let run!: Awaited<ReturnType<typeof send>>
    const {captured, operations} = await during(async () => {
      run = await send([SIMULATOR_DESTINATION, '--dry-run', '--origination', SIMULATOR_ORIGINATION, '--json'])
    })
    expect(run.code).toBe(0)
    expect(run.json().result).toMatchObject({accepted: true, dryRun: true, via: 'eums'})
    expect(run.json().result.notes[0]).toBe('Dry run: End User Messaging validated the message; nothing was sent and nothing is billed.')
    expect(operations).toContain('SendTextMessage')
    expect(captured).toEqual([])
  })

  it('a dry run to an unverified number in the sandbox fails like the real send would (exit 1), capturing nothing', async () => {
    let run!: Awaited<ReturnType<typeof send>>
    const {captured} = await during(async () => {
      run = await send(['+12065550133', '--dry-run', '--json'], 'eu-west-1')
    })
    expect(run.code).toBe(1)
    expect(run.json().error).toMatchObject({code: 'DESTINATION_NOT_VERIFIED', details: {reason: 'DESTINATION_PHONE_NUMBER_NOT_VERIFIED'}})
    expect(captured).toEqual([])
  })

  it('--via sns --dry-run is bad input, before any call', async () => {
    const {operations} = await during(async () => {
      const run = await send(['+12065550134', '--via', 'sns', '--dry-run'])
      expect(run.code).toBe(2)
      expect(run.stderr).toContain('[DRY_RUN_NEEDS_EUMS]')
    })
    expect(operations).toEqual([])
  })
})

describe('send: End User Messaging refusals, one sentence each', () => {
  it.each([
    ['eu-west-1', '+12065550135', 'DESTINATION_NOT_VERIFIED', /not a verified destination/],
    ['us-west-2', '+12065550136', 'NO_ORIGINATION_IDENTITY', /No origination identity in us-west-2 can send to \+12065550136/],
    ['us-east-1', '+12065550166', 'PHONE_OPTED_OUT', /has opted out/],
    ['ap-southeast-2', '+12065550137', 'SPEND_LIMIT_REACHED', /monthly SMS spend limit in ap-southeast-2 is used up/],
  ])('%s %s → %s (exit 1)', async (region, phone, code, message) => {
    const run = await send([phone, '--via', 'eums', '--yes'], region)
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(`[${code}]`)
    expect(run.stderr).toMatch(message)
  })
})

describe('send: confirmation', () => {
  it('without a terminal and without --yes: warnings, then exit 2 naming --yes; nothing sent', async () => {
    const {captured, operations} = await during(async () => {
      const run = await send(['+12065550140'], 'eu-west-1')
      expect(run.code).toBe(2)
      expect(run.stderr).toMatch(/not a verified sandbox number/)
      expect(run.stderr).toContain('pass --yes')
      const json = await send(['+12065550140', '--json'], 'eu-west-1')
      expect(json.json()).toMatchObject({error: {code: 'MISSING_INPUT'}, status: 2})
    })
    expect(captured).toEqual([])
    expect(operations).not.toContain('Publish')
  })

  it('bad input (a number that is not E.164) stops before any call', async () => {
    const {operations} = await during(async () => {
      const run = await send(['0206 555 0123', '--yes'])
      expect(run.code).toBe(2)
      expect(run.stderr).toContain('[BAD_PHONE_NUMBER]')
    })
    expect(operations).toEqual([])
  })
})

// ---------------------------------------------------------------------------------------------
// On a terminal (util-linux `script` provides the pseudo-terminal)

describe('send on a terminal', {timeout: 60_000}, () => {
  it('asks before a billed send: "no" sends nothing (exit 1)', async () => {
    const {captured, operations} = await during(async () => {
      const t = new Pty(['send', '+12065550141'], env('us-east-1'))
      await t.waitFor(/Send one SMS to \+12065550141 from us-east-1 via SNS\? AWS bills it\./)
      t.type('n\r')
      expect(await t.exit).toBe(1)
      expect(t.text).toContain('Nothing sent to +12065550141. [CANCELLED]')
    })
    expect(captured).toEqual([])
    expect(operations).not.toContain('Publish')
  })

  it('Ctrl+C at the question exits 130 with nothing sent', async () => {
    const {captured} = await during(async () => {
      const t = new Pty(['send', '+12065550142'], env('eu-west-1'))
      await t.waitFor(/Send one SMS to \+12065550142 from eu-west-1 via SNS anyway\? AWS bills it\./)
      expect(t.text).toMatch(/not a verified sandbox number/)
      t.type('\u0003')
      expect(await t.exit).toBe(130)
    })
    expect(captured).toEqual([])
  })

  it('"yes" sends', async () => {
    const {captured} = await during(async () => {
      const t = new Pty(['send', '+12065550143'], env('us-east-1'))
      await t.waitFor(/Send one SMS/)
      t.type('y\r')
      expect(await t.exit).toBe(0)
      expect(t.text).toMatch(/Accepted by SNS Publish: MessageId/)
    })
    expect(captured).toEqual([expect.objectContaining({channel: 'sns', to: '+12065550143'})])
  })
})
