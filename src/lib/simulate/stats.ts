/** Load-run statistics: latency percentiles, errors, cold starts, share over the budget. */
import type {InvocationRecord} from './types.js'

export interface LoadStats {
  budgetMs: number
  coldStarts: number
  concurrency: number
  count: number
  errors: number
  /** Invocations with at least one failed verdict. */
  failedVerdicts: number
  latencyMs: {max: number; mean: number; min: number; p50: number; p95: number; p99: number}
  overBudget: number
  /** overBudget / count, 0..1. */
  overBudgetShare: number
  throughputPerSecond: number
  wallMs: number
}

/** Nearest-rank percentile of a sorted array (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!
}

export function loadStats(records: readonly {failed: boolean; record: InvocationRecord}[], options: {budgetMs: number; concurrency: number; wallMs: number}): LoadStats {
  const latencies = records.map((r) => r.record.durationMs).sort((a, b) => a - b)
  const round = (n: number) => Math.round(n * 10) / 10
  const overBudget = latencies.filter((l) => l > options.budgetMs).length
  return {
    budgetMs: options.budgetMs,
    coldStarts: records.filter((r) => r.record.coldStart).length,
    concurrency: options.concurrency,
    count: records.length,
    errors: records.filter((r) => r.record.outcome !== 'ok' || r.record.functionError).length,
    failedVerdicts: records.filter((r) => r.failed).length,
    latencyMs: {
      max: round(latencies.at(-1) ?? 0),
      mean: round(latencies.reduce((s, l) => s + l, 0) / Math.max(1, latencies.length)),
      min: round(latencies[0] ?? 0),
      p50: round(percentile(latencies, 50)),
      p95: round(percentile(latencies, 95)),
      p99: round(percentile(latencies, 99)),
    },
    overBudget,
    overBudgetShare: records.length === 0 ? 0 : overBudget / records.length,
    throughputPerSecond: options.wallMs > 0 ? round((records.length / options.wallMs) * 1000) : 0,
    wallMs: Math.round(options.wallMs),
  }
}

/** Runs `count` tasks with at most `concurrency` in flight; results keep task order. */
export async function runConcurrently<T>(count: number, concurrency: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = Array.from({length: count})
  let next = 0
  const lanes = Array.from({length: Math.max(1, Math.min(concurrency, count))}, async () => {
    while (next < count) {
      const index = next++
      results[index] = await task(index)
    }
  })
  await Promise.all(lanes)
  return results
}
