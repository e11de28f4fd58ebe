/**
 * The candidate closest to `word` (ignoring case), if it is a plausible typo: within one edit
 * for short words, two for longer ones.
 *
 * @example closest('RSX', ['RSI', 'SMA']) // 'RSI'
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase()
  const limit = w.length <= 4 ? 1 : 2
  let best: { name: string; distance: number } | undefined
  for (const name of candidates) {
    const distance = editDistance(w, name.toLowerCase())
    if (distance <= limit && (!best || distance < best.distance)) best = { name, distance }
  }
  return best?.name
}

// Edit distance counting a swap of neighbours as one edit (optimal string alignment), since
// that is the commonest typo (TSC for TCS); names here are short, so a full table is cheap.
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  )
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[i - 2]![j - 2]! + 1)
      }
      d[i]![j] = best
    }
  }
  return d[a.length]![b.length]!
}
