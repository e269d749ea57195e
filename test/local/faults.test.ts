import {CognitoIdentityProviderClient, ListUserPoolsCommand} from '@aws-sdk/client-cognito-identity-provider'
import {InvokeCommand, LambdaClient} from '@aws-sdk/client-lambda'
import {DescribeAccountAttributesCommand, PinpointSMSVoiceV2Client} from '@aws-sdk/client-pinpoint-sms-voice-v2'
import {GetSMSAttributesCommand, GetSMSSandboxAccountStatusCommand, PublishCommand, SNSClient} from '@aws-sdk/client-sns'
import {GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts'
import {NodeHttpHandler} from '@smithy/node-http-handler'
import {describe, expect, it} from 'vitest'

import {type FaultInput, parseScenarioText} from '../../src/lib/local/scenario.js'
import type {LocalServer} from '../../src/lib/local/server.js'
import {sdkConfig, sdkError, withServer} from './helpers.js'

async function withFaults<T>(faults: FaultInput[], body: (server: LocalServer) => Promise<T>, seed?: number): Promise<T> {
  const server = await withServer({faults, scenario: {regions: {'eu-west-1': {functions: [{FunctionName: 'fn'}]}}}, seed})
  try {
    return await body(server)
  } finally {
    await server.close()
  }
}

describe('fault injection', () => {
  it('throttles SNS with Throttled, which the SDK retries until the fault budget is spent', async () => {
    await withFaults([{kind: 'throttle', target: 'sns:GetSMSSandboxAccountStatus', times: 2}], async (server) => {
      const sns = new SNSClient(sdkConfig(server, 'eu-west-1', 3))
      const out = await sns.send(new GetSMSSandboxAccountStatusCommand({}))
      expect(out.IsInSandbox).toBe(true)
      expect(out.$metadata.attempts).toBe(3)
      sns.destroy()
    })
  })

  it('surfaces throttling as each service\'s own class when retries run out', async () => {
    await withFaults([{kind: 'throttle'}], async (server) => {
      const sns = new SNSClient(sdkConfig(server, 'eu-west-1'))
      const cognito = new CognitoIdentityProviderClient(sdkConfig(server, 'eu-west-1'))
      const eums = new PinpointSMSVoiceV2Client(sdkConfig(server, 'eu-west-1'))
      const lambda = new LambdaClient(sdkConfig(server, 'eu-west-1'))
      const sts = new STSClient(sdkConfig(server, 'eu-west-1'))
      expect((await sdkError(sns.send(new GetSMSAttributesCommand({})))).name).toBe('ThrottledException')
      expect((await sdkError(cognito.send(new ListUserPoolsCommand({MaxResults: 10})))).name).toBe('TooManyRequestsException')
      expect((await sdkError(eums.send(new DescribeAccountAttributesCommand({})))).name).toBe('ThrottlingException')
      const lambdaErr = await sdkError(lambda.send(new InvokeCommand({FunctionName: 'fn'})))
      expect(lambdaErr.name).toBe('TooManyRequestsException')
      expect(lambdaErr.Reason).toBe('CallerRateLimitExceeded')
      expect((await sdkError(sts.send(new GetCallerIdentityCommand({})))).name).toBe('Throttling')
      for (const c of [sns, cognito, eums, lambda, sts]) c.destroy()
    })
  })

  it('denies named IAM actions with each service\'s AccessDenied class, and only those', async () => {
    const faults: FaultInput[] = [
      {kind: 'access-denied', target: 'sns:GetSMSAttributes'},
      {kind: 'access-denied', target: 'sms-voice:*'},
      {kind: 'access-denied', target: 'lambda:InvokeFunction'},
      {kind: 'access-denied', target: 'sts:GetCallerIdentity'},
    ]
    await withFaults(faults, async (server) => {
      const sns = new SNSClient(sdkConfig(server, 'eu-west-1'))
      const eums = new PinpointSMSVoiceV2Client(sdkConfig(server, 'eu-west-1'))
      const lambda = new LambdaClient(sdkConfig(server, 'eu-west-1'))
      const sts = new STSClient(sdkConfig(server, 'eu-west-1'))
      const denied = await sdkError(sns.send(new GetSMSAttributesCommand({})))
      expect(denied.name).toBe('AuthorizationErrorException')
      expect(denied.message).toContain('is not authorized to perform: sns:GetSMSAttributes')
      expect(denied.$metadata?.httpStatusCode).toBe(403)
      expect((await sns.send(new GetSMSSandboxAccountStatusCommand({}))).IsInSandbox).toBe(true)
      expect((await sdkError(eums.send(new DescribeAccountAttributesCommand({})))).name).toBe('AccessDeniedException')
      expect((await sdkError(lambda.send(new InvokeCommand({FunctionName: 'fn'})))).name).toBe('AccessDeniedException')
      expect((await sdkError(sts.send(new GetCallerIdentityCommand({})))).name).toBe('AccessDenied')
      for (const c of [sns, eums, lambda, sts]) c.destroy()
    })
  })

  it('fires the faults a scenario file declares, on top of none given as options', async () => {
    const scenario = parseScenarioText(
      ['faults:', '  - {kind: access-denied, target: "sns:Publish", region: eu-west-1}', '  - {kind: throttle, target: "sns:GetSMSAttributes", times: 1}', ''].join('\n'),
      'faults.yaml',
    )
    const server = await withServer({scenario})
    try {
      const sns = new SNSClient(sdkConfig(server, 'eu-west-1'))
      const other = new SNSClient(sdkConfig(server, 'us-east-1'))
      expect((await sdkError(sns.send(new PublishCommand({Message: 'Your code is 123456', PhoneNumber: '+447911123456'})))).name).toBe('AuthorizationErrorException')
      expect((await other.send(new PublishCommand({Message: 'Your code is 123456', PhoneNumber: '+447911123456'}))).MessageId).toBeTruthy()
      expect((await sdkError(sns.send(new GetSMSAttributesCommand({})))).name).toBe('ThrottledException')
      expect((await sns.send(new GetSMSAttributesCommand({}))).attributes).toBeDefined()
      for (const c of [sns, other]) c.destroy()
    } finally {
      await server.close()
    }
  })

  it('retries 5xx answers and succeeds once they stop', async () => {
    await withFaults([{kind: 'server-error', status: 503, target: 'sts:*', times: 1}], async (server) => {
      const sts = new STSClient(sdkConfig(server, 'eu-west-1', 2))
      const out = await sts.send(new GetCallerIdentityCommand({}))
      expect(out.$metadata.attempts).toBe(2)
      sts.destroy()
    })
    await withFaults([{kind: 'server-error', target: 'sns:*'}], async (server) => {
      const sns = new SNSClient(sdkConfig(server, 'eu-west-1'))
      const err = await sdkError(sns.send(new GetSMSAttributesCommand({})))
      expect(err.name).toBe('InternalErrorException')
      expect(err.$metadata?.httpStatusCode).toBe(500)
      sns.destroy()
    })
  })

  it('adds latency to the targeted operation only, in the targeted region only', async () => {
    await withFaults([{kind: 'latency', ms: 300, region: 'eu-west-1', target: 'sns:GetSMSAttributes'}], async (server) => {
      const ireland = new SNSClient(sdkConfig(server, 'eu-west-1'))
      const frankfurt = new SNSClient(sdkConfig(server, 'eu-central-1'))
      let started = Date.now()
      await ireland.send(new GetSMSAttributesCommand({}))
      expect(Date.now() - started).toBeGreaterThanOrEqual(290)
      started = Date.now()
      await frankfurt.send(new GetSMSAttributesCommand({}))
      await ireland.send(new GetSMSSandboxAccountStatusCommand({}))
      expect(Date.now() - started).toBeLessThan(250)
      ireland.destroy()
      frankfurt.destroy()
    })
  })

  it('hangs without answering until the client gives up', async () => {
    await withFaults([{kind: 'hang', target: 'sts:GetCallerIdentity'}], async (server) => {
      const sts = new STSClient({...sdkConfig(server, 'eu-west-1'), requestHandler: new NodeHttpHandler({requestTimeout: 300, throwOnRequestTimeout: true})})
      const started = Date.now()
      const err = await sdkError(sts.send(new GetCallerIdentityCommand({})))
      expect(err.name).toBe('TimeoutError')
      expect(Date.now() - started).toBeLessThan(5000)
      sts.destroy()
    })
  })

  it('fires probabilistic faults the same way for the same seed', async () => {
    const pattern = async (seed: number) =>
      withFaults(
        [{kind: 'throttle', probability: 0.5, target: 'sns:GetSMSSandboxAccountStatus'}],
        async (server) => {
          const sns = new SNSClient(sdkConfig(server, 'eu-west-1'))
          const outcomes: string[] = []
          for (let i = 0; i < 16; i++) {
            outcomes.push(await sns.send(new GetSMSSandboxAccountStatusCommand({})).then(() => 'ok', (error: Error) => error.name))
          }

          sns.destroy()
          return outcomes.join(',')
        },
        seed,
      )
    const first = await pattern(42)
    expect(await pattern(42)).toBe(first)
    expect(first).toContain('ThrottledException')
    expect(first).toContain('ok')
  })
})
