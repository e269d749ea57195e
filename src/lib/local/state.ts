/**
 * The emulator's mutable state, built from a scenario: one RegionState per region (created on
 * first use with a new account's defaults: in the SMS sandbox, $1 spend quota, nothing set up) and
 * the global IAM data. Services read and change it; nothing here does I/O.
 */
import {createHash} from 'node:crypto'

import {analysePhone} from '../knowledge/phone.js'
import {
  type Scenario,
  type ScenarioFunction,
  type ScenarioOriginationNumber,
  type ScenarioRegion,
  type ScenarioUserPool,
  regionSchema,
  resolveTime,
} from './scenario.js'

const DAY = 86_400_000

export type SandboxStatus = 'Pending' | 'Verified'

export interface SandboxEntry {
  /** Create/resend attempts (for the 5-per-24-hours rule). */
  attempts: Date[]
  createdAt: Date
  lastAttemptAt: Date
  /** The one-time password last sent to the number. */
  otp?: string
  phoneNumber: string
  status: SandboxStatus
  verifiedAt?: Date
}

export interface OriginationNumberState extends Omit<ScenarioOriginationNumber, 'createdAt' | 'id' | 'isoCountryCode'> {
  arn: string
  createdAt: Date
  id: string
  isoCountryCode: string
}

export interface SenderIdState {
  arn: string
  deletionProtectionEnabled: boolean
  isoCountryCode: string
  messageTypes: string[]
  monthlyLeasingPrice: string
  registered: boolean
  registrationId?: string
  senderId: string
}

export interface PoolState {
  arn: string
  createdAt: Date
  deletionProtectionEnabled: boolean
  messageType: string
  optOutListName: string
  originationIdentities: string[]
  poolId: string
  selfManagedOptOutsEnabled: boolean
  sharedRoutesEnabled: boolean
  status: string
  twoWayEnabled: boolean
}

export interface UserState {
  attributes: Record<string, string>
  createdAt: Date
  enabled: boolean
  mfaMethods: string[]
  preferredMfa?: string
  status: string
  username: string
}

export interface UserPoolState {
  arn: string
  creationDate: Date
  lastModifiedDate: Date
  /** The scenario's UserPoolType fields (PascalCase) plus mfa-sms's own. */
  pool: ScenarioUserPool
  users: Map<string, UserState>
}

export interface FunctionState {
  arn: string
  codeSha256: string
  config: ScenarioFunction
  /** Lambda's own format: 2024-05-01T12:00:00.000+0000. */
  lastModified: string
  region: string
  role: string
}

export interface SpendState {
  /** The account's quota (End User Messaging MaxLimit). */
  maxLimitUsd: number
  pricePerMessageUsd: number
  usedUsd: number
}

export interface RegionState {
  /** End User Messaging ACCOUNT_TIER override; else from sandbox.inSandbox. */
  accountTier?: string
  /** Per-region slots for plugged-in engines (e.g. the KMS key store). */
  extensions: Map<string, unknown>
  functions: Map<string, FunctionState>
  /** The scenario's KMS keys, ARNs filled in; services/kms.ts builds the region's engine from them on first use. */
  keys: ScenarioRegion['keys']
  name: string
  optedOut: Set<string>
  originationNumbers: OriginationNumberState[]
  pools: PoolState[]
  sandbox: {inSandbox: boolean; numbers: Map<string, SandboxEntry>}
  senderIds: SenderIdState[]
  /** SNS SMS attributes (SetSMSAttributes); unset ones are absent. */
  smsAttributes: Map<string, string>
  spend: SpendState
  userPools: Map<string, UserPoolState>
}

export interface LocalStateOptions {
  /** Scenario times such as "25h ago" are resolved against this clock at start. */
  now: () => Date
}

/** A stable id from its inputs, so ids do not change between runs or seeds. */
export function stableId(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32)
}

export function lambdaTimestamp(date: Date): string {
  return date.toISOString().replace('Z', '+0000')
}

export class LocalState {
  readonly accountId: string
  readonly callerArn: string
  readonly defaultRegion: string
  /** IAM is global: roles and managed policies as the scenario gives them, with ARNs filled in. */
  readonly iam: {policies: (Scenario['iam']['policies'][number] & {Arn: string})[]; roles: (Scenario['iam']['roles'][number] & {Arn: string})[]}
  /** Global slots for plugged-in engines (e.g. the IAM policy evaluator). */
  readonly extensions = new Map<string, unknown>()
  private readonly regionStates = new Map<string, RegionState>()
  /** Server start: scenario times such as "25h ago" are relative to it. */
  readonly startedAt: Date

  constructor(
    readonly scenario: Scenario,
    options: LocalStateOptions,
  ) {
    this.accountId = scenario.account.id
    this.defaultRegion = scenario.account.defaultRegion
    this.callerArn = scenario.account.callerArn ?? `arn:aws:iam::${this.accountId}:user/mfa-sms-local`
    this.startedAt = options.now()
    this.iam = {
      policies: scenario.iam.policies.map((p) => ({...p, Arn: p.Arn ?? `arn:aws:iam::${this.accountId}:policy${p.Path}${p.PolicyName}`})),
      roles: scenario.iam.roles.map((r) => ({...r, Arn: r.Arn ?? `arn:aws:iam::${this.accountId}:role${r.Path}${r.RoleName}`})),
    }
    for (const [name, config] of Object.entries(scenario.regions)) this.regionStates.set(name, this.buildRegion(name, config))
  }

  /** The state of `name`, created with a new account's defaults on first use. */
  region(name: string): RegionState {
    let state = this.regionStates.get(name)
    if (!state) {
      state = this.buildRegion(name, regionSchema.parse({}))
      this.regionStates.set(name, state)
    }

    return state
  }

  /** Regions the scenario describes or that were used so far. */
  regionNames(): string[] {
    return [...this.regionStates.keys()].sort()
  }

  /** End User Messaging ACCOUNT_TIER. ⚠ AWS does not document the values; SANDBOX/PRODUCTION is assumed. */
  accountTier(region: RegionState): string {
    return region.accountTier ?? (region.sandbox.inSandbox ? 'SANDBOX' : 'PRODUCTION')
  }

  /** The spend limit SNS enforces: the MonthlySpendLimit attribute when set, else the account quota. */
  effectiveSpendLimit(region: RegionState): number {
    const attr = region.smsAttributes.get('MonthlySpendLimit')
    const value = attr === undefined ? Number.NaN : Number(attr)
    return Number.isFinite(value) ? Math.min(value, region.spend.maxLimitUsd) : region.spend.maxLimitUsd
  }

  private buildRegion(name: string, config: ScenarioRegion): RegionState {
    const now = this.startedAt
    const longAgo = new Date(now.getTime() - 30 * DAY)
    const account = this.accountId
    const numbers = new Map<string, SandboxEntry>()
    for (const item of config.sandbox.verifiedNumbers) {
      const entry = typeof item === 'string' ? {phoneNumber: item} : item
      const verifiedAt = resolveTime(entry.verifiedAt, now, longAgo)
      numbers.set(entry.phoneNumber, {
        attempts: [],
        createdAt: verifiedAt,
        lastAttemptAt: resolveTime(entry.lastAttemptAt, now, verifiedAt),
        phoneNumber: entry.phoneNumber,
        status: 'Verified',
        verifiedAt,
      })
    }

    for (const item of config.sandbox.pendingNumbers) {
      const entry = typeof item === 'string' ? {phoneNumber: item} : item
      const lastAttemptAt = resolveTime(entry.lastAttemptAt, now, longAgo)
      const attempts = 'attempts' in entry && entry.attempts !== undefined ? entry.attempts : 1
      numbers.set(entry.phoneNumber, {
        attempts: Array.from({length: attempts}, () => lastAttemptAt),
        createdAt: lastAttemptAt,
        lastAttemptAt,
        otp: 'otp' in entry ? entry.otp : undefined,
        phoneNumber: entry.phoneNumber,
        status: 'Pending',
      })
    }

    const originationNumbers: OriginationNumberState[] = config.originationNumbers.map((n) => {
      const id = n.id ?? `phone-${stableId(account, name, n.phoneNumber)}`
      return {
        ...n,
        arn: `arn:aws:sms-voice:${name}:${account}:phone-number/${id}`,
        createdAt: resolveTime(n.createdAt, now, longAgo),
        id,
        isoCountryCode: n.isoCountryCode ?? analysePhone(n.phoneNumber).country ?? 'US',
      }
    })

    const functions = new Map<string, FunctionState>()
    for (const f of config.functions) {
      functions.set(f.FunctionName, {
        arn: `arn:aws:lambda:${name}:${account}:function:${f.FunctionName}`,
        codeSha256: createHash('sha256').update(f.FunctionName).digest('base64'),
        config: f,
        lastModified: lambdaTimestamp(longAgo),
        region: name,
        role: f.Role ?? `arn:aws:iam::${account}:role/service-role/${f.FunctionName}-role`,
      })
    }

    const userPools = new Map<string, UserPoolState>()
    for (const p of config.userPools) {
      const creationDate = resolveTime(typeof p.CreationDate === 'string' ? p.CreationDate : undefined, now, longAgo)
      userPools.set(p.Id, {
        arn: `arn:aws:cognito-idp:${name}:${account}:userpool/${p.Id}`,
        creationDate,
        lastModifiedDate: resolveTime(typeof p.LastModifiedDate === 'string' ? p.LastModifiedDate : undefined, now, creationDate),
        pool: p,
        users: new Map(
          p.users.map((u) => [
            u.username,
            {
              attributes: u.attributes,
              createdAt: resolveTime(u.createdAt, now, creationDate),
              enabled: u.enabled,
              mfaMethods: u.mfaMethods,
              preferredMfa: u.preferredMfa,
              status: u.status,
              username: u.username,
            },
          ]),
        ),
      })
    }

    return {
      accountTier: config.sms.accountTier,
      extensions: new Map(),
      functions,
      keys: config.keys.map((k) => ({...k, Arn: k.Arn ?? `arn:aws:kms:${name}:${account}:key/${k.KeyId}`})),
      name,
      optedOut: new Set(config.sms.optedOut),
      originationNumbers,
      pools: config.pools.map((p) => ({
        ...p,
        arn: `arn:aws:sms-voice:${name}:${account}:pool/${p.poolId}`,
        createdAt: resolveTime(p.createdAt, now, longAgo),
      })),
      sandbox: {inSandbox: config.sandbox.inSandbox, numbers},
      senderIds: config.senderIds.map((s) => ({...s, arn: `arn:aws:sms-voice:${name}:${account}:sender-id/${s.senderId}/${s.isoCountryCode}`})),
      smsAttributes: new Map(Object.entries(config.sms.attributes).filter((e): e is [string, string] => e[1] !== undefined)),
      spend: {maxLimitUsd: config.sms.maxSpendLimitUsd, pricePerMessageUsd: config.sms.pricePerMessageUsd, usedUsd: config.sms.spentThisMonthUsd},
      userPools,
    }
  }
}
