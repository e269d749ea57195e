import {Chalk, type ChalkInstance} from 'chalk'

/** CI=true (or any value but "false") means: no colour, no spinners, no prompts. */
export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.CI) && env.CI !== 'false'
}

/**
 * Colour on only for a terminal, and never under NO_COLOR, CI, TERM=dumb or --json.
 * FORCE_COLOR=1 turns it on anyway (useful for screenshots).
 */
export function colorLevel(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): 0 | 1 {
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return 1
  if ('NO_COLOR' in env && env.NO_COLOR !== '') return 0
  if (isCi(env)) return 0
  if (env.TERM === 'dumb') return 0
  return stream.isTTY ? 1 : 0
}

export function makeStyle(stream: NodeJS.WriteStream, disabled = false): ChalkInstance {
  return new Chalk({level: disabled ? 0 : colorLevel(stream)})
}

export type Style = ChalkInstance

/** Marks that read without colour too. */
export const MARK = {fail: '✗', info: 'i', pass: '✓', skip: '-', unknown: '?', warn: '!'} as const
