/** The user pool: where its SMS leaves from, its SMS configuration, templates, MFA and SMS role. */
import {describeRegion} from '../../knowledge/regions.js'
import {analyseSmsBody} from '../../knowledge/sms-body.js'
import {roleNameFromArn} from '../facts/iam.js'
import {smsRoleRequirement} from '../facts/resources.js'
import type {MfaConfigFact, UserPoolFact} from '../facts/types.js'
import {COGNITO_SERVICE_PRINCIPAL, DOCS, shellQuote, SMS_CONFIGURATION_FAILURES} from '../knowledge.js'
import {analyseTrust, type TrustAnalysis} from '../policy.js'
import type {Check, Facts, Finding, Fix} from '../types.js'
import {notApplicable, permissionMethod} from './finding.js'

const UPDATE_POOL_WARNING = 'update-user-pool resets every setting you leave out: start from `aws cognito-idp describe-user-pool` and pass the full configuration.'

export const smsRegionCheck: Check = {
  docs: DOCS.cognitoSmsSettings,
  evaluate(facts) {
    const pool = facts.get('cognito.userPool')
    const r = facts.get('pool.smsRegion')
    const evidence = {
      'allowed SMS regions': r.check?.allowedSmsRegions ?? [r.cognitoRegion],
      'cognito region': r.cognitoRegion,
      path: r.path === 'eums' ? 'End User Messaging direct (EumsSms)' : r.path === 'sns' ? 'SNS (SnsCallerArn)' : 'none configured',
      'sms region': r.effectiveSmsRegion,
      source: r.source,
    }
    const fix = {
      command: `aws cognito-idp update-user-pool --user-pool-id ${pool.id} --region ${pool.region} --sms-configuration SnsCallerArn=${pool.smsConfiguration?.SnsCallerArn ?? '<role-arn>'},ExternalId=${pool.smsConfiguration?.ExternalId ?? '<external-id>'},SnsRegion=${r.check?.allowedSmsRegions[0] ?? pool.region}`,
      console: `Cognito › User pools › ${pool.id} › Authentication methods › SMS › Edit › AWS Region`,
      text: `Set SnsRegion to a region Cognito allows for ${describeRegion(pool.region)}. ${UPDATE_POOL_WARNING}`,
    }
    if (r.verdict === 'refused') return {evidence, fix, status: 'fail', summary: r.explanation}
    if (r.verdict === 'doubtful') return {evidence, fix, status: 'warn', summary: r.explanation}
    if (r.path === 'none') return {evidence, status: 'info', summary: r.explanation}
    if (r.source === 'legacy-default') {
      return {
        evidence,
        fix: {...fix, text: `Know that ${r.effectiveSmsRegion}'s sandbox, spend limit and origination numbers are the ones that count, or set SnsRegion explicitly. ${UPDATE_POOL_WARNING}`},
        status: 'warn',
        summary: `SnsRegion is unset, so this ${describeRegion(pool.region)} pool sends SMS from ${describeRegion(r.effectiveSmsRegion)} (legacy default): the account-level checks below ran there.`,
      }
    }

    return {evidence, status: 'pass', summary: `SMS leaves from ${describeRegion(r.effectiveSmsRegion)} (${r.source}), which Cognito allows.`}
  },
  group: 'sms-region',
  id: 'sms-region.allowed',
  needs: ['cognito.userPool', 'pool.smsRegion'],
  scope: 'pool',
  title: 'The SMS region is known and allowed',
}

/** Why the pool must be able to send SMS; empty when nothing needs it. */
function smsNeeds(pool: UserPoolFact, mfa: MfaConfigFact | undefined): string[] {
  const needs: string[] = []
  if (mfa?.smsMfaEnabled) needs.push('SMS MFA is enabled')
  else if (!mfa && pool.mfaConfiguration && pool.mfaConfiguration !== 'OFF' && pool.smsConfiguration) needs.push(`MFA is ${pool.mfaConfiguration}`)
  if (pool.autoVerifiedAttributes.includes('phone_number')) needs.push('phone numbers are verified by SMS (AutoVerifiedAttributes)')
  if (pool.usernameAttributes.includes('phone_number')) needs.push('users sign in with their phone number')
  return needs
}

function hasSmsConfiguration(pool: UserPoolFact): boolean {
  return Boolean(pool.smsConfiguration?.SnsCallerArn || pool.smsConfiguration?.EumsSms?.CallerArn)
}

export const smsConfigurationCheck: Check = {
  docs: DOCS.cognitoSmsSettings,
  evaluate(facts) {
    const pool = facts.get('cognito.userPool')
    const mfa = facts.maybe('cognito.mfaConfig')
    const needs = smsNeeds(pool, mfa)
    const configured = hasSmsConfiguration(pool)
    const hasSender = Boolean(pool.lambdaConfig.customSmsSender?.lambdaArn)
    const evidence = {
      'custom SMS sender': hasSender ? 'yes' : 'no',
      'SMS configuration': configured ? (pool.smsConfiguration?.EumsSms ? 'EumsSms' : 'SnsCallerArn') : 'none',
      'SMS needed because': needs.length > 0 ? needs : ['nothing found'],
      ...(mfa ? {} : {'MFA configuration': facts.outcome('cognito.mfaConfig').ok ? 'read' : 'not readable (needs cognito-idp:GetUserPoolMfaConfig); judged from DescribeUserPool'}),
    }
    if (configured || hasSender) {
      return {evidence, status: 'pass', summary: `The pool has an SMS configuration${hasSender && !configured ? ' (a CustomSMSSender sends)' : ''}${needs.length > 0 ? ` and needs it: ${needs.join('; ')}` : ''}.`}
    }

    if (needs.length > 0) {
      return {
        evidence,
        fix: {
          console: `Cognito › User pools › ${pool.id} › Authentication methods › SMS › Configure (create or pick an IAM role)`,
          text: 'Give the pool an SMS configuration: an IAM role Cognito assumes to send SMS (SnsCallerArn) with its ExternalId, or the End User Messaging path (EumsSms).',
        },
        status: 'fail',
        summary: `The pool must send SMS (${needs.join('; ')}) but has no SMS configuration: "User pool does not have SMS configuration to send messages."`,
      }
    }

    return {evidence, status: 'info', summary: 'The pool has no SMS configuration and nothing in it needs SMS.'}
  },
  group: 'pool',
  id: 'pool.sms-configuration',
  needs: ['cognito.userPool'],
  scope: 'pool',
  title: 'SMS configuration present where SMS is used',
  uses: ['cognito.mfaConfig'],
}

export const configurationFailureCheck: Check = {
  docs: DOCS.cognitoSmsSettings,
  evaluate(facts) {
    const pool = facts.get('cognito.userPool')
    const failure = pool.smsConfigurationFailure
    if (!failure) return {evidence: {SmsConfigurationFailure: '(none)'}, status: 'pass', summary: 'Cognito reports no SMS configuration failure.'}
    const parts = failure.split(',').map((p) => p.trim()).filter(Boolean)
    const known = parts.map((p) => SMS_CONFIGURATION_FAILURES[p]).filter((k) => k !== undefined)
    return {
      evidence: parts.map((p) => `${p}: ${SMS_CONFIGURATION_FAILURES[p]?.meaning ?? 'not a value mfa-sms knows'}`),
      fix: {text: known.length > 0 ? known.map((k) => k.fix).join(' ') : 'Read the value in the Cognito console\'s SMS settings and the checks below.'},
      status: 'fail',
      summary: `Cognito reports SmsConfigurationFailure ${failure}: ${known.map((k) => k.meaning).join('; ') || 'SMS cannot be sent'}.`,
    }
  },
  group: 'pool',
  id: 'pool.sms-configuration-failure',
  needs: ['cognito.userPool'],
  scope: 'pool',
  title: 'No SmsConfigurationFailure reported by Cognito',
}

export const templatesCheck: Check = {
  docs: DOCS.cognitoMessageTemplates,
  evaluate(facts) {
    const pool = facts.get('cognito.userPool')
    const mfa = facts.maybe('cognito.mfaConfig')
    const templates: {name: string; text: string; invite: boolean}[] = Object.entries(pool.smsTemplates).map(([name, text]) => ({invite: false, name, text}))
    if (mfa?.smsAuthenticationMessage && mfa.smsAuthenticationMessage !== pool.smsTemplates.SmsAuthenticationMessage) {
      templates.push({invite: false, name: 'SmsMfaConfiguration.SmsAuthenticationMessage', text: mfa.smsAuthenticationMessage})
    }

    if (pool.inviteSmsTemplate) templates.push({invite: true, name: 'AdminCreateUserConfig.InviteMessageTemplate.SMSMessage', text: pool.inviteSmsTemplate})
    if (templates.length === 0) return {evidence: [], status: 'pass', summary: 'The pool uses Cognito\'s default SMS messages.'}
    const errors: string[] = []
    const warnings: string[] = []
    for (const t of templates) {
      const a = analyseSmsBody(t.text, {requireUsername: t.invite})
      for (const p of a.problems) {
        if (p.severity === 'error') errors.push(`${t.name}: ${p.message}`)
        else if (p.severity === 'warning') warnings.push(`${t.name}: ${p.message}`)
      }
    }

    const evidence = [...templates.map((t) => `${t.name}: "${t.text}" (${[...t.text].length} characters)`), ...errors, ...warnings]
    const fix = {
      console: `Cognito › User pools › ${pool.id} › Messaging › Message templates`,
      text: 'Every SMS template must contain {####} (invitations also {username}) and fit 140 characters.',
    }
    if (errors.length > 0) return {evidence, fix, status: 'fail', summary: `${errors.length} SMS template problem${errors.length === 1 ? '' : 's'}: ${errors[0]}`}
    if (warnings.length > 0) return {evidence, fix: {...fix, text: 'Keep codes in one GSM-7 SMS part: shorter text, no emoji or curly quotes.'}, status: 'warn', summary: warnings[0]!}
    return {evidence, status: 'pass', summary: templates.length === 1 ? 'The SMS template contains {####} and fits in 140 characters.' : `All ${templates.length} SMS templates contain {####} and fit in 140 characters.`}
  },
  group: 'pool',
  id: 'pool.sms-templates',
  needs: ['cognito.userPool'],
  scope: 'pool',
  title: 'SMS templates contain {####} and fit 140 characters',
  uses: ['cognito.mfaConfig'],
}

export const mfaCheck: Check = {
  docs: DOCS.cognitoMfa,
  evaluate(facts) {
    const pool = facts.get('cognito.userPool')
    const mfa = facts.maybe('cognito.mfaConfig')
    const mode = mfa?.mfaConfiguration ?? pool.mfaConfiguration ?? 'OFF'
    const factors = mfa ? [mfa.smsMfaEnabled && 'SMS', mfa.softwareTokenMfaEnabled && 'TOTP', mfa.emailMfaEnabled && 'email'].filter(Boolean) : ['(not readable: needs cognito-idp:GetUserPoolMfaConfig)']
    const evidence = {'MFA': mode, factors, 'AutoVerifiedAttributes': pool.autoVerifiedAttributes}
    if (mode === 'OFF') return {evidence, status: 'info', summary: 'MFA is off: SMS carries only verification and password-reset codes.'}
    if (mfa && !mfa.smsMfaEnabled) return {evidence, status: 'info', summary: `MFA is ${mode} without SMS (${factors.join(', ') || 'no factor'}).`}
    if (!pool.autoVerifiedAttributes.includes('phone_number')) {
      return {
        evidence,
        fix: {
          console: `Cognito › User pools › ${pool.id} › Sign-up › Attribute verification › Send SMS message, verify phone number`,
          text: 'Verify phone numbers by SMS (AutoVerifiedAttributes phone_number), so users have a verified number before SMS MFA asks for a code.',
        },
        status: 'warn',
        summary: `MFA is ${mode} with SMS, but phone numbers are not verified by SMS: users without a verified number cannot get codes.`,
      }
    }

    return {evidence, status: 'pass', summary: `MFA is ${mode} with SMS, and phone numbers are verified by SMS.`}
  },
  group: 'pool',
  id: 'pool.mfa',
  needs: ['cognito.userPool'],
  scope: 'pool',
  title: 'MFA mode and SMS factor',
  uses: ['cognito.mfaConfig'],
}

// ---------------------------------------------------------------------------------------------
// The SMS role

/** Fixing the role's trust policy: the command that writes one Cognito accepts for this pool, and `text` saying what it changes. */
function trustFix(pool: UserPoolFact, roleName: string, text: string): Fix {
  const externalId = pool.smsConfiguration?.EumsSms?.ExternalId ?? pool.smsConfiguration?.ExternalId ?? '<external-id>'
  const trust = {
    Statement: [
      {
        Action: 'sts:AssumeRole',
        Condition: {ArnLike: {'aws:SourceArn': pool.arn}, StringEquals: {'aws:SourceAccount': pool.account, 'sts:ExternalId': externalId}},
        Effect: 'Allow',
        Principal: {Service: COGNITO_SERVICE_PRINCIPAL},
      },
    ],
    Version: '2012-10-17',
  }
  return {
    command: `aws iam update-assume-role-policy --role-name ${roleName} --policy-document ${shellQuote(JSON.stringify(trust))}`,
    console: `IAM › Roles › ${roleName} › Trust relationships › Edit trust policy`,
    text,
  }
}

export const roleExistsCheck: Check = {
  docs: DOCS.cognitoSmsSettings,
  evaluate(facts) {
    const role = facts.get('sms.role')
    const pool = facts.get('cognito.userPool')
    if (role.exists) return {evidence: {role: role.arn}, status: 'pass', summary: `The SMS role ${role.name} exists.`}
    return {
      evidence: {role: role.arn},
      fix: {
        console: `Cognito › User pools › ${pool.id} › Authentication methods › SMS › Edit › Create a new IAM role`,
        text: 'Create the role again (or point the pool at an existing one): Cognito cannot send SMS through a role that is gone.',
      },
      status: 'fail',
      summary: `The pool's SMS role ${role.arn} does not exist (deleted while the pool kept it?).`,
    }
  },
  group: 'sms-role',
  id: 'sms-role.exists',
  needs: ['sms.role', 'cognito.userPool'],
  scope: 'pool',
  title: 'The SMS role exists',
}

function requireRole(facts: Facts): Finding | undefined {
  const role = facts.get('sms.role')
  return role.exists ? undefined : notApplicable(`the role ${role.arn} does not exist (see sms-role.exists)`)
}

function poolExternalId(pool: UserPoolFact): string | undefined {
  return pool.smsConfiguration?.EumsSms ? pool.smsConfiguration.EumsSms.ExternalId : pool.smsConfiguration?.ExternalId
}

/** The role's trust policy against the request Cognito makes for this pool (its ExternalId, ARN and account). */
function poolTrust(facts: Facts): TrustAnalysis {
  const pool = facts.get('cognito.userPool')
  return analyseTrust(facts.get('sms.role').trust, COGNITO_SERVICE_PRINCIPAL, {externalId: poolExternalId(pool), sourceAccount: pool.account, sourceArn: pool.arn})
}

export const roleTrustCheck: Check = {
  docs: DOCS.cognitoSmsSettings,
  evaluate(facts) {
    const missing = requireRole(facts)
    if (missing) return missing
    const role = facts.get('sms.role')
    const pool = facts.get('cognito.userPool')
    const trust = poolTrust(facts)
    const evidence = {
      role: role.arn,
      'statements allowing Cognito': trust.allowing.length,
      'trust policy': role.trust ?? '(none readable)',
      ...(trust.malformed ? {'not a valid policy': trust.malformed} : {}),
    }
    const fix = trustFix(pool, role.name, 'Let cognito-idp.amazonaws.com assume the role (sts:AssumeRole), with the pool\'s ExternalId and source conditions.')
    if (trust.denied) return {evidence, fix, status: 'fail', summary: `The trust policy of ${role.name} denies ${COGNITO_SERVICE_PRINCIPAL} sts:AssumeRole.`}
    if (trust.allowing.length === 0) {
      return {evidence, fix, status: 'fail', summary: `The trust policy of ${role.name} does not let ${COGNITO_SERVICE_PRINCIPAL} assume it: InvalidSmsRoleTrustRelationshipException.`}
    }

    return {evidence, status: 'pass', summary: `${COGNITO_SERVICE_PRINCIPAL} may assume ${role.name}.`}
  },
  group: 'sms-role',
  id: 'sms-role.trust',
  needs: ['sms.role', 'cognito.userPool'],
  scope: 'pool',
  title: 'The trust policy lets Cognito assume the role',
}

export const roleExternalIdCheck: Check = {
  docs: DOCS.cognitoSmsSettings,
  evaluate(facts) {
    const missing = requireRole(facts)
    if (missing) return missing
    const role = facts.get('sms.role')
    const pool = facts.get('cognito.userPool')
    const mfa = facts.maybe('cognito.mfaConfig')
    const trust = poolTrust(facts)
    if (trust.allowing.length === 0) return notApplicable('the trust policy does not allow Cognito at all (see sms-role.trust)')
    const externalId = poolExternalId(pool)
    const evidence = {'pool ExternalId': externalId ?? '(none)', 'trust sts:ExternalId': trust.externalIds.length > 0 ? trust.externalIds : '(no condition)'}
    const fix = trustFix(pool, role.name, `Add the condition "StringEquals": {"sts:ExternalId": "${externalId ?? '<the pool\'s ExternalId>'}"} to the statement that trusts ${COGNITO_SERVICE_PRINCIPAL}.`)
    if (trust.externalIds.length === 0) {
      const smsMfa = mfa ? mfa.smsMfaEnabled : pool.mfaConfiguration !== 'OFF'
      return {
        evidence,
        fix,
        status: smsMfa ? 'fail' : 'warn',
        summary: `The trust policy of ${role.name} has no sts:ExternalId condition${smsMfa ? '; Cognito requires one equal to the pool\'s ExternalId for SMS MFA' : '; Cognito\'s current guidance requires one equal to the pool\'s ExternalId'}.`,
      }
    }

    if (!trust.externalIdMatches) {
      return {
        evidence,
        fix,
        status: 'fail',
        summary: externalId === undefined
          ? `The trust policy requires sts:ExternalId but the pool sends none: InvalidSmsRoleTrustRelationshipException.`
          : `The trust policy's sts:ExternalId does not match the pool's ExternalId: InvalidSmsRoleTrustRelationshipException.`,
      }
    }

    return {evidence, status: 'pass', summary: 'The trust policy\'s sts:ExternalId matches the pool\'s ExternalId.'}
  },
  group: 'sms-role',
  id: 'sms-role.external-id',
  needs: ['sms.role', 'cognito.userPool'],
  scope: 'pool',
  title: 'The trust policy\'s sts:ExternalId equals the pool\'s ExternalId',
  uses: ['cognito.mfaConfig'],
}

export const roleSourceCheck: Check = {
  docs: DOCS.cognitoSmsSettings,
  evaluate(facts) {
    const missing = requireRole(facts)
    if (missing) return missing
    const role = facts.get('sms.role')
    const pool = facts.get('cognito.userPool')
    const trust = poolTrust(facts)
    if (trust.allowing.length === 0) return notApplicable('the trust policy does not allow Cognito at all (see sms-role.trust)')
    const perStatement = trust.sourceChecks
    const all = perStatement.flat()
    const evidence = {
      'pool ARN': pool.arn,
      conditions: all.length > 0 ? all.map((c) => `${c.operator} ${c.key} ${c.values.join(' | ')}: ${c.matches ? 'matches' : 'does not match'}`) : '(none)',
    }
    if (all.length === 0) return {evidence, status: 'pass', summary: 'The trust policy has no aws:SourceAccount/aws:SourceArn conditions (optional; they narrow who may use the role).'}
    if (perStatement.some((checks) => checks.every((c) => c.matches))) return {evidence, status: 'pass', summary: 'The trust policy\'s source conditions match this pool.'}
    return {
      evidence,
      fix: trustFix(pool, role.name, `Make aws:SourceAccount ${pool.account} and aws:SourceArn ${pool.arn} (or a wildcard covering it).`),
      status: 'fail',
      summary: 'The trust policy\'s aws:SourceAccount/aws:SourceArn conditions do not match this pool: InvalidSmsRoleTrustRelationshipException.',
    }
  },
  group: 'sms-role',
  id: 'sms-role.source',
  needs: ['sms.role', 'cognito.userPool'],
  scope: 'pool',
  title: 'SourceAccount/SourceArn conditions match the pool',
}

export const rolePermissionCheck: Check = {
  docs: DOCS.cognitoSmsSettings,
  evaluate(facts) {
    const p = facts.get('sms.rolePermission')
    const pool = facts.get('cognito.userPool')
    const roleName = roleNameFromArn(p.principalArn)
    const {action, resource} = smsRoleRequirement(pool)
    const evidence = {action: p.action, decision: p.decision, method: permissionMethod(p), notes: p.notes, resource: p.resource, role: p.principalArn}
    if (p.decision === 'allowed') return {evidence, status: 'pass', summary: `The SMS role may ${action} on ${resource === '*' ? '"*"' : resource}.`}
    const policy = {Statement: [{Action: action, Effect: 'Allow', Resource: resource}], Version: '2012-10-17'}
    return {
      evidence,
      fix: {
        command: `aws iam put-role-policy --role-name ${roleName} --policy-name CognitoSendSms --policy-document ${shellQuote(JSON.stringify(policy))}`,
        console: `IAM › Roles › ${roleName} › Permissions › Add permissions › Create inline policy`,
        text: action === 'sns:Publish'
          ? 'Allow sns:Publish on "*" (Cognito rejects a role whose sns:Publish is scoped to topics or conditioned).'
          : 'Allow sms-voice:SendTextMessage on the EumsSms origination identity ARN (the same ARN the pool names).',
      },
      status: 'fail',
      summary: `The SMS role may not ${action}${p.decision === 'explicitDeny' ? ' (explicitly denied)' : ''}: "Role does not have permission to publish with SNS" (InvalidSmsRoleAccessPolicyException).`,
    }
  },
  group: 'sms-role',
  id: 'sms-role.permission',
  needs: ['sms.rolePermission', 'cognito.userPool'],
  scope: 'pool',
  title: 'The role may send SMS (sns:Publish on "*" or sms-voice:SendTextMessage)',
}

export const POOL_CHECKS: Check[] = [
  smsRegionCheck,
  smsConfigurationCheck,
  configurationFailureCheck,
  templatesCheck,
  mfaCheck,
  roleExistsCheck,
  roleTrustCheck,
  roleExternalIdCheck,
  roleSourceCheck,
  rolePermissionCheck,
]
