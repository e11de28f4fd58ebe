import { createMemo, For } from 'solid-js'
import { foldBars, SIDE_COLOR, SIDE_LABEL } from '../../lib/fold-bars.ts'
import type { Fold } from '../../lib/walk-forward-result.ts'

// Wide units: on a desktop page the chart draws at about its own size, text included.
const WIDTH = 1000
const HEIGHT = 160
/** Room under the bars for the folds' names. */
const AXIS = 24

/**
 * Each fold's total return in sample beside out of sample, as bars (an SVG drawn on the
 * server too; the fold table holds the same numbers for screen readers).
 */
export function FoldReturnChart(props: { folds: readonly Fold[] }) {
  const chart = createMemo(() => foldBars(props.folds, WIDTH, HEIGHT))
  return (
    <figure class="chart" data-testid="fold-returns">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT + AXIS}`}
        width="100%"
        role="img"
        aria-label="Total return of each fold, in sample beside out of sample"
      >
        <For each={chart().bars}>
          {(bar) => (
            <rect x={bar.x} y={bar.y} width={bar.width} height={bar.height} fill={bar.color}>
              <title>{bar.label}</title>
            </rect>
          )}
        </For>
        <line x1={0} x2={WIDTH} y1={chart().zeroY} y2={chart().zeroY} stroke="#9aa3af" />
        <For each={chart().ticks}>
          {(tick) => (
            <text
              x={tick.x}
              y={HEIGHT + AXIS - 6}
              text-anchor="middle"
              font-size="13"
              fill="#5b6472"
            >
              Fold {tick.fold}
            </text>
          )}
        </For>
      </svg>
      <figcaption class="chart-legend">
        <For each={['inSample', 'outOfSample'] as const}>
          {(side) => (
            <span class="legend-item">
              <span class="legend-swatch" style={{ background: SIDE_COLOR[side] }} />{' '}
              {SIDE_LABEL[side]}
            </span>
          )}
        </For>
        <span>Total return per fold; the line is zero. Hover a bar for its value.</span>
      </figcaption>
    </figure>
  )
}
