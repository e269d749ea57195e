/**
 * Scenario files for `mfa-sms local`: a YAML or JSON description of one AWS account as the SMS
 * path sees it (sandbox per region, SMS attributes, origination identities, user pools, Lambda
 * functions, IAM roles, KMS keys, an optional Auth0 tenant) plus injected faults.
 *
 * Naming convention: keys in camelCase are mfa-sms's own (account, regions, sandbox, sms, users,
 * invoke…); AWS resources (user pools, functions, roles, keys) use AWS's PascalCase field names
 * exactly as `describe-user-pool`, `get-function-configuration` and
 * `get-account-authorization-details` print them, so real output can be pasted in.
 */
import {existsSync} from 'node:fs'
import {readdir, readFile} from 'node:fs/promises'
import {dirname, extname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

import {isDocument, LineCounter, parseDocument} from 'yaml'
import {z} from 'zod'

import {badInput, ExitCode, MfaSmsError} from '../../errors.js'
import {STRICT_E164} from '../knowledge/phone.js'
import {isRegionCode} from '../knowledge/regions.js'
import {closest} from '../text/closest.js'
import {auth0ScenarioSchema} from './auth0/schema.js'
import {formatIssuePath} from './issue-path.js'
import {KMS_USAGES_BY_SPEC, type KmsKeySpec} from './kms-engine.js'

// ---------------------------------------------------------------------------------------------
// Building blocks

const E164_MESSAGE = 'expected E.164 (a + and 8 to 15 digits, e.g. "+14255550123")'

/** A destination number. YAML reads an unquoted +1425… as a number, hence the quoting hint. */
const e164 = z
  .string({
    error: (issue) =>
      issue.input === undefined ? 'required' : `${E164_MESSAGE}; quote it, since YAML reads an unquoted +1… as a number`,
  })
  .regex(STRICT_E164, E164_MESSAGE)

const regionCode = z.string().refine((s) => isRegionCode(s), {message: 'expected an AWS region code such as eu-west-1'})

const RELATIVE_TIME = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)\s+ago$/

/** An ISO 8601 time, or a time relative to server start such as "25h ago", "30d ago". */
const when = z.string().refine((s) => RELATIVE_TIME.test(s.trim()) || !Number.isNaN(Date.parse(s)), {
  message: 'expected an ISO 8601 time (2024-05-01T12:00:00Z) or a relative one such as "25h ago"',
})

/** Resolves a scenario time against the server's clock. */
export function resolveTime(spec: string | undefined, now: Date, fallback: Date): Date {
  if (spec === undefined) return fallback
  const relative = RELATIVE_TIME.exec(spec.trim())
  if (relative) {
    const unit = {d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000}[relative[2] as 'd' | 'h' | 'm' | 's']
    return new Date(now.getTime() - Number(relative[1]) * unit)
  }

  return new Date(spec)
}

/** An IAM policy document, as an object or as the JSON string AWS APIs return. */
const policyDocument = z.preprocess(
  (value) => {
    if (typeof value !== 'string') return value
    try {
      return JSON.parse(value) as unknown
    } catch {
      return value
    }
  },
  z.looseObject(
    {
      Statement: z.union([z.looseObject({Effect: z.enum(['Allow', 'Deny'])}), z.array(z.looseObject({Effect: z.enum(['Allow', 'Deny'])}))]),
      Version: z.string().optional(),
    },
    {error: 'expected a policy document (an object with Statement, or its JSON string)'},
  ),
)

const arn = (service: string, what: string) =>
  z.string().regex(new RegExp(`^arn:aws[a-z-]*:${service}:`), `expected ${what} ARN (arn:aws:${service}:…)`)

// ---------------------------------------------------------------------------------------------
// Regions: sandbox, SMS settings, origination identities

const sandboxVerified = z.union([e164, z.strictObject({lastAttemptAt: when.optional(), phoneNumber: e164, verifiedAt: when.optional()})])
const sandboxPending = z.union([
  e164,
  z.strictObject({
    /** Create/resend attempts in the last 24 hours (SNS allows 5). */
    attempts: z.int().min(0).optional(),
    lastAttemptAt: when.optional(),
    /** The OTP that was "sent" (else one is generated). */
    otp: z.string().regex(/^[0-9]{5,8}$/, 'expected 5 to 8 digits').optional(),
    phoneNumber: e164,
  }),
])

const sandbox = z.strictObject({
  /** The SMS sandbox is per region; new accounts start in it everywhere. */
  inSandbox: z.boolean().default(true),
  pendingNumbers: z.array(sandboxPending).default([]),
  verifiedNumbers: z.array(sandboxVerified).default([]),
})

export const SMS_ATTRIBUTE_NAMES = [
  'DefaultSMSType',
  'DefaultSenderID',
  'DeliveryStatusIAMRole',
  'DeliveryStatusSuccessSamplingRate',
  'MonthlySpendLimit',
  'UsageReportS3Bucket',
] as const

const sms = z.strictObject({
  /** End User Messaging ACCOUNT_TIER; default SANDBOX/PRODUCTION from sandbox.inSandbox. */
  accountTier: z.string().optional(),
  /** SNS SetSMSAttributes values (all strings on the wire). */
  attributes: z.partialRecord(z.enum(SMS_ATTRIBUTE_NAMES), z.union([z.string(), z.number()]).transform(String)).prefault({}),
  /** The account's SMS spend quota in USD (End User Messaging MaxLimit; new accounts: 1). */
  maxSpendLimitUsd: z.number().nonnegative().default(1),
  optedOut: z.array(e164).default([]),
  /** What one SMS part costs here, for the spend-limit rule. */
  pricePerMessageUsd: z.number().nonnegative().default(0.00645),
  spentThisMonthUsd: z.number().nonnegative().default(0),
})

export const NUMBER_TYPES = ['LONG_CODE', 'SHORT_CODE', 'SIMULATOR', 'TEN_DLC', 'TOLL_FREE'] as const

const originationNumber = z
  .strictObject({
    capabilities: z.array(z.enum(['MMS', 'RCS', 'SMS', 'VOICE'])).default(['SMS', 'VOICE']),
    createdAt: when.optional(),
    deletionProtectionEnabled: z.boolean().default(false),
    /** The PhoneNumberId (default: derived from the number). */
    id: z.string().optional(),
    /** ISO 3166 alpha-2; default from the number (required for short codes). */
    isoCountryCode: z.string().regex(/^[A-Z]{2}$/, 'expected a 2-letter country code such as US').optional(),
    messageType: z.enum(['PROMOTIONAL', 'TRANSACTIONAL']).default('TRANSACTIONAL'),
    monthlyLeasingPrice: z.string().optional(),
    numberType: z.enum(NUMBER_TYPES),
    optOutListName: z.string().default('Default'),
    phoneNumber: z.string().regex(/^(\+[0-9]{8,15}|[0-9]{3,8})$/, `${E164_MESSAGE}, or a 3 to 8 digit short code`),
    poolId: z.string().optional(),
    registrationId: z.string().optional(),
    selfManagedOptOutsEnabled: z.boolean().default(false),
    status: z.enum(['ACTIVE', 'ASSOCIATING', 'DELETED', 'DISASSOCIATING', 'PENDING']).default('ACTIVE'),
    twoWayEnabled: z.boolean().default(false),
  })
  .superRefine((n, ctx) => {
    if (!n.isoCountryCode && !n.phoneNumber.startsWith('+')) {
      ctx.addIssue({code: 'custom', message: 'required for a short code', path: ['isoCountryCode']})
    }
  })

const senderId = z.strictObject({
  deletionProtectionEnabled: z.boolean().default(false),
  isoCountryCode: z.string().regex(/^[A-Z]{2}$/, 'expected a 2-letter country code such as DE'),
  messageTypes: z.array(z.enum(['PROMOTIONAL', 'TRANSACTIONAL'])).default(['TRANSACTIONAL']),
  monthlyLeasingPrice: z.string().default('0.00'),
  registered: z.boolean().default(false),
  registrationId: z.string().optional(),
  senderId: z.string().regex(/^(?=.*[A-Za-z])[A-Za-z0-9-]{1,11}$/, 'expected 1 to 11 letters, digits or hyphens, with at least one letter'),
})

const pool = z.strictObject({
  createdAt: when.optional(),
  deletionProtectionEnabled: z.boolean().default(false),
  messageType: z.enum(['PROMOTIONAL', 'TRANSACTIONAL']).default('TRANSACTIONAL'),
  optOutListName: z.string().default('Default'),
  /** Phone numbers (E.164, or ids) and sender ids in this pool. */
  originationIdentities: z.array(z.string()).default([]),
  poolId: z.string().regex(/^pool-[a-z0-9]+$/, 'expected a pool id such as pool-0123456789abcdef'),
  selfManagedOptOutsEnabled: z.boolean().default(false),
  sharedRoutesEnabled: z.boolean().default(false),
  status: z.enum(['ACTIVE', 'CREATING', 'DELETING']).default('ACTIVE'),
  twoWayEnabled: z.boolean().default(false),
})

// ---------------------------------------------------------------------------------------------
// Cognito

const lambdaArn = arn('lambda', 'a Lambda function')

const poolUser = z.strictObject({
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)).default({}),
  createdAt: when.optional(),
  enabled: z.boolean().default(true),
  /** MFA methods the user has set up (AdminGetUser UserMFASettingList). */
  mfaMethods: z.array(z.enum(['EMAIL_OTP', 'SMS_MFA', 'SOFTWARE_TOKEN_MFA'])).default([]),
  preferredMfa: z.enum(['EMAIL_OTP', 'SMS_MFA', 'SOFTWARE_TOKEN_MFA']).optional(),
  status: z
    .enum(['ARCHIVED', 'COMPROMISED', 'CONFIRMED', 'EXTERNAL_PROVIDER', 'FORCE_CHANGE_PASSWORD', 'RESET_REQUIRED', 'UNCONFIRMED', 'UNKNOWN'])
    .default('CONFIRMED'),
  username: z.string().min(1),
})

const userPool = z.looseObject({
  AdminCreateUserConfig: z.looseObject({}).optional(),
  AutoVerifiedAttributes: z.array(z.enum(['email', 'phone_number'])).optional(),
  CreationDate: when.optional(),
  EmailConfiguration: z.looseObject({EmailSendingAccount: z.enum(['COGNITO_DEFAULT', 'DEVELOPER']).optional()}).optional(),
  Id: z.string().regex(/^[\w-]+_[0-9a-zA-Z]+$/, 'expected a user pool id such as eu-central-1_AbCdEf123'),
  LambdaConfig: z
    .looseObject({
      CustomEmailSender: z.strictObject({LambdaArn: lambdaArn, LambdaVersion: z.literal('V1_0')}).optional(),
      CustomMessage: lambdaArn.optional(),
      CustomSMSSender: z.strictObject({LambdaArn: lambdaArn, LambdaVersion: z.literal('V1_0')}).optional(),
      /** Kept as given: an alias ARN here is a mistake the doctor should find, not one to reject. */
      KMSKeyID: z.string().optional(),
    })
    .optional(),
  LastModifiedDate: when.optional(),
  MfaConfiguration: z.enum(['OFF', 'ON', 'OPTIONAL']).default('OFF'),
  Name: z.string().min(1),
  SmsAuthenticationMessage: z.string().optional(),
  SmsConfiguration: z
    .looseObject({
      EumsSms: z
        .looseObject({
          CallerArn: arn('iam', 'an IAM role'),
          ConfigurationSetName: z.string().optional(),
          ExternalId: z.string().optional(),
          OriginationIdentity: z.string().optional(),
          Region: regionCode.optional(),
        })
        .optional(),
      ExternalId: z.string().optional(),
      SnsCallerArn: arn('iam', 'an IAM role').optional(),
      SnsRegion: regionCode.optional(),
    })
    .optional(),
  SmsConfigurationFailure: z.string().optional(),
  SmsVerificationMessage: z.string().optional(),
  UserPoolTier: z.enum(['ESSENTIALS', 'LITE', 'PLUS']).optional(),
  VerificationMessageTemplate: z.looseObject({}).optional(),
  /** mfa-sms: whether SMS MFA is turned on (GetUserPoolMfaConfig SmsMfaConfiguration); default: MfaConfiguration is not OFF and SmsConfiguration is set. */
  smsMfa: z.boolean().optional(),
  softwareTokenMfa: z.boolean().default(false),
  emailMfa: z.boolean().default(false),
  users: z.array(poolUser).default([]),
})

// ---------------------------------------------------------------------------------------------
// Lambda, KMS, IAM

const functionInvoke = z.strictObject({
  /** How long the function "runs"; beyond Timeout it times out like Lambda does. */
  durationMs: z.number().int().min(0).default(5),
  /** Makes the function throw: Invoke answers 200 with X-Amz-Function-Error: Unhandled. */
  error: z.strictObject({errorMessage: z.string(), errorType: z.string().default('Error'), trace: z.array(z.string()).default([])}).optional(),
  /** Lines the function logs (returned base64 in X-Amz-Log-Result with LogType Tail). */
  logs: z.array(z.string()).default([]),
  /** The payload returned; when neither this nor error is set the event is echoed back, as Cognito triggers do. */
  response: z.unknown().optional(),
})

const lambdaFunction = z.looseObject({
  Architectures: z.array(z.enum(['arm64', 'x86_64'])).default(['x86_64']),
  Description: z.string().default(''),
  Environment: z.looseObject({Variables: z.record(z.string(), z.string()).default({})}).optional(),
  FunctionName: z.string().regex(/^[a-zA-Z0-9-_]{1,64}$/, 'expected a function name (letters, digits, - and _, up to 64)'),
  Handler: z.string().default('index.handler'),
  LastUpdateStatus: z.enum(['Failed', 'InProgress', 'Successful']).default('Successful'),
  MemorySize: z.int().min(128).max(10_240).default(128),
  Role: arn('iam', 'an IAM role').optional(),
  Runtime: z.string().default('nodejs20.x'),
  State: z.enum(['Active', 'Failed', 'Inactive', 'Pending']).default('Active'),
  StateReason: z.string().optional(),
  StateReasonCode: z.string().optional(),
  Timeout: z.int().min(1).max(900).default(3),
  /** Alias name → version, for Qualifier and X-Amz-Executed-Version. */
  aliases: z.record(z.string(), z.string()).default({}),
  /** A local handler file, for a later invoker that runs real code (kept, not used here). */
  handlerFile: z.string().optional(),
  invoke: functionInvoke.prefault({}),
  /** The resource-based policy (GetPolicy); omit for none. */
  policy: policyDocument.optional(),
})

const KMS_KEY_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/i
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):(\d{12}):key\/(.+)$/

/**
 * A KMS key as `aws kms describe-key` prints its KeyMetadata (extra fields pass), plus mfa-sms's
 * own `aliases` and `keyMaterial`. Maps onto the KMS engine's KmsKeySeed (services/kms.ts).
 */
const kmsKey = z
  .looseObject({
    Arn: z.string().regex(KMS_KEY_ARN, 'expected a key ARN (arn:aws:kms:REGION:ACCOUNT:key/KEY-ID); aliases go in `aliases`').optional(),
    CreationDate: when.optional(),
    Description: z.string().optional(),
    /** describe-key's Enabled; false is KeyState Disabled. */
    Enabled: z.boolean().optional(),
    KeyId: z.string().regex(KMS_KEY_ID, 'expected a key id: a UUID such as 1234abcd-12ab-34cd-56ef-1234567890ab (or mrk-…)'),
    KeySpec: z.enum(Object.keys(KMS_USAGES_BY_SPEC) as [KmsKeySpec, ...KmsKeySpec[]]).optional(),
    KeyState: z.enum(['Disabled', 'Enabled', 'PendingDeletion']).optional(),
    KeyUsage: z.enum(['ENCRYPT_DECRYPT', 'GENERATE_VERIFY_MAC', 'SIGN_VERIFY']).optional(),
    /** The key policy (GetKeyPolicy); default: the account-root "Enable IAM User Permissions" policy. */
    Policy: policyDocument.optional(),
    aliases: z.array(z.string().regex(/^alias\/[a-zA-Z0-9/_-]{1,250}$/, 'expected alias/<name> (letters, digits, /, _ and -)')).default([]),
    /** Fixed AES-256 key material, base64 (default: derived from the key ARN, so restarts still decrypt). */
    keyMaterial: z
      .string()
      .refine((v) => /^[A-Za-z0-9+/]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length === 32, 'expected 32 bytes, base64-encoded')
      .optional(),
  })
  .superRefine((k, ctx) => {
    const spec = k.KeySpec ?? 'SYMMETRIC_DEFAULT'
    if (k.KeyUsage && !KMS_USAGES_BY_SPEC[spec].includes(k.KeyUsage)) {
      ctx.addIssue({code: 'custom', message: `a ${spec} key cannot have usage ${k.KeyUsage} (it can: ${KMS_USAGES_BY_SPEC[spec].join(', ')})`, path: ['KeyUsage']})
    }

    if (k.Enabled !== undefined && k.KeyState !== undefined && k.Enabled !== (k.KeyState === 'Enabled')) {
      ctx.addIssue({code: 'custom', message: `Enabled: ${k.Enabled} contradicts KeyState ${k.KeyState}`, path: ['Enabled']})
    }

    const fromArn = k.Arn === undefined ? undefined : KMS_KEY_ARN.exec(k.Arn)?.[3]
    if (fromArn !== undefined && fromArn !== k.KeyId) ctx.addIssue({code: 'custom', message: `the ARN names key ${fromArn}, not KeyId ${k.KeyId}`, path: ['Arn']})
  })

const iamRole = z.looseObject({
  Arn: arn('iam', 'an IAM role').optional(),
  AssumeRolePolicyDocument: policyDocument,
  AttachedManagedPolicies: z.array(z.looseObject({PolicyArn: arn('iam', 'a managed policy'), PolicyName: z.string().optional()})).default([]),
  Path: z.string().default('/'),
  RoleName: z.string().min(1),
  RolePolicyList: z.array(z.looseObject({PolicyDocument: policyDocument, PolicyName: z.string().min(1)})).default([]),
})

const iamPolicy = z.looseObject({
  Arn: arn('iam', 'a managed policy').optional(),
  Document: policyDocument,
  Path: z.string().default('/'),
  PolicyName: z.string().min(1),
})

// ---------------------------------------------------------------------------------------------
// Faults

/** `service:Operation` (IAM action style, e.g. sns:GetSMSAttributes, lambda:InvokeFunction), `service:*` or `*`. */
const faultTarget = z
  .string()
  .regex(/^(\*|[a-z0-9-]+:(\*|[A-Za-z0-9]+))$/, 'expected "*", "service:*" or "service:Operation" such as sns:GetSMSAttributes')

const faultCommon = {
  /** Chance (0-1) that a matching request is hit, drawn from the seeded random source. */
  probability: z.number().min(0).max(1).optional(),
  region: regionCode.optional(),
  target: faultTarget.default('*'),
  /** How many requests the fault hits before it is spent (default: all). */
  times: z.int().min(1).optional(),
}

export const faultSchema = z.discriminatedUnion('kind', [
  z.strictObject({kind: z.literal('latency'), ms: z.int().min(0).max(600_000), ...faultCommon}),
  z.strictObject({kind: z.literal('throttle'), ...faultCommon}),
  z.strictObject({kind: z.literal('server-error'), status: z.union([z.literal(500), z.literal(502), z.literal(503)]).default(500), ...faultCommon}),
  z.strictObject({kind: z.literal('access-denied'), ...faultCommon}),
  z.strictObject({kind: z.literal('hang'), ...faultCommon}),
])

export type Fault = z.infer<typeof faultSchema>
export type FaultInput = z.input<typeof faultSchema>

// ---------------------------------------------------------------------------------------------
// The file

export const regionSchema = z.strictObject({
  functions: z.array(lambdaFunction).default([]),
  keys: z.array(kmsKey).default([]),
  originationNumbers: z.array(originationNumber).default([]),
  pools: z.array(pool).default([]),
  sandbox: sandbox.prefault({}),
  senderIds: z.array(senderId).default([]),
  sms: sms.prefault({}),
  userPools: z.array(userPool).default([]),
})

const accountId = z.preprocess(
  (v) => (typeof v === 'number' && Number.isInteger(v) ? String(v).padStart(12, '0') : v),
  z.string().regex(/^\d{12}$/, 'expected a 12-digit AWS account id'),
)

export const scenarioSchema = z
  .strictObject({
    account: z
      .strictObject({
        /** The Arn GetCallerIdentity answers with (default: an IAM user in the account). */
        callerArn: z.string().regex(/^arn:aws[a-z-]*:(iam|sts)::\d{12}:/, 'expected an IAM or STS ARN').optional(),
        defaultRegion: regionCode.default('us-east-1'),
        id: accountId.default('123456789012'),
      })
      .prefault({}),
    /** An Auth0 tenant (factors, phone provider, actions, bindings, hooks, logs), served at /oauth/token and /api/v2/. */
    auth0: auth0ScenarioSchema.optional(),
    description: z.string().optional(),
    faults: z.array(faultSchema).default([]),
    iam: z.strictObject({policies: z.array(iamPolicy).default([]), roles: z.array(iamRole).default([])}).prefault({}),
    name: z.string().optional(),
    regions: z.record(regionCode, regionSchema).default({}),
    seed: z.int().optional(),
  })
  .superRefine((scenario, ctx) => {
    for (const [name, r] of Object.entries(scenario.regions)) {
      for (const [i, p] of r.userPools.entries()) {
        const prefix = p.Id.split('_')[0]
        if (prefix !== name) {
          ctx.addIssue({code: 'custom', message: `user pool ${p.Id} belongs in regions.${prefix}, not ${name}`, path: ['regions', name, 'userPools', i, 'Id']})
        }
      }

      const names = new Set<string>()
      for (const [i, f] of r.functions.entries()) {
        if (names.has(f.FunctionName)) ctx.addIssue({code: 'custom', message: `duplicate function ${f.FunctionName}`, path: ['regions', name, 'functions', i, 'FunctionName']})
        names.add(f.FunctionName)
      }

      const keyIds = new Set<string>()
      const aliases = new Map<string, string>()
      for (const [i, k] of r.keys.entries()) {
        const at = (...rest: PropertyKey[]) => ['regions', name, 'keys', i, ...rest]
        if (keyIds.has(k.KeyId)) ctx.addIssue({code: 'custom', message: `duplicate key ${k.KeyId}`, path: at('KeyId')})
        keyIds.add(k.KeyId)
        const arnParts = k.Arn === undefined ? undefined : KMS_KEY_ARN.exec(k.Arn)
        if (arnParts && arnParts[1] !== name) ctx.addIssue({code: 'custom', message: `a key of ${arnParts[1]} belongs in regions.${arnParts[1]}, not ${name}`, path: at('Arn')})
        if (arnParts && arnParts[2] !== scenario.account.id) ctx.addIssue({code: 'custom', message: `the ARN's account ${arnParts[2]} is not the scenario's account ${scenario.account.id}`, path: at('Arn')})
        for (const [j, alias] of k.aliases.entries()) {
          const owner = aliases.get(alias)
          if (owner !== undefined) ctx.addIssue({code: 'custom', message: `${alias} already points at key ${owner}`, path: at('aliases', j)})
          aliases.set(alias, k.KeyId)
        }
      }
    }
  })

export type Scenario = z.output<typeof scenarioSchema>
export type ScenarioInput = z.input<typeof scenarioSchema>
export type ScenarioRegion = Scenario['regions'][string]
export type ScenarioUserPool = ScenarioRegion['userPools'][number]
export type ScenarioFunction = ScenarioRegion['functions'][number]
export type ScenarioOriginationNumber = ScenarioRegion['originationNumbers'][number]
export type ScenarioKmsKey = ScenarioRegion['keys'][number]

/** A loaded scenario and where it came from. */
export interface LoadedScenario {
  /** The bundled name ("broken") or the file's base name. */
  name: string
  /** Absolute path, when read from a file. */
  path?: string
  scenario: Scenario
}

// ---------------------------------------------------------------------------------------------
// Validation errors that name the path (and the line, for files)

export interface ScenarioIssue {
  line?: number
  message: string
  path: string
}

type RawIssue = z.core.$ZodIssue

/** Flattens zod issues; for a union, reports the branch that matched the value's type. */
function flattenIssues(issues: readonly RawIssue[], base: PropertyKey[] = []): {message: string; path: PropertyKey[]}[] {
  const out: {message: string; path: PropertyKey[]}[] = []
  for (const issue of issues) {
    const path = [...base, ...issue.path]
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const branches = issue.errors.filter((branch) => branch.length > 0)
      // A branch failing only with "wrong type" at the value itself is the branch that does not apply.
      const relevant = branches.find((branch) => !branch.every((i) => i.code === 'invalid_type' && i.path.length === 0)) ?? branches[0]
      if (relevant) {
        out.push(...flattenIssues(relevant, path))
        continue
      }
    }

    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({message: `unknown key "${key}"`, path: [...path, key]})
      continue
    }

    if (issue.code === 'invalid_key') {
      const inner = issue.issues[0]?.message ?? issue.message
      out.push({message: `bad key: ${inner}`, path})
      continue
    }

    if (issue.code === 'invalid_union' && issue.discriminator) {
      const options = 'options' in issue && issue.options ? issue.options.map(String).join(', ') : ''
      const at = path.at(-1) === issue.discriminator ? path : [...path, issue.discriminator]
      out.push({message: `expected ${issue.discriminator} to be one of ${options}`, path: at})
      continue
    }

    out.push({message: issue.message, path})
  }

  return out
}

function scenarioError(label: string, issues: ScenarioIssue[]): MfaSmsError {
  const lines = issues.slice(0, 12).map((i) => `  ${i.line === undefined ? '' : `line ${i.line}: `}${i.path}: ${i.message}`)
  if (issues.length > 12) lines.push(`  … and ${issues.length - 12} more`)
  const first = issues[0]
  const message =
    issues.length === 1 && first
      ? `Scenario ${label} is not valid: ${first.path}: ${first.message}${first.line === undefined ? '' : ` (line ${first.line})`}`
      : `Scenario ${label} has ${issues.length} problems:\n${lines.join('\n')}`
  return new MfaSmsError('BAD_SCENARIO', message, {
    details: {file: label, issues},
    exit: ExitCode.badInput,
    hints: ['fix the file; see fixtures/scenarios/*.yaml for complete examples'],
  })
}

/** Validates an already-parsed object (a scenario passed in code, or parsed JSON/YAML). */
export function parseScenario(data: unknown, label = 'scenario', lineOf?: (path: PropertyKey[]) => number | undefined): Scenario {
  const result = scenarioSchema.safeParse(data ?? {})
  if (result.success) return result.data
  const issues = flattenIssues(result.error.issues).map(({message, path}) => ({line: lineOf?.(path), message, path: formatIssuePath(path)}))
  throw scenarioError(label, issues)
}

/** Parses YAML (or JSON, which is YAML) text and validates it, naming lines in errors. */
export function parseScenarioText(text: string, label = 'scenario'): Scenario {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, {lineCounter, prettyErrors: false})
  if (doc.errors.length > 0) {
    const issues = doc.errors.slice(0, 5).map((e) => ({
      line: e.linePos?.[0]?.line ?? lineCounter.linePos(e.pos[0]).line,
      message: e.message.split('\n', 1)[0]!,
      path: '(syntax)',
    }))
    throw scenarioError(label, issues)
  }

  const lineOf = (path: PropertyKey[]): number | undefined => {
    if (!isDocument(doc)) return undefined
    // Walk up until a node exists (an unknown key's own node, or the nearest parent).
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n) as unknown[], true) as {range?: [number, number, number]} | undefined
      if (node && typeof node === 'object' && node.range) return lineCounter.linePos(node.range[0]).line
    }

    return undefined
  }

  return parseScenario(doc.toJS({maxAliasCount: 100}) as unknown, label, lineOf)
}

// ---------------------------------------------------------------------------------------------
// Loading files and bundled scenarios

let cachedRoot: string | undefined

/** The mfa-sms package root (where package.json and fixtures/ live), from this module's location. */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'fixtures'))) break
    const parent = dirname(dir)
    if (parent === dir) throw new MfaSmsError('NO_PACKAGE_ROOT', 'Cannot find the mfa-sms package root (fixtures/ is missing).', {exit: ExitCode.failed})
    dir = parent
  }

  cachedRoot = dir
  return dir
}

export function bundledScenarioDir(): string {
  return join(packageRoot(), 'fixtures', 'scenarios')
}

/** Names of the scenarios shipped in fixtures/scenarios ("broken", "healthy-us", …). */
export async function listBundledScenarios(): Promise<string[]> {
  try {
    const files = await readdir(bundledScenarioDir())
    return files
      .filter((f) => /\.(ya?ml|json)$/.test(f))
      .map((f) => f.replace(/\.(ya?ml|json)$/, ''))
      .sort()
  } catch {
    return []
  }
}

/**
 * Loads a scenario file (YAML or JSON), or a bundled scenario by name ("broken", "healthy-us").
 * A path that exists wins over a bundled name. Errors are MfaSmsError with exit code 2.
 */
export async function loadScenario(pathOrName: string, cwd = process.cwd()): Promise<LoadedScenario> {
  const asPath = resolve(cwd, pathOrName)
  let file: string | undefined
  if (existsSync(asPath)) {
    file = asPath
  } else if (/^[\w-]+$/.test(pathOrName)) {
    for (const ext of ['.yaml', '.yml', '.json']) {
      const candidate = join(bundledScenarioDir(), `${pathOrName}${ext}`)
      if (existsSync(candidate)) {
        file = candidate
        break
      }
    }
  }

  if (!file) {
    const bundled = await listBundledScenarios()
    const guess = closest(pathOrName, bundled)
    throw badInput('SCENARIO_NOT_FOUND', `No scenario file ${pathOrName} (and no bundled scenario of that name).`, [
      ...(guess ? [`did you mean --scenario ${guess}?`] : []),
      `bundled scenarios: ${bundled.join(', ') || '(none found)'}`,
    ])
  }

  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw badInput('SCENARIO_UNREADABLE', `Cannot read scenario ${file}: ${(error as Error).message}`)
  }

  const name = file.startsWith(bundledScenarioDir()) ? pathOrName.replace(/\.(ya?ml|json)$/, '') : basenameOf(file)
  const label = file.startsWith(bundledScenarioDir()) ? `${name} (bundled)` : pathOrName
  const scenario = extname(file) === '.json' ? parseJsonScenario(text, label) : parseScenarioText(text, label)
  return {name: scenario.name ?? name, path: file, scenario}
}

function parseJsonScenario(text: string, label: string): Scenario {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw scenarioError(label, [{message: (error as Error).message, path: '(syntax)'}])
  }

  // JSON is YAML: reparse through the YAML path so errors can name lines.
  void data
  return parseScenarioText(text, label)
}

function basenameOf(file: string): string {
  return file.replace(/^.*[/\\]/, '').replace(/\.(ya?ml|json)$/, '')
}

/** The scenario used when none is given: a new account, sandboxed in every region, nothing set up. */
export function emptyScenario(): Scenario {
  return parseScenario({name: 'empty'}, 'empty')
}
