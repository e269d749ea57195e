/** The handler-file invoker: `mfa-sms local` Lambda Invoke running a real handler file. */
import {InvokeCommand, LambdaClient} from '@aws-sdk/client-lambda'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {LOCAL_CREDENTIALS, type LocalServer, startLocalServer} from '../../src/lib/local/server.js'
import {type HandlerFileInvoker, handlerFileInvoker} from '../../src/lib/simulate/local-invoker.js'
import {ROOT} from '../helpers/cli.js'

let server: LocalServer
let files: HandlerFileInvoker

beforeAll(async () => {
  files = handlerFileInvoker({baseDir: ROOT})
  server = await startLocalServer({
    invoker: files.invoker,
    port: 0,
    scenario: {
      regions: {
        'us-east-1': {
          functions: [
            {FunctionName: 'good', Handler: 'custom-message-good.handler', handlerFile: 'fixtures/handlers/custom-message-good.mjs'},
            {FunctionName: 'throws', Handler: 'custom-message-throws.handler', handlerFile: 'fixtures/handlers/custom-message-throws.mjs'},
            {FunctionName: 'canned'},
          ],
        },
      },
    },
  })
  files.setEndpoint(server.url)
})

afterAll(async () => {
  await files?.close()
  await server?.close()
})

const lambda = () => new LambdaClient({credentials: LOCAL_CREDENTIALS, endpoint: server.url, maxAttempts: 1, region: 'us-east-1'})
const event = {request: {codeParameter: '{####}', usernameParameter: null}, response: {smsMessage: null}, triggerSource: 'CustomMessage_SignUp', version: '1'}

describe('handlerFileInvoker', () => {
  it('runs the handler file and returns its answer with the logs', async () => {
    const out = await lambda().send(new InvokeCommand({FunctionName: 'good', LogType: 'Tail', Payload: Buffer.from(JSON.stringify(event))}))
    expect(out.FunctionError).toBeUndefined()
    expect(JSON.parse(Buffer.from(out.Payload!).toString()).response.smsMessage).toBe('Your verification code is {####}')
    expect(Buffer.from(out.LogResult!, 'base64').toString()).toMatch(/^START RequestId/)
  })

  it('a throwing handler is a FunctionError with Lambda\'s error payload', async () => {
    const out = await lambda().send(new InvokeCommand({FunctionName: 'throws', Payload: Buffer.from(JSON.stringify(event))}))
    expect(out.FunctionError).toBe('Unhandled')
    expect(JSON.parse(Buffer.from(out.Payload!).toString())).toMatchObject({errorMessage: 'no SMS template for CustomMessage_SignUp', errorType: 'Error'})
  })

  it('functions without a handler file keep the scenario answer', async () => {
    const out = await lambda().send(new InvokeCommand({FunctionName: 'canned', Payload: Buffer.from(JSON.stringify(event))}))
    expect(JSON.parse(Buffer.from(out.Payload!).toString())).toEqual(event)
  })
})
