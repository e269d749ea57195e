import {describe, expect, it} from 'vitest'

import {
  decodeJsonTarget,
  encodeJsonError,
  encodeJsonResult,
  encodeRestJsonError,
  jsonUnknownOperation,
  parseJsonBody,
  toJsonValue,
} from '../../src/lib/local/protocols/json.js'
import type {EncodedResponse} from '../../src/lib/local/protocols/query.js'
import {ServiceError} from '../../src/lib/local/types.js'

const parsed = (out: EncodedResponse): unknown => JSON.parse(out.body.toString())

describe('JSON 1.x errors', () => {
  const error = new ServiceError('ValidationException', 'bad input', 400)

  it.each(['1.0', '1.1'] as const)('JSON %s: __type and the message under the asked key, code in x-amzn-ErrorType', (version) => {
    for (const key of ['message', 'Message'] as const) {
      const out = encodeJsonError(version, key, error, 'req-1')
      expect(out.status).toBe(400)
      expect(parsed(out)).toEqual({__type: 'ValidationException', [key]: 'bad input'})
      expect(out.headers).toMatchObject({'content-type': `application/x-amz-json-${version}`, 'x-amzn-errortype': 'ValidationException', 'x-amzn-requestid': 'req-1'})
      expect(out.headers).not.toHaveProperty('x-amzn-query-error')
    }
  })

  it('adds the extra members (dates as epoch seconds) and the error\'s own headers', () => {
    const withExtra = new ServiceError('LimitExceeded', 'slow down', 429, {At: new Date('2025-01-01T00:00:00Z'), Reason: 'X'}, {'retry-after': '1'})
    const out = encodeJsonError('1.1', 'message', withExtra, 'r')
    expect(parsed(out)).toEqual({At: 1_735_689_600, Reason: 'X', __type: 'LimitExceeded', message: 'slow down'})
    expect(out.headers['retry-after']).toBe('1')
  })

  it('marks query-compatible errors Sender for 4xx and Receiver for 5xx', () => {
    expect(encodeJsonError('1.0', 'message', error, 'r', 'InvalidParameter').headers['x-amzn-query-error']).toBe('InvalidParameter;Sender')
    const internal = new ServiceError('InternalFailure', 'oops', 500)
    expect(encodeJsonError('1.0', 'message', internal, 'r', 'InternalError').headers['x-amzn-query-error']).toBe('InternalError;Receiver')
  })

  it('REST-JSON (Lambda): Type User or Service and the message key asked for', () => {
    expect(parsed(encodeRestJsonError('Message', error, 'r'))).toEqual({Message: 'bad input', Type: 'User'})
    const out = encodeRestJsonError('message', new ServiceError('ServiceException', 'down', 503), 'r')
    expect(parsed(out)).toEqual({Type: 'Service', message: 'down'})
    expect(out.headers).toMatchObject({'content-type': 'application/json', 'x-amzn-errortype': 'ServiceException'})
  })

  it('names a missing or unknown operation', () => {
    expect(jsonUnknownOperation(undefined)).toMatchObject({code: 'UnknownOperationException', message: 'Missing X-Amz-Target header', status: 400})
    expect(jsonUnknownOperation('Nope').message).toBe('Unknown operation Nope')
  })
})

describe('decodeJsonTarget', () => {
  it('splits Prefix.Operation at the last dot and checks the prefix', () => {
    expect(decodeJsonTarget('TrentService.Encrypt', 'TrentService')).toEqual({operation: 'Encrypt', wrongPrefix: false})
    expect(decodeJsonTarget('PinpointSMSVoiceV2.SendTextMessage', 'PinpointSMSVoiceV2')).toEqual({operation: 'SendTextMessage', wrongPrefix: false})
    expect(decodeJsonTarget('Other.Encrypt', 'TrentService')).toEqual({operation: 'Encrypt', wrongPrefix: true})
    expect(decodeJsonTarget('a.b.Op', 'a.b')).toEqual({operation: 'Op', wrongPrefix: false})
  })

  it('a target without a dot is a wrong prefix; no target has no operation', () => {
    expect(decodeJsonTarget('Encrypt', 'TrentService')).toEqual({operation: 'Encrypt', wrongPrefix: true})
    expect(decodeJsonTarget(undefined, 'TrentService')).toEqual({wrongPrefix: false})
    expect(decodeJsonTarget('', 'TrentService')).toEqual({wrongPrefix: false})
  })
})

describe('JSON bodies and results', () => {
  it('parses an object, treats an empty body as {}, and refuses anything else with SerializationException', () => {
    expect(parseJsonBody(Buffer.from('{"a":1}'))).toEqual({a: 1})
    expect(parseJsonBody(Buffer.from('  \n'))).toEqual({})
    for (const bad of ['{', '[]', '"x"', 'null', '3']) {
      expect(() => parseJsonBody(Buffer.from(bad))).toThrow(expect.objectContaining({code: 'SerializationException', status: 400}))
    }
  })

  it('encodes results with dates as epoch seconds and undefined members dropped', () => {
    expect(toJsonValue({a: undefined, b: [new Date(1500)], c: {d: 'x'}})).toEqual({b: [1.5], c: {d: 'x'}})
    const out = encodeJsonResult('1.0', undefined, 'req')
    expect(out).toEqual({body: '{}', headers: {'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'req'}, status: 200})
  })
})
