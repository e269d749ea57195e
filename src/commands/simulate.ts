import {Args, Flags} from '@oclif/core'

import {BaseCommand} from '../base-command.js'
import {ExitCode} from '../errors.js'
import type {SimulationResult} from '../lib/simulate/run.js'
import {parseTriggerSource, TRIGGER_SOURCES} from '../lib/simulate/triggers.js'

const SOURCES_HELP = TRIGGER_SOURCES.map((t) => `  ${t.source.padEnd(36)}${t.description.split(':')[0]}`).join('\n')

export default class Simulate extends BaseCommand<typeof Simulate> {
  static override args = {
    triggerSource: Args.string({description: 'Trigger source to fire (listed under DESCRIPTION; case-insensitive).', required: true}),
  }
  static override description = `Builds the event Cognito (or Auth0) would send, fires it at a handler and judges the answer the way the service would.

Trigger sources:
${SOURCES_HELP}

Targets:
  --handler ./index.js[:export]   runs the file here, like Lambda does (CommonJS or ESM; TypeScript with --node-arg=--import=tsx). Every AWS call it makes goes to an in-process \`mfa-sms local\` with fake credentials, and its network is limited to this machine: nothing reaches real AWS. What it sends is captured and checked.
  --function NAME_OR_ARN          invokes the deployed function (default: the pool's LambdaConfig trigger) with LogType Tail.
  --auth0-action ID               runs the action in the tenant (Management API test endpoint): real code, a real SMS may go out.
  --dry-run                       prints the event only; custom sender codes are encrypted offline unless --function is given.

CustomSMSSender codes are encrypted exactly as Cognito does: an AWS Encryption SDK message (format v1, AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384, signed and non-committing) with encryption context userpool-id, under the pool's KMS key, base64 in request.code. A handler that decrypts with the default commitment policy, or whose keyring names only an alias, fails here as in production, and the verdict says which mistake it is.

The plaintext code is never printed (logs and captured SMS included) unless --show-code.

Exit codes: 0 every verdict passed, 1 a verdict failed, 2 bad input, 3 AWS or Auth0 unreachable or credentials refused.`
  static override examples = [
    {command: '<%= config.bin %> <%= command.id %> CustomMessage_SignUp --handler ./custom-message.js', description: 'Run a CustomMessage handler locally and check its SMS as Cognito would'},
    {command: '<%= config.bin %> <%= command.id %> CustomSMSSender_Authentication --handler ./sender.js --env-file .env', description: 'Run a custom SMS sender locally: the code is encrypted like Cognito, the SMS captured'},
    {command: '<%= config.bin %> <%= command.id %> CustomMessage_ForgotPassword --user-pool-id eu-west-1_AbC123 --username alice', description: "Fire the pool's deployed CustomMessage trigger with a real user's attributes"},
    {command: '<%= config.bin %> <%= command.id %> send-phone-message --handler ./action.js --secret AWS_REGION=us-east-1', description: 'Run an Auth0 send-phone-message Action (or legacy hook) locally'},
    {command: '<%= config.bin %> <%= command.id %> CustomSMSSender_SignUp --dry-run --show-code', description: 'Print the event and the plaintext code, without invoking anything'},
    {command: '<%= config.bin %> <%= command.id %> CustomMessage_Authentication --handler ./index.js --count 200 --concurrency 10', description: 'Latency percentiles, cold starts and the share over the 5-second budget'},
  ]
  static override flags = {
    handler: Flags.string({helpGroup: 'TARGET', summary: 'Run this handler file locally: ./path.js[:exportName] (default export: handler; Auth0: onExecuteSendPhoneMessage or a hook function).'}),
    function: Flags.string({helpGroup: 'TARGET', summary: "Invoke this deployed Lambda function (name or ARN); default: the pool's LambdaConfig trigger."}),
    'auth0-action': Flags.string({helpGroup: 'TARGET', summary: 'Test this Auth0 action in the tenant (runs the real code: a real SMS may go out).'}),
    'dry-run': Flags.boolean({helpGroup: 'TARGET', summary: 'Print the event without invoking anything.'}),
    'show-code': Flags.boolean({helpGroup: 'TARGET', summary: 'Show the plaintext code (hidden everywhere otherwise).'}),

    'user-pool-id': Flags.string({helpGroup: 'EVENT', summary: 'The pool: read from AWS for deployed targets; locally it only names the pool in the event and the encryption context.'}),
    username: Flags.string({helpGroup: 'EVENT', summary: "Take the user's attributes from the pool (AdminGetUser) or the --scenario."}),
    phone: Flags.string({helpGroup: 'EVENT', summary: 'The user\'s phone_number (E.164); default the End User Messaging US simulator number.'}),
    email: Flags.string({helpGroup: 'EVENT', summary: "The user's email attribute."}),
    attribute: Flags.string({helpGroup: 'EVENT', multiple: true, summary: 'Extra user attribute KEY=VALUE (repeatable).'}),
    'client-metadata': Flags.string({helpGroup: 'EVENT', multiple: true, summary: 'clientMetadata KEY=VALUE (repeatable).'}),
    'client-id': Flags.string({helpGroup: 'EVENT', summary: 'callerContext.clientId (default: a made-up app client id; CLIENT_ID_NOT_APPLICABLE for admin calls).'}),
    code: Flags.string({helpGroup: 'EVENT', summary: 'Use this code (or temporary password) instead of a random one.'}),
    'kms-key-id': Flags.string({helpGroup: 'EVENT', summary: "Custom sender key (default: the pool's KMSKeyID). Locally it is created in the in-process endpoint."}),
    'email-sending-account': Flags.string({helpGroup: 'EVENT', options: ['COGNITO_DEFAULT', 'DEVELOPER'], summary: "The pool's EmailSendingAccount (decides whether email fields are allowed)."}),
    scenario: Flags.string({helpGroup: 'EVENT', summary: 'An `mfa-sms local` scenario (file or bundled name) for the emulated account, pools, users and keys.'}),

    env: Flags.string({helpGroup: 'LOCAL HANDLER', multiple: true, summary: 'Environment variable KEY=VALUE for the handler (repeatable). KEY_ARN defaults to the custom sender key.'}),
    'env-file': Flags.string({helpGroup: 'LOCAL HANDLER', summary: 'Environment for the handler from a dotenv (or JSON) file.'}),
    secret: Flags.string({helpGroup: 'LOCAL HANDLER', multiple: true, summary: 'Auth0 secret KEY=VALUE (event.secrets / context.webtask.secrets; repeatable).'}),
    'secrets-file': Flags.string({helpGroup: 'LOCAL HANDLER', summary: 'Auth0 secrets from a dotenv (or JSON) file.'}),
    'node-arg': Flags.string({helpGroup: 'LOCAL HANDLER', multiple: true, summary: 'Extra flag for the handler\'s node process, e.g. --node-arg=--import=tsx (repeatable).'}),
    'allow-host': Flags.string({helpGroup: 'LOCAL HANDLER', multiple: true, summary: 'Let the handler reach this host (e.g. a third-party SMS API: messages really go out). Repeatable.'}),
    timeout: Flags.integer({helpGroup: 'LOCAL HANDLER', min: 1, max: 900, summary: "Stop a local handler after this many seconds, like Lambda's Timeout (default: the caller's budget + 2)."}),
    memory: Flags.integer({default: 128, helpGroup: 'LOCAL HANDLER', min: 128, max: 10_240, summary: 'context.memoryLimitInMB for a local handler.'}),

    count: Flags.integer({default: 1, helpGroup: 'LOAD', min: 1, max: 100_000, summary: 'Fire this many events (latency percentiles, errors, cold starts).'}),
    concurrency: Flags.integer({default: 1, helpGroup: 'LOAD', min: 1, max: 1000, summary: 'At most this many in flight (local: that many warm environments).'}),

    'auth0-domain': Flags.string({env: 'AUTH0_DOMAIN', helpGroup: 'AUTH0', summary: 'Tenant domain for --auth0-action (credentials: AUTH0_TOKEN, or AUTH0_CLIENT_ID + AUTH0_CLIENT_SECRET).'}),
    'mfa-action': Flags.string({default: 'second-factor-authentication', helpGroup: 'AUTH0', options: ['enrollment', 'second-factor-authentication'], summary: 'message_options.action.'}),
    'message-type': Flags.string({default: 'sms', helpGroup: 'AUTH0', options: ['sms', 'voice'], summary: 'message_options.message_type.'}),
    tenant: Flags.string({helpGroup: 'AUTH0', summary: 'tenant.id in the event (default: from --auth0-domain, else my-tenant).'}),
    text: Flags.string({helpGroup: 'AUTH0', summary: "message_options.text (default: Auth0's default template with the code)."}),
  }
  static override summary = 'Fire realistic Cognito and Auth0 SMS trigger events at local handlers or deployed functions, and judge the answers.'

  async run(): Promise<SimulationResult> {
    const {flags} = this
    const spec = parseTriggerSource(this.args.triggerSource)
    const [{parsePairs, readKeyValueFile}, {runSimulation}, {auth0CredentialsFromEnv}, {renderDryRun, renderSimulation}] = await Promise.all([
      import('../lib/simulate/inputs.js'),
      import('../lib/simulate/run.js'),
      import('../lib/auth0/client.js'),
      import('../lib/simulate/render.js'),
    ])
    const env = {...(flags['env-file'] ? await readKeyValueFile(flags['env-file'], '--env-file') : {}), ...parsePairs(flags.env, '--env')}
    const secrets = {...(flags['secrets-file'] ? await readKeyValueFile(flags['secrets-file'], '--secrets-file') : {}), ...parsePairs(flags.secret, '--secret')}
    const result = await runSimulation(
      {
        allowHosts: flags['allow-host'] ?? [],
        attributes: parsePairs(flags.attribute, '--attribute'),
        auth0Action: flags['auth0-action'],
        auth0Domain: flags['auth0-domain'],
        clientId: flags['client-id'],
        clientMetadata: parsePairs(flags['client-metadata'], '--client-metadata'),
        code: flags.code,
        concurrency: flags.concurrency,
        count: flags.count,
        dryRun: flags['dry-run'],
        email: flags.email,
        emailSendingAccount: flags['email-sending-account'] as 'COGNITO_DEFAULT' | 'DEVELOPER' | undefined,
        env,
        function: flags.function,
        handler: flags.handler,
        kmsKeyId: flags['kms-key-id'],
        memoryMb: flags.memory,
        messageType: flags['message-type'] as 'sms' | 'voice',
        mfaAction: flags['mfa-action'] as 'enrollment' | 'second-factor-authentication',
        nodeArgs: flags['node-arg'] ?? [],
        phone: flags.phone,
        region: flags.region,
        scenario: flags.scenario,
        secrets,
        showCode: flags['show-code'],
        source: spec.source,
        tenant: flags.tenant,
        text: flags.text,
        timeoutSeconds: flags.timeout,
        userPoolId: flags['user-pool-id'],
        username: flags.username,
      },
      {
        auth0Credentials: auth0CredentialsFromEnv(),
        note: (text) => this.note(text),
        session: (fallbackRegion) => this.aws(fallbackRegion),
        warn: (text) => this.warn(text),
      },
    )
    if (result.verdict === 'fail') this.setExitCode(ExitCode.failed)
    if (!this.jsonEnabled()) {
      if (result.verdict === 'dry-run') {
        const out = renderDryRun(result, this.stderrStyle)
        process.stderr.write(`${out.stderr}\n`)
        this.log(out.stdout)
      } else {
        this.log(renderSimulation(result, this.style))
      }
    }

    return result
  }
}
