import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { FromWorker, GridSetup, GridTask, TaskOutcome, ToWorker } from './grid-protocol.ts'

const WORKER_URL = new URL('./grid-worker.ts', import.meta.url)
/** How long a stopped worker thread gets to close its sandbox pool before it is terminated. */
const STOP_GRACE_MS = 2_000

export interface GridOptions {
  /** Worker threads (each with its own sandbox worker process). Default: every core. */
  threads?: number
}

export interface GridProgress {
  /** Runs finished (succeeded or failed) of this `run` call. */
  done: number
  total: number
  /** Fraction of this call's work done, counting runs still going by their own progress. */
  fraction: number
}

export interface Grid {
  readonly threads: number
  /**
   * Runs the tasks spread over the threads (each thread takes the next task when it is free)
   * and returns their outcomes in the tasks' order. Rejects with the signal's reason when it
   * is aborted, and with an error when the engine broke (a thread died, an internal error);
   * after that the grid only closes.
   */
  run(
    tasks: readonly GridTask[],
    options: { signal: AbortSignal; onProgress?: (progress: GridProgress) => void },
  ): Promise<TaskOutcome[]>
  /** Stops the threads and their sandbox pools. */
  close(): Promise<void>
}

/** The cores a grid uses by default. */
export const defaultThreads = () => availableParallelism()

/**
 * Starts worker threads for the runs of one job (a sweep's combinations, a walk-forward's
 * folds), each hosting its own sandbox pool and running the host's backtester, so a grid keeps
 * every core busy while plugin code stays in isolated-vm sandboxes in worker processes.
 * The same task gives the same outcome on any thread. Close it when done.
 *
 * @example
 * const grid = startGrid({ system, tenantId, jobId, request, imported: [] }, { threads: 4 })
 * try { outcomes = await grid.run(tasks, { signal }) } finally { await grid.close() }
 */
export function startGrid(setup: GridSetup, options: GridOptions = {}): Grid {
  const threads = options.threads ?? defaultThreads()
  if (!(Number.isInteger(threads) && threads >= 1 && threads <= 256))
    throw new RangeError('grid: threads must be a whole number from 1 to 256')
  const workers = Array.from(
    { length: threads },
    () => new Worker(WORKER_URL, { workerData: setup }),
  )
  let broken: Error | undefined
  let listener: ((worker: Worker, message: FromWorker | Error) => void) | undefined
  let closing = false
  let busy = false
  for (const worker of workers) {
    worker.on('message', (message: FromWorker) => listener?.(worker, message))
    worker.on('error', (error) => {
      broken ??= error
      listener?.(worker, error)
    })
    worker.on('exit', (code) => {
      if (closing) return
      const error = new Error(`a grid worker thread exited (code ${code})`)
      broken ??= error
      listener?.(worker, error)
    })
  }

  return {
    threads,
    run(tasks, { signal, onProgress }) {
      if (busy) throw new Error('grid: one run at a time')
      if (broken) return Promise.reject(broken)
      busy = true
      const outcomes: TaskOutcome[] = new Array(tasks.length)
      const partial = new Map<number, number>()
      let next = 0
      let done = 0
      return new Promise<TaskOutcome[]>((resolve, reject) => {
        const finish = (error?: unknown) => {
          listener = undefined
          signal.removeEventListener('abort', onAbort)
          busy = false
          if (error === undefined) return resolve(outcomes)
          // Threads may still be busy with this call's runs: the grid takes no more.
          broken ??= new Error('grid: an earlier run call failed or was aborted')
          reject(error)
        }
        const onAbort = () => finish(signal.reason)
        const report = () => {
          let going = 0
          for (const f of partial.values()) going += f
          onProgress?.({ done, total: tasks.length, fraction: (done + going) / tasks.length })
        }
        const feed = (worker: Worker) => {
          if (next >= tasks.length) return
          const id = next++
          worker.postMessage({ type: 'task', id, task: tasks[id]! } satisfies ToWorker)
        }
        listener = (worker, message) => {
          if (message instanceof Error) return finish(message)
          if (message.type === 'progress') {
            partial.set(message.id, message.fraction)
            return report()
          }
          if (message.type === 'broken') {
            return finish(new Error(`grid run ${message.id} failed: ${message.error}`))
          }
          outcomes[message.id] = message.outcome
          partial.delete(message.id)
          done++
          report()
          if (done === tasks.length) return finish()
          feed(worker)
        }
        if (signal.aborted) return finish(signal.reason)
        signal.addEventListener('abort', onAbort, { once: true })
        if (tasks.length === 0) return finish()
        for (const worker of workers) feed(worker)
      })
    },
    async close() {
      if (closing) return
      closing = true
      await Promise.all(workers.map(stopWorker))
    },
  }
}

// Asks the thread to abort its run and close its pool; terminates it if it does not end soon.
async function stopWorker(worker: Worker): Promise<void> {
  if (worker.threadId === -1) return
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
  worker.postMessage({ type: 'stop' } satisfies ToWorker)
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), STOP_GRACE_MS)
  })
  if ((await Promise.race([exited, late])) === 'late') await worker.terminate()
  clearTimeout(timer)
}
