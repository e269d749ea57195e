import {
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  GetPolicyCommand,
  InvokeCommand,
  LambdaClient,
  ListAliasesCommand,
  ListFunctionsCommand,
} from '@aws-sdk/client-lambda'
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'

import {setInvoker} from '../../src/lib/local/invoker.js'
import type {LocalServer} from '../../src/lib/local/server.js'
import {sdkConfig, sdkError, withServer} from './helpers.js'

let server: LocalServer
let lambda: LambdaClient
const encoder = new TextEncoder()
const decoder = new TextDecoder()

const event = {request: {userAttributes: {phone_number: '+4915112345678'}}, response: {}, triggerSource: 'CustomMessage_Authentication', userPoolId: 'eu-central-1_Br0kenFra', version: '1'}

beforeAll(async () => {
  server = await withServer({
    scenario: {
      account: {id: '444455556666'},
      regions: {
        'eu-central-1': {
          functions: [
            {FunctionName: 'echo', Role: 'arn:aws:iam::444455556666:role/echo-role', aliases: {live: '3'}},
            {FunctionName: 'fixed', invoke: {logs: ['hello from fixed'], response: {response: {smsMessage: 'Code {####}'}}}},
            {FunctionName: 'thrower', invoke: {error: {errorMessage: 'boom', errorType: 'TypeError'}, logs: ['about to fail']}},
            {FunctionName: 'slow', Timeout: 1, invoke: {durationMs: 1500}},
            {FunctionName: 'pending', State: 'Pending', StateReason: 'The function is being created.'},
            {
              FunctionName: 'allowed',
              policy: {
                Statement: [{Action: 'lambda:InvokeFunction', Effect: 'Allow', Principal: {Service: 'cognito-idp.amazonaws.com'}, Resource: 'arn:aws:lambda:eu-central-1:444455556666:function:allowed'}],
                Version: '2012-10-17',
              },
            },
          ],
        },
      },
    },
  })
  lambda = new LambdaClient(sdkConfig(server, 'eu-central-1'))
})

afterAll(async () => {
  lambda.destroy()
  await server.close()
})

afterEach(() => setInvoker(undefined))

describe('Lambda function reads', () => {
  it('returns the function configuration Cognito trigger checks look at', async () => {
    const config = await lambda.send(new GetFunctionConfigurationCommand({FunctionName: 'echo'}))
    expect(config).toMatchObject({
      FunctionArn: 'arn:aws:lambda:eu-central-1:444455556666:function:echo',
      FunctionName: 'echo',
      Handler: 'index.handler',
      LastUpdateStatus: 'Successful',
      Role: 'arn:aws:iam::444455556666:role/echo-role',
      Runtime: 'nodejs20.x',
      State: 'Active',
      Timeout: 3,
      Version: '$LATEST',
    })
    expect(config.LastModified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/)
    const byArn = await lambda.send(new GetFunctionCommand({FunctionName: 'arn:aws:lambda:eu-central-1:444455556666:function:echo:live'}))
    expect(byArn.Configuration).toMatchObject({FunctionArn: 'arn:aws:lambda:eu-central-1:444455556666:function:echo:live', Version: '3'})
    expect(byArn.Code?.RepositoryType).toBe('S3')
  })

  it('reports a missing function with ResourceNotFoundException naming its ARN', async () => {
    const err = await sdkError(lambda.send(new GetFunctionConfigurationCommand({FunctionName: 'nope'})))
    expect(err.name).toBe('ResourceNotFoundException')
    expect(err.message).toBe('Function not found: arn:aws:lambda:eu-central-1:444455556666:function:nope')
    expect(err.$metadata?.httpStatusCode).toBe(404)
  })

  it('returns the resource policy as a JSON string, and ResourceNotFoundException when there is none', async () => {
    const {Policy} = await lambda.send(new GetPolicyCommand({FunctionName: 'allowed'}))
    expect(JSON.parse(Policy!)).toMatchObject({Statement: [{Action: 'lambda:InvokeFunction', Principal: {Service: 'cognito-idp.amazonaws.com'}}]})
    const none = await sdkError(lambda.send(new GetPolicyCommand({FunctionName: 'echo'})))
    expect(none.name).toBe('ResourceNotFoundException')
  })

  it('lists functions with pagination', async () => {
    const first = await lambda.send(new ListFunctionsCommand({MaxItems: 4}))
    expect(first.Functions).toHaveLength(4)
    const second = await lambda.send(new ListFunctionsCommand({Marker: first.NextMarker, MaxItems: 4}))
    expect(second.Functions).toHaveLength(2)
    expect(second.NextMarker).toBeUndefined()
  })

  it('answers an unemulated route with UnknownOperationException', async () => {
    expect((await sdkError(lambda.send(new ListAliasesCommand({FunctionName: 'echo'})))).name).toBe('UnknownOperationException')
  })
})

describe('Lambda Invoke', () => {
  it('echoes the event back by default, with the log tail and executed version', async () => {
    const out = await lambda.send(new InvokeCommand({FunctionName: 'echo', LogType: 'Tail', Payload: encoder.encode(JSON.stringify(event)), Qualifier: 'live'}))
    expect(out.StatusCode).toBe(200)
    expect(out.ExecutedVersion).toBe('3')
    expect(out.FunctionError).toBeUndefined()
    expect(JSON.parse(decoder.decode(out.Payload))).toEqual(event)
    const log = Buffer.from(out.LogResult!, 'base64').toString('utf8')
    expect(log).toMatch(/^START RequestId: [0-9a-f-]+ Version: 3\n/)
    expect(log).toMatch(/REPORT RequestId: .*Duration: .* ms/)
  })

  it('returns the scenario\'s fixed response', async () => {
    const out = await lambda.send(new InvokeCommand({FunctionName: 'fixed', LogType: 'Tail', Payload: encoder.encode('{}')}))
    expect(JSON.parse(decoder.decode(out.Payload))).toEqual({response: {smsMessage: 'Code {####}'}})
    expect(Buffer.from(out.LogResult!, 'base64').toString('utf8')).toContain('hello from fixed')
  })

  it('reports a throwing function with FunctionError Unhandled and the error payload, as Lambda does', async () => {
    const out = await lambda.send(new InvokeCommand({FunctionName: 'thrower', LogType: 'Tail', Payload: encoder.encode('{}')}))
    expect(out.StatusCode).toBe(200)
    expect(out.FunctionError).toBe('Unhandled')
    expect(JSON.parse(decoder.decode(out.Payload))).toMatchObject({errorMessage: 'boom', errorType: 'TypeError'})
    expect(Buffer.from(out.LogResult!, 'base64').toString('utf8')).toContain('about to fail')
  })

  it('times a slow function out after its Timeout', async () => {
    const started = Date.now()
    const out = await lambda.send(new InvokeCommand({FunctionName: 'slow', Payload: encoder.encode('{}')}))
    expect(Date.now() - started).toBeGreaterThanOrEqual(950)
    expect(out.FunctionError).toBe('Unhandled')
    expect(decoder.decode(out.Payload)).toMatch(/Task timed out after 1\.00 seconds/)
  })

  it('answers DryRun with 204 and Event with 202', async () => {
    expect((await lambda.send(new InvokeCommand({FunctionName: 'echo', InvocationType: 'DryRun'}))).StatusCode).toBe(204)
    expect((await lambda.send(new InvokeCommand({FunctionName: 'echo', InvocationType: 'Event', Payload: encoder.encode('{}')}))).StatusCode).toBe(202)
  })

  it('refuses a function that is not Active and a body that is not JSON', async () => {
    const pending = await sdkError(lambda.send(new InvokeCommand({FunctionName: 'pending', Payload: encoder.encode('{}')})))
    expect(pending.name).toBe('ResourceConflictException')
    const badJson = await sdkError(lambda.send(new InvokeCommand({FunctionName: 'echo', Payload: encoder.encode('{not json')})))
    expect(badJson.name).toBe('InvalidRequestContentException')
  })

  it('runs a plugged-in invoker, which can fall back to the scenario', async () => {
    setInvoker(async (request, next) => {
      if (request.function.config.FunctionName !== 'echo') return next()
      const incoming = JSON.parse(request.payload.toString('utf8')) as typeof event
      return {logs: ['handled locally'], payload: {...incoming, response: {smsMessage: `Hi! ${incoming.request.userAttributes.phone_number}`}}}
    })
    const handled = await lambda.send(new InvokeCommand({FunctionName: 'echo', Payload: encoder.encode(JSON.stringify(event))}))
    expect(JSON.parse(decoder.decode(handled.Payload)).response).toEqual({smsMessage: 'Hi! +4915112345678'})
    const fallback = await lambda.send(new InvokeCommand({FunctionName: 'fixed', Payload: encoder.encode('{}')}))
    expect(JSON.parse(decoder.decode(fallback.Payload))).toEqual({response: {smsMessage: 'Code {####}'}})
  })
})
