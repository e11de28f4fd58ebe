/** `major.minor.patch[-prerelease]` taken apart (build metadata ignored, as semver orders it). */
interface Parsed {
  core: [number, number, number]
  pre: string[]
}

function parse(version: string): Parsed | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(version)
  if (!match) return undefined
  return {
    core: [Number(match[1]), Number(match[2]), Number(match[3])],
    pre: match[4] ? match[4].split('.') : [],
  }
}

/** Semver precedence: negative when `a` comes before `b`. Unparsable versions sort first. */
export function compareVersions(a: string, b: string): number {
  const x = parse(a)
  const y = parse(b)
  if (!x || !y) return x ? 1 : y ? -1 : a.localeCompare(b)
  for (let i = 0; i < 3; i++) if (x.core[i] !== y.core[i]) return x.core[i]! - y.core[i]!
  // A pre-release comes before its release; identifiers compare numerically when both are numbers.
  if (x.pre.length === 0 || y.pre.length === 0) return y.pre.length - x.pre.length
  for (let i = 0; i < Math.min(x.pre.length, y.pre.length); i++) {
    const [p, q] = [x.pre[i]!, y.pre[i]!]
    if (p === q) continue
    const [m, n] = [Number(p), Number(q)]
    if (Number.isInteger(m) && Number.isInteger(n)) return m - n
    return p < q ? -1 : 1
  }
  return x.pre.length - y.pre.length
}

/**
 * The version a new upload is stored as: the one asked for; else the manifest's, unless that
 * is taken; else the newest stored version with its patch bumped (a pre-release becomes its
 * release), so saving again from the editor never fails for want of a version bump.
 *
 * @example nextVersion(undefined, '1.0.0', ['1.0.0', '1.0.3']) // { version: '1.0.4', from: 'bumped' }
 */
export function nextVersion(
  requested: string | undefined,
  manifestVersion: string,
  stored: readonly string[],
): { version: string; from: 'request' | 'manifest' | 'bumped' } {
  if (requested) return { version: requested, from: 'request' }
  if (!stored.includes(manifestVersion)) return { version: manifestVersion, from: 'manifest' }
  const newest = [...stored].sort(compareVersions).at(-1)!
  const parsed = parse(newest)
  if (!parsed) return { version: `${manifestVersion}-${stored.length}`, from: 'bumped' }
  const [major, minor, patch] = parsed.core
  const version =
    parsed.pre.length > 0 ? `${major}.${minor}.${patch}` : `${major}.${minor}.${patch + 1}`
  return { version, from: 'bumped' }
}
