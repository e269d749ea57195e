import {CloudWatchClient, GetMetricStatisticsCommand, type GetMetricStatisticsCommandInput, ListMetricsCommand} from '@aws-sdk/client-cloudwatch'
import {PublishCommand, SNSClient} from '@aws-sdk/client-sns'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {LocalServer} from '../../src/lib/local/server.js'
import {movableClock, sdkConfig, sdkError, withServer} from './helpers.js'

const clock = movableClock(new Date('2025-03-20T10:30:00Z'))
let server: LocalServer
let cloudwatch: CloudWatchClient

/** What the doctor asks: the latest hourly Maximum since the month began (at most 14 days back). */
function monthToDate(overrides: Partial<GetMetricStatisticsCommandInput> = {}): GetMetricStatisticsCommand {
  return new GetMetricStatisticsCommand({
    EndTime: clock.now(),
    MetricName: 'SMSMonthToDateSpentUSD',
    Namespace: 'AWS/SNS',
    Period: 3600,
    StartTime: new Date(clock.now().getTime() - 14 * 86_400_000),
    Statistics: ['Maximum'],
    ...overrides,
  })
}

beforeAll(async () => {
  server = await withServer({
    now: clock.now,
    scenario: {
      regions: {
        'eu-west-1': {sandbox: {inSandbox: false}, sms: {maxSpendLimitUsd: 1, pricePerMessageUsd: 0.02, spentThisMonthUsd: 0.95}},
        'us-east-1': {sandbox: {inSandbox: false}},
      },
    },
  })
  cloudwatch = new CloudWatchClient(sdkConfig(server, 'eu-west-1'))
})

afterAll(async () => {
  cloudwatch.destroy()
  await server.close()
})

describe('CloudWatch GetMetricStatistics (JSON 1.0, query-compatible)', () => {
  it('answers the SNS month-to-date spend of the signing region, in the latest period counted from StartTime', async () => {
    const out = await cloudwatch.send(monthToDate())
    expect(out.Label).toBe('SMSMonthToDateSpentUSD')
    expect(out.Datapoints).toEqual([{Maximum: 0.95, Timestamp: new Date('2025-03-20T09:30:00Z'), Unit: 'None'}])
    const hourly = await cloudwatch.send(monthToDate({StartTime: new Date('2025-03-01T00:00:42Z')}))
    expect(hourly.Datapoints?.map((d) => d.Timestamp)).toEqual([new Date('2025-03-20T10:00:00Z')])
  })

  it('follows what SMS sent through the emulator cost', async () => {
    const sns = new SNSClient(sdkConfig(server, 'eu-west-1'))
    try {
      await sns.send(new PublishCommand({Message: 'Your code is 123456', PhoneNumber: '+447911123456'}))
    } finally {
      sns.destroy()
    }

    const out = await cloudwatch.send(monthToDate({Statistics: ['Maximum', 'SampleCount']}))
    expect(out.Datapoints?.[0]).toMatchObject({Maximum: 0.97, SampleCount: 1})
  })

  it('has no data for a region that spent nothing, another metric, dimensions or last month', async () => {
    const us = new CloudWatchClient(sdkConfig(server, 'us-east-1'))
    try {
      expect((await us.send(monthToDate())).Datapoints).toEqual([])
    } finally {
      us.destroy()
    }

    expect((await cloudwatch.send(monthToDate({MetricName: 'NumberOfNotificationsFailed'}))).Datapoints).toEqual([])
    expect((await cloudwatch.send(monthToDate({Dimensions: [{Name: 'SMSType', Value: 'Transactional'}]}))).Datapoints).toEqual([])
    expect((await cloudwatch.send(monthToDate({EndTime: new Date('2025-02-28T00:00:00Z'), StartTime: new Date('2025-02-27T00:00:00Z')}))).Datapoints).toEqual([])
  })

  it('validates like CloudWatch, with the query error code the SDK reads from x-amzn-query-error', async () => {
    const backwards = await sdkError(cloudwatch.send(monthToDate({EndTime: new Date('2025-03-01T00:00:00Z'), StartTime: new Date('2025-03-02T00:00:00Z')})))
    expect(backwards).toMatchObject({Code: 'InvalidParameterValue', name: 'InvalidParameterValueException'})
    expect(backwards.message).toBe('The parameter StartTime must be less than the parameter EndTime.')
    expect((await sdkError(cloudwatch.send(monthToDate({Period: 90})))).name).toBe('InvalidParameterValueException')
    expect((await sdkError(cloudwatch.send(monthToDate({ExtendedStatistics: ['p99']})))).name).toBe('InvalidParameterCombinationException')
    expect((await sdkError(cloudwatch.send(monthToDate({Period: 60})))).name).toBe('InvalidParameterCombinationException')
  })

  it('answers other operations with UnknownOperationException', async () => {
    expect((await sdkError(cloudwatch.send(new ListMetricsCommand({})))).name).toBe('UnknownOperationException')
  })

  it('speaks the injected faults in CloudWatch\'s own error shapes', async () => {
    server.faults.add({kind: 'access-denied', target: 'cloudwatch:GetMetricStatistics', times: 1})
    const denied = await sdkError(cloudwatch.send(monthToDate()))
    expect(denied.name).toBe('AccessDenied')
    expect(denied.message).toMatch(/not authorized to perform: cloudwatch:GetMetricStatistics/)
  })
})
