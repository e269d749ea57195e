/** AWS STS GetCallerIdentity (query protocol, 2011-06-15): the scenario's account and caller. */
import {stableId} from '../state.js'
import type {OperationHandler} from '../types.js'

const getCallerIdentity: OperationHandler = (_input, context) => {
  const {accountId, callerArn} = context.world.state
  const suffix = stableId(callerArn).toUpperCase().replaceAll(/[^A-Z0-9]/g, '').slice(0, 17)
  const assumed = /:assumed-role\/[^/]+\/(.+)$/.exec(callerArn)
  const userId = callerArn.endsWith(':root') ? accountId : assumed ? `AROA${suffix}:${assumed[1]}` : `AIDA${suffix}`
  return {Account: accountId, Arn: callerArn, UserId: userId}
}

export const stsOperations: Record<string, OperationHandler> = {
  GetCallerIdentity: getCallerIdentity,
}
