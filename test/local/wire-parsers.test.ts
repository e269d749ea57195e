/**
 * The two request parsers every emulated call goes through: the query-protocol body decoder
 * (SNS, STS, IAM) and the SigV4 credential scope that routes a request to a service and region.
 */
import {GetSMSAttributesCommand, PublishCommand, SetSMSAttributesCommand, SNSClient} from '@aws-sdk/client-sns'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {messageLine} from '../../src/lib/local/format.js'
import type {CapturedMessage} from '../../src/lib/local/inbox.js'
import {decodeQueryBody} from '../../src/lib/local/protocols/query.js'
import {credentialScope} from '../../src/lib/local/sigv4.js'
import {sdkConfig, withServer} from './helpers.js'

/** Encodes input the way the AWS SDK's query serializer does (lists as .member.N, maps as .entry.N.key/value). */
function encode(action: string, fields: Record<string, string>, lists: Record<string, string[]>, maps: Record<string, Record<string, string>>): string {
  const params = new URLSearchParams({Action: action, Version: '2010-03-31'})
  for (const [k, v] of Object.entries(fields)) params.append(k, v)
  for (const [k, items] of Object.entries(lists)) for (const [i, v] of items.entries()) params.append(`${k}.member.${i + 1}`, v)
  for (const [k, map] of Object.entries(maps)) {
    for (const [i, [key, value]] of Object.entries(map).entries()) {
      params.append(`${k}.entry.${i + 1}.key`, key)
      params.append(`${k}.entry.${i + 1}.value`, value)
    }
  }

  return params.toString()
}

const name = fc.stringMatching(/^[A-Z][A-Za-z]{0,11}$/)

describe('decodeQueryBody', () => {
  it('reads SNS Publish with message attributes as the SDK sends them', () => {
    const body =
      'Action=Publish&Version=2010-03-31&PhoneNumber=%2B14254147755&Message=Your+code+is+123456' +
      '&MessageAttributes.entry.1.Name=AWS.SNS.SMS.SMSType&MessageAttributes.entry.1.Value.DataType=String&MessageAttributes.entry.1.Value.StringValue=Transactional'
    expect(decodeQueryBody(body)).toEqual({
      action: 'Publish',
      input: {
        Message: 'Your code is 123456',
        MessageAttributes: {'AWS.SNS.SMS.SMSType': {DataType: 'String', StringValue: 'Transactional'}},
        PhoneNumber: '+14254147755',
      },
      version: '2010-03-31',
    })
  })

  it('orders list members by their index, not by their place in the body', () => {
    expect(decodeQueryBody('Action=X&attributes.member.2=b&attributes.member.10=c&attributes.member.1=a').input).toEqual({attributes: ['a', 'b', 'c']})
  })

  it('never lets a request reach Object.prototype', () => {
    const decoded = decodeQueryBody('Action=Publish&__proto__.polluted=yes&constructor.prototype.polluted=yes&attributes.entry.1.key=__proto__&attributes.entry.1.value=x')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.getPrototypeOf(decoded.input)).toBe(Object.prototype)
    expect((decoded.input as {attributes: object}).attributes).toEqual({})
  })

  it('property: fields, lists and maps round-trip through the SDK encoding', () => {
    fc.assert(
      fc.property(
        name,
        fc.dictionary(name, fc.string()),
        fc.dictionary(name, fc.array(fc.string(), {maxLength: 12, minLength: 1})),
        fc.dictionary(name, fc.dictionary(fc.string({minLength: 1}).filter((k) => k !== '__proto__'), fc.string(), {minKeys: 1})),
        (action, fields, lists, maps) => {
          // One top-level name per shape, as in a real operation's input.
          const listsOnly = Object.fromEntries(Object.entries(lists).filter(([k]) => !(k in fields)))
          const mapsOnly = Object.fromEntries(Object.entries(maps).filter(([k]) => !(k in fields) && !(k in listsOnly)))
          const decoded = decodeQueryBody(encode(action, fields, listsOnly, mapsOnly))
          expect(decoded.action).toBe(action)
          expect(decoded.input).toEqual({...fields, ...listsOnly, ...mapsOnly})
        },
      ),
    )
  })

  it('property: never throws on arbitrary form bodies', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.stringMatching(/^[A-Za-z0-9_.]{0,20}$/), fc.string())), (pairs) => {
        const body = new URLSearchParams(pairs).toString()
        expect(() => decodeQueryBody(body)).not.toThrow()
      }),
    )
  })
})

describe('credentialScope', () => {
  const header = (scope: string) => `AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=host;x-amz-date, Signature=abc`

  it('reads service and region from the Authorization header', () => {
    expect(credentialScope(header('AKIDTEST/20261122/eu-west-1/sns/aws4_request'))).toEqual({accessKeyId: 'AKIDTEST', date: '20261122', region: 'eu-west-1', service: 'sns'})
    expect(credentialScope(header('AKIDTEST/20261122/us-east-1/sms-voice/aws4_request'))?.service).toBe('sms-voice')
  })

  it('reads a presigned URL\'s X-Amz-Credential', () => {
    const query = new URLSearchParams({'X-Amz-Credential': 'AKIDTEST/20261122/ap-northeast-1/kms/aws4_request'})
    expect(credentialScope(undefined, query)).toMatchObject({region: 'ap-northeast-1', service: 'kms'})
  })

  it('gives nothing for an unsigned or malformed request', () => {
    expect(credentialScope(undefined)).toBeUndefined()
    expect(credentialScope('Bearer token')).toBeUndefined()
    expect(credentialScope(header('AKIDTEST/2026-11-22/eu-west-1/sns/aws4_request'))).toBeUndefined()
    expect(credentialScope(undefined, new URLSearchParams({'X-Amz-Credential': 'AKIDTEST/20261122/eu-west-1/sns'}))).toBeUndefined()
  })

  it('property: any scope the SDK could sign is read back exactly', () => {
    const part = fc.stringMatching(/^[a-z0-9-]{1,20}$/)
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z0-9]{4,20}$/), fc.stringMatching(/^\d{8}$/), part, part, (accessKeyId, date, region, service) => {
        expect(credentialScope(header(`${accessKeyId}/${date}/${region}/${service}/aws4_request`))).toEqual({accessKeyId, date, region, service})
      }),
    )
  })
})

describe('XML answers the SDK parses back exactly', () => {
  it('values with XML special characters and non-ASCII text survive SetSMSAttributes → GetSMSAttributes, and Publish captures the body as sent', async () => {
    const server = await withServer()
    const sns = new SNSClient(sdkConfig(server, 'eu-west-1'))
    try {
      const bucket = `logs<&>"'-ü-😀`
      await sns.send(new SetSMSAttributesCommand({attributes: {UsageReportS3Bucket: bucket}}))
      expect((await sns.send(new GetSMSAttributesCommand({attributes: ['UsageReportS3Bucket']}))).attributes).toEqual({UsageReportS3Bucket: bucket})
      const body = 'Código <b>&</b> "{####}" — 123456'
      const {MessageId} = await sns.send(new PublishCommand({Message: body, PhoneNumber: '+447911123456'}))
      expect(server.inbox.latestTo('+447911123456')).toMatchObject({body, id: MessageId})
    } finally {
      sns.destroy()
      await server.close()
    }
  })
})

describe('messageLine (what local start shows live)', () => {
  const base: CapturedMessage = {body: 'Your code is 123456', channel: 'sns', id: 'm1', outcome: 'delivered', parts: 1, priceUsd: 0.0058, region: 'eu-west-1', seq: 1, time: '2026-11-22T12:00:01.000Z', to: '+4915112345678'}

  it('shows recipient, sender, body and outcome on one line', () => {
    expect(messageLine({...base, from: '+18335550100'})).toBe('12:00:01 sns eu-west-1 +4915112345678 ← +18335550100 "Your code is 123456" → delivered')
  })

  it('gives the reason of a failure and the error of a rejected call, and keeps a multi-line body on one line', () => {
    expect(messageLine({...base, outcome: 'failed', reason: 'Sandboxed account unable to send to number.'})).toBe(
      '12:00:01 sns eu-west-1 +4915112345678 ← (shared route) "Your code is 123456" → failed: Sandboxed account unable to send to number.',
    )
    const rejected = messageLine({...base, apiError: {code: 'ConflictException', reason: 'DESTINATION_PHONE_NUMBER_NOT_VERIFIED'}, body: 'a\nb', channel: 'eums', outcome: 'failed', reason: 'not verified'})
    expect(rejected).toContain('"a\\nb" → rejected (ConflictException DESTINATION_PHONE_NUMBER_NOT_VERIFIED): not verified')
    expect(rejected).not.toContain('\n')
  })
})
