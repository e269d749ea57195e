// Part of `npm run bench`: the local endpoint's throughput, and doctor's wall time under latency.
//   1. requests/s and p50/p99 of SNS GetSMSSandboxAccountStatus and KMS Decrypt against `mfa-sms local`
//   2. doctor with 100 ms added to every AWS call, beside the sum of its calls' latencies and the
//      longest chain of dependent calls (both from doctor's own `timing`)
import {spawn} from 'node:child_process'
import {fileURLToPath} from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
const {startLocalServer, LOCAL_CREDENTIALS} = await import(`${root}dist/lib/local/server.js`)

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]

async function load(name, total, concurrency, send) {
  const latencies = []
  let next = 0
  const start = performance.now()
  await Promise.all(
    Array.from({length: concurrency}, async () => {
      while (next < total) {
        next++
        const t = performance.now()
        await send()
        latencies.push(performance.now() - t)
      }
    }),
  )
  const seconds = (performance.now() - start) / 1000
  latencies.sort((a, b) => a - b)
  return {name, p50: percentile(latencies, 50), p99: percentile(latencies, 99), rps: total / seconds, total}
}

async function endpointThroughput() {
  const server = await startLocalServer({port: 0, scenario: 'healthy-us'})
  const config = {credentials: LOCAL_CREDENTIALS, endpoint: server.url, maxAttempts: 1, region: 'us-east-1'}
  const [{SNSClient, GetSMSSandboxAccountStatusCommand}, {KMSClient, EncryptCommand, DecryptCommand, ListKeysCommand}] = await Promise.all([
    import('@aws-sdk/client-sns'),
    import('@aws-sdk/client-kms'),
  ])
  const sns = new SNSClient(config)
  const kms = new KMSClient(config)
  const {Keys} = await kms.send(new ListKeysCommand({}))
  const keyId = Keys?.[0]?.KeyArn
  const rows = []
  await sns.send(new GetSMSSandboxAccountStatusCommand({})) // warm up
  rows.push(await load('SNS GetSMSSandboxAccountStatus', 3000, 16, () => sns.send(new GetSMSSandboxAccountStatusCommand({}))))
  if (keyId) {
    const context = {'userpool-id': 'us-east-1_Bench'}
    const {CiphertextBlob} = await kms.send(new EncryptCommand({EncryptionContext: context, KeyId: keyId, Plaintext: Buffer.from('123456')}))
    rows.push(await load('KMS Decrypt', 3000, 16, () => kms.send(new DecryptCommand({CiphertextBlob, EncryptionContext: context}))))
  } else {
    rows.push({name: 'KMS Decrypt (no key in scenario)', p50: Number.NaN, p99: Number.NaN, rps: Number.NaN, total: 0})
  }

  sns.destroy()
  kms.destroy()
  await server.close()
  console.log('\nmfa-sms local, 16 concurrent SDK clients, loopback')
  console.log(`${'operation'.padEnd(34)} ${'requests'.padStart(8)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)}`)
  for (const r of rows) console.log(`${r.name.padEnd(34)} ${String(r.total).padStart(8)} ${r.rps.toFixed(0).padStart(8)} ${r.p50.toFixed(2).padStart(7)} ${r.p99.toFixed(2).padStart(7)}`)
}

function runDoctor(url, poolId) {
  return new Promise((resolve, reject) => {
    const env = {...process.env, AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey, NO_COLOR: '1'}
    const start = performance.now()
    const child = spawn(process.execPath, [`${root}bin/run.js`, 'doctor', '--user-pool-id', poolId, '--endpoint-url', url, '--json'], {env})
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.on('error', reject)
    child.on('close', () => resolve({timing: JSON.parse(out).result.timing, wallMs: performance.now() - start}))
  })
}

async function doctorUnderLatency() {
  const poolId = 'eu-central-1_Br0kenFra'
  const runs = []
  for (const latency of [0, 100]) {
    const server = await startLocalServer({faults: latency ? [{kind: 'latency', ms: latency, target: '*'}] : [], port: 0, scenario: 'broken'})
    const samples = []
    for (let i = 0; i < 3; i++) samples.push(await runDoctor(server.url, poolId))
    await server.close()
    samples.sort((a, b) => a.wallMs - b.wallMs)
    runs.push({latency, ...samples[1]})
  }

  const [base, slow] = runs
  const t = slow.timing
  console.log('\ndoctor on the "broken" scenario, median of 3 runs (process start included)')
  console.log(`  calls made                          ${t.calls}`)
  console.log(`  wall time, no added latency         ${base.wallMs.toFixed(0)} ms`)
  console.log(`  wall time, +100 ms on every call    ${slow.wallMs.toFixed(0)} ms`)
  console.log(`  sum of the calls' latencies         ${t.sumCallMs.toFixed(0)} ms`)
  console.log(`  longest chain of dependent calls    ${t.longestCallChainMs.toFixed(0)} ms  (${(t.longestCallChain ?? []).join(' → ')})`)
  const added = slow.wallMs - base.wallMs
  console.log(`  wall time added by the latency      ${added.toFixed(0)} ms = ${(added / t.longestCallChainMs).toFixed(2)}x the longest chain (target ≤ 1.5x)`)
}

await endpointThroughput()
await doctorUnderLatency()
