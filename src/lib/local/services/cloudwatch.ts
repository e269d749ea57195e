/**
 * Amazon CloudWatch, as far as the SMS path reads it: GetMetricStatistics for AWS/SNS
 * SMSMonthToDateSpentUSD (no dimensions), from the region's month-to-date spend (the scenario's
 * sms.spentThisMonthUsd plus what SMS sent through the emulator cost since). Every other metric
 * exists but has no data, as an unused metric does.
 *
 * Wire: JSON 1.0 (`X-Amz-Target: GraniteServiceVersion20100801.<Operation>`, timestamps in epoch
 * seconds) in AWS query-compatible mode, which is what the installed @aws-sdk/client-cloudwatch
 * speaks; errors also carry `x-amzn-query-error: <query code>;Sender` (see registry.ts).
 *
 * FIDELITY DOUBTS:
 *   - The real metric has one datapoint per period across the month, rising as SMS are sent; this
 *     answers only the latest period in the requested range, with today's total. Month-to-date
 *     readers (the latest Maximum) see the same number.
 *   - No data when nothing was spent this month (CloudWatch publishes the metric only once SMS
 *     have been sent); the unit is taken to be None.
 *   - Validation messages follow the CloudWatch API reference, not captured traffic.
 */
import type {RegionState} from '../state.js'
import {type OperationContext, type OperationHandler, type OperationInput, ServiceError} from '../types.js'
import {list, num, str} from './util.js'

/** JSON error shape → the awsQueryError code CloudWatch sends in x-amzn-query-error. */
export const CLOUDWATCH_QUERY_ERRORS: Record<string, string> = {
  AccessDeniedException: 'AccessDenied',
  InternalServiceFault: 'InternalServiceError',
  InvalidParameterCombinationException: 'InvalidParameterCombination',
  InvalidParameterValueException: 'InvalidParameterValue',
  MissingRequiredParameterException: 'MissingParameter',
  ThrottlingException: 'Throttling',
}

const STATISTICS = ['Average', 'Maximum', 'Minimum', 'SampleCount', 'Sum'] as const
const MAX_DATAPOINTS = 1440

/** The metrics the emulator has data for: namespace → metric → value in a region (undefined: no data). */
const METRICS: Record<string, Record<string, (region: RegionState) => number | undefined>> = {
  'AWS/SNS': {SMSMonthToDateSpentUSD: (region) => (region.spend.usedUsd > 0 ? region.spend.usedUsd : undefined)},
}

function invalid(message: string): ServiceError {
  return new ServiceError('InvalidParameterValueException', message, 400)
}

function requiredText(input: OperationInput, name: string): string {
  const value = str(input, name)
  if (value === undefined || value === '') throw new ServiceError('MissingRequiredParameterException', `The parameter ${name} is required.`, 400)
  return value
}

function requiredTime(input: OperationInput, name: string): Date {
  const value = input[name]
  if (value === undefined || value === null) throw new ServiceError('MissingRequiredParameterException', `The parameter ${name} is required.`, 400)
  const date = typeof value === 'number' ? new Date(value * 1000) : new Date(String(value))
  if (Number.isNaN(date.getTime())) throw invalid(`The parameter ${name} must be a timestamp.`)
  return date
}

function period(input: OperationInput): number {
  const value = num(input, 'Period')
  if (value === undefined) throw new ServiceError('MissingRequiredParameterException', 'The parameter Period is required.', 400)
  if (!Number.isInteger(value) || value < 1) throw invalid('The parameter Period must be a positive integer.')
  if (value < 60 ? ![1, 5, 10, 30].includes(value) : value % 60 !== 0) {
    throw invalid('The parameter Period must be 1, 5, 10, 30 or a multiple of 60.')
  }

  return value
}

/** CloudWatch rounds StartTime down: to the minute within 15 days, 5 minutes within 63, else the hour. */
function roundStart(start: Date, now: Date): Date {
  const age = now.getTime() - start.getTime()
  const step = age < 15 * 86_400_000 ? 60_000 : age < 63 * 86_400_000 ? 300_000 : 3_600_000
  return new Date(Math.floor(start.getTime() / step) * step)
}

const getMetricStatistics: OperationHandler = (input, context: OperationContext) => {
  const namespace = requiredText(input, 'Namespace')
  const metricName = requiredText(input, 'MetricName')
  const now = context.now()
  const start = roundStart(requiredTime(input, 'StartTime'), now)
  const end = requiredTime(input, 'EndTime')
  const seconds = period(input)
  const statistics = (list(input, 'Statistics') ?? []).map(String)
  const extended = (list(input, 'ExtendedStatistics') ?? []).map(String)
  if ((statistics.length > 0) === (extended.length > 0)) {
    throw new ServiceError('InvalidParameterCombinationException', 'Must specify either Statistics or ExtendedStatistics, but not both.', 400)
  }

  const unknown = statistics.find((s) => !(STATISTICS as readonly string[]).includes(s))
  if (unknown !== undefined) throw invalid(`The parameter Statistics must be one of ${STATISTICS.join(', ')}, not ${unknown}.`)
  if (start >= end) throw invalid('The parameter StartTime must be less than the parameter EndTime.')
  const requested = Math.ceil((end.getTime() - start.getTime()) / (seconds * 1000))
  if (requested > MAX_DATAPOINTS) {
    throw new ServiceError(
      'InvalidParameterCombinationException',
      `You have requested up to ${requested} datapoints, which exceeds the limit of ${MAX_DATAPOINTS}. You may reduce the datapoints requested by increasing Period, or decreasing the time range.`,
      400,
    )
  }

  const output = {Datapoints: [] as Record<string, unknown>[], Label: metricName}
  const dimensions = list(input, 'Dimensions') ?? []
  const unit = str(input, 'Unit')
  const reader = METRICS[namespace]?.[metricName]
  if (!reader || dimensions.length > 0 || (unit !== undefined && unit !== 'None')) return output
  const value = reader(context.world.state.region(context.region))
  const monthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)
  const last = Math.min(now.getTime(), end.getTime() - 1)
  if (value === undefined || last < start.getTime()) return output
  const bucket = start.getTime() + Math.floor((last - start.getTime()) / (seconds * 1000)) * seconds * 1000
  if (bucket + seconds * 1000 <= monthStart) return output
  const datapoint: Record<string, unknown> = {Timestamp: new Date(bucket), Unit: 'None'}
  for (const s of statistics) datapoint[s] = s === 'SampleCount' ? 1 : value
  if (extended.length > 0) datapoint.ExtendedStatistics = Object.fromEntries(extended.map((p) => [p, value]))
  output.Datapoints.push(datapoint)
  return output
}

export const cloudwatchOperations: Record<string, OperationHandler> = {
  GetMetricStatistics: getMetricStatistics,
}
