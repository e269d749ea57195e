/** Small helpers the emulated services share: reading inputs and paging lists. */
import {ServiceError} from '../types.js'

export function str(input: Record<string, unknown>, name: string): string | undefined {
  const value = input[name]
  if (value === undefined || value === null) return undefined
  return typeof value === 'string' ? value : String(value)
}

/** A number input (query-protocol values arrive as strings). NaN for garbage. */
export function num(input: Record<string, unknown>, name: string): number | undefined {
  const value = input[name]
  if (value === undefined || value === null || value === '') return undefined
  return typeof value === 'number' ? value : Number(value)
}

export function bool(input: Record<string, unknown>, name: string): boolean | undefined {
  const value = input[name]
  if (value === undefined || value === null) return undefined
  return value === true || value === 'true'
}

/** A list input: arrays as they are; the query protocol sends an empty list as "". */
export function list(input: Record<string, unknown>, name: string): unknown[] | undefined {
  const value = input[name]
  if (value === undefined || value === null) return undefined
  if (Array.isArray(value)) return value
  if (value === '') return []
  return [value]
}

export function record(input: Record<string, unknown>, name: string): Record<string, unknown> | undefined {
  const value = input[name]
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
}

export interface PageOptions {
  defaultMax: number
  invalidToken: () => ServiceError
  maxResults?: number
  nextToken?: string
}

/** Offset-based paging behind an opaque token, like AWS's own (tokens are not portable). */
export function paginate<T>(items: readonly T[], options: PageOptions): {nextToken?: string; page: T[]} {
  let offset = 0
  if (options.nextToken !== undefined && options.nextToken !== '') {
    const decoded = /^o:(\d+)$/.exec(Buffer.from(options.nextToken, 'base64url').toString('utf8'))
    if (!decoded) throw options.invalidToken()
    offset = Number(decoded[1])
  }

  const size = options.maxResults ?? options.defaultMax
  const page = items.slice(offset, offset + size)
  const next = offset + size
  return {nextToken: next < items.length ? Buffer.from(`o:${next}`).toString('base64url') : undefined, page}
}

/** The "1 validation error detected" text AWS's request validation produces. */
export function validationText(value: unknown, member: string, constraint: string): string {
  const shown = value === undefined ? 'null' : `'${String(value)}'`
  return `1 validation error detected: Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`
}

export function serviceError(code: string, message: string, status = 400, extra: Record<string, unknown> = {}): ServiceError {
  return new ServiceError(code, message, status, extra)
}
