/**
 * Fault injection: latency, throttling, 5xx, AccessDenied and hanging requests, as data (from the
 * scenario's `faults:` list or startLocalServer({faults})). Each fault targets `*`, `service:*` or
 * an IAM action such as `sns:GetSMSAttributes`; `times` gives it a budget, `probability` makes it
 * random (drawn from the seeded source, so runs repeat). Every matching latency fault adds its
 * delay; the first matching failure fault that fires decides the error.
 */
import {type Fault, type FaultInput, faultSchema} from './scenario.js'
import {type FaultErrors} from './registry.js'
import {ServiceError} from './types.js'

export interface FaultRequest {
  /** e.g. sns:GetSMSAttributes, lambda:InvokeFunction */
  iamAction: string
  operation: string
  region: string
  /** The signing name, e.g. sms-voice */
  service: string
}

export interface FaultDecision {
  failure?: Fault
  latencyMs: number
}

interface ArmedFault {
  fault: Fault
  remaining: number
}

export function faultMatches(fault: Fault, request: FaultRequest): boolean {
  if (fault.region && fault.region !== request.region) return false
  const target = fault.target.toLowerCase()
  if (target === '*') return true
  const [service, action] = target.split(':') as [string, string]
  const [iamService, iamAction] = request.iamAction.toLowerCase().split(':') as [string, string]
  const serviceMatches = service === iamService || service === request.service.toLowerCase()
  if (!serviceMatches) return false
  return action === '*' || action === iamAction || action === request.operation.toLowerCase()
}

export class FaultInjector {
  private armed: ArmedFault[] = []

  constructor(
    faults: readonly (Fault | FaultInput)[],
    private readonly random: () => number,
  ) {
    for (const f of faults) this.add(f)
  }

  /** Adds a fault at run time (validated like scenario faults). */
  add(fault: Fault | FaultInput): Fault {
    const parsed = faultSchema.parse(fault)
    this.armed.push({fault: parsed, remaining: parsed.times ?? Number.POSITIVE_INFINITY})
    return parsed
  }

  clear(): void {
    this.armed = []
  }

  /** Faults still armed, with what is left of their budget. */
  list(): {fault: Fault; remaining: number | null}[] {
    return this.armed.map((a) => ({fault: a.fault, remaining: Number.isFinite(a.remaining) ? a.remaining : null}))
  }

  decide(request: FaultRequest): FaultDecision {
    let latencyMs = 0
    let failure: Fault | undefined
    for (const armed of this.armed) {
      if (armed.remaining <= 0 || !faultMatches(armed.fault, request)) continue
      if (armed.fault.kind !== 'latency' && failure) continue
      if (armed.fault.probability !== undefined && this.random() >= armed.fault.probability) continue
      armed.remaining--
      if (armed.fault.kind === 'latency') latencyMs += armed.fault.ms
      else failure = armed.fault
    }

    return {failure, latencyMs}
  }
}

/** The error a fault produces, in the shape of the service it hits. */
export function faultError(fault: Fault, errors: FaultErrors, request: FaultRequest & {accountId: string; callerArn: string}): ServiceError {
  switch (fault.kind) {
    case 'throttle': {
      return new ServiceError(errors.throttle.code, errors.throttle.message, errors.throttle.status, errors.throttle.extra, errors.throttle.headers)
    }

    case 'server-error': {
      const unavailable = fault.status === 503
      const code = unavailable && errors.serverError.code === 'InternalFailure' ? 'ServiceUnavailable' : errors.serverError.code
      return new ServiceError(code, unavailable ? 'Service is unavailable. Please try again later.' : 'An internal error occurred. Please try again later.', fault.status)
    }

    case 'access-denied': {
      const [prefix] = request.iamAction.split(':')
      const resource = `arn:aws:${prefix}:${request.region}:${request.accountId}:*`
      return new ServiceError(
        errors.accessDenied.code,
        `User: ${request.callerArn} is not authorized to perform: ${request.iamAction} on resource: ${resource} because no identity-based policy allows the ${request.iamAction} action`,
        errors.accessDenied.status,
      )
    }

    default: {
      return new ServiceError(errors.serverError.code, `fault ${fault.kind} has no error form`, 500)
    }
  }
}
