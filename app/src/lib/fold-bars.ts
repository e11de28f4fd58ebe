import { COLORS } from './charts.ts'
import { formatMetric } from './metrics-format.ts'
import type { Fold } from './walk-forward-result.ts'

// A walk-forward's in-sample and out-of-sample return per fold as bars of a small SVG chart
// (lightweight-charts draws series over time; folds are categories). The geometry is here, in
// the SVG's own units, so it is tested without a browser.

export type FoldSide = 'inSample' | 'outOfSample'

export interface Bar {
  fold: number
  side: FoldSide
  value: number
  x: number
  y: number
  width: number
  height: number
  color: string
  /** For the bar's tooltip and screen readers: "Fold 2 in sample: +3.10%". */
  label: string
}

export interface FoldBars {
  width: number
  height: number
  /** Where zero is, from the top. */
  zeroY: number
  bars: Bar[]
  /** Each fold's label under its pair of bars. */
  ticks: Array<{ fold: number; x: number }>
}

/** The least height a bar is drawn with, in the chart's units. */
export const MIN_BAR = 2

export const SIDE_COLOR: Record<FoldSide, string> = {
  inSample: COLORS.price,
  outOfSample: COLORS.strategy,
}
export const SIDE_LABEL: Record<FoldSide, string> = {
  inSample: 'In sample',
  outOfSample: 'Out of sample',
}

/**
 * Two bars per fold (in sample, then out of sample), up from zero for a gain and down for a
 * loss, on one scale that always holds zero (a zero return is a sliver on the zero line). A
 * fold whose return is undefined has no bar.
 *
 * @example foldBars(folds, 600, 160).bars[0] // { fold: 1, side: 'inSample', x, y, … }
 */
export function foldBars(folds: readonly Fold[], width: number, height: number): FoldBars {
  const values = folds.flatMap((f) => [
    f.inSample.metrics.totalReturn,
    f.outOfSample.metrics.totalReturn,
  ])
  const known = values.filter((v): v is number => v !== null)
  const top = Math.max(0, ...known)
  const bottom = Math.min(0, ...known)
  // All zero (or none): zero in the middle, bars of no height.
  const range = top - bottom || 1
  const zeroY = top === bottom ? height / 2 : (top / range) * height
  const slot = width / Math.max(1, folds.length)
  const barWidth = slot * 0.32
  const gap = slot * 0.02
  // The pair of bars centred in its fold's slot.
  const left = (slot - 2 * barWidth - gap) / 2
  const bars: Bar[] = []
  folds.forEach((f, i) => {
    ;(['inSample', 'outOfSample'] as const).forEach((side, j) => {
      const value = f[side].metrics.totalReturn
      if (value === null) return
      // A zero (or near-zero) return still shows as a sliver on the zero line.
      const h = Math.max(MIN_BAR, (Math.abs(value) / range) * height)
      bars.push({
        fold: f.fold,
        side,
        value,
        x: i * slot + left + j * (barWidth + gap),
        y: value >= 0 ? zeroY - h : zeroY,
        width: barWidth,
        height: h,
        color: SIDE_COLOR[side],
        label: `Fold ${f.fold} ${SIDE_LABEL[side].toLowerCase()}: ${formatMetric(value, 'signed-percent')}`,
      })
    })
  })
  const ticks = folds.map((f, i) => ({ fold: f.fold, x: i * slot + slot / 2 }))
  return { width, height, zeroY, bars, ticks }
}
