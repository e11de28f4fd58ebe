import { writeFileSync } from 'node:fs'
import { isAbsolute, join, resolve } from 'node:path'
import { ROOT } from '../process.ts'

/**
 * The repository's wrangler.toml, rewritten into `dir` as wrangler.json with its paths made
 * absolute — wrangler keeps its scratch files (.wrangler/) beside the config, so they land in
 * `dir`, not in the repository — and `vars` in a .dev.vars beside it (mode 0600: secrets).
 * Returns the config's path.
 */
export async function writeWranglerConfig(
  dir: string,
  vars: Record<string, string>,
): Promise<string> {
  const { experimental_readRawConfig } = await import('wrangler')
  const { rawConfig } = experimental_readRawConfig({ config: join(ROOT, 'wrangler.toml') })
  if (!rawConfig.main) throw new Error('wrangler.toml names no `main`')
  const absolute = (path: string) => (isAbsolute(path) ? path : resolve(ROOT, path))
  const config = {
    ...rawConfig,
    main: absolute(rawConfig.main),
    ...(rawConfig.alias
      ? {
          alias: Object.fromEntries(
            Object.entries(rawConfig.alias).map(([name, path]) => [name, absolute(String(path))]),
          ),
        }
      : {}),
  }
  const file = join(dir, 'wrangler.json')
  writeFileSync(file, JSON.stringify(config, null, 2))
  const lines = Object.entries(vars).map(([key, value]) => `${key}=${JSON.stringify(value)}`)
  writeFileSync(join(dir, '.dev.vars'), `${lines.join('\n')}\n`, { mode: 0o600 })
  return file
}
