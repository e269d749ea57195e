/**
 * `mfa-sms sandbox` on a terminal: the built binary run inside a pseudo-terminal (util-linux
 * `script`), typing into @inquirer/prompts like a person, against an in-process `mfa-sms local`.
 */
import {describe, expect, it} from 'vitest'

import {runCli} from '../helpers/cli.js'
import {useLocalServer} from '../helpers/local-server.js'
import {Pty} from '../helpers/pty.js'

const REGION = 'us-west-2'

const local = useLocalServer({
  regions: {
    [REGION]: {
      sandbox: {
        pendingNumbers: [{otp: '424242', phoneNumber: '+12065550172'}],
        verifiedNumbers: [
          {phoneNumber: '+12065550151', verifiedAt: '30h ago'},
          {phoneNumber: '+12065550152', verifiedAt: '30h ago'},
        ],
      },
    },
  },
})

const env = () => local.env(REGION)
const otpFor = local.sandboxCode

async function statusOf(phone: string): Promise<string | undefined> {
  const run = await runCli(['sandbox', 'list', '--json'], {env: env()})
  return (run.json().result.numbers as {phoneNumber: string; status: string}[]).find((n) => n.phoneNumber === phone)?.status
}

// Each test drives a real process on a terminal; give slow, busy machines room.
describe('sandbox on a terminal', {timeout: 60_000}, () => {
  it('add: asks for the code, refuses a wrong one, accepts the right one', async () => {
    const phone = '+12065550130'
    const pty = new Pty(['sandbox', 'add', phone], env())
    let at = await pty.waitFor(/Code texted to \+12065550130:/)
    const code = await otpFor(phone)
    const wrong = code === '000000' ? '999999' : '000000'
    pty.type(`${wrong}\r`)
    at = await pty.waitFor(/AWS did not accept that code\. Check the latest text and try again \(2 tries left\)/, at)
    await pty.waitFor(/Code texted to \+12065550130:/, at)
    pty.type(`${code}\r`)
    expect(await pty.exit).toBe(0)
    expect(pty.text).toContain(`${phone} is verified in the SMS sandbox of ${REGION}`)
    // The code is masked as it is typed and never echoed back.
    expect(pty.text).not.toContain(code)
    expect(pty.text).toMatch(/Code texted to \+12065550130: \*{6}/)
    expect(await statusOf(phone)).toBe('Verified')
  })

  it('add: a code that is not 5-8 digits is refused at the prompt itself', async () => {
    const phone = '+12065550131'
    const pty = new Pty(['sandbox', 'add', phone], env())
    const at = await pty.waitFor(/Code texted to \+12065550131:/)
    pty.type('12\r')
    await pty.waitFor(/the code must be 5 to 8 digits/, at)
    pty.type(`\u007F\u007F${await otpFor(phone)}\r`)
    expect(await pty.exit).toBe(0)
  })

  it('add: Ctrl+C at the code prompt exits 130; the number stays Pending and the way to finish is named', async () => {
    const phone = '+12065550132'
    const pty = new Pty(['sandbox', 'add', phone], env())
    await pty.waitFor(/Code texted to \+12065550132:/)
    pty.type('\u0003')
    expect(await pty.exit).toBe(130)
    expect(pty.text).toContain(`Interrupted. ${phone} stays Pending in ${REGION}; finish later with: mfa-sms sandbox verify ${phone} --code <otp> --region ${REGION}`)
    expect(pty.text).not.toMatch(/is verified/)
    expect(await statusOf(phone)).toBe('Pending')
  })

  it('verify without --code: prompts, wrong then right', async () => {
    const pty = new Pty(['sandbox', 'verify', '+12065550172'], env())
    let at = await pty.waitFor(/Code texted to \+12065550172:/)
    pty.type('111111\r')
    at = await pty.waitFor(/AWS did not accept that code/, at)
    await pty.waitFor(/Code texted to/, at)
    pty.type('424242\r')
    expect(await pty.exit).toBe(0)
    expect(await statusOf('+12065550172')).toBe('Verified')
  })

  it('verify: three wrong codes exit 1 with SANDBOX_CODE_WRONG', async () => {
    const phone = '+12065550133'
    await runCli(['sandbox', 'add', phone], {env: env()})
    const right = await otpFor(phone)
    const pty = new Pty(['sandbox', 'verify', phone], env())
    let at = 0
    for (const [i, wrong] of ['100001', '100002', '100003', '100004'].filter((c) => c !== right).slice(0, 3).entries()) {
      if (i > 0) at = await pty.waitFor(/AWS did not accept that code/, at)
      at = await pty.waitFor(/Code texted to \+12065550133:/, at)
      pty.type(`${wrong}\r`)
    }

    expect(await pty.exit).toBe(1)
    expect(pty.text).toContain('[SANDBOX_CODE_WRONG]')
    expect(await statusOf(phone)).toBe('Pending')
  })

  it('delete: "no" keeps the number (exit 1)', async () => {
    const phone = '+12065550151'
    const no = new Pty(['sandbox', 'delete', phone], env())
    await no.waitFor(/Delete \+12065550151 from the SMS sandbox of us-west-2\?/)
    no.type('n\r')
    expect(await no.exit).toBe(1)
    expect(no.text).toContain('[CANCELLED]')
    expect(await statusOf(phone)).toBe('Verified')
  })

  it('delete: Ctrl+C at the question exits 130 with nothing deleted', async () => {
    const phone = '+12065550151'
    const interrupted = new Pty(['sandbox', 'delete', phone], env())
    await interrupted.waitFor(/Delete \+12065550151/)
    interrupted.type('\u0003')
    expect(await interrupted.exit).toBe(130)
    expect(await statusOf(phone)).toBe('Verified')
  })

  it('delete: "yes" deletes', async () => {
    const phone = '+12065550151'
    const yes = new Pty(['sandbox', 'delete', phone], env())
    await yes.waitFor(/Delete \+12065550151/)
    yes.type('y\r')
    expect(await yes.exit).toBe(0)
    expect(yes.text).toContain(`Deleted ${phone} from the SMS sandbox of ${REGION}.`)
    expect(await statusOf(phone)).toBeUndefined()
  })
})
