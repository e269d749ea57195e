/**
 * The doctor's policy reading on the shared evaluator (src/lib/iam/policy-eval.ts). The cases
 * marked "was:" are where the doctor's earlier condition-blind reader answered differently.
 */
import {describe, expect, it} from 'vitest'

import {analyseInvoke, analyseTrust, evaluateIdentityPolicies, parsePolicy} from '../../src/lib/doctor/policy.js'
import {ACCOUNT, FN_ARN, GOOD_TRUST, invokePolicy, POOL_ARN} from './helpers.js'

const COGNITO = 'cognito-idp.amazonaws.com'
const request = {externalId: 'ext-1', sourceAccount: ACCOUNT, sourceArn: POOL_ARN}
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`

describe('trust policies', () => {
  it('reads the ExternalId and source conditions against the pool\'s request', () => {
    const trust = analyseTrust(GOOD_TRUST, COGNITO, request)
    expect(trust).toMatchObject({denied: false, externalIdMatches: true, externalIds: ['ext-1']})
    expect(trust.allowing).toHaveLength(1)
    expect(trust.sourceChecks).toEqual([
      [
        {key: 'aws:SourceArn', matches: true, operator: 'ArnLike', values: [POOL_ARN]},
        {key: 'aws:SourceAccount', matches: true, operator: 'StringEquals', values: [ACCOUNT]},
      ],
    ])
    expect(analyseTrust(GOOD_TRUST, COGNITO, {...request, externalId: undefined}).externalIdMatches).toBe(false)
  })

  it('counts a Deny only when its conditions hold for this request (was: any Deny naming Cognito)', () => {
    const guarded = {...GOOD_TRUST, Statement: [...GOOD_TRUST.Statement, {Action: 'sts:AssumeRole', Condition: {StringNotEquals: {'aws:SourceAccount': ACCOUNT}}, Effect: 'Deny', Principal: {Service: COGNITO}}]}
    expect(analyseTrust(guarded, COGNITO, request).denied).toBe(false)
    expect(analyseTrust(guarded, COGNITO, {...request, sourceAccount: '999999999999'}).denied).toBe(true)
  })

  it('treats a document that is not a policy as trusting no one, and says why', () => {
    const trust = analyseTrust({Statement: [{Effect: 'Allow', Principal: {Service: COGNITO}}]}, COGNITO, request)
    expect(trust.allowing).toEqual([])
    expect(trust.malformed).toMatch(/Action/)
    expect(analyseTrust(undefined, COGNITO, request).allowing).toEqual([])
  })
})

describe('Lambda resource policies', () => {
  it('checks the principal, the function ARN and the source conditions', () => {
    const ok = analyseInvoke(invokePolicy(FN_ARN), COGNITO, FN_ARN, request)
    expect(ok.matching).toHaveLength(1)
    expect(ok.conditions).toEqual([{key: 'AWS:SourceArn', matches: true, operator: 'ArnLike', values: [POOL_ARN]}])
    const otherPool = analyseInvoke(invokePolicy(FN_ARN, {ArnLike: {'AWS:SourceArn': `${POOL_ARN}x`}}), COGNITO, FN_ARN, request)
    expect(otherPool).toMatchObject({denied: false, matching: []})
    expect(otherPool.allowing).toHaveLength(1)
  })

  it('does not count a permission on another qualifier (was: Resource ignored)', () => {
    const alias = analyseInvoke(invokePolicy(`${FN_ARN}:prod`), COGNITO, FN_ARN, request)
    expect(alias).toMatchObject({allowing: [], matching: [], otherResources: [`${FN_ARN}:prod`]})
  })

  it('reads policies as IAM returns them, URL-encoded or not', () => {
    const text = JSON.stringify(invokePolicy(FN_ARN))
    expect(parsePolicy(encodeURIComponent(text))).toEqual(invokePolicy(FN_ARN))
    expect(parsePolicy(text)).toEqual(invokePolicy(FN_ARN))
    expect(parsePolicy('not json')).toBeUndefined()
  })
})

describe('identity policies read instead of simulated', () => {
  const allowDecrypt = {Statement: [{Action: 'kms:Decrypt', Effect: 'Allow', Resource: KEY}], Version: '2012-10-17'}

  it('allows, denies and says which policy decided', () => {
    expect(evaluateIdentityPolicies([{document: allowDecrypt, name: 'inline decrypt'}], 'kms:Decrypt', KEY)).toEqual({decision: 'allowed', matched: ['inline decrypt'], missingContextKeys: [], unreadable: []})
    const deny = {Statement: [{Action: 'kms:*', Effect: 'Deny', Resource: '*'}]}
    expect(evaluateIdentityPolicies([{document: allowDecrypt, name: 'a'}, {document: deny, name: 'guard'}], 'kms:Decrypt', KEY)).toMatchObject({decision: 'explicitDeny', matched: ['guard']})
    expect(evaluateIdentityPolicies([{document: allowDecrypt, name: 'a'}], 'kms:Decrypt', KEY.replace('1234abcd', '9999abcd'))).toMatchObject({decision: 'implicitDeny', matched: []})
  })

  it('does not let a conditioned Allow apply without its keys (was: allowed, "conditions not evaluated")', () => {
    const conditioned = {Statement: [{...allowDecrypt.Statement[0], Condition: {StringEquals: {'kms:EncryptionContext:userpool-id': 'us-east-1_Test123'}}}]}
    expect(evaluateIdentityPolicies([{document: conditioned, name: 'scoped'}], 'kms:Decrypt', KEY)).toEqual({
      decision: 'implicitDeny',
      matched: [],
      missingContextKeys: ['kms:EncryptionContext:userpool-id'],
      unreadable: [],
    })
  })

  // As iam:SimulatePrincipalPolicy answers it without ContextEntries: a negated operator on a missing key holds.
  it('applies a negated-condition Deny whose key is missing (was: conditional Denies ignored)', () => {
    const guard = {Statement: [{Action: '*', Condition: {StringNotEquals: {'aws:RequestedRegion': 'us-east-1'}}, Effect: 'Deny', Resource: '*'}]}
    expect(evaluateIdentityPolicies([{document: allowDecrypt, name: 'a'}, {document: guard, name: 'region guard'}], 'kms:Decrypt', KEY)).toMatchObject({decision: 'explicitDeny', matched: ['region guard']})
  })

  it('leaves out what is not a policy, and says so', () => {
    const verdict = evaluateIdentityPolicies([{document: undefined, name: 'managed Broken'}, {document: {Statement: [{Effect: 'Allow'}]}, name: 'inline odd'}, {document: allowDecrypt, name: 'ok'}], 'kms:Decrypt', KEY)
    expect(verdict.decision).toBe('allowed')
    expect(verdict.unreadable).toEqual(['managed Broken (not JSON)', expect.stringMatching(/^inline odd \(Statement 0: needs exactly one of Action and NotAction\)$/)])
  })
})
