import type {Style} from './style.js'

/** Renders rows with cli-table3 (loaded on first use); colour only when `style` has it. */
export async function renderTable(style: Style, head: string[], rows: string[][]): Promise<string> {
  const {default: Table} = await import('cli-table3')
  const table = new Table({
    head: head.map((h) => style.bold(h)),
    style: {border: style.level > 0 ? ['grey'] : [], head: []},
    wordWrap: true,
  })
  table.push(...rows)
  return table.toString()
}
