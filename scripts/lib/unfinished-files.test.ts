import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startVitest } from 'vitest/node'
import UnfinishedFiles from './unfinished-files.ts'

const dirs: string[] = []
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))))

// Runs Vitest on `files` in a scratch folder, in forked workers as `npm test` does, and returns
// what the reporter wrote.
async function run(files: Record<string, string>): Promise<string[]> {
  const root = await mkdtemp(join(tmpdir(), 'unfinished-'))
  dirs.push(root)
  for (const [name, text] of Object.entries(files)) await writeFile(join(root, name), text)
  const lines: string[] = []
  const vitest = await startVitest('test', [], {
    root,
    config: false,
    watch: false,
    pool: 'forks',
    include: ['*.test.ts'],
    reporters: [new UnfinishedFiles({ root, write: (line) => lines.push(line) })],
  })
  await vitest?.close()
  process.exitCode = 0 // the inner run's failure is the subject here, not this run's
  return lines
}

const passing = `import { expect, it } from 'vitest'\nit('adds', () => expect(1 + 1).toBe(2))\n`

describe('the unfinished-files reporter', () => {
  it('names the file whose worker died, and only that one', async () => {
    const lines = await run({
      'fine.test.ts': passing,
      'killed.test.ts': `import { it } from 'vitest'\nit('dies', async () => {\n  process.kill(process.pid, 'SIGKILL')\n  await new Promise((r) => setTimeout(r, 5000))\n})\n`,
    })
    expect(lines.join('\n')).toContain('never finished')
    expect(lines.filter((l) => l.includes('.test.ts')).map((l) => l.trim())).toEqual([
      'killed.test.ts',
    ])
  })

  it('says nothing when every file reports back, failing ones included', async () => {
    const lines = await run({
      'fine.test.ts': passing,
      'fails.test.ts': `import { expect, it } from 'vitest'\nit('is wrong', () => expect(1).toBe(2))\n`,
    })
    expect(lines).toEqual([])
  })
})
