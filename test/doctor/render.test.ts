import {XMLParser, XMLValidator} from 'fast-xml-parser'
import {describe, expect, it} from 'vitest'

import {renderGithub} from '../../src/lib/doctor/render/github.js'
import {renderHuman} from '../../src/lib/doctor/render/human.js'
import {renderJson} from '../../src/lib/doctor/render/json.js'
import {renderJunit} from '../../src/lib/doctor/render/junit.js'
import type {CheckResult, DoctorResult} from '../../src/lib/doctor/types.js'

function result(failOn: 'fail' | 'warn' = 'fail'): DoctorResult {
  const base = {docs: 'https://docs.aws.amazon.com/x', elapsedMs: 5, evidence: {}}
  const checks: CheckResult[] = [
    {...base, group: 'identity', id: 'identity.credentials', status: 'pass', summary: 'Signed in', title: 'AWS credentials work'},
    {...base, fix: {command: 'aws sns set-sms-attributes --attributes DefaultSMSType=Transactional --region eu-west-1', text: 'Use Transactional.'}, group: 'sms-settings', id: 'sms-settings.default-type', region: 'eu-west-1', status: 'warn', summary: 'Promotional, 100% sure: a, b', title: 'Default SMS type'},
    {...base, evidence: ['role: arn:aws:iam::1:role/x'], fix: {text: 'Add sns:Publish <"&">.'}, group: 'sms-role', id: 'sms-role.permission', status: 'fail', summary: 'The role may not sns:Publish\nsecond line', title: 'Role may publish', userPoolId: 'eu-central-1_Abc'},
    {...base, group: 'sandbox', id: 'sandbox.status', needs: ['sns:GetSMSSandboxAccountStatus'], skipReason: 'denied', status: 'skip', summary: 'skipped: needs sns:GetSMSSandboxAccountStatus', title: 'Sandbox'},
    {...base, group: 'custom-sms-sender', id: 'custom-sms-sender.kms-key', status: 'unknown', summary: 'unknown: the endpoint does not implement kms:DescribeKey', title: 'KMS key'},
    {...base, group: 'custom-message', id: 'custom-message.function', status: 'error', summary: 'error: boom', title: 'Function'},
    {...base, group: 'origination', id: 'origination.sender-id', status: 'info', summary: 'IN requires a sender ID', title: 'Sender IDs'},
  ]
  const counts = {error: 1, fail: 1, info: 1, pass: 1, skip: 1, unknown: 1, warn: 1}
  return {
    checks,
    counts,
    exitCode: 1,
    failOn,
    identity: {account: '111122223333', arn: 'arn:aws:iam::111122223333:user/dev', profile: 'default', region: 'eu-central-1'},
    ok: false,
    smsRegions: ['eu-west-1'],
    timing: {calls: 3, facts: [], longestCallChain: ['cognito.userPool', 'iam.role'], longestCallChainMs: 190, longestChain: ['cognito.userPool', 'iam.role'], longestChainMs: 200, sumCallMs: 290, sumMs: 300, wallMs: 210},
    userPoolIds: ['eu-central-1_Abc'],
  }
}

describe('renderJunit', () => {
  it('is well-formed XML with one testcase per check and the right counts', () => {
    const xml = renderJunit(result())
    expect(XMLValidator.validate(xml)).toBe(true)
    const doc = new XMLParser({ignoreAttributes: false}).parse(xml) as {testsuites: Record<string, unknown> & {testsuite: unknown[]}}
    expect(doc.testsuites['@_tests']).toBe('7')
    expect(doc.testsuites['@_failures']).toBe('1')
    expect(doc.testsuites['@_errors']).toBe('1')
    expect(doc.testsuites['@_skipped']).toBe('2')
    expect(xml).toContain('&lt;&quot;&amp;&quot;&gt;')
  })

  it('counts warnings as failures under --fail-on warn', () => {
    const xml = renderJunit(result('warn'))
    expect(XMLValidator.validate(xml)).toBe(true)
    expect(xml).toMatch(/<testsuites [^>]*failures="2"/)
  })
})

describe('renderGithub', () => {
  it('prints one workflow command per problem, escaped', () => {
    const lines = renderGithub(result()).trimEnd().split('\n')
    expect(lines.filter((l) => l.startsWith('::error '))).toHaveLength(2)
    expect(lines.filter((l) => l.startsWith('::warning '))).toHaveLength(1)
    expect(lines.filter((l) => l.startsWith('::notice '))).toHaveLength(2)
    const fail = lines.find((l) => l.includes('sms-role.permission'))!
    expect(fail).toMatch(/^::error title=sms-role\.permission \(eu-central-1_Abc\)%3A Role may publish::The role may not sns%3APublish|^::error title=sms-role\.permission \(eu-central-1_Abc\)%3A Role may publish::The role may not sns:Publish%0Asecond line/)
    expect(fail).not.toContain('\n')
    const warn = lines.find((l) => l.startsWith('::warning'))!
    expect(warn).toContain('100%25 sure')
    expect(warn).toMatch(/title=[^:]*%3A Default SMS type::/)
    expect(lines.at(-1)).toMatch(/^mfa-sms doctor: 1 passed, 1 warning, 1 failed/)
  })

  it('turns warnings into errors under --fail-on warn', () => {
    expect(renderGithub(result('warn'))).not.toContain('::warning')
  })
})

describe('renderJson', () => {
  it('is the --json envelope with counts and evidence', () => {
    const parsed = JSON.parse(renderJson(result())) as {command: string; ok: boolean; status: number; result: DoctorResult}
    expect(parsed).toMatchObject({command: 'doctor', ok: false, status: 1})
    expect(parsed.result.counts).toEqual({error: 1, fail: 1, info: 1, pass: 1, skip: 1, unknown: 1, warn: 1})
    expect(parsed.result.checks[2]!.evidence).toEqual(['role: arn:aws:iam::1:role/x'])
    expect(parsed.result.timing.longestChainMs).toBe(200)
  })
})

describe('renderHuman', () => {
  it('groups findings, marks them, shows fixes and a summary line', () => {
    const text = renderHuman(result())
    expect(text).toContain('account 111122223333')
    expect(text).toContain('Account SMS settings · in eu-west-1, Europe (Ireland)')
    expect(text).toMatch(/! Default SMS type \[sms-settings\.default-type\]/)
    expect(text).toMatch(/✗ Role may publish/)
    expect(text).toContain('$ aws sns set-sms-attributes')
    expect(text).toContain('- Sandbox [sandbox.status]')
    expect(text).toContain('? KMS key')
    expect(text.trimEnd().split('\n').at(-1)).toBe('1 passed, 1 warning, 1 failed, 1 error, 1 unknown, 1 skipped, 1 info — failing (--fail-on fail)')
    expect(text).not.toContain('timing:')
    expect(renderHuman(result(), {verbose: true})).toContain('timing: 210 ms wall, 3 calls, 300 ms if run one by one, longest chain 200 ms')
  })
})
