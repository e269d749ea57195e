/**
 * `mfa-sms sandbox` end to end: the built binary against an in-process `mfa-sms local` server,
 * without a terminal (the interactive paths are in sandbox-interactive.test.ts).
 */
import {describe, expect, it} from 'vitest'

import type {ScenarioInput} from '../../src/lib/local/scenario.js'
import {runCli} from '../helpers/cli.js'
import {useLocalServer} from '../helpers/local-server.js'

const ACCOUNT = '111122223333'
const FULL = Array.from({length: 10}, (_, i) => `+120655501${String(i).padStart(2, '0')}`)

const scenario: ScenarioInput = {
  account: {id: ACCOUNT},
  name: 'sandbox-e2e',
  regions: {
    // Sandboxed (a new account): the full cycle runs here.
    'us-west-2': {
      sandbox: {
        pendingNumbers: [
          {otp: '424242', phoneNumber: '+12065550170'},
          {attempts: 5, lastAttemptAt: '1h ago', phoneNumber: '+12065550171'},
        ],
        verifiedNumbers: [{phoneNumber: '+12065550150', verifiedAt: '25h ago'}],
      },
      sms: {optedOut: ['+12065550166']},
    },
    // Production, with delivery logging.
    'us-east-1': {
      sandbox: {inSandbox: false},
      sms: {attributes: {DefaultSMSType: 'Transactional', DeliveryStatusIAMRole: `arn:aws:iam::${ACCOUNT}:role/SNSDeliveryLogs`, MonthlySpendLimit: '20'}, maxSpendLimitUsd: 100},
    },
    // SNS says sandbox, End User Messaging says production.
    'ca-central-1': {sms: {accountTier: 'PRODUCTION'}},
    // All 10 slots used.
    'ap-southeast-2': {sandbox: {verifiedNumbers: FULL}},
    // A Frankfurt pool without SnsRegion sends from Ireland.
    'eu-central-1': {
      sandbox: {inSandbox: false},
      userPools: [{Id: 'eu-central-1_SmsPool1', Name: 'shop', SmsConfiguration: {ExternalId: 'x', SnsCallerArn: `arn:aws:iam::${ACCOUNT}:role/CognitoSms`}}],
    },
    'eu-west-1': {sandbox: {verifiedNumbers: ['+12065550160']}},
  },
}

const local = useLocalServer(scenario)
const {env, operationsDuring} = local
const otpFor = local.sandboxCode
const cli = (args: string[], region = 'us-west-2') => runCli(args, {env: env(region)})

describe('sandbox: the full add → code → verify → list → delete cycle', () => {
  const phone = '+12065550123'

  it('add without a terminal sends the code and says how to finish (exit 0, Pending)', async () => {
    const run = await cli(['sandbox', 'add', phone, '--json'])
    expect(run.code).toBe(0)
    const out = run.json()
    expect(out).toMatchObject({command: 'sandbox add', ok: true, status: 0})
    expect(out.result).toMatchObject({codeSent: true, phoneNumber: phone, region: 'us-west-2', status: 'pending'})
    expect(out.result.next).toBe(`mfa-sms sandbox verify ${phone} --code <otp> --region us-west-2`)
    expect(out.warnings.join(' ')).toMatch(/fictional/)
  })

  it('the code arrives in en-US by default (AWS\'s default LanguageCode)', async () => {
    const sent = (await local.inbox()).messages.filter((m) => m.to === phone && m.channel === 'sandbox-otp').at(-1)
    expect(sent?.language).toBe('en-US')
  })

  it('add --language de-DE sends LanguageCode de-DE: the captured code is recorded in de-DE', async () => {
    const german = '+12065550128'
    const run = await cli(['sandbox', 'add', german, '--language', 'de-DE', '--json'])
    expect(run.code).toBe(0)
    expect(run.json().result).toMatchObject({codeSent: true, language: 'de-DE', phoneNumber: german, status: 'pending'})
    const sent = (await local.inbox()).messages.filter((m) => m.to === german && m.channel === 'sandbox-otp')
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({from: 'AWS', language: 'de-DE', region: 'us-west-2'})
  })

  it('list shows it Pending', async () => {
    const run = await cli(['sandbox', 'list', '--json'])
    expect(run.code).toBe(0)
    expect(run.json().result.numbers).toContainEqual({country: 'US', phoneNumber: phone, status: 'Pending'})
  })

  it('verify with the code from the inbox; the code is never printed', async () => {
    const code = await otpFor(phone)
    const run = await cli(['sandbox', 'verify', phone, '--code', code])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(`${phone} is verified in the SMS sandbox of us-west-2`)
    expect(run.stdout + run.stderr).not.toContain(code)
  })

  it('list shows it Verified, with the slots used', async () => {
    const run = await cli(['sandbox', 'list'])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(new RegExp(`\\${phone}\\s*│\\s*Verified`))
    expect(run.stdout).toMatch(/of 10 sandbox slots used in us-west-2/)
  })

  it('delete right after verifying meets the 24-hour rule (exit 1, explained)', async () => {
    const run = await cli(['sandbox', 'delete', phone, '--yes'])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/only 24 hours after it was verified or after its last verification attempt/)
    expect(run.stderr).toContain('[SANDBOX_DELETE_TOO_SOON]')
    const json = await cli(['sandbox', 'delete', phone, '--yes', '--json'])
    expect(json.json()).toMatchObject({error: {code: 'SANDBOX_DELETE_TOO_SOON'}, ok: false, status: 1})
  })

  it('delete of a number verified 25 hours ago works', async () => {
    const run = await cli(['sandbox', 'delete', '+12065550150', '--yes', '--json'])
    expect(run.code).toBe(0)
    expect(run.json().result).toMatchObject({deleted: true, phoneNumber: '+12065550150', region: 'us-west-2'})
    const list = await cli(['sandbox', 'list', '--json'])
    expect(list.json().result.numbers.map((n: {phoneNumber: string}) => n.phoneNumber)).not.toContain('+12065550150')
  })
})

describe('sandbox: acting where a user pool really sends from', () => {
  it('--user-pool-id of a Frankfurt pool without SnsRegion lists Ireland, and says so', async () => {
    const run = await cli(['sandbox', 'list', '--user-pool-id', 'eu-central-1_SmsPool1', '--json'], 'eu-central-1')
    expect(run.code).toBe(0)
    const {result} = run.json()
    expect(result.region).toBe('eu-west-1')
    expect(result.target).toMatchObject({region: 'eu-west-1', source: 'user-pool', userPool: {cognitoRegion: 'eu-central-1', id: 'eu-central-1_SmsPool1', smsRegionFrom: 'legacy-default'}})
    expect(result.target.explanation).toMatch(/Acting in eu-west-1 \(Europe \(Ireland\)\), where user pool eu-central-1_SmsPool1 \(shop\) sends SMS from/)
    expect(result.numbers).toEqual([{country: 'US', phoneNumber: '+12065550160', status: 'Verified'}])
  })

  it('people see the region on stderr and in the status heading', async () => {
    const run = await cli(['sandbox', 'status', '--user-pool-id', 'eu-central-1_SmsPool1'], 'eu-central-1')
    expect(run.code).toBe(0)
    expect(run.stderr).toMatch(/Acting in eu-west-1 .*legacy default for eu-central-1/)
    expect(run.stdout).toMatch(/In the SMS sandbox in eu-west-1/)
    expect(run.stdout).toContain('for user pool eu-central-1_SmsPool1')
  })

  it('a malformed pool id or region is bad input before any call', async () => {
    const ops = await operationsDuring(async () => {
      expect((await cli(['sandbox', 'status', '--user-pool-id', 'not-a-pool'])).code).toBe(2)
      const typo = await cli(['sandbox', 'status', '--region', 'us-wset-2'])
      expect(typo.code).toBe(2)
      expect(typo.stderr).toContain('Did you mean us-west-2?')
    })
    expect(ops).toEqual([])
  })
})

describe('sandbox status', () => {
  it('a sandboxed region: in the sandbox, numbers of 10, what to do next', async () => {
    const run = await cli(['sandbox', 'status', '--json'])
    expect(run.code).toBe(0)
    const {result} = run.json()
    expect(result.mode).toMatchObject({accountTier: 'SANDBOX', disagree: false, inSandbox: true, snsInSandbox: true})
    expect(result.verifiedNumbers.max).toBe(10)
    expect(result.spendLimit).toEqual({limitUsd: 1, maxUsd: 1, source: 'End User Messaging'})
    expect(result.deliveryLogging).toEqual({enabled: false, logGroups: []})
    expect(result.defaultSmsType).toEqual({set: false, value: 'Promotional'})
    expect(result.nextSteps.join('\n')).toMatch(/request production access for SMS in us-west-2/)
  })

  it('production with delivery logging: the log groups name the account', async () => {
    const run = await cli(['sandbox', 'status', '--json'], 'us-east-1')
    const {result} = run.json()
    expect(result.mode.inSandbox).toBe(false)
    expect(result.spendLimit).toEqual({limitUsd: 20, maxUsd: 100, source: 'End User Messaging'})
    expect(result.deliveryLogging.logGroups).toEqual([`sns/us-east-1/${ACCOUNT}/DirectPublishToPhoneNumber`, `sns/us-east-1/${ACCOUNT}/DirectPublishToPhoneNumber/Failure`])
    const human = await cli(['sandbox', 'status'], 'us-east-1')
    expect(human.stdout).toMatch(/Out of the SMS sandbox \(production\) in us-east-1/)
    expect(human.stdout).toMatch(/delivery logging\s+on/)
  })

  it('SNS and End User Messaging disagreeing: both shown, and a warning', async () => {
    const run = await cli(['sandbox', 'status'], 'ca-central-1')
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/SNS\s+in the sandbox/)
    expect(run.stdout).toMatch(/End User Messaging\s+ACCOUNT_TIER PRODUCTION \(differs from SNS\)/)
    const json = await cli(['sandbox', 'status', '--json'], 'ca-central-1')
    expect(json.json().warnings.join(' ')).toMatch(/SNS says the account is in the SMS sandbox in ca-central-1, but End User Messaging reports ACCOUNT_TIER PRODUCTION/)
  })

  it('End User Messaging denied: SNS facts still shown, the gap named', async () => {
    local.server.faults.add({kind: 'access-denied', target: 'sms-voice:*'})
    const run = await cli(['sandbox', 'status', '--json'])
    expect(run.code).toBe(0)
    const out = run.json()
    expect(out.result.mode).toMatchObject({inSandbox: true, snsInSandbox: true})
    expect(out.warnings.join('\n')).toMatch(/Not shown: Access denied .*sms-voice:DescribeAccountAttributes/)
  })
})

describe('sandbox add / verify in a production account', () => {
  it('add says it is not needed and why, and texts nothing', async () => {
    const phone = '+12065550124'
    const run = await cli(['sandbox', 'add', phone, '--json'], 'us-east-1')
    expect(run.code).toBe(0)
    expect(run.json().result).toMatchObject({codeSent: false, status: 'not-needed'})
    expect(run.json().result.reason).toMatch(/out of the SMS sandbox in us-east-1 .*not needed/)
    expect((await local.inbox()).messages.some((m) => m.to === phone)).toBe(false)
    const human = await cli(['sandbox', 'add', phone], 'us-east-1')
    expect(human.stdout).toMatch(/Not needed: The account is out of the SMS sandbox in us-east-1/)
  })

  it('verify says the same', async () => {
    const run = await cli(['sandbox', 'verify', '+12065550124', '--code', '123456', '--json'], 'us-east-1')
    expect(run.code).toBe(0)
    expect(run.json().result.status).toBe('not-needed')
  })
})

describe('sandbox: bad input, refused before any call', () => {
  it('a number that is not E.164 (exit 2, the fix named)', async () => {
    const ops = await operationsDuring(async () => {
      const run = await cli(['sandbox', 'add', '+1 206 555 0123'])
      expect(run.code).toBe(2)
      expect(run.stderr).toMatch(/contains spaces/)
      expect(run.stderr).toContain('[BAD_PHONE_NUMBER]')
    })
    expect(ops).toEqual([])
  })

  it('an unknown --language (did you mean)', async () => {
    const run = await cli(['sandbox', 'add', '+12065550125', '--language', 'en-UK', '--json'])
    expect(run.code).toBe(2)
    expect(run.json().error).toMatchObject({code: 'BAD_LANGUAGE'})
  })

  it('a --code that is not 5-8 digits', async () => {
    const ops = await operationsDuring(async () => {
      const run = await cli(['sandbox', 'verify', '+12065550170', '--code', '12ab'])
      expect(run.code).toBe(2)
      expect(run.stderr).toContain('[BAD_OTP]')
    })
    expect(ops).toEqual([])
  })

  it('verify without --code and without a terminal: exit 2 naming --code', async () => {
    const ops = await operationsDuring(async () => {
      const run = await cli(['sandbox', 'verify', '+12065550170'])
      expect(run.code).toBe(2)
      expect(run.stderr).toMatch(/there is no terminal/)
      expect(run.stderr).toContain('--code')
      const json = await cli(['sandbox', 'verify', '+12065550170', '--json'])
      expect(json.json()).toMatchObject({error: {code: 'MISSING_INPUT'}, status: 2})
      expect(json.json().error?.message).toMatch(/--json is set/)
    })
    expect(ops).toEqual([])
  })

  it('delete without --yes and without a terminal: exit 2 naming --yes, nothing deleted', async () => {
    const ops = await operationsDuring(async () => {
      const run = await cli(['sandbox', 'delete', '+12065550170'])
      expect(run.code).toBe(2)
      expect(run.stderr).toContain('pass --yes')
    })
    expect(ops).toEqual([])
  })
})

describe('sandbox: what AWS refuses, in one sentence each', () => {
  it('a wrong code: exit 1, SANDBOX_CODE_WRONG; the right one then works', async () => {
    const wrong = await cli(['sandbox', 'verify', '+12065550170', '--code', '111111', '--json'])
    expect(wrong.code).toBe(1)
    expect(wrong.json().error).toMatchObject({code: 'SANDBOX_CODE_WRONG', details: {awsError: 'VerificationException'}})
    expect(wrong.stdout).not.toContain('111111')
    const right = await cli(['sandbox', 'verify', '+12065550170', '--code', '424242', '--json'])
    expect(right.code).toBe(0)
    expect(right.json().result.status).toBe('verified')
  })

  it('verify of a number that was never added: exit 2, SANDBOX_NUMBER_NOT_FOUND', async () => {
    const run = await cli(['sandbox', 'verify', '+12065550179', '--code', '123456', '--json'])
    expect(run.code).toBe(2)
    expect(run.json().error).toMatchObject({code: 'SANDBOX_NUMBER_NOT_FOUND'})
  })

  it('delete of a number that is not there (AWS ResourceNotFound): exit 2', async () => {
    const run = await cli(['sandbox', 'delete', '+12065550179', '--yes', '--json'])
    expect(run.code).toBe(2)
    expect(run.json().error).toMatchObject({code: 'SANDBOX_NUMBER_NOT_FOUND', details: {awsError: 'ResourceNotFoundException'}})
  })

  it('add of an already verified number: nothing to do', async () => {
    const run = await cli(['sandbox', 'add', '+12065550170', '--json'])
    expect(run.code).toBe(0)
    expect(run.json().result).toMatchObject({codeSent: false, status: 'already-verified'})
  })

  it('an opted-out number (OptedOut): exit 1, PHONE_OPTED_OUT', async () => {
    const run = await cli(['sandbox', 'add', '+12065550166'])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/opted out of SMS from this account in us-west-2 \(it replied STOP\)/)
    expect(run.stderr).toContain('[PHONE_OPTED_OUT]')
  })

  it('the 10-number limit (UserError): exit 1, SANDBOX_LIMIT_REACHED with what to delete', async () => {
    const run = await cli(['sandbox', 'add', '+12065550110', '--json'], 'ap-southeast-2')
    expect(run.code).toBe(1)
    const {error} = run.json()
    expect(error).toMatchObject({code: 'SANDBOX_LIMIT_REACHED', details: {awsError: 'UserErrorException'}})
    expect(error?.hints.join(' ')).toContain('mfa-sms sandbox delete <phone> --region ap-southeast-2')
  })

  it('five codes in 24 hours (UserError): exit 1, SANDBOX_TOO_MANY_CODES', async () => {
    const run = await cli(['sandbox', 'add', '+12065550171', '--json'])
    expect(run.code).toBe(1)
    expect(run.json().error?.code).toBe('SANDBOX_TOO_MANY_CODES')
  })

  it('Throttled: exit 3, AWS_THROTTLED', async () => {
    local.server.faults.add({kind: 'throttle', target: 'sns:ListSMSSandboxPhoneNumbers'})
    const run = await cli(['sandbox', 'list', '--json'])
    expect(run.code).toBe(3)
    expect(run.json().error).toMatchObject({code: 'AWS_THROTTLED', details: {awsError: 'ThrottledException'}})
  })

  it('a denied list does not stop add: it goes ahead, saying what it could not check', async () => {
    local.server.faults.add({kind: 'access-denied', target: 'sns:ListSMSSandboxPhoneNumbers'})
    const run = await cli(['sandbox', 'add', '+12065550127', '--json'])
    expect(run.code).toBe(0)
    expect(run.json().result.status).toBe('pending')
    expect(run.json().warnings.join('\n')).toMatch(/Not checked \(going ahead; AWS will decide\): Access denied .*sns:ListSMSSandboxPhoneNumbers/)
  })

  it('AuthorizationError: exit 3, AWS_ACCESS_DENIED naming the IAM action', async () => {
    local.server.faults.add({kind: 'access-denied', target: 'sns:CreateSMSSandboxPhoneNumber'})
    const run = await cli(['sandbox', 'add', '+12065550126'])
    expect(run.code).toBe(3)
    expect(run.stderr).toMatch(/Access denied while adding \+12065550126 to the SMS sandbox \(sns:CreateSMSSandboxPhoneNumber\) in us-west-2/)
    expect(run.stderr).toContain('[AWS_ACCESS_DENIED]')
  })
})
