import {describe, expect, it} from 'vitest'

import {promptBlocker} from '../../src/ui/prompt.js'
import {colorLevel, isCi} from '../../src/ui/style.js'

const tty = {isTTY: true} as NodeJS.WriteStream
const pipe = {isTTY: false} as NodeJS.WriteStream

describe('colour', () => {
  it('is on for a terminal and off for a pipe', () => {
    expect(colorLevel(tty, {})).toBe(1)
    expect(colorLevel(pipe, {})).toBe(0)
  })

  it.each([
    ['NO_COLOR', {NO_COLOR: '1'}],
    ['CI', {CI: 'true'}],
    ['TERM=dumb', {TERM: 'dumb'}],
  ])('is off under %s even on a terminal', (_name, env) => {
    expect(colorLevel(tty, env)).toBe(0)
  })

  it('FORCE_COLOR turns it on for a pipe; CI=false is not CI', () => {
    expect(colorLevel(pipe, {FORCE_COLOR: '1'})).toBe(1)
    expect(colorLevel(tty, {CI: 'false'})).toBe(1)
    expect(isCi({CI: 'false'})).toBe(false)
    expect(isCi({CI: '1'})).toBe(true)
  })
})

describe('promptBlocker', () => {
  it('names --json and --no-prompt before looking at the terminal', () => {
    expect(promptBlocker({json: true, noPrompt: false})).toBe('--json is set')
    expect(promptBlocker({json: false, noPrompt: true})).toBe('--no-prompt is set')
  })

  it('refuses without a terminal, and under CI with one', () => {
    const saved = process.stdin.isTTY
    const savedErr = process.stderr.isTTY
    try {
      process.stdin.isTTY = false
      expect(promptBlocker({json: false, noPrompt: false}, {})).toBe('there is no terminal')
      process.stdin.isTTY = true
      process.stderr.isTTY = true
      expect(promptBlocker({json: false, noPrompt: false}, {CI: 'true'})).toBe('CI is set')
      expect(promptBlocker({json: false, noPrompt: false}, {})).toBeUndefined()
    } finally {
      process.stdin.isTTY = saved
      process.stderr.isTTY = savedErr
    }
  })
})
