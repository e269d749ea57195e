/**
 * AWS KMS (JSON 1.1, TrentService): the scenario's keys in one KmsEngine per account + region
 * (kms-engine.ts, real cryptography), built on the region's first KMS call and kept in its
 * `extensions`.
 *
 * Before each operation on a key the key policy is evaluated (../../iam/policy-eval.ts) for the
 * scenario's caller, the way KMS does: the key policy must grant the caller, or delegate to the
 * account (the default "Enable IAM User Permissions" statement) with an identity policy allowing
 * too. The caller's identity policies are those of the scenario role its callerArn names (a role
 * ARN or an assumed-role session); any other caller (a user, the root, a role the scenario does
 * not describe) is treated as an administrator, so only its key policy can refuse it.
 */
import {evaluate, type NamedPolicy, PolicySyntaxError} from '../../iam/policy-eval.js'
import {KmsEngine, type KmsKeySeed, kmsOperations} from '../kms-engine.js'
import {resolveTime, type ScenarioKmsKey} from '../scenario.js'
import type {LocalState} from '../state.js'
import {type OperationContext, type OperationHandler, ServiceError} from '../types.js'
import {rolePolicies, scenarioRoleOf} from './iam.js'

const EXTENSION = 'kms'
const DAY = 86_400_000

/** A scenario key (describe-key field names) as the engine's seed. */
export function kmsKeySeed(key: ScenarioKmsKey, startedAt: Date): KmsKeySeed {
  return {
    aliases: key.aliases,
    arn: key.Arn,
    creationDate: resolveTime(key.CreationDate, startedAt, new Date(startedAt.getTime() - 30 * DAY)),
    description: key.Description,
    enabled: key.KeyState ?? key.Enabled,
    keyId: key.KeyId,
    keyMaterial: key.keyMaterial,
    keySpec: key.KeySpec,
    keyUsage: key.KeyUsage,
    policy: key.Policy === undefined ? undefined : JSON.stringify(key.Policy, null, 2),
  }
}

/** The engine of the request's account + region, created from the scenario's keys on first use. */
export function kmsEngineFor(context: OperationContext): KmsEngine {
  const {state} = context.world
  const region = state.region(context.region)
  let engine = region.extensions.get(EXTENSION) as KmsEngine | undefined
  if (!engine) {
    engine = new KmsEngine({accountId: context.accountId, keys: region.keys.map((k) => kmsKeySeed(k, state.startedAt)), now: context.now, region: context.region})
    region.extensions.set(EXTENSION, engine)
  }

  return engine
}

const ADMINISTRATOR: NamedPolicy = {document: {Statement: [{Action: '*', Effect: 'Allow', Resource: '*'}], Version: '2012-10-17'}, id: 'caller outside the scenario (administrator)'}

function callerPolicies(state: LocalState): NamedPolicy[] {
  const role = scenarioRoleOf(state, state.callerArn)
  return role ? rolePolicies(state, role) : [ADMINISTRATOR]
}

/** authorizationRequest() wants blobs as bytes; on the wire they are base64. */
function withBlobs(input: Record<string, unknown>): Record<string, unknown> {
  const blob = input.CiphertextBlob
  return typeof blob === 'string' ? {...input, CiphertextBlob: Buffer.from(blob, 'base64')} : input
}

function authorize(operation: string, input: Record<string, unknown>, context: OperationContext): void {
  const {state} = context.world
  const request = kmsEngineFor(context).authorizationRequest(operation, withBlobs(input), state.accountId)
  if (!request) return
  let result
  try {
    result = evaluate({
      action: request.action,
      context: request.context,
      identityPolicies: callerPolicies(state),
      principal: {account: state.accountId, arn: state.callerArn},
      resource: request.keyArn,
      resourcePolicy: {document: request.keyPolicy, id: 'key policy', type: 'Resource Policy'},
      resourcePolicyRequired: true,
    })
  } catch (error) {
    if (error instanceof PolicySyntaxError) throw new ServiceError('KMSInternalException', `The scenario's policy for ${request.keyArn} is not valid: ${error.message}`, 500)
    throw error
  }

  if (result.decision === 'allowed') return
  const applied = result.statements.filter((t) => t.applies)
  const why =
    result.decision === 'explicitDeny'
      ? `with an explicit deny in ${applied.some((t) => t.effect === 'Deny' && t.sourceType === 'resource') ? 'a resource-based' : 'an identity-based'} policy`
      : applied.some((t) => t.effect === 'Allow' && t.sourceType === 'resource')
        ? `because no identity-based policy allows the ${request.action} action`
        : `because no resource-based policy allows the ${request.action} action`
  throw new ServiceError('AccessDeniedException', `User: ${state.callerArn} is not authorized to perform: ${request.action} on resource: ${request.keyArn} ${why}`, 400)
}

/** The KMS operation table: the engine's operations, each behind the key-policy check. */
export const kmsServiceOperations: Record<string, OperationHandler> = Object.fromEntries(
  Object.entries(kmsOperations(kmsEngineFor)).map(([operation, handler]) => [
    operation,
    ((input, context) => {
      authorize(operation, input, context)
      return handler(input, context)
    }) satisfies OperationHandler,
  ]),
)
