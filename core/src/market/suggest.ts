/**
 * Returns up to `limit` candidates that look like `query`, best first, for "did you mean"
 * messages. Case and punctuation are ignored, so `m_m` finds `M&M` and `bajajauto` finds
 * `BAJAJ-AUTO`; a candidate also matches when one name contains the other (`NIFTY` finds
 * `NIFTY50`) or when it is within a few edits (fewer for short names).
 *
 * @example closeMatches('RELIANC', ['RELIANCE', 'TCS']) // ['RELIANCE']
 */
export function closeMatches(query: string, candidates: readonly string[], limit = 5): string[] {
  const q = normalize(query)
  if (q === '') return []
  // Short names are close to everything, so they get fewer edits and no substring matching.
  const maxEdits = Math.min(2, Math.floor(q.length / 3))
  const scored: { name: string; score: number }[] = []
  for (const name of candidates) {
    const c = normalize(name)
    const d = editDistance(q, c)
    const contains = Math.min(q.length, c.length) >= 3 && (c.includes(q) || q.includes(c))
    if (d <= maxEdits) scored.push({ name, score: d })
    else if (contains) scored.push({ name, score: 3 })
  }
  scored.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
  return scored.slice(0, limit).map((s) => s.name)
}

function normalize(s: string): string {
  return s.toUpperCase().replace(/[^A-Z0-9]/g, '')
}

// Levenshtein distance with two rolling rows; symbols are short, so this stays cheap.
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost)
    }
    prev = row
  }
  return prev[b.length]!
}
