// npm run bench: wall-clock medians of whole commands, beside bare `node -e 0`.
// Usage: node bench/run.mjs [--runs N]   (run `npm run build` first; `npm run bench` does)
import {spawnSync} from 'node:child_process'
import {fileURLToPath} from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const runsArg = process.argv.indexOf('--runs')
const runs = runsArg === -1 ? 15 : Number(process.argv[runsArg + 1])
const env = {...process.env, NO_COLOR: '1', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent'}

const startup = [
  {name: 'node -e 0 (baseline)', args: ['-e', '0']},
  {name: 'mfa-sms --version', args: ['bin/run.js', '--version']},
  {name: 'mfa-sms region check (Seoul→Tokyo)', args: ['bin/run.js', 'region', 'check', '--cognito-region', 'ap-northeast-2', '--sns-region', 'ap-northeast-1']},
  {name: 'mfa-sms phone check +14254147755', args: ['bin/run.js', 'phone', 'check', '+14254147755']},
]

function timeOnce(args) {
  const start = process.hrtime.bigint()
  const r = spawnSync(process.execPath, args, {cwd: root, env, stdio: 'ignore'})
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`)
  return ms
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

const rows = []
for (const item of startup) {
  timeOnce(item.args) // warm the file cache
  const samples = Array.from({length: runs}, () => timeOnce(item.args))
  rows.push({name: item.name, median: median(samples), min: Math.min(...samples)})
}

const baseline = rows[0].median
console.log(`start-up, ${runs} runs each, node ${process.version}, ${process.platform}-${process.arch}`)
console.log(`${'command'.padEnd(40)} ${'median ms'.padStart(10)} ${'min ms'.padStart(8)} ${'x node'.padStart(7)}`)
for (const row of rows) {
  console.log(`${row.name.padEnd(40)} ${row.median.toFixed(1).padStart(10)} ${row.min.toFixed(1).padStart(8)} ${(row.median / baseline).toFixed(2).padStart(7)}`)
}

const version = rows.find((r) => r.name === 'mfa-sms --version')
const ratio = version.median / baseline
console.log(`\ntarget: mfa-sms --version within 2.5x of bare node: ${ratio.toFixed(2)}x ${ratio <= 2.5 ? 'met' : 'NOT met'}`)
