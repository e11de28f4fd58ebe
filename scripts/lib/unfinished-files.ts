import { relative } from 'node:path'
import type { Reporter, TestModule } from 'vitest/node'

/**
 * A Vitest reporter that names the test files that started but never reported back. When a
 * forked worker dies (a native addon's crash, a kill), Vitest says only "Worker exited
 * unexpectedly" and drops the file from its counts; this says which file it was, so the crash
 * can be chased instead of guessed.
 */
export default class UnfinishedFiles implements Reporter {
  readonly #running = new Map<string, TestModule>()
  readonly #root: string
  readonly #write: (line: string) => void

  constructor(options: { root?: string; write?: (line: string) => void } = {}) {
    this.#root = options.root ?? process.cwd()
    this.#write = options.write ?? ((line) => process.stderr.write(`${line}\n`))
  }

  onTestModuleQueued(module: TestModule): void {
    this.#running.set(module.moduleId, module)
  }

  onTestModuleEnd(module: TestModule): void {
    this.#running.delete(module.moduleId)
  }

  onTestRunEnd(
    modules: ReadonlyArray<TestModule>,
    _errors: unknown,
    reason: 'passed' | 'failed' | 'interrupted',
  ): void {
    // An interrupted run (Ctrl-C, bail) leaves files unfinished on purpose.
    if (reason === 'interrupted') return
    for (const m of modules) {
      if (m.state() !== 'pending' && m.state() !== 'queued') this.#running.delete(m.moduleId)
    }
    if (this.#running.size === 0) return
    this.#write(`\nTest files that started but never finished (their worker died):`)
    for (const m of this.#running.values()) {
      const project = m.project.name ? `[${m.project.name}] ` : ''
      this.#write(`  ${project}${relative(this.#root, m.moduleId)}`)
    }
    this.#running.clear()
  }
}
