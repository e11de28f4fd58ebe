import { createSignal, For, Show } from 'solid-js'
import { api, read } from '../../lib/api/client.ts'
import { EXIT_REASON_LABEL, readTrades, type Trade } from '../../lib/backtest-result.ts'
import { downloadText } from '../../lib/clipboard.ts'
import { tradesCsv, tradesFileName } from '../../lib/csv.ts'
import { createLoad } from '../../lib/load.ts'
import { formatMetric } from '../../lib/metrics-format.ts'
import { formatStamp } from '../../lib/stamp.ts'
import { createTask, useHydrated } from '../../lib/task.ts'
import { ProblemAlert } from '../Alert.tsx'
import { Loaded } from '../Loaded.tsx'

const PAGE_SIZE = 50
/** The most trades one request may ask for (the API's TRADES_MAX). */
const EXPORT_PAGE = 1_000

const PRICE = new Intl.NumberFormat('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
const stamp = (ms: number | null) => (ms === null ? '—' : formatStamp(new Date(ms).toISOString()))

/** One page of the job's trades from the API, with the whole log as a CSV download. */
export function TradeTable(props: { jobId: string; total: number }) {
  const hydrated = useHydrated()
  const [offset, setOffset] = createSignal(0)
  const trades = createLoad(
    () => ({ id: props.jobId, offset: offset() }),
    async ({ id, offset }) => {
      const job = await read(
        api().api.v1.backtests[':id'].$get({
          param: { id },
          query: { points: '2', tradesOffset: String(offset), tradesLimit: String(PAGE_SIZE) },
        }),
      )
      return {
        items: readTrades(job.result?.trades.items ?? []),
        total: job.result?.trades.total ?? 0,
      }
    },
  )
  const exportCsv = createTask(async () => {
    const all: Trade[] = []
    for (let from = 0; from < props.total; from += EXPORT_PAGE) {
      const job = await read(
        api().api.v1.backtests[':id'].$get({
          param: { id: props.jobId },
          query: { points: '2', tradesOffset: String(from), tradesLimit: String(EXPORT_PAGE) },
        }),
      )
      all.push(...readTrades(job.result?.trades.items ?? []))
    }
    downloadText(tradesFileName(props.jobId), tradesCsv(all))
  })
  const last = () => Math.min(offset() + PAGE_SIZE, trades.data()?.total ?? 0)
  return (
    <section class="panel" aria-labelledby="trades-title">
      <div class="panel-head">
        <h2 id="trades-title">Trades</h2>
        <button
          type="button"
          class="secondary small"
          disabled={!hydrated() || exportCsv.pending() || props.total === 0}
          onClick={() => void exportCsv.run()}
        >
          {exportCsv.pending() ? 'Preparing CSV…' : 'Download CSV'}
        </button>
      </div>
      <ProblemAlert problem={exportCsv.problem()} />
      <Loaded load={trades} what="the trades">
        {(page) => (
          <Show
            when={page().total > 0}
            fallback={<p class="empty">No trades: the strategy never entered a position.</p>}
          >
            <div class="table-wrap">
              <table class="wide" aria-labelledby="trades-title">
                <thead>
                  <tr>
                    <th scope="col">Symbol</th>
                    <th scope="col">Side</th>
                    <th scope="col" class="numeric">
                      Qty
                    </th>
                    <th scope="col">Entry (IST)</th>
                    <th scope="col" class="numeric">
                      Entry ₹
                    </th>
                    <th scope="col">Exit (IST)</th>
                    <th scope="col" class="numeric">
                      Exit ₹
                    </th>
                    <th scope="col" class="numeric">
                      Charges
                    </th>
                    <th scope="col" class="numeric">
                      Net P&amp;L
                    </th>
                    <th scope="col">Exit</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={page().items}>
                    {(t) => (
                      <tr>
                        <td>
                          {t.symbol}
                          <span class="sub">{t.product}</span>
                        </td>
                        <td>{t.direction === 'LONG' ? 'Long' : 'Short'}</td>
                        <td class="numeric">{t.qty}</td>
                        <td class="nowrap">{stamp(t.entryTime)}</td>
                        <td class="numeric">{PRICE.format(t.entryPrice)}</td>
                        <td class="nowrap">{stamp(t.exitTime)}</td>
                        <td class="numeric">
                          {t.exitPrice === null ? '—' : PRICE.format(t.exitPrice)}
                        </td>
                        <td class="numeric">{formatMetric(t.costs, 'rupees')}</td>
                        <td
                          class="numeric"
                          data-tone={t.netPnl > 0 ? 'gain' : t.netPnl < 0 ? 'loss' : undefined}
                        >
                          {formatMetric(t.netPnl, 'rupees')}
                        </td>
                        <td>{EXIT_REASON_LABEL[t.exitReason] ?? t.exitReason}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
              <nav class="pager" aria-label="Trades pages">
                <button
                  type="button"
                  class="secondary small"
                  disabled={offset() === 0 || trades.loading()}
                  onClick={() => setOffset((o) => Math.max(0, o - PAGE_SIZE))}
                >
                  ← Previous
                </button>
                <span aria-live="polite">
                  Trades {offset() + 1}–{last()} of {page().total}
                </span>
                <button
                  type="button"
                  class="secondary small"
                  disabled={last() >= page().total || trades.loading()}
                  onClick={() => setOffset((o) => o + PAGE_SIZE)}
                >
                  Next →
                </button>
              </nav>
            </div>
          </Show>
        )}
      </Loaded>
    </section>
  )
}
