import { type Accessor, createEffect, createSignal, on } from 'solid-js'
import { type ApiProblem, asProblem } from './api/problem.ts'

export interface Load<T> {
  /** The latest data; kept while a newer load runs, so lists do not blink. */
  data: Accessor<T | undefined>
  loading: Accessor<boolean>
  problem: Accessor<ApiProblem | undefined>
  /** Loads again with the current source. */
  reload(): Promise<void>
}

/**
 * Data a page loads in the browser, again whenever `source` changes (a search, a page
 * cursor). Answers to superseded loads are dropped. Unlike createResource it never suspends
 * the page: each list shows its own loading and error states.
 *
 * @example
 * const tenants = createLoad(() => query(), (q) => read(api().api.v1.admin.tenants.$get({ query: q })))
 */
export function createLoad<S, T>(source: Accessor<S>, fetcher: (source: S) => Promise<T>): Load<T> {
  const [data, setData] = createSignal<T>()
  const [loading, setLoading] = createSignal(true)
  const [problem, setProblem] = createSignal<ApiProblem>()
  let latest = 0
  const run = async (value: S) => {
    const ticket = ++latest
    setLoading(true)
    try {
      const result = await fetcher(value)
      if (ticket !== latest) return
      setData(() => result)
      setProblem(undefined)
    } catch (error) {
      if (ticket === latest) setProblem(asProblem(error))
    } finally {
      if (ticket === latest) setLoading(false)
    }
  }
  createEffect(on(source, (value) => void run(value)))
  return { data, loading, problem, reload: () => run(source()) }
}
