#!/usr/bin/env node
// Runs the compiled output like bin/run.js but with oclif's development mode (no manifest cache).
// Build first (npm run build); mfa-sms does not ship a TypeScript loader.
const {execute} = await import('@oclif/core')
await execute({development: true, dir: import.meta.url})
