import { type Accessor, createSignal, onMount } from 'solid-js'
import { type ApiProblem, asProblem } from './api/problem.ts'

export interface Task<Args extends unknown[], Result> {
  /** Runs the work; resolves to its result, or undefined when it failed (see `problem`). */
  run(...args: Args): Promise<Result | undefined>
  pending: Accessor<boolean>
  /** Why the last run failed, for showing next to the form or button that started it. */
  problem: Accessor<ApiProblem | undefined>
  clear(): void
}

/**
 * A user-started piece of work (a form submit, a button) with its pending state and failure.
 * Failures never escape as exceptions: they become `problem()`, shown inline.
 *
 * @example
 * const save = createTask((role: Role) => read(api().api.v1.team.members[':userId'].$patch(…)))
 * <button disabled={save.pending()} onClick={() => save.run('admin')}>Save</button>
 */
export function createTask<Args extends unknown[], Result>(
  work: (...args: Args) => Promise<Result>,
): Task<Args, Result> {
  const [pending, setPending] = createSignal(false)
  const [problem, setProblem] = createSignal<ApiProblem>()
  return {
    pending,
    problem,
    clear: () => setProblem(undefined),
    run: async (...args) => {
      setPending(true)
      setProblem(undefined)
      try {
        return await work(...args)
      } catch (error) {
        setProblem(asProblem(error))
        return undefined
      } finally {
        setPending(false)
      }
    },
  }
}

/**
 * False in the server's HTML and until the browser has hydrated the page: forms keep their
 * submit buttons disabled until then, so nothing is submitted without the page's script.
 */
export function useHydrated(): Accessor<boolean> {
  const [hydrated, setHydrated] = createSignal(false)
  onMount(() => setHydrated(true))
  return hydrated
}
