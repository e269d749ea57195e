#!/usr/bin/env node
// Keep this file tiny: nothing heavy may load before oclif has picked the command.
import * as nodeModule from 'node:module'

nodeModule.enableCompileCache?.() // Node >= 22.1; absent on Node 20
process.once('SIGINT', () => process.exit(130))

const {execute} = await import('@oclif/core')
await execute({dir: import.meta.url})
