const BROWSERS: Array<[RegExp, string]> = [
  [/Edg\//, 'Edge'],
  [/OPR\/|Opera/, 'Opera'],
  [/SamsungBrowser\//, 'Samsung Internet'],
  [/Firefox\/|FxiOS\//, 'Firefox'],
  [/Chrome\/|CriOS\/|Chromium\//, 'Chrome'],
  [/Safari\//, 'Safari'],
]

const SYSTEMS: Array<[RegExp, string]> = [
  [/iPhone/, 'iPhone'],
  [/iPad/, 'iPad'],
  [/Android/, 'Android'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
]

/**
 * A session's device in words, from its user agent.
 *
 * @example
 * describeDevice('Mozilla/5.0 (X11; Linux x86_64) … Chrome/131.0 Safari/537.36', 'browser')
 * // 'Chrome on Linux'
 * describeDevice('curl/8.5.0', 'api') // 'API client (curl/8.5.0)'
 */
export function describeDevice(userAgent: string | null, kind: 'browser' | 'api'): string {
  if (kind === 'api') return userAgent ? `API client (${userAgent.slice(0, 60)})` : 'API client'
  if (!userAgent) return 'Unknown browser'
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1]
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1]
  if (browser && system) return `${browser} on ${system}`
  return browser ?? (system ? `Browser on ${system}` : 'Unknown browser')
}
