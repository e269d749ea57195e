/** Auth0: the SMS factor, its provider, the send-phone-message Action or legacy Hook, the tenant-level phone provider and recent failures. */
import {LOG_WINDOW_DAYS} from '../facts/auth0.js'
import {AUTH0_BUILTIN_SMS_CAP, AUTH0_HOOKS_END_OF_LIFE, DOCS} from '../knowledge.js'
import type {FactTypes} from '../facts/types.js'
import type {Check, Facts, Finding} from '../types.js'
import {notApplicable} from './finding.js'

const CUSTOM = 'phone-message-hook'

function customOnly(facts: Facts): Finding | undefined {
  const provider = facts.get('auth0.selectedProvider').provider
  return provider === CUSTOM ? undefined : notApplicable(`the SMS provider is ${provider ?? 'not set'}, not Custom`)
}

/** Runs `evaluate` on the Actions bound to send-phone-message; not applicable without Custom or without a bound Action. */
function withBoundActions(facts: Facts, evaluate: (actions: FactTypes['auth0.boundActions']) => Finding): Finding {
  const none = customOnly(facts)
  if (none) return none
  const actions = facts.get('auth0.boundActions')
  if (actions.length === 0) return notApplicable('no Action is bound to send-phone-message')
  return evaluate(actions)
}

function tenant(facts: Facts): string {
  return facts.input.auth0Domain ?? 'the tenant'
}

export const auth0AccessCheck: Check = {
  docs: DOCS.auth0Management,
  evaluate(facts) {
    const o = facts.outcome('auth0.factors')
    if (o.ok) return {evidence: {domain: tenant(facts)}, status: 'pass', summary: `Read ${tenant(facts)} through the Management API.`}
    if (o.kind === 'denied') {
      return {evidence: {domain: tenant(facts), error: o.message}, fix: {text: 'Grant the application the read-only scopes `mfa-sms doctor --list` names (APIs › Auth0 Management API › Machine to Machine Applications).'}, status: 'warn', summary: `The credentials work but lack ${o.action}.`}
    }

    const unreachable = o.kind === 'unreachable' || o.kind === 'timeout' || o.kind === 'unsupported'
    return {
      evidence: {domain: tenant(facts), error: o.message},
      fix: unreachable
        ? {text: 'Check --auth0-domain (the tenant\'s domain, e.g. my-tenant.eu.auth0.com) and the network.'}
        : {text: 'Set AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET of a machine-to-machine application authorised for the Management API (or AUTH0_TOKEN), with the scopes `mfa-sms doctor --list` names.'},
      status: 'fail',
      summary: unreachable ? `Could not reach ${tenant(facts)}: ${o.message}` : `Auth0 did not accept the credentials: ${o.message}`,
    }
  },
  group: 'auth0',
  id: 'auth0.access',
  needs: [],
  scope: 'auth0',
  title: 'Auth0 Management API credentials work',
  uses: ['auth0.factors'],
}

export const auth0SmsFactorCheck: Check = {
  docs: DOCS.auth0SmsMfa,
  evaluate(facts) {
    const factors = facts.get('auth0.factors')
    const sms = factors.find((f) => f.name === 'sms')
    const enabled = factors.filter((f) => f.enabled).map((f) => f.name)
    if (sms?.enabled) return {evidence: {'enabled factors': enabled}, status: 'pass', summary: 'The Phone Message (SMS) factor is enabled.'}
    return {
      evidence: {'enabled factors': enabled},
      fix: {console: 'Auth0 Dashboard › Security › Multi-factor Auth › Phone Message › enable', text: 'Enable the Phone Message factor and choose SMS.'},
      status: 'fail',
      summary: 'The Phone Message (SMS) factor is disabled: Auth0 sends no SMS codes.',
    }
  },
  group: 'auth0',
  id: 'auth0.sms-factor',
  needs: ['auth0.factors'],
  scope: 'auth0',
  title: 'The SMS factor is enabled',
}

export const auth0ProviderCheck: Check = {
  docs: DOCS.auth0SmsMfa,
  evaluate(facts) {
    const provider = facts.get('auth0.selectedProvider').provider
    const evidence = {provider: provider ?? '(none)'}
    switch (provider) {
      case 'auth0': {
        return {
          evidence,
          fix: {console: 'Auth0 Dashboard › Security › Multi-factor Auth › Phone Message › Delivery provider: Twilio or Custom', text: 'Choose Twilio or Custom (a send-phone-message Action) for production.'},
          status: 'warn',
          summary: `The built-in Auth0 provider is selected: it is for testing, SMS only, and stops after ${AUTH0_BUILTIN_SMS_CAP} messages per tenant.`,
        }
      }

      case 'twilio': {
        return {evidence, status: 'pass', summary: 'Twilio delivers the codes (check its console for delivery errors).'}
      }

      case CUSTOM: {
        return {evidence, status: 'pass', summary: 'Custom: a send-phone-message Action (or legacy Hook) delivers the codes.'}
      }

      default: {
        return {evidence, status: 'info', summary: `Selected provider: ${provider ?? 'none'}.`}
      }
    }
  },
  group: 'auth0',
  id: 'auth0.provider',
  needs: ['auth0.selectedProvider'],
  scope: 'auth0',
  title: 'The SMS provider suits production',
}

export const auth0ActionBoundCheck: Check = {
  docs: DOCS.auth0PhoneMessageAction,
  evaluate(facts) {
    const none = customOnly(facts)
    if (none) return none
    const bindings = facts.get('auth0.bindings')
    const hooks = facts.maybe('auth0.hooks')?.filter((h) => h.enabled) ?? []
    const evidence = {bound: bindings.map((b) => b.displayName ?? b.actionName ?? b.actionId ?? '?'), 'enabled legacy hooks': hooks.map((h) => h.name ?? h.id)}
    if (bindings.length > 0) return {evidence, status: 'pass', summary: `${bindings.length === 1 ? 'An Action is' : `${bindings.length} Actions are`} bound to send-phone-message.`}
    const fix = {console: 'Auth0 Dashboard › Actions › Triggers › send-phone-message › drag the Action into the flow › Apply', text: 'Bind a deployed send-phone-message Action.'}
    if (hooks.length > 0) return {evidence, fix, status: 'warn', summary: 'No Action is bound to send-phone-message; a legacy Hook sends instead (Hooks reach end of life).'}
    return {evidence, fix, status: 'fail', summary: 'Custom is selected but nothing is bound to send-phone-message: codes are never sent.'}
  },
  group: 'auth0',
  id: 'auth0.action-bound',
  needs: ['auth0.selectedProvider', 'auth0.bindings'],
  scope: 'auth0',
  title: 'A send-phone-message Action is bound',
  uses: ['auth0.hooks'],
}

export const auth0ActionDeployedCheck: Check = {
  docs: DOCS.auth0PhoneMessageAction,
  evaluate: (facts) =>
    withBoundActions(facts, (actions) => {
      const rows = actions.map((a) => `${a.name ?? a.id}: status ${a.status ?? '?'}, deployed version ${a.deployedVersion ?? 'none'}, ${a.allChangesDeployed === false ? 'undeployed changes' : 'all changes deployed'}`)
      const failed = actions.filter((a) => a.status === 'failed')
      const notBuilt = actions.filter((a) => a.status !== undefined && a.status !== 'built' && a.status !== 'failed')
      const drafts = actions.filter((a) => a.allChangesDeployed === false)
      const fix = {console: 'Auth0 Dashboard › Actions › Library › <action> › Deploy', text: 'Fix the build errors if any, then Deploy the Action.'}
      if (failed.length > 0) return {evidence: rows, fix, status: 'fail', summary: `${failed.map((a) => a.name ?? a.id).join(', ')} failed to build.`}
      if (notBuilt.length > 0) return {evidence: rows, fix, status: 'warn', summary: `${notBuilt.map((a) => a.name ?? a.id).join(', ')} is still ${notBuilt[0]!.status}.`}
      if (drafts.length > 0) return {evidence: rows, fix, status: 'warn', summary: `${drafts.map((a) => a.name ?? a.id).join(', ')} has changes that are not deployed: the deployed version runs.`}
      return {evidence: rows, status: 'pass', summary: 'The bound Action is built and deployed.'}
    }),
  group: 'auth0',
  id: 'auth0.action-deployed',
  needs: ['auth0.selectedProvider', 'auth0.boundActions'],
  scope: 'auth0',
  title: 'The bound Action is built and deployed',
}

export const auth0ActionSecretsCheck: Check = {
  docs: DOCS.auth0PhoneMessageAction,
  evaluate: (facts) =>
    withBoundActions(facts, (actions) => {
      const problems: string[] = []
      const rows: string[] = []
      for (const a of actions) {
        const missingSecrets = a.usedSecrets.filter((s) => !a.secretNames.includes(s))
        const declared = a.dependencies.map((d) => d.name)
        const missingModules = a.usedModules.filter((m) => !declared.includes(m))
        rows.push(`${a.name ?? a.id}: uses secrets [${a.usedSecrets.join(', ')}], has [${a.secretNames.join(', ')}]; uses modules [${a.usedModules.join(', ')}], declares [${declared.join(', ')}]`)
        if (missingSecrets.length > 0) problems.push(`${a.name ?? a.id} reads secret${missingSecrets.length === 1 ? '' : 's'} ${missingSecrets.join(', ')} that ${missingSecrets.length === 1 ? 'is' : 'are'} not set`)
        if (missingModules.length > 0) problems.push(`${a.name ?? a.id} requires ${missingModules.join(', ')} without declaring ${missingModules.length === 1 ? 'it' : 'them'} as a dependency`)
      }

      if (problems.length > 0) {
        return {
          evidence: rows,
          fix: {console: 'Auth0 Dashboard › Actions › Library › <action> › Secrets / Dependencies (then Deploy)', text: 'Add the missing secrets and dependencies, then deploy the Action again.'},
          status: 'fail',
          summary: `${problems.join('; ')}: the Action throws and the code is never sent.`,
        }
      }

      return {evidence: rows, status: 'pass', summary: 'Every secret and module the Action uses is configured.'}
    }),
  group: 'auth0',
  id: 'auth0.action-secrets',
  needs: ['auth0.selectedProvider', 'auth0.boundActions'],
  scope: 'auth0',
  title: 'The Action\'s secrets and dependencies are set',
}

export const auth0LegacyHookCheck: Check = {
  docs: DOCS.auth0Hooks,
  evaluate(facts) {
    const hooks = facts.get('auth0.hooks')
    const enabled = hooks.filter((h) => h.enabled)
    if (enabled.length === 0) return {evidence: {hooks: hooks.map((h) => `${h.name ?? h.id} (disabled)`)}, status: 'pass', summary: 'No enabled legacy Send Phone Message Hook.'}
    return {
      evidence: {hooks: enabled.map((h) => h.name ?? h.id)},
      fix: {console: 'Auth0 Dashboard › Actions › Library › Create Action › send-phone-message (port the Hook, then disable it)', text: 'Move the Hook\'s code to a send-phone-message Action (secrets move to Action secrets) and disable the Hook.'},
      status: 'warn',
      summary: `A legacy Send Phone Message Hook is enabled (${enabled.map((h) => h.name ?? h.id).join(', ')}): Hooks reach end of life on ${AUTH0_HOOKS_END_OF_LIFE}.`,
    }
  },
  group: 'auth0',
  id: 'auth0.legacy-hook',
  needs: ['auth0.hooks'],
  scope: 'auth0',
  title: 'No legacy Send Phone Message Hook',
}

export const auth0PhoneProviderCheck: Check = {
  docs: DOCS.auth0PhoneProviders,
  evaluate(facts) {
    const providers = facts.get('auth0.phoneProviders')
    const active = providers.filter((p) => !p.disabled)
    const selected = facts.maybe('auth0.selectedProvider')?.provider
    const evidence = {'tenant phone providers': providers.map((p) => `${p.name}${p.disabled ? ' (disabled)' : ''}`), 'MFA provider': selected ?? '(not read)'}
    if (active.length === 0) return {evidence, status: 'pass', summary: 'No tenant-level phone provider overrides the MFA SMS provider.'}
    const names = active.map((p) => p.name).join(', ')
    if (selected === CUSTOM) {
      return {
        evidence,
        fix: {console: 'Auth0 Dashboard › Branding › Phone Provider', text: `Either move the send-phone-message logic to the ${active.some((p) => p.name === 'custom') ? 'custom-phone-provider Action' : 'tenant-level provider'}, or remove the tenant-level provider.`},
        status: 'warn',
        summary: `A tenant-level phone provider (${names}) is configured: MFA SMS go through it, and the send-phone-message Action is bypassed.`,
      }
    }

    return {evidence, status: 'info', summary: `MFA SMS are sent by the tenant-level phone provider (${names})${active.some((p) => p.name === 'custom') ? ' through the custom-phone-provider Action' : ''}.`}
  },
  group: 'auth0',
  id: 'auth0.phone-provider',
  needs: ['auth0.phoneProviders'],
  scope: 'auth0',
  title: 'No tenant-level phone provider bypasses the Action',
  uses: ['auth0.selectedProvider'],
}

export const auth0FailuresCheck: Check = {
  docs: DOCS.auth0Logs,
  evaluate(facts) {
    const logs = facts.get('auth0.smsFailureLogs')
    if (logs.length === 0) return {evidence: [], status: 'pass', summary: `No gd_send_sms_failure in the tenant logs of the last ${LOG_WINDOW_DAYS} days.`}
    return {
      evidence: logs.slice(0, 5).map((l) => `${l.date ?? '?'}: ${l.description ?? l.type ?? 'gd_send_sms_failure'}`),
      fix: {command: 'auth0 logs tail --filter "type:gd_send_sms_failure"', console: 'Auth0 Dashboard › Monitoring › Logs › filter "Failed to send SMS"', text: 'Open the failures: the description names the provider\'s error (bad credentials, missing secret, non-E.164 number).'},
      status: 'fail',
      summary: `${logs.length}${logs.length >= 20 ? '+' : ''} SMS send failure${logs.length === 1 ? '' : 's'} (gd_send_sms_failure) in the last ${LOG_WINDOW_DAYS} days.`,
    }
  },
  group: 'auth0',
  id: 'auth0.send-failures',
  needs: ['auth0.smsFailureLogs'],
  scope: 'auth0',
  title: 'No recent SMS send failures in the tenant logs',
}

export const AUTH0_CHECKS: Check[] = [
  auth0AccessCheck,
  auth0SmsFactorCheck,
  auth0ProviderCheck,
  auth0ActionBoundCheck,
  auth0ActionDeployedCheck,
  auth0ActionSecretsCheck,
  auth0LegacyHookCheck,
  auth0PhoneProviderCheck,
  auth0FailuresCheck,
]
