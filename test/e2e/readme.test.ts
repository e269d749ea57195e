import {execFileSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'

import {ROOT} from '../helpers/cli.js'

// oclif logs "replacing <!-- commands --> in …" before the document, so look for the marker on a line of its own.
const section = (text: string) => text.slice(text.indexOf('<!-- commands -->\n'), text.indexOf('<!-- commandsstop -->'))

describe('README', () => {
  it('its command reference is what `oclif readme` generates from the commands (run `npm run readme`)', () => {
    const generated = execFileSync('npx', ['oclif', 'readme', '--no-aliases', '--dry-run'], {cwd: ROOT, encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}})
    const current = readFileSync(`${ROOT}README.md`, 'utf8')
    expect(section(current).length).toBeGreaterThan(1000)
    expect(section(current)).toBe(section(generated))
  })

  it('shows the two set-up commands: the demo and the test suite', () => {
    const text = readFileSync(`${ROOT}README.md`, 'utf8')
    expect(text).toContain('npm ci && npm run build && ./bin/run.js doctor --demo')
    expect(text).toContain('npm ci && npm test')
  })
})
