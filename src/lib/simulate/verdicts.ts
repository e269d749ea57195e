/**
 * The verdicts of `mfa-sms simulate`, as data: each rule reads one invocation and says pass, fail,
 * warn or info (or nothing, when it does not apply). A run fails (exit 1) when any finding fails.
 *
 * CustomMessage responses are checked as Cognito checks them (aws-facts §4.2, seed 001); custom
 * senders and Auth0 handlers by what reached the (emulated) SMS APIs.
 *
 * Fidelity: a rule that is not sure says so (warn), rather than pass.
 */
import {analyseSmsBody, COGNITO_SMS_LIMIT, DEFAULT_CODE_PLACEHOLDER, DEFAULT_USERNAME_PLACEHOLDER, renderTemplate} from '../knowledge/sms-body.js'
import {classifyDecryptFailure} from './decrypt-mistakes.js'
import type {Finding, InvocationRecord, RuleContext, VerdictRule} from './types.js'

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`

function errorText(inv: InvocationRecord): string {
  return [inv.error?.errorType, inv.error?.errorMessage, ...(inv.error?.stack ?? []), ...inv.logs].filter(Boolean).join('\n')
}

function request(inv: InvocationRecord): Record<string, unknown> {
  const event = inv.event as {request?: Record<string, unknown>} | undefined
  return event?.request ?? {}
}

function responseOf(inv: InvocationRecord): Record<string, unknown> | undefined {
  const r = inv.response as {response?: unknown} | null | undefined
  return r && typeof r === 'object' && r.response && typeof r.response === 'object' ? (r.response as Record<string, unknown>) : undefined
}

/** CustomMessage rules run only on an answer Cognito would read. */
function customMessageOk(inv: InvocationRecord, ctx: RuleContext): boolean {
  return ctx.spec.family === 'custom-message' && inv.outcome === 'ok' && ctx.target !== 'dry-run'
}

function smsMessage(inv: InvocationRecord): string | undefined {
  const value = responseOf(inv)?.smsMessage
  return typeof value === 'string' && value !== '' ? value : undefined
}

function sends(ctx: RuleContext): boolean {
  return ctx.spec.family === 'custom-sms-sender' || ctx.spec.family === 'auth0'
}

const pass = (id: string, message: string): Finding => ({id, message, status: 'pass'})
const fail = (id: string, message: string, fix?: string): Finding => ({fix, id, message, status: 'fail'})
const warn = (id: string, message: string, fix?: string): Finding => ({fix, id, message, status: 'warn'})
const info = (id: string, message: string): Finding => ({id, message, status: 'info'})

export const VERDICT_RULES: readonly VerdictRule[] = [
  {
    id: 'handler-loads',
    summary: 'The handler file loads and exports the function the trigger calls.',
    check(inv, ctx) {
      if (ctx.target !== 'local') return undefined
      if (inv.outcome !== 'init-error') return pass('handler-loads', `The handler loaded${inv.initDurationMs === undefined ? '' : ` (init ${Math.round(inv.initDurationMs)} ms)`}.`)
      const missing = /Cannot find (module|package) '([^']+)'/.exec(inv.error?.errorMessage ?? '')
      return fail(
        'handler-loads',
        `The handler does not load: ${inv.error?.errorType}: ${inv.error?.errorMessage}`,
        missing
          ? `Install ${missing[2]} where the handler can resolve it${missing[2] === 'aws-sdk' ? ' (and bundle it: the nodejs18.x and later Lambda runtimes only include SDK v3)' : ''}.`
          : undefined,
      )
    },
  },
  {
    id: 'no-error',
    summary: 'The function returns without an error (no FunctionError, no crash).',
    check(inv, ctx) {
      if (ctx.target === 'dry-run' || inv.outcome === 'init-error' || inv.outcome === 'timeout') return undefined
      if (inv.outcome === 'ok' && !inv.functionError) return pass('no-error', 'The function finished without an error.')
      const what = inv.error ? `${inv.error.errorType}: ${inv.error.errorMessage}` : `FunctionError ${inv.functionError ?? 'Unhandled'}`
      const consequence =
        ctx.spec.family === 'custom-message'
          ? `Cognito fails the API call with UserLambdaValidationException ("CustomMessage failed with error ${inv.error?.errorMessage ?? '…'}.")`
          : ctx.spec.family === 'custom-sms-sender'
            ? 'Cognito already told the caller the code was sent; no SMS arrives'
            : 'Auth0 reports the MFA message as failed (gd_send_sms_failure)'
      return fail('no-error', `The function failed: ${what}. ${consequence}.`)
    },
  },
  {
    id: 'decrypt',
    summary: 'Custom senders decrypt the code as Cognito encrypted it (commitment policy, keyring naming the key ARN).',
    check(inv, ctx) {
      if (ctx.spec.family !== 'custom-sms-sender' || ctx.target === 'dry-run' || ctx.target === 'auth0-tenant' || inv.outcome === 'init-error') return undefined
      const mistake = classifyDecryptFailure(errorText(inv), ctx.keyArn ?? '(the pool key ARN)', ctx.configuredKeys)
      if (mistake) return fail(mistake.id, mistake.message, mistake.fix)
      if (inv.outcome !== 'ok') return undefined
      return pass('decrypt', 'No decryption error: the handler accepts codes encrypted as Cognito encrypts them.')
    },
  },
  {
    id: 'timeout',
    summary: "The function finishes within its own timeout.",
    check(inv, ctx) {
      if (inv.outcome !== 'timeout') return undefined
      const hook = inv.style === 'auth0-hook'
      return fail(
        'timeout',
        `The function did not finish: ${inv.error?.errorMessage ?? 'it timed out'}.${hook ? '' : ctx.timeoutMs ? ` (timeout ${seconds(ctx.timeoutMs)})` : ''}`,
        hook ? undefined : 'Find what it waits for (an un-ended promise, a request without a timeout); --timeout sets how long the local run waits.',
      )
    },
  },
  {
    id: 'budget',
    summary: "The function answers inside the caller's budget (Cognito: 5 s; Auth0: 20 s).",
    check(inv, ctx) {
      if (ctx.target === 'dry-run' || inv.outcome === 'init-error') return undefined
      const took = inv.outcome === 'timeout' ? Math.max(inv.durationMs, ctx.timeoutMs ?? 0) : inv.durationMs
      const cold = inv.coldStart && inv.initDurationMs ? `, of which ${Math.round(inv.initDurationMs)} ms cold start` : ''
      if (took <= ctx.budgetMs) return pass('budget', `It took ${seconds(took)}${cold}, inside the ${seconds(ctx.budgetMs)} budget.`)
      const caller =
        ctx.spec.family === 'custom-message'
          ? 'Cognito stops waiting after 5 s and fails the call (UnexpectedLambdaException: … Socket timeout while invoking Lambda function)'
          : ctx.spec.family === 'custom-sms-sender'
            ? // ⚠ Custom senders are invoked asynchronously (aws-facts §4.4, inferred), so the API call may not fail; the code still arrives late, or never if Lambda's own timeout is shorter.
              'Cognito invokes custom senders asynchronously, so the sign-in call may not fail, but the code arrives that much later, and not at all if the function timeout is shorter'
            : 'Auth0 ends the flow with an error after 20 s'
      return fail('budget', `It took ${seconds(took)}${cold}: over the ${seconds(ctx.budgetMs)} budget. ${caller}.`, 'Do less before answering: move slow calls out, reuse clients across invocations, set short timeouts on outbound requests.')
    },
  },
  {
    id: 'response-shape',
    summary: 'CustomMessage: the whole event comes back, with a response object.',
    check(inv, ctx) {
      if (!customMessageOk(inv, ctx)) return undefined
      const r = inv.response
      if (r === null || r === undefined || typeof r !== 'object' || Array.isArray(r)) {
        return fail(
          'response-shape',
          `The function returned ${r === undefined || r === null ? 'nothing' : JSON.stringify(r).slice(0, 60)} instead of the event. Cognito answers InvalidLambdaResponseException (Unrecognizable lambda output).`,
          'Set event.response.smsMessage and return the event (async handlers: `return event`).',
        )
      }

      const event = inv.event as Record<string, unknown>
      const missing = ['version', 'triggerSource', 'region', 'userPoolId', 'userName', 'callerContext', 'request', 'response'].filter(
        (k) => !(k in (r as Record<string, unknown>)),
      )
      if (missing.length > 0) {
        return fail('response-shape', `The returned object lacks ${missing.join(', ')}: Cognito expects the whole event back and may answer "Unrecognizable lambda output".`, 'Return the event you were given, with only event.response changed.')
      }

      const changed = ['version', 'triggerSource', 'userPoolId', 'userName'].filter((k) => JSON.stringify((r as Record<string, unknown>)[k]) !== JSON.stringify(event[k]))
      if (changed.length > 0) return warn('response-shape', `The returned event changes ${changed.join(', ')}; Cognito reads only response, but this is usually a bug.`)
      return pass('response-shape', 'The whole event came back with a response object.')
    },
  },
  {
    id: 'sms-message',
    summary: 'CustomMessage: response.smsMessage is a string (or left null for the pool default).',
    check(inv, ctx) {
      if (!customMessageOk(inv, ctx) || !responseOf(inv)) return undefined
      const value = responseOf(inv)!.smsMessage
      if (value === null || value === undefined) return info('sms-message', 'smsMessage is null: Cognito sends the pool\'s own SMS template for this event.')
      if (typeof value !== 'string') return fail('sms-message', `smsMessage is a ${typeof value}, not a string.`)
      if (value.trim() === '') return fail('sms-message', 'smsMessage is empty: Cognito refuses it ("The message is empty").')
      return pass('sms-message', 'smsMessage is set.')
    },
  },
  {
    id: 'sms-code-placeholder',
    summary: 'CustomMessage: smsMessage contains request.codeParameter ({####}).',
    check(inv, ctx) {
      const sms = customMessageOk(inv, ctx) ? smsMessage(inv) : undefined
      if (sms === undefined) return undefined
      const placeholder = String(request(inv).codeParameter ?? DEFAULT_CODE_PLACEHOLDER)
      if (sms.includes(placeholder)) return pass('sms-code-placeholder', `The SMS contains ${placeholder}.`)
      const analysis = analyseSmsBody(sms, {codePlaceholder: placeholder})
      const problem = analysis.problems.find((p) => p.code === 'NO_CODE_PLACEHOLDER')
      const leaked = sms.includes(inv.code) ? ' (it contains a code of its own, which Cognito does not know)' : ''
      return fail(
        'sms-code-placeholder',
        `${problem?.message ?? `The SMS does not contain ${placeholder}.`}${leaked} Cognito rejects the response or falls back to its default message.`,
        `Use event.request.codeParameter where the code goes, e.g. \`Your code is \${event.request.codeParameter}\`.`,
      )
    },
  },
  {
    id: 'sms-username-placeholder',
    summary: 'CustomMessage_AdminCreateUser: smsMessage also contains request.usernameParameter ({username}).',
    check(inv, ctx) {
      if (!ctx.spec.usernameParameter) return undefined
      const sms = customMessageOk(inv, ctx) ? smsMessage(inv) : undefined
      if (sms === undefined) return undefined
      const placeholder = String(request(inv).usernameParameter ?? DEFAULT_USERNAME_PLACEHOLDER)
      if (sms.includes(placeholder)) return pass('sms-username-placeholder', `The invitation contains ${placeholder}.`)
      return fail(
        'sms-username-placeholder',
        `The invitation SMS lacks ${placeholder}: a user created by an admin must get both the username and the temporary password, and Cognito falls back to its default message when either placeholder is missing.`,
        'Include event.request.usernameParameter as well as event.request.codeParameter.',
      )
    },
  },
  {
    id: 'sms-length',
    summary: `CustomMessage: the SMS is at most ${COGNITO_SMS_LIMIT} characters with the code in.`,
    check(inv, ctx) {
      const sms = customMessageOk(inv, ctx) ? smsMessage(inv) : undefined
      if (sms === undefined) return undefined
      const req = request(inv)
      const username = (inv.event as {userName?: string}).userName
      const analysis = analyseSmsBody(sms, {
        code: inv.code,
        codePlaceholder: String(req.codeParameter ?? DEFAULT_CODE_PLACEHOLDER),
        username: ctx.spec.usernameParameter ? username : undefined,
        usernamePlaceholder: String(req.usernameParameter ?? DEFAULT_USERNAME_PLACEHOLDER),
      })
      const length = Math.max(analysis.length, analysis.renderedLength)
      if (analysis.withinCognitoLimit) return pass('sms-length', `The SMS is ${analysis.renderedLength} characters with the code in (limit ${COGNITO_SMS_LIMIT}).`)
      return fail(
        'sms-length',
        `The SMS is ${length} characters${analysis.renderedLength > analysis.length ? ' once the code and username are filled in' : ''}; Cognito allows at most ${COGNITO_SMS_LIMIT} (including the code), and rejects or replaces longer messages.`,
        `Shorten it by ${length - COGNITO_SMS_LIMIT} characters or more.`,
      )
    },
  },
  {
    id: 'email-fields',
    summary: 'CustomMessage: emailMessage/emailSubject only when the pool sends email through SES (EmailSendingAccount DEVELOPER).',
    check(inv, ctx) {
      if (!customMessageOk(inv, ctx) || !responseOf(inv)) return undefined
      const r = responseOf(inv)!
      const set = (['emailMessage', 'emailSubject'] as const).filter((k) => r[k] !== null && r[k] !== undefined)
      if (set.length === 0) return pass('email-fields', 'No email fields are returned.')
      if (ctx.emailSendingAccount === 'DEVELOPER') return pass('email-fields', `${set.join(' and ')} returned; allowed because the pool sends email through SES (DEVELOPER).`)
      const consequence = `Cognito answers 400 InvalidLambdaResponseException when ${set.join('/')} is returned and the pool's EmailSendingAccount is not DEVELOPER`
      if (ctx.emailSendingAccount === undefined) {
        return warn('email-fields', `${set.join(' and ')} returned, and the pool's EmailSendingAccount is unknown. ${consequence}.`, 'Pass --email-sending-account (or --user-pool-id) to check it.')
      }

      return fail(
        'email-fields',
        `${set.join(' and ')} returned while the pool sends email with COGNITO_DEFAULT. ${consequence}, so even the SMS is not sent.`,
        'Return only smsMessage for SMS (leave emailMessage and emailSubject null), or switch the pool to SES (EmailSendingAccount DEVELOPER).',
      )
    },
  },
  {
    id: 'sms-encoding',
    summary: 'The SMS fits GSM-7 (else UCS-2: 70 characters per part).',
    check(inv, ctx) {
      const body = customMessageOk(inv, ctx) ? smsMessage(inv) : sends(ctx) ? inv.sms?.find((m) => m.body.includes(inv.code))?.body : undefined
      if (body === undefined) return undefined
      const analysis = analyseSmsBody(body, {code: inv.code})
      const problem = analysis.problems.find((p) => p.code === 'UCS2_ENCODING')
      if (problem) return warn('sms-encoding', problem.message, problem.fix)
      return pass('sms-encoding', 'The SMS is plain GSM-7.')
    },
  },
  {
    id: 'sms-segments',
    summary: 'The SMS goes out as one part.',
    check(inv, ctx) {
      const custom = customMessageOk(inv, ctx) ? smsMessage(inv) : undefined
      const body = custom ?? (sends(ctx) ? inv.sms?.find((m) => m.body.includes(inv.code))?.body : undefined)
      if (body === undefined) return undefined
      const rendered = custom === undefined ? body : renderTemplate(custom, {code: inv.code, username: (inv.event as {userName?: string}).userName}, {code: String(request(inv).codeParameter ?? DEFAULT_CODE_PLACEHOLDER)})
      const analysis = analyseSmsBody(rendered, {code: inv.code})
      const problem = analysis.problems.find((p) => p.code === 'MULTIPART')
      if (problem) return warn('sms-segments', problem.message, problem.fix)
      return pass('sms-segments', `One SMS part (${analysis.encoding}).`)
    },
  },
  {
    id: 'network-blocked',
    summary: 'A local handler reaches nothing beyond this machine (all AWS calls go to the in-process endpoint).',
    check(inv, ctx) {
      if (ctx.target !== 'local') return undefined
      if (inv.blocked.length === 0) return undefined
      const hosts = [...new Set(inv.blocked.map((b) => `${b.host}${b.port ? `:${b.port}` : ''}`))]
      return fail(
        'network-blocked',
        `The handler tried to reach ${hosts.join(', ')}; simulate blocked it, so whatever it meant to send there was not sent or checked.`,
        hosts.some((h) => /amazonaws|api\.aws/.test(h))
          ? 'It reached an AWS host over plain sockets or HTTP/2 that simulate cannot redirect; use the AWS SDK.'
          : `If that is your SMS provider, pass --allow-host ${hosts[0]?.replace(/:\d+$/, '')} (the message will really be sent).`,
      )
    },
  },
  {
    id: 'sms-sent',
    summary: 'Custom sender / Auth0: an SMS reached SNS or End User Messaging during the invocation.',
    check(inv, ctx) {
      if (!sends(ctx) || ctx.target !== 'local' || inv.sms === undefined || inv.outcome === 'init-error') return undefined
      if (inv.sms.length > 0) return pass('sms-sent', `${inv.sms.length === 1 ? 'An SMS was' : `${inv.sms.length} SMS were`} sent (${[...new Set(inv.sms.map((m) => m.channel === 'eums' ? 'End User Messaging' : 'SNS'))].join(', ')}).`)
      if (inv.outcome !== 'ok' && !inv.notes.includes('hook-returned-without-callback')) return fail('sms-sent', 'No SMS reached SNS or End User Messaging: the function failed before sending.')
      const hints: string[] = []
      if (inv.notes.includes('hook-returned-without-callback')) hints.push('the hook returned without calling cb')
      if (inv.outcome === 'ok') hints.push('the handler returned without sending: was the send awaited, or does this trigger source skip the send?')
      return fail('sms-sent', `No SMS reached SNS or End User Messaging${hints.length > 0 ? ` (${hints.join('; ')})` : ''}.`, 'Await the send (return or await the SDK promise) before the handler returns.')
    },
  },
  {
    id: 'sms-recipient',
    summary: "Custom sender / Auth0: the SMS goes to the user's phone number.",
    check(inv, ctx) {
      if (!sends(ctx) || !inv.sms || inv.sms.length === 0 || !ctx.phone) return undefined
      if (inv.sms.some((m) => m.to === ctx.phone)) return pass('sms-recipient', `The SMS went to ${ctx.phone}.`)
      return fail('sms-recipient', `The SMS went to ${[...new Set(inv.sms.map((m) => m.to))].join(', ')}, not to the user's phone ${ctx.phone}.`, ctx.spec.family === 'auth0' ? 'Send to event.message_options.recipient.' : 'Send to event.request.userAttributes.phone_number.')
    },
  },
  {
    id: 'sms-code',
    summary: 'Custom sender / Auth0: the SMS contains the plaintext code.',
    check(inv, ctx) {
      if (!sends(ctx) || !inv.sms || inv.sms.length === 0) return undefined
      if (inv.sms.some((m) => m.body.includes(inv.code))) return pass('sms-code', 'The SMS contains the code.')
      const encrypted = (request(inv).code as string | undefined) ?? ''
      const sentCiphertext = encrypted.length > 0 && inv.sms.some((m) => m.body.includes(encrypted.slice(0, 24)))
      return fail(
        'sms-code',
        sentCiphertext ? 'The SMS contains the encrypted code (request.code) instead of the code: the handler did not decrypt it.' : 'The SMS does not contain the code the user has to type.',
        ctx.spec.family === 'auth0' ? 'Send event.message_options.text (or include event.message_options.code).' : 'Decrypt request.code with the Encryption SDK and put the plaintext in the message.',
      )
    },
  },
  {
    id: 'sms-awaited',
    summary: 'Custom sender / Auth0: the SMS is sent before the handler returns.',
    check(inv, ctx) {
      if (!sends(ctx) || !inv.sms || inv.sms.length === 0) return undefined
      const late = inv.sms.filter((m) => m.afterReturnMs !== undefined)
      if (late.length === 0) return pass('sms-awaited', 'The send finished before the handler returned.')
      return fail(
        'sms-awaited',
        `The SMS reached the API ${Math.round(late[0]!.afterReturnMs!)} ms after the handler returned. Lambda (and Auth0) freeze the environment once the handler returns, so in production this send happens late, on a later invocation, or never.`,
        'await (or return) the send promise.',
      )
    },
  },
  {
    id: 'sms-delivery',
    summary: 'Local: the emulated account would deliver the SMS (sandbox, spend limit, origination…).',
    check(inv, ctx) {
      if (!sends(ctx) || !inv.sms || inv.sms.length === 0) return undefined
      const failed = inv.sms.filter((m) => m.outcome === 'failed')
      if (failed.length === 0) return pass('sms-delivery', 'The emulated account accepts the message for delivery.')
      const m = failed[0]!
      return warn('sms-delivery', `In the emulated account the SMS to ${m.to} would not be delivered: ${m.reason ?? m.rule ?? 'failed'}${m.rule ? ` [${m.rule}]` : ''}.`, 'Run `mfa-sms local` scenarios or `mfa-sms doctor` to check the real account.')
    },
  },
  {
    id: 'logs-show-send',
    summary: 'Deployed custom sender: the log tail shows a send.',
    check(inv, ctx) {
      if (ctx.target !== 'deployed' || ctx.spec.family !== 'custom-sms-sender' || inv.outcome !== 'ok') return undefined
      if (inv.logs.some((l) => /MessageId|messageId|Publish|SendTextMessage|\bsent\b/i.test(l))) return pass('logs-show-send', 'The log tail mentions a send.')
      // Not a failure: a function may send without logging. But nothing here confirms the SMS either.
      return warn('logs-show-send', 'Nothing in the last 4 KB of logs shows that an SMS was sent; this run cannot confirm delivery.', 'Log the MessageId the SMS API returns, or run the handler locally with --handler to capture the message.')
    },
  },
  {
    id: 'hook-callback',
    summary: 'Legacy hook: cb is called, once.',
    check(inv) {
      if (inv.style !== 'auth0-hook') return undefined
      if (inv.notes.includes('hook-returned-without-callback') || (inv.outcome === 'timeout' && !inv.notes.includes('hook-callback-twice'))) {
        return fail('hook-callback', 'The hook never called cb, so Auth0 waits until the 20-second limit and the MFA step fails.', 'Call cb(null, {}) once the message is sent, and cb(err) when it fails; an async function must still call cb.')
      }

      if (inv.notes.includes('hook-callback-twice')) return warn('hook-callback', 'The hook called cb more than once; only the first call counts.')
      return inv.outcome === 'ok' || inv.outcome === 'error' ? pass('hook-callback', 'The hook called cb.') : undefined
    },
  },
  {
    id: 'sdk-v2',
    summary: 'The handler does not depend on the AWS SDK for JavaScript v2.',
    check(inv, ctx) {
      if (!inv.awsSdkV2) return undefined
      const lambda = ctx.spec.family !== 'auth0'
      return warn(
        'sdk-v2',
        `The handler loads the AWS SDK for JavaScript v2 (aws-sdk), which reached end of support on 8 September 2025${lambda ? ' and is not part of the nodejs18.x and later Lambda runtimes: it works there only if bundled with the function' : ''}.`,
        'Move to the v3 clients (@aws-sdk/client-sns, @aws-sdk/client-kms); they are in the Lambda runtime and honour AWS_ENDPOINT_URL.',
      )
    },
  },
  {
    id: 'cold-start',
    summary: 'Cold start time (information).',
    check(inv) {
      if (!inv.coldStart || inv.initDurationMs === undefined || inv.outcome === 'init-error') return undefined
      return info('cold-start', `Cold start: init ${Math.round(inv.initDurationMs)} ms.`)
    },
  },
]

export const VERDICT_IDS: readonly string[] = [
  ...VERDICT_RULES.map((r) => r.id),
  'decrypt-commitment-policy',
  'decrypt-alias-keyring',
  'decrypt-plain-kms',
  'decrypt-unsigned-only',
  'decrypt-key-disabled',
  'decrypt-kms-access',
]

/** Every finding for one invocation, in rule order. */
export function judge(invocation: InvocationRecord, context: RuleContext, rules: readonly VerdictRule[] = VERDICT_RULES): Finding[] {
  const out: Finding[] = []
  for (const rule of rules) {
    const found = rule.check(invocation, context)
    if (found === undefined) continue
    out.push(...(Array.isArray(found) ? found : [found]))
  }

  return out
}

export function failed(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.status === 'fail')
}
