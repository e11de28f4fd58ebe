import {
  createEffect,
  createSignal,
  getOwner,
  on,
  onCleanup,
  onMount,
  runWithOwner,
  Show,
} from 'solid-js'
import type { ChartSeries } from '../../lib/charts.ts'
import type { MountedChart } from '../../lib/lightweight.ts'

/**
 * A lightweight-charts chart, loaded in the browser only (a dynamic import in onMount): the
 * server renders its caption and legend, the chart's canvas follows. Drawn again when
 * `series` changes.
 */
export function Chart(props: {
  /** The chart's accessible name; the canvas itself says nothing to screen readers. */
  label: string
  series: readonly ChartSeries[]
  height?: number
}) {
  let parent!: HTMLDivElement
  const [failed, setFailed] = createSignal(false)
  const [ready, setReady] = createSignal(false)
  onMount(() => {
    // The effect that redraws is made after the import resolves: under this component's owner,
    // so it ends with it.
    const owner = getOwner()
    let chart: MountedChart | undefined
    let disposed = false
    onCleanup(() => {
      disposed = true
      chart?.destroy()
    })
    import('../../lib/lightweight.ts')
      .then(({ mountChart }) => {
        if (disposed) return
        runWithOwner(owner, () =>
          createEffect(
            on(
              () => props.series,
              (series) => {
                chart?.destroy()
                chart = mountChart(parent, series, props.height ?? 320)
                setReady(true)
              },
            ),
          ),
        )
      })
      .catch(() => setFailed(true))
  })
  return (
    <figure class="chart" data-ready={ready() ? 'true' : undefined}>
      <div
        class="chart-canvas"
        ref={parent}
        role="img"
        aria-label={props.label}
        style={{ height: `${props.height ?? 320}px` }}
      />
      <figcaption class="chart-legend">
        {props.series.map((s) => (
          <span class="legend-item">
            <span class="legend-swatch" style={{ background: s.color }} /> {s.title}
          </span>
        ))}
        <Show when={failed()}>
          <span class="error-text">The chart could not load. Reload the page to try again.</span>
        </Show>
      </figcaption>
    </figure>
  )
}
