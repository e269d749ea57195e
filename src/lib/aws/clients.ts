/**
 * The one place AWS SDK v3 clients are built. Every SDK package is imported on first use, so a
 * command that never talks to AWS never loads the SDK (start-up time is a feature).
 */
import {ExitCode, MfaSmsError} from '../../errors.js'
import {toMfaSmsError} from './errors.js'

const CLIENT_LOADERS = {
  cloudwatch: async () => (await import('@aws-sdk/client-cloudwatch')).CloudWatchClient,
  cognito: async () => (await import('@aws-sdk/client-cognito-identity-provider')).CognitoIdentityProviderClient,
  /** AWS End User Messaging SMS (pinpoint-sms-voice-v2). */
  eums: async () => (await import('@aws-sdk/client-pinpoint-sms-voice-v2')).PinpointSMSVoiceV2Client,
  iam: async () => (await import('@aws-sdk/client-iam')).IAMClient,
  kms: async () => (await import('@aws-sdk/client-kms')).KMSClient,
  lambda: async () => (await import('@aws-sdk/client-lambda')).LambdaClient,
  sns: async () => (await import('@aws-sdk/client-sns')).SNSClient,
  sts: async () => (await import('@aws-sdk/client-sts')).STSClient,
}

export type AwsService = keyof typeof CLIENT_LOADERS
export type AwsClient<S extends AwsService> = InstanceType<Awaited<ReturnType<(typeof CLIENT_LOADERS)[S]>>>

export interface AwsSettings {
  /** Static credentials, for in-process use against `mfa-sms local` (never from user input). */
  credentials?: {accessKeyId: string; secretAccessKey: string; sessionToken?: string}
  endpointUrl?: string
  /** Attempts per call including the first, with adaptive back-off. */
  maxAttempts?: number
  profile?: string
  region?: string
  /** Per-call socket timeout in milliseconds. */
  timeoutMs?: number
}

export interface AwsIdentity {
  account: string
  arn: string
  endpoint?: string
  profile: string
  region: string
}

// The SDK warns on every run under Node < 22 that its releases after January 2027 will need Node 22.
// That is about upgrading mfa-sms's dependencies, not the user's SMS setup; keep stderr for findings.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

export const DEFAULT_TIMEOUT_MS = 10_000
export const DEFAULT_MAX_ATTEMPTS = 4

export class AwsSession {
  private readonly clients = new Map<string, Promise<unknown>>()
  private identityPromise?: Promise<AwsIdentity>

  constructor(readonly settings: AwsSettings = {}) {}

  /** The profile the SDK's default chain uses ("default" when none is named). */
  get profile(): string {
    return this.settings.profile ?? process.env.AWS_PROFILE ?? 'default'
  }

  /** A client for `service`, built once per region. `region` overrides the session's region. */
  async client<S extends AwsService>(service: S, region?: string): Promise<AwsClient<S>> {
    const key = `${service}@${region ?? this.settings.region ?? ''}`
    let client = this.clients.get(key)
    if (!client) {
      client = this.build(service, region ?? this.settings.region)
      this.clients.set(key, client)
    }

    return client as Promise<AwsClient<S>>
  }

  /** Caller identity (STS GetCallerIdentity), fetched once per session. */
  identity(): Promise<AwsIdentity> {
    this.identityPromise ??= (async () => {
      const region = await this.region()
      const sts = await this.client('sts')
      const {GetCallerIdentityCommand} = await import('@aws-sdk/client-sts')
      const out = await this.call('checking the AWS identity', () => sts.send(new GetCallerIdentityCommand({})), region)
      return {
        account: out.Account ?? 'unknown',
        arn: out.Arn ?? 'unknown',
        endpoint: this.settings.endpointUrl,
        profile: this.profile,
        region,
      }
    })()
    return this.identityPromise
  }

  /** The region actually used: the flag, else AWS_REGION, else the profile's region. */
  async region(): Promise<string> {
    if (this.settings.region) return this.settings.region
    const sts = await this.client('sts')
    try {
      return await sts.config.region()
    } catch (error) {
      throw toMfaSmsError(error, {action: 'working out the AWS region'})
    }
  }

  /** Runs one SDK call, turning whatever it throws into an MfaSmsError. */
  async call<T>(action: string, send: () => Promise<T>, region?: string): Promise<T> {
    try {
      return await send()
    } catch (error) {
      throw toMfaSmsError(error, {action, endpoint: this.settings.endpointUrl, region})
    }
  }

  destroy(): void {
    for (const client of this.clients.values()) {
      client.then((c) => (c as {destroy?: () => void}).destroy?.()).catch(() => {})
    }

    this.clients.clear()
  }

  private async build<S extends AwsService>(service: S, region: string | undefined): Promise<AwsClient<S>> {
    const [Client, {NodeHttpHandler}] = await Promise.all([CLIENT_LOADERS[service](), import('@smithy/node-http-handler')])
    const timeoutMs = this.settings.timeoutMs ?? DEFAULT_TIMEOUT_MS
    if (this.settings.endpointUrl) assertEndpointUrl(this.settings.endpointUrl)
    const config = {
      credentials: this.settings.credentials,
      endpoint: this.settings.endpointUrl,
      maxAttempts: this.settings.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      profile: this.settings.profile,
      region,
      // Without throwOnRequestTimeout the handler only logs a warning and a silent service hangs the run.
      requestHandler: new NodeHttpHandler({connectionTimeout: Math.min(timeoutMs, 3000), requestTimeout: timeoutMs, throwOnRequestTimeout: true}),
      retryMode: 'adaptive',
    }
    // Each client class has its own config type; the fields above are common to all of them.
    return new (Client as unknown as new (c: typeof config) => AwsClient<S>)(config)
  }
}

function assertEndpointUrl(url: string): void {
  try {
    const parsed = new URL(url)
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return
  } catch {
    // fall through to the error below
  }

  throw new MfaSmsError('BAD_ENDPOINT_URL', `--endpoint-url "${url}" is not an http(s) URL.`, {
    exit: ExitCode.badInput,
    hints: ['for mfa-sms local use e.g. --endpoint-url http://127.0.0.1:4566'],
  })
}
