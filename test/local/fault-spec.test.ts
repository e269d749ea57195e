import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {FAULT_SPEC_FORM, FaultSpecError, formatFaultSpec, parseFaultSpec} from '../../src/lib/local/fault-spec.js'
import {type Fault, faultSchema} from '../../src/lib/local/scenario.js'

const service = fc.constantFrom('sns', 'sms-voice', 'iam', 'kms', 'cognito-idp', 'lambda', 'sts', 'cloudwatch')
const operation = fc.stringMatching(/^[A-Z][A-Za-z0-9]{0,20}$/)
const target = fc.oneof(fc.constant('*'), service.map((s) => `${s}:*`), fc.tuple(service, operation).map(([s, o]) => `${s}:${o}`))
const common = fc.record(
  {
    probability: fc.double({max: 1, min: 0, noNaN: true}),
    region: fc.constantFrom('us-east-1', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'),
    target,
    times: fc.integer({max: 1_000_000, min: 1}),
  },
  {requiredKeys: ['target']},
)
const fault: fc.Arbitrary<Fault> = fc
  .tuple(
    common,
    fc.oneof(
      fc.record({kind: fc.constant('latency' as const), ms: fc.integer({max: 600_000, min: 0})}),
      fc.record({kind: fc.constant('throttle' as const)}),
      fc.record({kind: fc.constant('server-error' as const), status: fc.constantFrom(500 as const, 502 as const, 503 as const)}),
      fc.record({kind: fc.constant('access-denied' as const)}),
      fc.record({kind: fc.constant('hang' as const)}),
    ),
  )
  .map(([c, k]) => faultSchema.parse({...c, ...k}))

/** Strings that look like --fault values: the right alphabet, put together any which way. */
const spec = fc.oneof(
  fc.string(),
  fc.array(fc.constantFrom('throttle', 'latency', 'hang', 'server-error', 'access-denied', 'sns', 'iam', '*', 'Publish', 'times=3', 'times=0', 'ms=5', 'status=503', '100', '1.5', 'region=eu-west-1', 'region=mars', 'probability=2', '', '=', 'x=1'), {maxLength: 6}).map((t) => t.join(':')),
)

describe('--fault syntax', () => {
  it.each([
    ['throttle:sns:GetSMSAttributes:times=3', {kind: 'throttle', target: 'sns:GetSMSAttributes', times: 3}],
    ['latency:*:100', {kind: 'latency', ms: 100, target: '*'}],
    ['access-denied:iam:GetRole', {kind: 'access-denied', target: 'iam:GetRole'}],
    ['server-error:sms-voice:*:503:probability=0.5', {kind: 'server-error', probability: 0.5, status: 503, target: 'sms-voice:*'}],
    ['hang', {kind: 'hang', target: '*'}],
    ['throttle:times=1:region=eu-west-1', {kind: 'throttle', region: 'eu-west-1', target: '*', times: 1}],
    ['latency:lambda:InvokeFunction:ms=250', {kind: 'latency', ms: 250, target: 'lambda:InvokeFunction'}],
  ])('%s', (text, expected) => {
    expect(parseFaultSpec(text)).toEqual(faultSchema.parse(expected))
  })

  it.each([
    ['explode:*', /"explode" is not a fault kind/],
    ['throttle:sns', /needs an operation after "sns"/],
    ['latency:*', /ms: /],
    ['throttle:*:100', /bare number/],
    ['throttle:*:times=0', /times: /],
    ['throttle:*:times=2:times=3', /times is given twice/],
    ['server-error:*:status=404', /status/],
    ['latency:*:100:status=503', /status does not apply to latency/],
    ['access-denied:*:color=red', /"color" is not an option/],
    ['throttle:*:region=mars-1', /region: expected an AWS region code/],
  ])('refuses %s in one line that names the right form', (text, reason) => {
    let error: unknown
    try {
      parseFaultSpec(text)
    } catch (caught) {
      error = caught
    }

    expect(error).toBeInstanceOf(FaultSpecError)
    const message = (error as Error).message
    expect(message).toMatch(reason)
    expect(message).toContain(FAULT_SPEC_FORM)
    expect(message).not.toContain('\n')
  })

  it('formats every fault so that parsing gives it back', () => {
    fc.assert(
      fc.property(fault, (f) => {
        expect(parseFaultSpec(formatFaultSpec(f))).toEqual(f)
      }),
      {numRuns: 500},
    )
  })

  it('either parses a string into a valid fault or refuses it in one line naming the form', () => {
    fc.assert(
      fc.property(spec, (text) => {
        let parsed: Fault
        try {
          parsed = parseFaultSpec(text)
        } catch (error) {
          expect(error).toBeInstanceOf(FaultSpecError)
          expect((error as Error).message).not.toMatch(/[\n\r]/)
          expect((error as Error).message).toContain(FAULT_SPEC_FORM)
          return
        }

        expect(faultSchema.safeParse(parsed).success).toBe(true)
        expect(parseFaultSpec(formatFaultSpec(parsed))).toEqual(parsed)
      }),
      {numRuns: 2000},
    )
  })
})
