import { Title } from '@solidjs/meta'
import { A, useSearchParams } from '@solidjs/router'
import { createMemo, For, Show } from 'solid-js'
import { Alert } from '../../components/Alert.tsx'
import { Chart } from '../../components/backtests/Chart.tsx'
import { Loaded } from '../../components/Loaded.tsx'
import { Protected } from '../../components/Protected.tsx'
import { api, read } from '../../lib/api/client.ts'
import { readCurve } from '../../lib/backtest-result.ts'
import { type BacktestDetail, readRequest, runSummary, strategyName } from '../../lib/backtests.ts'
import { COLORS, returnPoints } from '../../lib/charts.ts'
import { compareMetrics, paramRows, runLabel, type Side, tally } from '../../lib/compare.ts'
import { createLoad } from '../../lib/load.ts'
import { formatMetric, formatRupees } from '../../lib/metrics-format.ts'

const CURVE_POINTS = '1000'

export default function CompareBacktests() {
  return (
    <main class="page">
      <Title>Compare backtests · vm-algo</Title>
      <p class="breadcrumb">
        <A href="/backtests">← All backtests</A>
      </p>
      <h1>Compare two backtests</h1>
      <Protected permission="backtest">{() => <ComparePage />}</Protected>
    </main>
  )
}

/** `/backtests/compare?a=btj_…&b=btj_…` */
function ComparePage() {
  const [search] = useSearchParams()
  const one = (v: string | string[] | undefined) => (typeof v === 'string' ? v : '')
  const runs = createLoad(
    () => ({ a: one(search.a), b: one(search.b) }),
    async ({ a, b }) => {
      if (!a || !b) return { missing: true as const }
      const get = (id: string) =>
        read(
          api().api.v1.backtests[':id'].$get({
            param: { id },
            query: { points: CURVE_POINTS, tradesLimit: '0' },
          }),
        )
      const [ja, jb] = await Promise.all([get(a), get(b)])
      return { missing: false as const, a: ja, b: jb }
    },
  )
  return (
    <Loaded load={runs} what="the two backtests">
      {(loaded) => (
        <Show
          when={!loaded().missing && (loaded() as { a: BacktestDetail; b: BacktestDetail })}
          fallback={
            <Alert tone="info" title="Choose two runs">
              Select two finished runs in <A href="/backtests">your backtests</A> and press Compare
              selected.
            </Alert>
          }
        >
          {(pair) => <Comparison a={pair().a} b={pair().b} />}
        </Show>
      )}
    </Loaded>
  )
}

function Comparison(props: { a: BacktestDetail; b: BacktestDetail }) {
  const req = (side: Side) => readRequest(props[side].request)
  const params = () => paramRows(req('a').params, req('b').params)
  const title = (side: Side) => runLabel(side, strategyName(req(side)), params())
  const rows = createMemo(() => compareMetrics(props.a.result?.metrics, props.b.result?.metrics))
  const wins = () => tally(rows())
  const notDone = () => (['a', 'b'] as const).filter((s) => props[s].status !== 'succeeded')
  const series = createMemo(() =>
    (['a', 'b'] as const).map((side) => ({
      title: title(side),
      kind: 'line' as const,
      color: side === 'a' ? COLORS.strategy : COLORS.other,
      format: 'percent' as const,
      data: returnPoints(
        readCurve(props[side].result?.equityCurve, req(side).capital),
        req(side).capital ?? 0,
      ),
    })),
  )
  return (
    <>
      <Show when={notDone().length}>
        <Alert tone="warning" title="Not finished">
          {notDone()
            .map((s) => `${s.toUpperCase()} is ${props[s].status}`)
            .join('; ')}
          : only finished runs have metrics to compare.
        </Alert>
      </Show>
      <section class="panel" aria-labelledby="runs-title">
        <h2 id="runs-title">The runs</h2>
        <div class="table-wrap">
          <table class="wide compare" aria-labelledby="runs-title">
            <thead>
              <tr>
                <th scope="col">
                  <span class="visually-hidden">What</span>
                </th>
                <th scope="col">
                  <A href={`/backtests/${props.a.id}`}>{title('a')}</A>
                </th>
                <th scope="col">
                  <A href={`/backtests/${props.b.id}`}>{title('b')}</A>
                </th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">Run on</th>
                <td>{runSummary(req('a'))}</td>
                <td>{runSummary(req('b'))}</td>
              </tr>
              <tr>
                <th scope="row">Starting capital</th>
                <td>{req('a').capital !== undefined ? formatRupees(req('a').capital!) : '—'}</td>
                <td>{req('b').capital !== undefined ? formatRupees(req('b').capital!) : '—'}</td>
              </tr>
              <For each={params()}>
                {(p) => (
                  <tr data-differs={p.differs ? 'true' : undefined}>
                    <th scope="row">
                      <code>{p.name}</code>
                    </th>
                    <td>{p.a === undefined ? '—' : String(p.a)}</td>
                    <td>{p.b === undefined ? '—' : String(p.b)}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </section>
      <section class="panel" aria-labelledby="compare-metrics-title">
        <h2 id="compare-metrics-title">Metrics</h2>
        <Show when={rows().length}>
          <p class="muted small">
            The better value is marked where better is clear (higher return, shallower drawdown…): A
            is better on {wins().a}, B on {wins().b}.
          </p>
        </Show>
        <div class="table-wrap">
          <table class="wide compare" aria-labelledby="compare-metrics-title">
            <thead>
              <tr>
                <th scope="col">Metric</th>
                <th scope="col" class="numeric">
                  A
                </th>
                <th scope="col" class="numeric">
                  B
                </th>
              </tr>
            </thead>
            <tbody>
              <For each={rows()}>
                {(row) => (
                  <tr>
                    <th scope="row" title={row.def.help}>
                      {row.def.label}
                    </th>
                    <For each={['a', 'b'] as const}>
                      {(side) => (
                        <td class="numeric" data-better={row.better === side ? 'true' : undefined}>
                          {formatMetric(row[side], row.def.unit)}
                          <Show when={row.better === side}>
                            <span class="visually-hidden"> (better)</span>
                          </Show>
                        </td>
                      )}
                    </For>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </section>
      <section class="panel" aria-labelledby="compare-chart-title">
        <h2 id="compare-chart-title">Equity curves</h2>
        <p class="muted small">Return on each run's starting capital, in percent.</p>
        <Chart label="Both equity curves as return on capital, in percent" series={series()} />
      </section>
    </>
  )
}
