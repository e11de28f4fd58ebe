import { type Accessor, onCleanup, onMount } from 'solid-js'

/**
 * Runs `tick` every `ms` while `active()` holds and the tab is visible, one run at a time, from
 * the browser's mount until the component goes away: live tables refresh themselves.
 *
 * @example createPoll(() => logs.reload(), 3_000, () => isLive(status()))
 */
export function createPoll(
  tick: () => unknown | Promise<unknown>,
  ms: number,
  active: Accessor<boolean>,
): void {
  onMount(() => {
    let busy = false
    const timer = setInterval(async () => {
      if (busy || !active() || document.visibilityState === 'hidden') return
      busy = true
      try {
        await tick()
      } finally {
        busy = false
      }
    }, ms)
    onCleanup(() => clearInterval(timer))
  })
}
