// The report's charts with lightweight-charts. Browser only: the chart component imports this
// module in onMount, so server rendering never loads the library (it needs a canvas).
import {
  AreaSeries,
  CandlestickSeries,
  ColorType,
  createChart,
  createSeriesMarkers,
  type IChartApi,
  type ISeriesApi,
  LineSeries,
  type PriceFormat,
  type SeriesMarker,
  type SeriesType,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts'
import { type ChartSeries, COLORS } from './charts.ts'

export interface MountedChart {
  destroy(): void
}

const RUPEES = new Intl.NumberFormat('en-IN', {
  style: 'currency',
  currency: 'INR',
  maximumFractionDigits: 0,
})
const PRICE = new Intl.NumberFormat('en-IN', {
  style: 'currency',
  currency: 'INR',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
})
const formatters = {
  rupees: (value: number) => RUPEES.format(value),
  price: (value: number) => PRICE.format(value),
  // `|| 0`: a tiny negative would read −0.00%.
  percent: (value: number) => `${(Math.round(value * 100) / 100 || 0).toFixed(2)}%`,
}

/**
 * Draws `series` in `parent` (sized to it: the chart follows the element's width), one price
 * scale for all. The time axis reads as IST (see `chartTime`).
 *
 * @example const chart = mountChart(div, [{ title: 'Equity', kind: 'line', color, data, format: 'rupees' }], 320)
 */
export function mountChart(
  parent: HTMLElement,
  series: readonly ChartSeries[],
  height: number,
): MountedChart {
  const chart: IChartApi = createChart(parent, {
    autoSize: true,
    height,
    layout: {
      background: { type: ColorType.Solid, color: '#ffffff' },
      textColor: '#5b6472',
      fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
      // Kept: the library's licence asks for a link to TradingView, which the logo is.
      attributionLogo: true,
    },
    grid: { vertLines: { color: '#eef0f3' }, horzLines: { color: '#eef0f3' } },
    rightPriceScale: { borderColor: '#dde1e7' },
    timeScale: { borderColor: '#dde1e7', timeVisible: series.some(intraday) },
    localization: { locale: 'en-IN' },
  })
  for (const s of series) {
    const priceFormat = {
      type: 'custom' as const,
      formatter: formatters[s.format],
      minMove: 0.01,
    }
    const options = { title: s.title, priceFormat, lastValueVisible: true, priceLineVisible: false }
    const added = addSeries(chart, s, options)
    if (s.markers?.length) {
      createSeriesMarkers(
        added,
        s.markers.map((m) => ({ ...m, time: m.time as UTCTimestamp }) satisfies SeriesMarker<Time>),
      )
    }
  }
  chart.timeScale().fitContent()
  return { destroy: () => chart.remove() }
}

// One series of the chart, with its data: candles, an area (hanging from zero) or a line.
function addSeries(
  chart: IChartApi,
  s: ChartSeries,
  options: {
    title: string
    priceFormat: PriceFormat
    lastValueVisible: boolean
    priceLineVisible: boolean
  },
): ISeriesApi<SeriesType> {
  if (s.kind === 'candles') {
    const added = chart.addSeries(CandlestickSeries, {
      ...options,
      upColor: COLORS.buy,
      downColor: COLORS.sell,
      borderVisible: false,
      wickUpColor: COLORS.buy,
      wickDownColor: COLORS.sell,
    })
    added.setData(s.data.map((c) => ({ ...c, time: c.time as UTCTimestamp })))
    return added
  }
  const added =
    s.kind === 'area'
      ? chart.addSeries(AreaSeries, {
          ...options,
          lineColor: s.color,
          topColor: `${s.color}10`,
          bottomColor: `${s.color}55`,
          lineWidth: 2,
          // A drawdown hangs from zero: shade between the line and the top.
          invertFilledArea: true,
        })
      : chart.addSeries(LineSeries, { ...options, color: s.color, lineWidth: 2 })
  added.setData(s.data.map((p) => ({ time: p.time as UTCTimestamp, value: p.value })))
  return added
}

// Daily points sit at the same time of day; intraday ones do not, and want times on the axis.
function intraday(s: ChartSeries): boolean {
  const [a, b] = s.data
  return !!a && !!b && (b.time - a.time) % 86_400 !== 0
}
