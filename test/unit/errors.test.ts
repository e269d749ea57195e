import {describe, expect, it} from 'vitest'

import {normalizeError} from '../../src/base-command.js'
import {ExitCode, MfaSmsError} from '../../src/errors.js'
import {toMfaSmsError} from '../../src/lib/aws/errors.js'
import {closest} from '../../src/lib/text/closest.js'

const sdkError = (name: string, message = 'boom', status = 400) => Object.assign(new Error(message), {$metadata: {httpStatusCode: status}, name})

describe('AWS error mapping', () => {
  it.each([
    ['ExpiredTokenException', 'AWS_CREDENTIALS', ExitCode.service],
    ['CredentialsProviderError', 'AWS_CREDENTIALS', ExitCode.service],
    ['AuthorizationErrorException', 'AWS_ACCESS_DENIED', ExitCode.service],
    ['AccessDeniedException', 'AWS_ACCESS_DENIED', ExitCode.service],
    ['ThrottledException', 'AWS_THROTTLED', ExitCode.service],
    ['ResourceNotFoundException', 'AWS_NOT_FOUND', ExitCode.badInput],
    ['InvalidParameterException', 'AWS_INVALID_PARAMETER', ExitCode.badInput],
    ['UnknownOperationException', 'AWS_UNSUPPORTED_OPERATION', ExitCode.service],
    ['SomethingNew', 'AWS_ERROR', ExitCode.service],
  ])('%s becomes %s (exit %i)', (name, code, exit) => {
    const err = toMfaSmsError(sdkError(name), {action: 'reading the pool', region: 'eu-west-1'})
    expect(err.code).toBe(code)
    expect(err.exitCode).toBe(exit)
    expect(err.oclif.exit).toBe(exit)
    expect(err.message).toContain('reading the pool')
  })

  it('a refused connection names the endpoint and suggests mfa-sms local', () => {
    const err = toMfaSmsError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {code: 'ECONNREFUSED'}), {action: 'x', endpoint: 'http://127.0.0.1:1'})
    expect(err.code).toBe('AWS_UNREACHABLE')
    expect(err.exitCode).toBe(3)
    expect(err.hints.join(' ')).toContain('mfa-sms local start')
  })

  it('a missing region is bad input naming --region', () => {
    const err = toMfaSmsError(new Error('Region is missing'), {action: 'x'})
    expect(err.code).toBe('AWS_NO_REGION')
    expect(err.exitCode).toBe(2)
    expect(err.hints[0]).toContain('--region')
  })
})

describe('normalizeError', () => {
  it('keeps MfaSmsError as it is', () => {
    const e = new MfaSmsError('X', 'y', {exit: 1})
    expect(normalizeError(e)).toBe(e)
  })

  it('turns oclif parse errors into one-line bad input', () => {
    const e = Object.assign(new Error('Nonexistent flag: --x\nSee more help with --help'), {oclif: {exit: 2}})
    expect(normalizeError(e)).toMatchObject({code: 'BAD_INPUT', exitCode: 2, message: 'Nonexistent flag: --x'})
  })

  it('keeps the detail oclif puts on the next line', () => {
    const e = Object.assign(new Error('Missing 1 required arg:\nnumber  Phone numbers to check\nSee more help with --help'), {oclif: {exit: 2}})
    expect(normalizeError(e)?.message).toBe('Missing 1 required arg: number: Phone numbers to check')
  })

  it('turns a Ctrl+C in a prompt into exit 130', () => {
    const e = Object.assign(new Error('User force closed the prompt'), {name: 'ExitPromptError'})
    expect(normalizeError(e)?.exitCode).toBe(130)
  })

  it('leaves oclif exits alone', () => {
    expect(normalizeError(Object.assign(new Error('EEXIT: 0'), {code: 'EEXIT'}))).toBeUndefined()
  })
})

describe('closest', () => {
  it('finds near misses and ignores far ones', () => {
    expect(closest('region:chek', ['region:check', 'region:list'])).toBe('region:check')
    expect(closest('zzzzzz', ['region:check'])).toBeUndefined()
  })
})
