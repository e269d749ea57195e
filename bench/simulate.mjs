// Throughput and per-invocation overhead of `mfa-sms simulate` on a warm local no-op handler
// (fixtures/handlers/noop.cjs), so the figures are simulate's own cost, not a handler's.
//
//   node bench/simulate.mjs [--count N] [--concurrency C]     (run `npm run build` first)
//
// Two layers are measured:
//   1. the execution environment alone: event → child process (IPC) → handler → answer, with the
//      Lambda-style freeze/thaw between invocations;
//   2. the whole pipeline of `simulate --count`: event building, the run above, SMS attribution and
//      every verdict rule, in process (no CLI start-up).
import {availableParallelism} from 'node:os'
import {performance} from 'node:perf_hooks'
import {fileURLToPath} from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const arg = (name, fallback) => {
  const at = process.argv.indexOf(name)
  return at === -1 ? fallback : Number(process.argv[at + 1])
}

const count = arg('--count', 2000)
const concurrency = arg('--concurrency', Math.min(2, availableParallelism()))
const handler = `${root}fixtures/handlers/noop.cjs`

const [{LocalFunction}, {handlerEnvironment}, {runSimulation}, {percentile}] = await Promise.all([
  import(`${root}dist/lib/simulate/local-pool.js`),
  import(`${root}dist/lib/simulate/local-env.js`),
  import(`${root}dist/lib/simulate/run.js`),
  import(`${root}dist/lib/simulate/stats.js`),
])

function summary(label, samples, wallMs, n) {
  const sorted = [...samples].sort((a, b) => a - b)
  const perSecond = (n / wallMs) * 1000
  console.log(
    `${label.padEnd(44)} ${perSecond.toFixed(0).padStart(8)} /s   overhead p50 ${percentile(sorted, 50).toFixed(3)} ms, p99 ${percentile(sorted, 99).toFixed(3)} ms, mean ${(sorted.reduce((s, v) => s + v, 0) / sorted.length).toFixed(3)} ms`,
  )
}

async function environmentLayer(lanes) {
  const env = handlerEnvironment({
    endpoint: 'http://127.0.0.1:9',
    family: 'custom-message',
    file: handler,
    functionName: 'noop',
    memoryMb: 128,
    region: 'us-east-1',
    scratchDir: root,
    timeoutSeconds: 10,
    user: {},
  })
  const fn = new LocalFunction({
    allowHosts: [],
    endpoint: 'http://127.0.0.1:9',
    env,
    family: 'custom-message',
    file: handler,
    functionName: 'noop',
    maxEnvironments: lanes,
    memoryMb: 128,
    nodeArgs: [],
    region: 'us-east-1',
    timeoutMs: 10_000,
  })
  const event = {request: {codeParameter: '{####}'}, response: {}, triggerSource: 'CustomMessage_SignUp', version: '1'}
  try {
    await fn.warm(lanes)
    for (let i = 0; i < 200; i++) await fn.invoke(event, `warm-${i}`) // JIT warm-up
    const samples = []
    let next = 0
    const started = performance.now()
    await Promise.all(
      Array.from({length: lanes}, async () => {
        while (next < count) {
          next++
          const inv = await fn.invoke(event, `r-${next}`)
          if (inv.outcome !== 'ok') throw new Error(`noop failed: ${inv.error?.errorMessage}`)
          samples.push(inv.durationMs)
        }
      }),
    )
    summary(`environment, concurrency ${lanes}`, samples, performance.now() - started, count)
  } finally {
    await fn.close()
  }
}

async function pipelineLayer(lanes) {
  const n = Math.min(count, 1000)
  const input = {
    allowHosts: [],
    attributes: {},
    clientMetadata: {},
    concurrency: lanes,
    count: n,
    dryRun: false,
    env: {},
    handler,
    memoryMb: 128,
    messageType: 'sms',
    mfaAction: 'second-factor-authentication',
    nodeArgs: [],
    phone: '+14254147755',
    secrets: {},
    showCode: false,
    source: 'CustomMessage_SignUp',
  }
  const hooks = {note: () => {}, session: async () => {
    throw new Error('no AWS in the bench')
  }, warn: () => {}}
  await runSimulation({...input, count: 50}, hooks) // warm the module cache and the JIT
  const started = performance.now()
  const result = await runSimulation(input, hooks)
  const wallMs = performance.now() - started
  if (result.verdict !== 'pass') throw new Error(`noop did not pass: ${JSON.stringify(result.failures)}`)
  console.log(
    `${`simulate --count ${n} --concurrency ${lanes}`.padEnd(44)} ${((n / wallMs) * 1000).toFixed(0).padStart(8)} /s   overhead ${(wallMs / n).toFixed(3)} ms per invocation (wall / count, incl. the endpoint, ${lanes} cold start(s) and the 250 ms late-send grace)`,
  )
}

console.log(`simulate bench: warm no-op handler, ${count} invocations, node ${process.version}, ${availableParallelism()} cores`)
await environmentLayer(1)
if (concurrency > 1) await environmentLayer(concurrency)
await pipelineLayer(1)
if (concurrency > 1) await pipelineLayer(concurrency)
