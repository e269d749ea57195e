import {Chalk} from 'chalk'
import {describe, expect, it} from 'vitest'

import {renderTable} from '../../src/ui/table.js'

// eslint-disable-next-line no-control-regex
const ANSI = /\u001B\[/

describe('renderTable', () => {
  it('renders the head and every row', async () => {
    const out = await renderTable(new Chalk({level: 0}), ['Phone', 'Status'], [['+12065550100', 'Verified'], ['+447700900123', 'Pending']])
    const lines = out.split('\n')
    expect(lines.find((l) => l.includes('Phone'))).toMatch(/│\s*Phone\s*│\s*Status\s*│/)
    expect(out).toMatch(/│\s*\+12065550100\s*│\s*Verified\s*│/)
    expect(out).toMatch(/│\s*\+447700900123\s*│\s*Pending\s*│/)
    expect(out.indexOf('+12065550100')).toBeLessThan(out.indexOf('+447700900123'))
  })

  it('has no ANSI escapes at colour level 0', async () => {
    const out = await renderTable(new Chalk({level: 0}), ['A', 'B'], [['1', '2']])
    expect(out).not.toMatch(ANSI)
  })

  it('colours the head and border when the style has colour', async () => {
    const out = await renderTable(new Chalk({level: 1}), ['A', 'B'], [['1', '2']])
    expect(out).toMatch(ANSI)
  })

  it('renders a table with no rows', async () => {
    const out = await renderTable(new Chalk({level: 0}), ['Only'], [])
    expect(out).toContain('Only')
  })
})
