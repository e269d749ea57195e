import {readFile} from 'node:fs/promises'

import {transform} from 'esbuild'

export async function load(url, context, nextLoad) {
  if (!url.endsWith('.ts')) return nextLoad(url, context)
  const source = await readFile(new URL(url), 'utf8')
  const {code} = await transform(source, {format: 'esm', loader: 'ts', sourcefile: url})
  return {format: 'module', shortCircuit: true, source: code}
}
