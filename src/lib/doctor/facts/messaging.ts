/**
 * Account-level SMS facts, read in the SMS region that sends (SNS, End User Messaging, CloudWatch).
 * Every one takes the `region` param.
 */
import {allPages} from '../../aws/pages.js'
import {type FactDef, type FactParams, notApplicable} from '../store.js'
import type {OriginationNumberFact, SandboxNumber, SpendLimitFact} from './types.js'

function regionOf(params: FactParams): string {
  if (!params.region) throw notApplicable('no SMS region is known')
  return params.region
}

/** Pages of one list call the doctor follows at most (bounded, so a broken endpoint cannot loop forever). */
const MAX_PAGES = 20

export const sandboxStatus: FactDef<'sns.sandboxStatus'> = {
  action: 'sns:GetSMSSandboxAccountStatus',
  id: 'sns.sandboxStatus',
  params: ['region'],
  async fetch(ctx, params) {
    const region = regionOf(params)
    const [client, {GetSMSSandboxAccountStatusCommand}] = await Promise.all([ctx.session.client('sns', region), import('@aws-sdk/client-sns')])
    const out = await ctx.call(this.action!, (abortSignal) => client.send(new GetSMSSandboxAccountStatusCommand({}), {abortSignal}))
    return {inSandbox: out.IsInSandbox === true}
  },
}

export const sandboxNumbers: FactDef<'sns.sandboxNumbers'> = {
  action: 'sns:ListSMSSandboxPhoneNumbers',
  id: 'sns.sandboxNumbers',
  params: ['region'],
  async fetch(ctx, params) {
    const region = regionOf(params)
    const [client, {ListSMSSandboxPhoneNumbersCommand}] = await Promise.all([ctx.session.client('sns', region), import('@aws-sdk/client-sns')])
    return allPages<SandboxNumber>(async (NextToken) => {
      const out = await ctx.call(this.action!, (abortSignal) => client.send(new ListSMSSandboxPhoneNumbersCommand({MaxResults: 100, NextToken}), {abortSignal}))
      return {items: (out.PhoneNumbers ?? []).map((n) => ({phoneNumber: n.PhoneNumber ?? '', status: n.Status ?? ''})), next: out.NextToken}
    }, MAX_PAGES)
  },
}

export const smsAttributes: FactDef<'sns.smsAttributes'> = {
  action: 'sns:GetSMSAttributes',
  id: 'sns.smsAttributes',
  params: ['region'],
  async fetch(ctx, params) {
    const region = regionOf(params)
    const [client, {GetSMSAttributesCommand}] = await Promise.all([ctx.session.client('sns', region), import('@aws-sdk/client-sns')])
    const out = await ctx.call(this.action!, (abortSignal) => client.send(new GetSMSAttributesCommand({}), {abortSignal}))
    return {...out.attributes}
  },
}

export const snsOriginationNumbers: FactDef<'sns.originationNumbers'> = {
  action: 'sns:ListOriginationNumbers',
  id: 'sns.originationNumbers',
  params: ['region'],
  async fetch(ctx, params) {
    const region = regionOf(params)
    const [client, {ListOriginationNumbersCommand}] = await Promise.all([ctx.session.client('sns', region), import('@aws-sdk/client-sns')])
    return allPages<OriginationNumberFact>(async (NextToken) => {
      const out = await ctx.call(this.action!, (abortSignal) => client.send(new ListOriginationNumbersCommand({MaxResults: 30, NextToken}), {abortSignal}))
      return {
        items: (out.PhoneNumbers ?? []).map((n) => ({
          capabilities: [...(n.NumberCapabilities ?? [])],
          country: n.Iso2CountryCode,
          phoneNumber: n.PhoneNumber ?? '',
          source: 'sns' as const,
          status: n.Status,
          type: n.RouteType,
        })),
        next: out.NextToken,
      }
    }, MAX_PAGES)
  },
}

export const eumsAccountTier: FactDef<'eums.accountTier'> = {
  action: 'sms-voice:DescribeAccountAttributes',
  id: 'eums.accountTier',
  params: ['region'],
  async fetch(ctx, params) {
    const region = regionOf(params)
    const [client, {DescribeAccountAttributesCommand}] = await Promise.all([ctx.session.client('eums', region), import('@aws-sdk/client-pinpoint-sms-voice-v2')])
    const out = await ctx.call(this.action!, (abortSignal) => client.send(new DescribeAccountAttributesCommand({}), {abortSignal}))
    return {tier: out.AccountAttributes?.find((a) => a.Name === 'ACCOUNT_TIER')?.Value}
  },
}

export const eumsSpendLimits: FactDef<'eums.spendLimits'> = {
  action: 'sms-voice:DescribeSpendLimits',
  id: 'eums.spendLimits',
  params: ['region'],
  async fetch(ctx, params) {
    const region = regionOf(params)
    const [client, {DescribeSpendLimitsCommand}] = await Promise.all([ctx.session.client('eums', region), import('@aws-sdk/client-pinpoint-sms-voice-v2')])
    const out = await ctx.call(this.action!, (abortSignal) => client.send(new DescribeSpendLimitsCommand({}), {abortSignal}))
    return (out.SpendLimits ?? []).map(
      (l): SpendLimitFact => ({enforcedLimit: l.EnforcedLimit, maxLimit: l.MaxLimit, name: l.Name ?? '', overridden: l.Overridden}),
    )
  },
}

export const eumsPhoneNumbers: FactDef<'eums.phoneNumbers'> = {
  action: 'sms-voice:DescribePhoneNumbers',
  id: 'eums.phoneNumbers',
  params: ['region'],
  async fetch(ctx, params) {
    const region = regionOf(params)
    const [client, {DescribePhoneNumbersCommand}] = await Promise.all([ctx.session.client('eums', region), import('@aws-sdk/client-pinpoint-sms-voice-v2')])
    return allPages<OriginationNumberFact>(async (NextToken) => {
      const out = await ctx.call(this.action!, (abortSignal) => client.send(new DescribePhoneNumbersCommand({MaxResults: 100, NextToken}), {abortSignal}))
      return {
        items: (out.PhoneNumbers ?? []).map((n) => ({
          capabilities: [...(n.NumberCapabilities ?? [])],
          country: n.IsoCountryCode,
          phoneNumber: n.PhoneNumber ?? '',
          source: 'eums' as const,
          status: n.Status,
          type: n.NumberType,
        })),
        next: out.NextToken,
      }
    }, MAX_PAGES)
  },
}

export const eumsVerifiedDestinations: FactDef<'eums.verifiedDestinations'> = {
  action: 'sms-voice:DescribeVerifiedDestinationNumbers',
  id: 'eums.verifiedDestinations',
  params: ['region'],
  async fetch(ctx, params) {
    const region = regionOf(params)
    const [client, {DescribeVerifiedDestinationNumbersCommand}] = await Promise.all([ctx.session.client('eums', region), import('@aws-sdk/client-pinpoint-sms-voice-v2')])
    return allPages<SandboxNumber>(async (NextToken) => {
      const out = await ctx.call(this.action!, (abortSignal) =>
        client.send(new DescribeVerifiedDestinationNumbersCommand({MaxResults: 100, NextToken}), {abortSignal}),
      )
      return {
        items: (out.VerifiedDestinationNumbers ?? []).map((n) => ({phoneNumber: n.DestinationPhoneNumber ?? '', status: n.Status ?? ''})),
        next: out.NextToken,
      }
    }, MAX_PAGES)
  },
}

export const smsMonthToDateSpend: FactDef<'cloudwatch.smsMonthToDateSpend'> = {
  action: 'cloudwatch:GetMetricStatistics',
  id: 'cloudwatch.smsMonthToDateSpend',
  params: ['region'],
  async fetch(ctx, params) {
    const region = regionOf(params)
    const [client, {GetMetricStatisticsCommand}] = await Promise.all([ctx.session.client('cloudwatch', region), import('@aws-sdk/client-cloudwatch')])
    const end = new Date()
    const monthStart = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), 1))
    // The metric restarts each month; the latest Maximum this month is the month-to-date spend.
    const start = new Date(Math.max(monthStart.getTime(), end.getTime() - 14 * 86_400_000))
    const out = await ctx.call(this.action!, (abortSignal) =>
      client.send(
        new GetMetricStatisticsCommand({
          EndTime: end,
          MetricName: 'SMSMonthToDateSpentUSD',
          Namespace: 'AWS/SNS',
          Period: 3600,
          StartTime: start < end ? start : new Date(end.getTime() - 3_600_000),
          Statistics: ['Maximum'],
        }),
        {abortSignal},
      ),
    )
    const latest = [...(out.Datapoints ?? [])].sort((a, b) => (b.Timestamp?.getTime() ?? 0) - (a.Timestamp?.getTime() ?? 0))[0]
    return latest ? {at: latest.Timestamp?.toISOString(), usd: latest.Maximum} : {}
  },
}
