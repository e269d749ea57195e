import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {
  actionMatches,
  arnMatches,
  checkCondition,
  type ContextValues,
  evaluate,
  evaluateTrust,
  parsePolicy,
  type PolicyDocument,
  type PolicyStatement,
  PolicySyntaxError,
  simulatePrincipalPolicy,
} from '../../src/lib/iam/policy-eval.js'

const ACCOUNT = '111122223333'
const REGION = 'eu-west-1'
const POOL_ID = `${REGION}_AbCdEfGhI`
const POOL_ARN = `arn:aws:cognito-idp:${REGION}:${ACCOUNT}:userpool/${POOL_ID}`
const COGNITO = 'cognito-idp.amazonaws.com'

const doc = (...statements: PolicyStatement[]): PolicyDocument => ({Statement: statements, Version: '2012-10-17'})
const allow = (action: string | string[], resource: string | string[] = '*', extra: Partial<PolicyStatement> = {}): PolicyStatement => ({
  Action: action,
  Effect: 'Allow',
  Resource: resource,
  ...extra,
})
const deny = (action: string | string[], resource: string | string[] = '*', extra: Partial<PolicyStatement> = {}): PolicyStatement => ({
  Action: action,
  Effect: 'Deny',
  Resource: resource,
  ...extra,
})

// -------------------------------------------------------------------------------------------------
// Matching primitives
// -------------------------------------------------------------------------------------------------

describe('action wildcards (case-insensitive, service prefix and name)', () => {
  it.each([
    ['sns:Publish', 'sns:Publish', true],
    ['SNS:publish', 'sns:Publish', true],
    ['sns:*', 'sns:Publish', true],
    ['sns:Pub*', 'sns:Publish', true],
    ['sns:pub?ish', 'sns:Publish', true],
    ['sns:Pub?', 'sns:Publish', false],
    ['s?s:Publish', 'sns:Publish', true],
    ['*', 'kms:Decrypt', true],
    ['kms:*', 'sns:Publish', false],
    ['sns:Publish', 'sns:PublishBatch', false],
    ['sns:Publish*', 'sns:PublishBatch', true],
    ['sms-voice:Send*', 'sms-voice:SendTextMessage', true],
    ['kms:*Decrypt', 'kms:Decrypt', true],
    ['kms:GenerateDataKey*', 'kms:GenerateDataKeyWithoutPlaintext', true],
    ['kms:Generate.*', 'kms:GenerateDataKey', false], // regex characters are literal
  ])('%s vs %s → %s', (pattern, action, expected) => {
    expect(actionMatches(pattern, action)).toBe(expected)
  })
})

describe('ARN matching (Resource, ArnLike, ArnEquals)', () => {
  const topic = `arn:aws:sns:${REGION}:${ACCOUNT}:alerts`
  it.each([
    ['*', topic, true],
    ['*', '*', true],
    [topic, topic, true],
    ['arn:aws:sns:*:*:*', topic, true],
    [`arn:aws:sns:${REGION}:${ACCOUNT}:alert?`, topic, true],
    [`arn:aws:sns:${REGION}:${ACCOUNT}:ALERTS`, topic, false], // case-sensitive
    [`arn:aws:sns:${REGION}:${ACCOUNT}:other`, topic, false],
    ['arn:aws:sns:*:*:*', '*', false], // a "*" request resource only matches "*"
    [topic, '*', false],
    ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a/b/c.txt', true],
    ['arn:aws:s3:::bucket*', 'arn:aws:s3:::bucket/key', true],
    // a wildcard never spans components
    [`arn:aws:*:${ACCOUNT}:userpool/${POOL_ID}`, POOL_ARN, false],
    [`arn:aws:cognito-idp:*:${ACCOUNT}:userpool/*`, POOL_ARN, true],
    [`arn:aws:cognito-idp:*:999999999999:userpool/*`, POOL_ARN, false],
    // the 6th component keeps its colons
    ['arn:aws:logs:*:*:log-group:/aws/lambda/fn:*', `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/fn:log-stream:x`, true],
    // a short pattern matches its last component against the rest
    ['arn:aws:sns:*', topic, true],
    ['arn:aws:sqs:*', topic, false],
  ])('%s vs %s → %s', (pattern, value, expected) => {
    expect(arnMatches(pattern, value)).toBe(expected)
  })
})

// -------------------------------------------------------------------------------------------------
// Condition operators
// -------------------------------------------------------------------------------------------------

type Row = [operator: string, key: string, policy: boolean | string | string[], context: ContextValues, expected: boolean]

describe('condition operators', () => {
  const rows: Row[] = [
    // StringEquals / StringNotEquals
    ['StringEquals', 'sts:ExternalId', 'abc', {'sts:ExternalId': 'abc'}, true],
    ['StringEquals', 'sts:ExternalId', 'abc', {'sts:ExternalId': 'ABC'}, false],
    ['StringEquals', 'sts:ExternalId', 'abc', {}, false],
    ['StringEquals', 'sts:ExternalId', ['x', 'abc'], {'sts:ExternalId': 'abc'}, true], // values OR
    ['StringEquals', 'sts:ExternalId', 'a*', {'sts:ExternalId': 'abc'}, false], // no wildcards
    ['StringNotEquals', 'sts:ExternalId', 'abc', {'sts:ExternalId': 'abc'}, false],
    ['StringNotEquals', 'sts:ExternalId', 'abc', {'sts:ExternalId': 'xyz'}, true],
    ['StringNotEquals', 'sts:ExternalId', ['abc', 'def'], {'sts:ExternalId': 'def'}, false], // NOR
    ['StringNotEquals', 'sts:ExternalId', 'abc', {}, true], // negated + missing key = true (IAM doc)
    ['StringEqualsIgnoreCase', 'sts:ExternalId', 'abc', {'sts:ExternalId': 'AbC'}, true],
    ['StringNotEqualsIgnoreCase', 'sts:ExternalId', 'abc', {'sts:ExternalId': 'AbC'}, false],
    // StringLike / StringNotLike
    ['StringLike', 'aws:SourceArn', 'arn:aws:cognito-idp:*:111122223333:userpool/*', {'aws:SourceArn': POOL_ARN}, true],
    ['StringLike', 'kms:EncryptionContext:userpool-id', 'eu-west-1_?bCdEfGhI', {'kms:EncryptionContext:userpool-id': POOL_ID}, true],
    ['StringLike', 'kms:EncryptionContext:userpool-id', 'EU-*', {'kms:EncryptionContext:userpool-id': POOL_ID}, false],
    ['StringLike', 'sts:ExternalId', 'ab*', {}, false],
    ['StringNotLike', 'sts:ExternalId', 'ab*', {'sts:ExternalId': 'abc'}, false],
    ['StringNotLike', 'sts:ExternalId', 'ab*', {'sts:ExternalId': 'xbc'}, true],
    ['StringNotLike', 'sts:ExternalId', 'ab*', {}, true],
    // ArnEquals / ArnLike / ArnNotEquals / ArnNotLike (ArnEquals accepts wildcards too)
    ['ArnEquals', 'aws:SourceArn', POOL_ARN, {'aws:SourceArn': POOL_ARN}, true],
    ['ArnEquals', 'aws:SourceArn', `arn:aws:cognito-idp:${REGION}:${ACCOUNT}:userpool/*`, {'aws:SourceArn': POOL_ARN}, true],
    ['ArnLike', 'aws:SourceArn', `arn:aws:cognito-idp:${REGION}:${ACCOUNT}:userpool/*`, {'aws:SourceArn': POOL_ARN}, true],
    ['ArnLike', 'aws:SourceArn', `arn:aws:cognito-idp:${REGION}:999999999999:userpool/*`, {'aws:SourceArn': POOL_ARN}, false],
    ['ArnLike', 'aws:SourceArn', 'arn:aws:*:111122223333:*', {'aws:SourceArn': POOL_ARN}, false], // no spanning
    ['ArnLike', 'aws:SourceArn', POOL_ARN, {'aws:SourceArn': 'not-an-arn'}, false],
    ['ArnLike', 'aws:SourceArn', POOL_ARN, {}, false],
    ['ArnNotEquals', 'aws:SourceArn', POOL_ARN, {'aws:SourceArn': POOL_ARN}, false],
    ['ArnNotEquals', 'aws:SourceArn', POOL_ARN, {'aws:SourceArn': `${POOL_ARN}x`}, true],
    ['ArnNotLike', 'aws:SourceArn', 'arn:aws:cognito-idp:*:*:userpool/*', {'aws:SourceArn': POOL_ARN}, false],
    ['ArnNotLike', 'aws:SourceArn', 'arn:aws:cognito-idp:*:*:userpool/*', {}, true],
    // Bool
    ['Bool', 'aws:SecureTransport', 'true', {'aws:SecureTransport': 'true'}, true],
    ['Bool', 'aws:SecureTransport', true, {'aws:SecureTransport': 'TRUE'}, true],
    ['Bool', 'aws:SecureTransport', 'true', {'aws:SecureTransport': 'false'}, false],
    ['Bool', 'aws:SecureTransport', 'false', {}, false],
    // Null
    ['Null', 'sts:ExternalId', 'true', {}, true],
    ['Null', 'sts:ExternalId', 'true', {'sts:ExternalId': 'x'}, false],
    ['Null', 'sts:ExternalId', 'false', {'sts:ExternalId': 'x'}, true],
    ['Null', 'sts:ExternalId', 'false', {}, false],
    // IfExists
    ['StringEqualsIfExists', 'sts:ExternalId', 'abc', {}, true],
    ['StringEqualsIfExists', 'sts:ExternalId', 'abc', {'sts:ExternalId': 'abc'}, true],
    ['StringEqualsIfExists', 'sts:ExternalId', 'abc', {'sts:ExternalId': 'xyz'}, false],
    ['ArnLikeIfExists', 'aws:SourceArn', 'arn:aws:cognito-idp:*:*:userpool/*', {}, true],
    ['ArnLikeIfExists', 'aws:SourceArn', 'arn:aws:lambda:*:*:*', {'aws:SourceArn': POOL_ARN}, false],
    ['StringNotEqualsIfExists', 'sts:ExternalId', 'abc', {'sts:ExternalId': 'abc'}, false],
    ['BoolIfExists', 'aws:MultiFactorAuthPresent', 'true', {}, true],
    // ForAnyValue / ForAllValues on multivalued keys
    ['ForAnyValue:StringEquals', 'kms:EncryptionContextKeys', 'userpool-id', {'kms:EncryptionContextKeys': ['aws-crypto-public-key', 'userpool-id']}, true],
    ['ForAnyValue:StringEquals', 'kms:EncryptionContextKeys', 'userpool-id', {'kms:EncryptionContextKeys': ['other']}, false],
    ['ForAnyValue:StringEquals', 'kms:EncryptionContextKeys', 'userpool-id', {'kms:EncryptionContextKeys': []}, false],
    ['ForAnyValue:StringEquals', 'kms:EncryptionContextKeys', 'userpool-id', {}, false],
    ['ForAnyValue:StringLike', 'kms:EncryptionContextKeys', 'userpool-*', {'kms:EncryptionContextKeys': ['a', 'userpool-id']}, true],
    ['ForAnyValue:StringNotEquals', 'kms:EncryptionContextKeys', 'userpool-id', {'kms:EncryptionContextKeys': ['userpool-id']}, false],
    ['ForAnyValue:StringNotEquals', 'kms:EncryptionContextKeys', 'userpool-id', {'kms:EncryptionContextKeys': ['userpool-id', 'x']}, true],
    ['ForAllValues:StringEquals', 'kms:EncryptionContextKeys', ['userpool-id', 'aws-crypto-public-key'], {'kms:EncryptionContextKeys': ['aws-crypto-public-key', 'userpool-id']}, true],
    ['ForAllValues:StringEquals', 'kms:EncryptionContextKeys', ['userpool-id'], {'kms:EncryptionContextKeys': ['userpool-id', 'extra']}, false],
    ['ForAllValues:StringEquals', 'kms:EncryptionContextKeys', ['userpool-id'], {}, true], // vacuous truth, as IAM warns
    ['ForAllValues:StringEquals', 'kms:EncryptionContextKeys', ['userpool-id'], {'kms:EncryptionContextKeys': []}, true],
    ['ForAllValues:StringNotLike', 'aws:TagKeys', 'secret*', {'aws:TagKeys': ['env', 'team']}, true],
    ['ForAllValues:StringNotLike', 'aws:TagKeys', 'secret*', {'aws:TagKeys': ['env', 'secret-x']}, false],
    ['ForAnyValue:StringEqualsIfExists', 'aws:TagKeys', 'env', {}, true],
    // multi-valued key without a set prefix: any value matching (negated: none may match)
    ['StringEquals', 'aws:TagKeys', 'env', {'aws:TagKeys': ['team', 'env']}, true],
    ['StringNotEquals', 'aws:TagKeys', 'env', {'aws:TagKeys': ['team', 'env']}, false],
    // Numeric and Date
    ['NumericLessThan', 'aws:MultiFactorAuthAge', '3600', {'aws:MultiFactorAuthAge': '60'}, true],
    ['NumericLessThan', 'aws:MultiFactorAuthAge', '3600', {'aws:MultiFactorAuthAge': '3600'}, false],
    ['NumericLessThanEquals', 'aws:MultiFactorAuthAge', '3600', {'aws:MultiFactorAuthAge': '3600'}, true],
    ['NumericGreaterThan', 'aws:MultiFactorAuthAge', '10', {'aws:MultiFactorAuthAge': '11'}, true],
    ['NumericGreaterThanEquals', 'aws:MultiFactorAuthAge', '10', {'aws:MultiFactorAuthAge': '9'}, false],
    ['NumericEquals', 'aws:MultiFactorAuthAge', '10', {'aws:MultiFactorAuthAge': '10.0'}, true],
    ['NumericNotEquals', 'aws:MultiFactorAuthAge', '10', {'aws:MultiFactorAuthAge': '10'}, false],
    ['NumericEquals', 'aws:MultiFactorAuthAge', '10', {'aws:MultiFactorAuthAge': 'ten'}, false],
    ['DateLessThan', 'aws:CurrentTime', '2030-01-01T00:00:00Z', {'aws:CurrentTime': '2025-06-01T00:00:00Z'}, true],
    ['DateGreaterThan', 'aws:CurrentTime', '2030-01-01T00:00:00Z', {'aws:CurrentTime': '2025-06-01T00:00:00Z'}, false],
    ['DateEquals', 'aws:EpochTime', '2025-06-01T00:00:00Z', {'aws:EpochTime': String(Date.parse('2025-06-01T00:00:00Z') / 1000)}, true],
    ['DateNotEquals', 'aws:CurrentTime', '2025-06-01T00:00:00Z', {}, true],
    // keys are case-insensitive, values are not
    ['StringEquals', 'AWS:SourceAccount', ACCOUNT, {'aws:sourceaccount': ACCOUNT}, true],
    ['StringEquals', 'kms:encryptioncontext:USERPOOL-ID', POOL_ID, {'kms:EncryptionContext:userpool-id': POOL_ID}, true],
    // unsupported operators never hold
    ['IpAddress', 'aws:SourceIp', '10.0.0.0/8', {'aws:SourceIp': '10.1.2.3'}, false],
  ]

  it.each(rows)('%s %s %j with %j → %s', (operator, key, policy, context, expected) => {
    expect(checkCondition(operator, key, policy, context).passed).toBe(expected)
  })

  it('reports why a condition failed', () => {
    expect(checkCondition('StringEquals', 'sts:ExternalId', 'abc', {})).toMatchObject({passed: false, reason: 'missing-key'})
    expect(checkCondition('StringEquals', 'sts:ExternalId', 'abc', {'sts:ExternalId': 'x'})).toMatchObject({
      passed: false,
      reason: 'mismatch',
      requestValues: ['x'],
    })
    expect(checkCondition('IpAddress', 'aws:SourceIp', '10.0.0.0/8', {'aws:SourceIp': '10.0.0.1'})).toMatchObject({
      reason: 'unsupported-operator',
    })
  })

  it('several keys under one operator and several operators are ANDed', () => {
    const policy = doc(
      allow('sts:AssumeRole', '*', {
        Condition: {
          ArnLike: {'aws:SourceArn': `arn:aws:cognito-idp:*:${ACCOUNT}:userpool/*`},
          StringEquals: {'aws:SourceAccount': ACCOUNT, 'sts:ExternalId': 'abc'},
        },
      }),
    )
    const run = (context: ContextValues) => evaluate({action: 'sts:AssumeRole', context, identityPolicies: [policy]}).decision
    const full = {'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': POOL_ARN, 'sts:ExternalId': 'abc'}
    expect(run(full)).toBe('allowed')
    expect(run({...full, 'sts:ExternalId': 'x'})).toBe('implicitDeny')
    expect(run({...full, 'aws:SourceAccount': '999999999999'})).toBe('implicitDeny')
    expect(run({...full, 'aws:SourceArn': 'arn:aws:cognito-idp:eu-west-1:999999999999:userpool/x'})).toBe('implicitDeny')
  })

  it('negated operators are the exact complement of their positive form for single-valued keys (property)', () => {
    const pairs: Array<[string, string]> = [
      ['StringEquals', 'StringNotEquals'],
      ['StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase'],
      ['StringLike', 'StringNotLike'],
      ['ArnEquals', 'ArnNotEquals'],
      ['ArnLike', 'ArnNotLike'],
    ]
    const token = fc.stringMatching(/^[a-c*?:/]{0,6}$/)
    fc.assert(
      fc.property(
        fc.constantFrom(...pairs),
        fc.array(token, {maxLength: 3, minLength: 1}),
        fc.option(token, {nil: undefined}),
        ([positive, negative], policyValues, requestValue) => {
          const context: ContextValues = requestValue === undefined ? {} : {'my:Key': requestValue}
          const p = checkCondition(positive, 'my:Key', policyValues, context, {variables: false}).passed
          const n = checkCondition(negative, 'my:Key', policyValues, context, {variables: false}).passed
          expect(n).toBe(!p)
        },
      ),
    )
  })
})

// -------------------------------------------------------------------------------------------------
// Statements, effects, documents
// -------------------------------------------------------------------------------------------------

describe('evaluate: effects and statement grammar', () => {
  const topic = `arn:aws:sns:${REGION}:${ACCOUNT}:alerts`

  it.each([
    ['no policies', [], 'implicitDeny'],
    ['a matching Allow', [doc(allow('sns:Publish'))], 'allowed'],
    ['an Allow for another action', [doc(allow('sns:Subscribe'))], 'implicitDeny'],
    ['Allow + Deny (deny wins)', [doc(allow('sns:*'), deny('sns:Publish'))], 'explicitDeny'],
    ['Deny in another policy wins', [doc(allow('*')), doc(deny('sns:*'))], 'explicitDeny'],
    ['Deny whose condition does not hold', [doc(allow('sns:Publish'), deny('sns:Publish', '*', {Condition: {Bool: {'aws:SecureTransport': 'false'}}}))], 'allowed'],
    ['Deny for another resource', [doc(allow('sns:Publish'), deny('sns:Publish', `${topic}-other`))], 'allowed'],
    ['NotAction Allow covering the action', [doc({Effect: 'Allow', NotAction: 'iam:*', Resource: '*'})], 'allowed'],
    ['NotAction Allow excluding the action', [doc({Effect: 'Allow', NotAction: ['sns:*'], Resource: '*'})], 'implicitDeny'],
    ['NotAction Deny (deny everything except iam)', [doc(allow('*'), {Effect: 'Deny', NotAction: 'iam:*', Resource: '*'})], 'explicitDeny'],
    ['NotResource Allow', [doc({Action: 'sns:Publish', Effect: 'Allow', NotResource: `${topic}-secret`})], 'allowed'],
    ['NotResource Allow excluding it', [doc({Action: 'sns:Publish', Effect: 'Allow', NotResource: 'arn:aws:sns:*:*:*'})], 'implicitDeny'],
    ['Statement as a single object', [{Statement: allow('sns:Publish'), Version: '2012-10-17'} as PolicyDocument], 'allowed'],
    ['Action and Resource as arrays', [doc(allow(['sns:Subscribe', 'sns:Publish'], ['arn:aws:sns:*:*:other', topic]))], 'allowed'],
    ['policy given as JSON text', [JSON.stringify(doc(allow('sns:Publish')))], 'allowed'],
  ] as const)('%s → %s', (_label, policies, expected) => {
    expect(evaluate({action: 'sns:Publish', identityPolicies: [...policies], resource: topic}).decision).toBe(expected)
  })

  it('lists every applicable statement with its source and sid, and traces the rest', () => {
    const policy: PolicyDocument = {
      Id: 'sms-role-policy',
      Statement: [allow('sns:Publish', '*', {Sid: 'Publish'}), deny('sns:Publish', '*', {Sid: 'NoPublish'}), allow('kms:Decrypt', '*', {Sid: 'Kms'})],
      Version: '2012-10-17',
    }
    const r = evaluate({action: 'sns:Publish', identityPolicies: [policy, doc(allow('sns:*'))]})
    expect(r.decision).toBe('explicitDeny')
    expect(r.matchedStatements).toEqual([
      {effect: 'Allow', index: 0, sid: 'Publish', source: 'sms-role-policy', sourceType: 'identity'},
      {effect: 'Deny', index: 1, sid: 'NoPublish', source: 'sms-role-policy', sourceType: 'identity'},
      {effect: 'Allow', index: 0, source: 'identityPolicies[1]', sourceType: 'identity'},
    ])
    expect(r.statements).toHaveLength(4)
    expect(r.statements[2]).toMatchObject({actionMatched: false, applies: false, sid: 'Kms'})
  })

  it('reports condition keys the request did not provide', () => {
    const r = evaluate({
      action: 'kms:Decrypt',
      identityPolicies: [doc(allow('kms:Decrypt', '*', {Condition: {StringEquals: {'kms:EncryptionContext:userpool-id': POOL_ID}}}), allow('sns:Publish', '*', {Condition: {Bool: {'aws:SecureTransport': 'true'}}}))],
    })
    expect(r.decision).toBe('implicitDeny')
    expect(r.missingContextKeys).toEqual(['kms:EncryptionContext:userpool-id'])
  })

  it.each([
    ['not JSON', '{"Statement": ['],
    ['no Statement', {Version: '2012-10-17'}],
    ['bad Effect', {Statement: [{Action: '*', Effect: 'allow', Resource: '*'}]}],
    ['Action and NotAction', {Statement: [{Action: '*', Effect: 'Allow', NotAction: 'x:y', Resource: '*'}]}],
    ['neither Action nor NotAction', {Statement: [{Effect: 'Allow', Resource: '*'}]}],
    ['Resource and NotResource', {Statement: [{Action: '*', Effect: 'Allow', NotResource: '*', Resource: '*'}]}],
    ['Action not a string', {Statement: [{Action: 5, Effect: 'Allow'}]}],
  ])('rejects a malformed policy: %s', (_label, policy) => {
    expect(() => parsePolicy(policy as never)).toThrow(PolicySyntaxError)
  })

  it('policy variables substitute from the context (Version 2012-10-17 only)', () => {
    const policy = doc(allow('s3:GetObject', 'arn:aws:s3:::home/${aws:username}/*'))
    const run = (resource: string, context: ContextValues, p: PolicyDocument = policy) =>
      evaluate({action: 's3:GetObject', context, identityPolicies: [p], resource}).decision
    expect(run('arn:aws:s3:::home/alice/notes.txt', {'aws:username': 'alice'})).toBe('allowed')
    expect(run('arn:aws:s3:::home/bob/notes.txt', {'aws:username': 'alice'})).toBe('implicitDeny')
    expect(run('arn:aws:s3:::home/alice/notes.txt', {})).toBe('implicitDeny')
    const old = {...policy, Version: '2008-10-17'}
    expect(run('arn:aws:s3:::home/${aws:username}/x', {'aws:username': 'alice'}, old)).toBe('allowed')
    const literal = doc(allow('s3:GetObject', 'arn:aws:s3:::home/${*}/x'))
    expect(run('arn:aws:s3:::home/*/x', {}, literal)).toBe('allowed')
    expect(run('arn:aws:s3:::home/a/x', {}, literal)).toBe('implicitDeny')
    const withDefault = doc(allow('s3:GetObject', "arn:aws:s3:::home/${aws:username, 'guest'}/*"))
    expect(run('arn:aws:s3:::home/guest/x', {}, withDefault)).toBe('allowed')
    const condition = doc(allow('sts:AssumeRole', '*', {Condition: {StringEquals: {'aws:SourceAccount': '${aws:PrincipalAccount}'}}}))
    expect(evaluate({action: 'sts:AssumeRole', context: {'aws:PrincipalAccount': ACCOUNT, 'aws:SourceAccount': ACCOUNT}, identityPolicies: [condition]}).decision).toBe('allowed')
  })
})

// -------------------------------------------------------------------------------------------------
// Principals and resource policies
// -------------------------------------------------------------------------------------------------

describe('evaluate: principals and resource policies', () => {
  const functionArn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:custom-sms-sender`
  const roleArn = `arn:aws:iam::${ACCOUNT}:role/service/lambda-sender`
  const sessionArn = `arn:aws:sts::${ACCOUNT}:assumed-role/lambda-sender/fn-session`

  // aws-facts §6.3
  const lambdaResourcePolicy = doc({
    Action: 'lambda:InvokeFunction',
    Condition: {ArnLike: {'AWS:SourceArn': POOL_ARN}, StringEquals: {'AWS:SourceAccount': ACCOUNT}},
    Effect: 'Allow',
    Principal: {Service: COGNITO},
    Resource: functionArn,
  })

  it.each([
    ['Cognito for its pool', {service: COGNITO}, {'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': POOL_ARN}, 'allowed'],
    ['Cognito for another pool', {service: COGNITO}, {'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': `${POOL_ARN}x`}, 'implicitDeny'],
    ['Cognito without SourceArn', {service: COGNITO}, {'aws:SourceAccount': ACCOUNT}, 'implicitDeny'],
    ['another service', {service: 'sns.amazonaws.com'}, {'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': POOL_ARN}, 'implicitDeny'],
    ['nobody in particular', undefined, {'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': POOL_ARN}, 'implicitDeny'],
  ] as const)('Lambda resource policy (§6.3): %s → %s', (_label, principal, context, expected) => {
    const r = evaluate({
      action: 'lambda:InvokeFunction',
      context,
      ...(principal ? {principal} : {}),
      resource: functionArn,
      resourcePolicy: lambdaResourcePolicy,
    })
    expect(r.decision).toBe(expected)
  })

  it.each([
    ['"*"', '*' as const, 'allowed'],
    ['{"AWS": "*"}', {AWS: '*'}, 'allowed'],
    ['the role ARN (matches its sessions)', {AWS: roleArn}, 'allowed'],
    ['another role', {AWS: `arn:aws:iam::${ACCOUNT}:role/other`}, 'implicitDeny'],
    ['the account root (delegation only, no identity allow)', {AWS: `arn:aws:iam::${ACCOUNT}:root`}, 'implicitDeny'],
    ['the bare account id (delegation only)', {AWS: ACCOUNT}, 'implicitDeny'],
    ['a service', {Service: COGNITO}, 'implicitDeny'],
  ] as const)('resource policy Principal %s for an assumed-role session → %s', (_label, principal, expected) => {
    const r = evaluate({
      action: 'kms:Decrypt',
      principal: {arn: sessionArn},
      resource: `arn:aws:kms:${REGION}:${ACCOUNT}:key/k`,
      resourcePolicy: doc({Action: 'kms:Decrypt', Effect: 'Allow', Principal: principal, Resource: '*'}),
    })
    expect(r.decision).toBe(expected)
  })

  it('NotPrincipal applies to everyone except the named principal', () => {
    const policy = doc(
      {Action: 's3:*', Effect: 'Allow', Principal: '*', Resource: '*'},
      {Action: 's3:*', Effect: 'Deny', NotPrincipal: {AWS: roleArn}, Resource: '*'},
    )
    const run = (arn: string) => evaluate({action: 's3:GetObject', principal: {arn}, resource: 'arn:aws:s3:::b/k', resourcePolicy: policy}).decision
    expect(run(sessionArn)).toBe('allowed')
    expect(run(`arn:aws:iam::${ACCOUNT}:user/mallory`)).toBe('explicitDeny')
    // NotPrincipal naming only the account does not exempt the account's roles
    const accountOnly = doc(
      {Action: 's3:*', Effect: 'Allow', Principal: '*', Resource: '*'},
      {Action: 's3:*', Effect: 'Deny', NotPrincipal: {AWS: `arn:aws:iam::${ACCOUNT}:root`}, Resource: '*'},
    )
    expect(evaluate({action: 's3:GetObject', principal: {arn: sessionArn}, resource: 'arn:aws:s3:::b/k', resourcePolicy: accountOnly}).decision).toBe('explicitDeny')
  })

  it('a resource-policy Deny beats an identity Allow', () => {
    const r = evaluate({
      action: 'kms:Decrypt',
      identityPolicies: [doc(allow('kms:*'))],
      principal: {arn: sessionArn},
      resource: `arn:aws:kms:${REGION}:${ACCOUNT}:key/k`,
      resourcePolicy: doc({Action: 'kms:*', Effect: 'Deny', Principal: '*', Resource: '*'}),
    })
    expect(r.decision).toBe('explicitDeny')
  })

  describe('KMS key policies (resourcePolicyRequired)', () => {
    const keyArn = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`
    const rootPolicy = doc({Action: 'kms:*', Effect: 'Allow', Principal: {AWS: `arn:aws:iam::${ACCOUNT}:root`}, Resource: '*', Sid: 'Enable IAM User Permissions'})
    const direct = doc({Action: 'kms:Decrypt', Effect: 'Allow', Principal: {AWS: roleArn}, Resource: '*'})
    const lambdaIdentity = doc(allow('kms:Decrypt', keyArn))

    it.each([
      ['default root policy + identity allow', rootPolicy, [lambdaIdentity], 'allowed'],
      ['default root policy, no identity allow', rootPolicy, [], 'implicitDeny'],
      ['key policy grants the role directly', direct, [], 'allowed'],
      ['identity allows, key policy does not mention the account', doc({Action: 'kms:*', Effect: 'Allow', Principal: {AWS: 'arn:aws:iam::999999999999:root'}, Resource: '*'}), [lambdaIdentity], 'implicitDeny'],
    ] as const)('%s → %s', (_label, keyPolicy, identity, expected) => {
      const r = evaluate({
        action: 'kms:Decrypt',
        identityPolicies: [...identity],
        principal: {arn: sessionArn},
        resource: keyArn,
        resourcePolicy: keyPolicy,
        resourcePolicyRequired: true,
      })
      expect(r.decision).toBe(expected)
    })

    it('without resourcePolicyRequired an identity allow is enough in the same account', () => {
      const r = evaluate({action: 'kms:Decrypt', identityPolicies: [lambdaIdentity], principal: {arn: sessionArn}, resource: keyArn, resourcePolicy: doc({Action: 'kms:Encrypt', Effect: 'Allow', Principal: '*', Resource: '*'})})
      expect(r.decision).toBe('allowed')
    })
  })

  describe('cross-account requests need both sides', () => {
    const otherSession = 'arn:aws:sts::444455556666:assumed-role/caller/s'
    const resource = `arn:aws:kms:${REGION}:${ACCOUNT}:key/k`
    it.each([
      ['identity only', [doc(allow('kms:Decrypt'))], undefined, 'implicitDeny'],
      ['resource only', [], doc({Action: 'kms:Decrypt', Effect: 'Allow', Principal: {AWS: 'arn:aws:iam::444455556666:role/caller'}, Resource: '*'}), 'implicitDeny'],
      ['both (resource names the role)', [doc(allow('kms:Decrypt'))], doc({Action: 'kms:Decrypt', Effect: 'Allow', Principal: {AWS: 'arn:aws:iam::444455556666:role/caller'}, Resource: '*'}), 'allowed'],
      ['both (resource delegates to the caller account)', [doc(allow('kms:Decrypt'))], doc({Action: 'kms:Decrypt', Effect: 'Allow', Principal: {AWS: '444455556666'}, Resource: '*'}), 'allowed'],
    ] as const)('%s → %s', (_label, identity, resourcePolicy, expected) => {
      const r = evaluate({
        action: 'kms:Decrypt',
        identityPolicies: [...identity],
        principal: {arn: otherSession},
        resource,
        ...(resourcePolicy ? {resourcePolicy} : {}),
      })
      expect(r.decision).toBe(expected)
    })
  })
})

// -------------------------------------------------------------------------------------------------
// SMS role shapes (aws-facts §6.1)
// -------------------------------------------------------------------------------------------------

describe('SMS caller role (aws-facts §6.1)', () => {
  const trust = (externalId: string | undefined, sourceArn = POOL_ARN, operator = 'ArnLike'): PolicyDocument =>
    doc({
      Action: 'sts:AssumeRole',
      Condition: {
        ...(externalId === undefined ? {} : {StringEquals: {'aws:SourceAccount': ACCOUNT, 'sts:ExternalId': externalId}}),
        [operator]: {'aws:SourceArn': sourceArn},
      },
      Effect: 'Allow',
      Principal: {Service: COGNITO},
    })
  const cognito = {externalId: 'abc', principalService: COGNITO, sourceAccount: ACCOUNT, sourceArn: POOL_ARN}

  it('allows Cognito with the matching ExternalId, SourceAccount and exact SourceArn', () => {
    const r = evaluateTrust(trust('abc'), cognito)
    expect(r).toMatchObject({
      allowed: true,
      decision: 'allowed',
      externalId: {condition: 'present', expected: ['abc'], matches: true, provided: 'abc'},
      failedConditions: [],
      principalTrusted: true,
    })
    expect(r.explanations).toEqual([])
  })

  it('accepts a wildcard SourceArn', () => {
    expect(evaluateTrust(trust('abc', `arn:aws:cognito-idp:${REGION}:${ACCOUNT}:userpool/*`), cognito).allowed).toBe(true)
    expect(evaluateTrust(trust('abc', `arn:aws:cognito-idp:*:${ACCOUNT}:*`), cognito).allowed).toBe(true)
    expect(evaluateTrust(trust('abc', POOL_ARN, 'ArnEquals'), cognito).allowed).toBe(true)
  })

  it('explains an ExternalId mismatch', () => {
    const r = evaluateTrust(trust('abc'), {...cognito, externalId: 'xyz'})
    expect(r.allowed).toBe(false)
    expect(r.decision).toBe('implicitDeny')
    expect(r.principalTrusted).toBe(true)
    expect(r.externalId).toEqual({condition: 'present', expected: ['abc'], matches: false, provided: 'xyz'})
    expect(r.failedConditions).toEqual([
      expect.objectContaining({key: 'sts:ExternalId', operator: 'StringEquals', policyValues: ['abc'], reason: 'mismatch', requestValues: ['xyz'], statementIndex: 0}),
    ])
    expect(r.explanations).toEqual(['trust policy requires sts:ExternalId = abc but the request has sts:ExternalId = xyz'])
  })

  it('explains a pool without ExternalId against a trust that requires one', () => {
    const {externalId: _omit, ...withoutExternalId} = cognito
    const r = evaluateTrust(trust('abc'), withoutExternalId)
    expect(r.allowed).toBe(false)
    expect(r.explanations).toEqual(['trust policy requires sts:ExternalId = abc but the request has no sts:ExternalId'])
  })

  it('notes a trust policy without an sts:ExternalId condition (2023 docs shape) but allows it', () => {
    const r = evaluateTrust(trust(undefined), cognito)
    expect(r.allowed).toBe(true)
    expect(r.externalId).toEqual({condition: 'absent'})
    expect(r.explanations).toEqual(['trust policy has no sts:ExternalId condition'])
    const bare = doc({Action: 'sts:AssumeRole', Effect: 'Allow', Principal: {Service: COGNITO}})
    expect(evaluateTrust(bare, cognito).allowed).toBe(true)
  })

  it('explains a SourceArn for another pool and a wrong SourceAccount', () => {
    const other = `arn:aws:cognito-idp:${REGION}:${ACCOUNT}:userpool/${REGION}_Other`
    const r = evaluateTrust(trust('abc'), {...cognito, sourceArn: other})
    expect(r.allowed).toBe(false)
    expect(r.explanations).toEqual([`trust policy requires aws:SourceArn like ${POOL_ARN} but the request has aws:SourceArn = ${other}`])
    const r2 = evaluateTrust(trust('abc'), {...cognito, sourceAccount: '999999999999'})
    expect(r2.explanations).toEqual([`trust policy requires aws:SourceAccount = ${ACCOUNT} but the request has aws:SourceAccount = 999999999999`])
  })

  it('says who the trust policy trusts when Cognito is not among them', () => {
    const lambdaTrust = doc({Action: 'sts:AssumeRole', Effect: 'Allow', Principal: {Service: 'lambda.amazonaws.com'}})
    const r = evaluateTrust(lambdaTrust, cognito)
    expect(r).toMatchObject({allowed: false, principalTrusted: false})
    expect(r.explanations[0]).toBe('trust policy does not allow cognito-idp.amazonaws.com to sts:AssumeRole (it trusts: Service lambda.amazonaws.com)')
  })

  it('trusts the principal only for the actions it lists', () => {
    const tagOnly = doc({Action: 'sts:TagSession', Effect: 'Allow', Principal: {Service: COGNITO}})
    expect(evaluateTrust(tagOnly, cognito).allowed).toBe(false)
    const both = doc({Action: ['sts:AssumeRole', 'sts:TagSession'], Effect: 'Allow', Principal: {Service: [COGNITO, 'lambda.amazonaws.com']}})
    expect(evaluateTrust(both, cognito).allowed).toBe(true)
  })

  it('reports an explicit Deny in the trust policy', () => {
    const policy = doc(
      {Action: 'sts:AssumeRole', Effect: 'Allow', Principal: {Service: COGNITO}},
      {Action: 'sts:AssumeRole', Effect: 'Deny', Principal: '*', Sid: 'Lockdown'},
    )
    const r = evaluateTrust(policy, cognito)
    expect(r.decision).toBe('explicitDeny')
    expect(r.explanations[0]).toBe('trust policy statement Lockdown explicitly denies sts:AssumeRole to cognito-idp.amazonaws.com')
  })

  it('accepts the trust policy as JSON text, as IAM returns it (URL-decoded)', () => {
    expect(evaluateTrust(JSON.stringify(trust('abc')), cognito).allowed).toBe(true)
  })

  describe('permission policy', () => {
    const topic = `arn:aws:sns:${REGION}:${ACCOUNT}:sms`
    it.each([
      ['sns:Publish on "*"', doc(allow('sns:Publish', '*')), 'allowed'],
      ['sns:* on "*"', doc(allow('sns:*', '*')), 'allowed'],
      ['topic-scoped sns:Publish', doc(allow('sns:Publish', topic)), 'implicitDeny'],
      ['account-wide topic wildcard', doc(allow('sns:Publish', `arn:aws:sns:*:${ACCOUNT}:*`)), 'implicitDeny'],
      ['Publish plus a Deny on "*"', doc(allow('sns:Publish', '*'), deny('sns:Publish', '*')), 'explicitDeny'],
    ] as const)('SNS path, %s → %s (Cognito publishes to a phone number, resource "*")', (_label, policy, expected) => {
      expect(evaluate({action: 'sns:Publish', identityPolicies: [policy], resource: '*'}).decision).toBe(expected)
    })

    it('EUMS path: sms-voice:SendTextMessage on the origination identity ARN', () => {
      const phone = `arn:aws:sms-voice:${REGION}:${ACCOUNT}:phone-number/phone-0123456789abcdef`
      const pool = `arn:aws:sms-voice:${REGION}:${ACCOUNT}:pool/pool-0123456789abcdef`
      const policy = doc(allow('sms-voice:SendTextMessage', phone))
      expect(evaluate({action: 'sms-voice:SendTextMessage', identityPolicies: [policy], resource: phone}).decision).toBe('allowed')
      expect(evaluate({action: 'sms-voice:SendTextMessage', identityPolicies: [policy], resource: pool}).decision).toBe('implicitDeny')
      expect(evaluate({action: 'sns:Publish', identityPolicies: [policy], resource: '*'}).decision).toBe('implicitDeny')
    })
  })
})

// -------------------------------------------------------------------------------------------------
// SimulatePrincipalPolicy
// -------------------------------------------------------------------------------------------------

describe('simulatePrincipalPolicy', () => {
  const topic = `arn:aws:sns:${REGION}:${ACCOUNT}:alerts`

  it('returns one result per action in the IAM response shape', () => {
    const r = simulatePrincipalPolicy({
      actionNames: ['sns:Publish', 'sns:Subscribe', 'kms:Decrypt'],
      policies: [JSON.stringify(doc(allow('sns:Publish'))), {document: doc(deny('kms:*')), id: 'deny-kms', type: 'user-managed'}],
    })
    expect(r).toEqual({
      EvaluationResults: [
        {EvalActionName: 'sns:Publish', EvalDecision: 'allowed', EvalResourceName: '*', MatchedStatements: [{SourcePolicyId: 'PolicyInputList.1', SourcePolicyType: 'IAM Policy'}], MissingContextValues: []},
        {EvalActionName: 'sns:Subscribe', EvalDecision: 'implicitDeny', EvalResourceName: '*', MatchedStatements: [], MissingContextValues: []},
        {EvalActionName: 'kms:Decrypt', EvalDecision: 'explicitDeny', EvalResourceName: '*', MatchedStatements: [{SourcePolicyId: 'deny-kms', SourcePolicyType: 'user-managed'}], MissingContextValues: []},
      ],
      IsTruncated: false,
    })
  })

  it('lists only the Deny statements for an explicit deny', () => {
    const r = simulatePrincipalPolicy({actionNames: ['sns:Publish'], policies: [doc(allow('sns:*')), doc(deny('sns:Publish'))]})
    expect(r.EvaluationResults[0]?.MatchedStatements).toEqual([{SourcePolicyId: 'PolicyInputList.2', SourcePolicyType: 'IAM Policy'}])
  })

  it('gives per-resource results and the most restrictive aggregate', () => {
    const other = `${topic}-other`
    const r = simulatePrincipalPolicy({actionNames: ['sns:Publish'], policies: [doc(allow('sns:Publish', topic))], resourceArns: [topic, other]})
    const result = r.EvaluationResults[0]
    expect(result?.EvalDecision).toBe('implicitDeny')
    expect(result?.EvalResourceName).toBe('*')
    expect(result?.ResourceSpecificResults).toEqual([
      {EvalResourceDecision: 'allowed', EvalResourceName: topic, MatchedStatements: [{SourcePolicyId: 'PolicyInputList.1', SourcePolicyType: 'IAM Policy'}], MissingContextValues: []},
      {EvalResourceDecision: 'implicitDeny', EvalResourceName: other, MatchedStatements: [], MissingContextValues: []},
    ])
    const single = simulatePrincipalPolicy({actionNames: ['sns:Publish'], policies: [doc(allow('sns:Publish', topic))], resourceArns: [topic]})
    expect(single.EvaluationResults[0]).toMatchObject({EvalDecision: 'allowed', EvalResourceName: topic})
  })

  it('takes ContextEntries in the IAM shape and reports missing context values', () => {
    const policy = doc(allow('kms:Decrypt', '*', {Condition: {'ForAnyValue:StringEquals': {'kms:EncryptionContextKeys': 'userpool-id'}, StringEquals: {'kms:EncryptionContext:userpool-id': POOL_ID}}}))
    const ok = simulatePrincipalPolicy({
      actionNames: ['kms:Decrypt'],
      contextEntries: [
        {ContextKeyName: 'kms:EncryptionContext:userpool-id', ContextKeyType: 'string', ContextKeyValues: [POOL_ID]},
        {ContextKeyName: 'kms:EncryptionContextKeys', ContextKeyType: 'stringList', ContextKeyValues: ['userpool-id']},
      ],
      policies: [policy],
    })
    expect(ok.EvaluationResults[0]?.EvalDecision).toBe('allowed')
    const missing = simulatePrincipalPolicy({actionNames: ['kms:Decrypt'], policies: [policy]})
    expect(missing.EvaluationResults[0]).toMatchObject({
      EvalDecision: 'implicitDeny',
      MissingContextValues: ['kms:EncryptionContextKeys', 'kms:EncryptionContext:userpool-id'],
    })
  })

  it('includes a resource policy, with CallerArn as the principal', () => {
    const keyArn = `arn:aws:kms:${REGION}:${ACCOUNT}:key/k`
    const caller = `arn:aws:iam::${ACCOUNT}:role/lambda`
    const r = simulatePrincipalPolicy({
      actionNames: ['kms:Decrypt'],
      callerArn: caller,
      policies: [],
      resourceArns: [keyArn],
      resourcePolicy: doc({Action: 'kms:Decrypt', Effect: 'Allow', Principal: {AWS: caller}, Resource: '*'}),
      resourcePolicyRequired: true,
    })
    expect(r.EvaluationResults[0]).toMatchObject({EvalDecision: 'allowed', MatchedStatements: [{SourcePolicyId: 'ResourcePolicy', SourcePolicyType: 'Resource Policy'}]})
  })
})

// -------------------------------------------------------------------------------------------------
// Properties
// -------------------------------------------------------------------------------------------------

describe('properties', () => {
  const ACTIONS = ['sns:Publish', 'sns:Subscribe', 'kms:Decrypt', 'kms:GenerateDataKey', 'sts:AssumeRole', 'sms-voice:SendTextMessage']
  const RESOURCES = ['*', `arn:aws:sns:${REGION}:${ACCOUNT}:alerts`, `arn:aws:kms:${REGION}:${ACCOUNT}:key/k1`]
  const actionPattern = fc.oneof(
    fc.constantFrom(...ACTIONS, '*', 'sns:*', 'kms:*', 'kms:Generate*', 'sns:Pub?ish', 'SNS:PUBLISH'),
  )
  const resourcePattern = fc.constantFrom('*', ...RESOURCES.slice(1), 'arn:aws:sns:*:*:*', 'arn:aws:kms:*:*:key/*')
  const condition = fc.option(
    fc.record({
      key: fc.constantFrom('sts:ExternalId', 'aws:SourceAccount'),
      op: fc.constantFrom('StringEquals', 'StringNotEquals', 'StringLike', 'StringEqualsIfExists', 'ForAnyValue:StringEquals', 'ForAllValues:StringLike'),
      value: fc.constantFrom('abc', ACCOUNT, 'a*'),
    }),
    {nil: undefined},
  )
  const statement: fc.Arbitrary<PolicyStatement> = fc
    .record({
      action: fc.oneof(actionPattern, fc.array(actionPattern, {maxLength: 3, minLength: 1})),
      condition,
      effect: fc.constantFrom<'Allow' | 'Deny'>('Allow', 'Deny'),
      not: fc.boolean(),
      resource: fc.oneof(resourcePattern, fc.array(resourcePattern, {maxLength: 2, minLength: 1})),
    })
    .map(({action, condition: c, effect, not, resource}) => ({
      ...(not ? {NotAction: action} : {Action: action}),
      ...(c ? {Condition: {[c.op]: {[c.key]: c.value}}} : {}),
      Effect: effect,
      Resource: resource,
    }))
  const policies = fc.array(fc.array(statement, {maxLength: 4, minLength: 1}).map((s) => doc(...s)), {maxLength: 3})
  const request = fc.record({
    action: fc.constantFrom(...ACTIONS),
    context: fc.dictionary(fc.constantFrom('sts:ExternalId', 'aws:SourceAccount'), fc.oneof(fc.constantFrom('abc', ACCOUNT, 'xyz'), fc.array(fc.constantFrom('abc', 'xyz'), {maxLength: 2}))),
    resource: fc.constantFrom(...RESOURCES),
  })

  it('an unconditional explicit Deny for the action never yields allowed', () => {
    fc.assert(
      fc.property(policies, request, fc.constantFrom('exact', '*', 'service'), fc.nat(3), (ps, req, form, at) => {
        const pattern = form === 'exact' ? req.action : form === '*' ? '*' : `${req.action.split(':')[0]}:*`
        const withDeny = [...ps]
        withDeny.splice(Math.min(at, withDeny.length), 0, doc(deny(pattern, '*')))
        const r = evaluate({...req, identityPolicies: withDeny})
        expect(r.decision).toBe('explicitDeny')
      }),
    )
  })

  it('adding an Allow statement never turns allowed into a deny', () => {
    fc.assert(
      fc.property(policies, request, statement, (ps, req, extra) => {
        const before = evaluate({...req, identityPolicies: ps}).decision
        const after = evaluate({...req, identityPolicies: [...ps, doc({...extra, Effect: 'Allow'})]}).decision
        if (before === 'allowed') expect(after).toBe('allowed')
        if (before === 'explicitDeny') expect(after).toBe('explicitDeny')
      }),
    )
  })

  it('adding a Deny statement never turns a deny into allowed', () => {
    fc.assert(
      fc.property(policies, request, statement, (ps, req, extra) => {
        const before = evaluate({...req, identityPolicies: ps}).decision
        const after = evaluate({...req, identityPolicies: [...ps, doc({...extra, Effect: 'Deny'})]}).decision
        if (before !== 'allowed') expect(after).not.toBe('allowed')
      }),
    )
  })

  it('statement and policy order do not matter', () => {
    fc.assert(
      fc.property(policies, request, (ps, req) => {
        const reversed = [...ps].reverse().map((p) => doc(...[...(p.Statement as PolicyStatement[])].reverse()))
        expect(evaluate({...req, identityPolicies: reversed}).decision).toBe(evaluate({...req, identityPolicies: ps}).decision)
      }),
    )
  })

  it('generalising an action with ?, * or another letter case still matches', () => {
    const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,11}$/)
    fc.assert(
      fc.property(name, name, fc.nat(), fc.nat(), fc.boolean(), (service, op, i, j, upper) => {
        const action = `${service.toLowerCase()}:${op}`
        const chars = action.split('')
        const a = i % chars.length
        const b = a + (j % (chars.length - a))
        const withQuestion = chars.map((c, k) => (k === a && c !== ':' ? '?' : c)).join('')
        const withStar = `${action.slice(0, a)}*${action.slice(b + 1)}`
        const recased = upper ? action.toUpperCase() : action.toLowerCase()
        expect(actionMatches(withQuestion, action)).toBe(true)
        expect(actionMatches(withStar, action)).toBe(true)
        expect(actionMatches(recased, action)).toBe(true)
      }),
    )
  })

  it('replacing any ARN component by * still matches, and a component wildcard never crosses ":"', () => {
    const component = fc.stringMatching(/^[a-z0-9-]{1,10}$/)
    fc.assert(
      fc.property(component, component, fc.stringMatching(/^\d{12}$/), fc.stringMatching(/^[a-z0-9/:_-]{1,20}$/), fc.nat(5), (service, region, account, resource, k) => {
        const parts = ['arn', 'aws', service, region, account, resource]
        const arn = parts.join(':')
        const generalised = parts.map((p, i) => (i === k ? '*' : p)).join(':')
        expect(arnMatches(generalised, arn)).toBe(true)
        // Merging two inner components under one "*" must not match. (Merging the last two gives a
        // five-component pattern, which by design matches its last component against the rest.)
        if (k >= 2 && k <= 3) {
          const merged = [...parts.slice(0, k), '*', ...parts.slice(k + 2)].join(':')
          expect(arnMatches(merged, arn)).toBe(false)
        }
      }),
    )
  })
})
