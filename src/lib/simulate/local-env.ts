/**
 * The environment a local handler runs with. It is built from scratch, never copied from the
 * user's shell: no AWS_PROFILE, no real keys, no SSO or container credentials, no ~/.aws files.
 * What the handler gets:
 *   - fake credentials and AWS_ENDPOINT_URL = the in-process `mfa-sms local` (SDK v3 honours both;
 *     SDK v2 ignores the endpoint variable, so worker.ts redirects its HTTPS requests instead);
 *   - AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE / HOME in an empty scratch directory;
 *   - the variables Lambda's Node runtime sets (function name, memory, region, _HANDLER…);
 *   - the few process variables a Node program needs (PATH, TMPDIR, NODE_OPTIONS for a TS loader…);
 *   - then --env-file and --env, which may override anything except the endpoint.
 */
import {join} from 'node:path'

import {LOCAL_CREDENTIALS} from '../local/server.js'
import type {TriggerFamily} from './triggers.js'

const PASS_THROUGH = ['PATH', 'TMPDIR', 'TEMP', 'TMP', 'LANG', 'LC_ALL', 'LC_CTYPE', 'NODE_OPTIONS', 'NODE_PATH', 'NODE_EXTRA_CA_CERTS', 'SYSTEMROOT', 'TSX_TSCONFIG_PATH']

/** Session token too, so code that insists on temporary credentials works (Lambda always has one). */
export const FAKE_SESSION_TOKEN = 'mfa-sms-local-session-token-not-checked'

export interface HandlerEnvironmentOptions {
  endpoint: string
  exportName?: string
  family: TriggerFamily
  file: string
  functionName: string
  memoryMb: number
  parentEnv?: NodeJS.ProcessEnv
  region: string
  /** An empty directory for HOME and the AWS config files. */
  scratchDir: string
  timeoutSeconds: number
  user: Record<string, string>
}

export function handlerEnvironment(o: HandlerEnvironmentOptions): Record<string, string> {
  const parent = o.parentEnv ?? process.env
  const env: Record<string, string> = {}
  for (const key of PASS_THROUGH) {
    const value = parent[key]
    if (value !== undefined) env[key] = value
  }

  Object.assign(env, {
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_CONFIG_FILE: join(o.scratchDir, 'aws-config'),
    AWS_DEFAULT_REGION: o.region,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL: o.endpoint,
    AWS_NODEJS_CONNECTION_REUSE_ENABLED: '1',
    AWS_REGION: o.region,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_SESSION_TOKEN: FAKE_SESSION_TOKEN,
    AWS_SHARED_CREDENTIALS_FILE: join(o.scratchDir, 'aws-credentials'),
    // The SDK's "releases after January 2027 need Node 22" notice would fill every log tail on Node 20.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    HOME: o.scratchDir,
    TZ: 'UTC',
  })
  if (o.family !== 'auth0') {
    const base = o.file.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '')
    Object.assign(env, {
      _HANDLER: `${base}.${o.exportName ?? 'handler'}`,
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(o.memoryMb),
      AWS_LAMBDA_FUNCTION_NAME: o.functionName,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${o.functionName}`,
      LAMBDA_TASK_ROOT: o.file.replace(/[\\/][^\\/]*$/, ''),
    })
  }

  Object.assign(env, o.user)
  // The endpoint is not the user's to change: it is what keeps the handler off real AWS.
  env.AWS_ENDPOINT_URL = o.endpoint
  for (const key of Object.keys(env)) if (key.startsWith('AWS_ENDPOINT_URL_') || key === 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS') delete env[key]
  return env
}
