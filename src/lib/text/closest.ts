/** Levenshtein distance, for "did you mean" suggestions over short identifiers. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({length: b.length + 1}, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution)
    }

    previous = current
  }

  return previous[b.length]!
}

/** The candidate closest to `input`, or undefined when none is within a third of its length (min 2). */
export function closest(input: string, candidates: Iterable<string>): string | undefined {
  const wanted = input.trim().toLowerCase()
  let best: {candidate: string; distance: number} | undefined
  for (const candidate of candidates) {
    const distance = editDistance(wanted, candidate.toLowerCase())
    if (!best || distance < best.distance) best = {candidate, distance}
  }

  return best && best.distance <= Math.max(2, Math.floor(wanted.length / 3)) ? best.candidate : undefined
}
