import { createMemo, createSignal, For, type JSX, Show } from 'solid-js'
import {
  FIRST_ROWS,
  paramNames,
  paramsText,
  type Sweep,
  type SweepRun,
  shownRows,
  sweepColumns,
  sweepSummary,
} from '../../lib/grid-results.ts'
import { formatMetric, metricTone } from '../../lib/metrics-format.ts'
import { useHydrated } from '../../lib/task.ts'

/**
 * A sweep's combinations ranked, best first and marked (the report below is its), with the
 * metric they were ranked by highlighted, and the combinations that failed with their reasons.
 * The first rows show until all are asked for: grids run up to a thousand combinations.
 */
export function SweepResults(props: { sweep: Sweep }) {
  const names = createMemo(() => paramNames(props.sweep.runs))
  const columns = createMemo(() => sweepColumns(props.sweep.rankedBy))
  const best = () => props.sweep.runs.find((r) => r.index === props.sweep.bestIndex)
  const [allRuns, setAllRuns] = createSignal(false)
  const [allFailures, setAllFailures] = createSignal(false)
  return (
    <section class="panel" aria-labelledby="sweep-title" data-testid="sweep">
      <h2 id="sweep-title">Sweep</h2>
      <p>{sweepSummary(props.sweep)}</p>
      <Show when={best()}>
        {(b) => (
          <p class="muted small">
            {`★ marks the metric they are ranked by; ties go to the higher total return. The metrics, charts and trades below are the best combination's (${paramsText(b().params)}).`}
          </p>
        )}
      </Show>
      <Show when={props.sweep.runs.length > 0}>
        <div class="table-wrap">
          <table class="wide" aria-labelledby="sweep-title">
            <thead>
              <tr>
                <th scope="col" class="numeric">
                  Rank
                </th>
                <For each={names()}>
                  {(name) => (
                    <th scope="col">
                      <code>{name}</code>
                    </th>
                  )}
                </For>
                <For each={columns()}>
                  {(c) => (
                    <th
                      scope="col"
                      class="numeric"
                      title={c.def.help}
                      data-ranked={c.ranked ? 'true' : undefined}
                      aria-sort={c.ranked ? rankOrder(c.key) : undefined}
                    >
                      {c.ranked ? `${c.def.label} ★` : c.def.label}
                    </th>
                  )}
                </For>
              </tr>
            </thead>
            <tbody>
              <For each={shownRows(props.sweep.runs, allRuns())}>
                {(run) => (
                  <RunRow run={run} names={names()} best={run.index === props.sweep.bestIndex}>
                    <For each={columns()}>
                      {(c) => {
                        const value = run.metrics[c.key]
                        const text = formatMetric(value, c.def.unit)
                        return (
                          <td class="numeric" data-tone={metricTone(value, c.def.unit)}>
                            {c.ranked ? <strong>{text}</strong> : text}
                          </td>
                        )
                      }}
                    </For>
                  </RunRow>
                )}
              </For>
            </tbody>
          </table>
        </div>
        <ShowAll
          total={props.sweep.runs.length}
          all={allRuns()}
          onToggle={() => setAllRuns((a) => !a)}
          what="combinations"
        />
      </Show>
      <Show when={props.sweep.failures.length > 0}>
        <h3>Failed combinations</h3>
        <ul aria-label="Failed combinations">
          <For each={shownRows(props.sweep.failures, allFailures())}>
            {(f) => (
              <li>
                <code>{paramsText(f.params) || `combination ${f.index + 1}`}</code>:{' '}
                {f.reason ?? 'the engine gave no reason.'}
              </li>
            )}
          </For>
        </ul>
        <ShowAll
          total={props.sweep.failures.length}
          all={allFailures()}
          onToggle={() => setAllFailures((a) => !a)}
          what="failures"
        />
      </Show>
    </section>
  )
}

// maxDrawdown ranks the shallowest (lowest) first; every other metric the highest.
const rankOrder = (key: string) => (key === 'maxDrawdown' ? 'ascending' : 'descending')

function RunRow(props: {
  run: SweepRun
  names: readonly string[]
  best: boolean
  children: JSX.Element
}) {
  return (
    <tr
      data-best={props.best ? 'true' : undefined}
      style={props.best ? { background: 'var(--ok-bg)' } : undefined}
    >
      <td class="numeric">
        {props.run.rank}
        <Show when={props.best}>
          {' '}
          <span class="badge" data-tone="ok">
            Best
          </span>
        </Show>
      </td>
      <For each={props.names}>
        {(name) => <td>{name in props.run.params ? String(props.run.params[name]) : '—'}</td>}
      </For>
      {props.children}
    </tr>
  )
}

/** "Show all 250 combinations" under a capped list, and back. */
function ShowAll(props: { total: number; all: boolean; onToggle: () => void; what: string }) {
  const hydrated = useHydrated()
  return (
    <Show when={props.total > FIRST_ROWS}>
      <div class="pager">
        <span>
          {props.all
            ? `All ${props.total} ${props.what}.`
            : `The first ${FIRST_ROWS} of ${props.total} ${props.what}.`}
        </span>
        <button
          type="button"
          class="secondary small"
          disabled={!hydrated()}
          onClick={props.onToggle}
        >
          {props.all ? `Show the first ${FIRST_ROWS}` : `Show all ${props.total}`}
        </button>
      </div>
    </Show>
  )
}
