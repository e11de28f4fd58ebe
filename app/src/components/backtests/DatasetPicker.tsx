import { A } from '@solidjs/router'
import { For, Match, Show, Switch } from 'solid-js'
import { datasetsToList } from '../../lib/backtest-datasets.ts'
import { barsLabel } from '../../lib/backtests.ts'
import { barSpan, type Dataset } from '../../lib/datasets.ts'
import type { Load } from '../../lib/load.ts'

/**
 * The workspace's datasets at the form's timeframe, to tick beside or instead of symbols: each
 * with its symbol and bars, and the complaint about it when there is one.
 */
export function DatasetPicker(props: {
  datasets: Load<Dataset[]>
  timeframe: string
  ticked: string[]
  onTicked: (ids: string[]) => void
  /** The complaint about one ticked dataset. */
  issue: (id: string) => string | undefined
  /** The complaint about the ticked ones together (a sweep, too many). */
  error: string | undefined
}) {
  const list = () => datasetsToList(props.datasets.data() ?? [], props.timeframe, props.ticked)
  const tick = (id: string, on: boolean) =>
    props.onTicked(on ? [...props.ticked, id] : props.ticked.filter((t) => t !== id))
  const bars = () => barsLabel(props.timeframe)
  return (
    <fieldset class="field" classList={{ invalid: !!props.error }} aria-describedby="datasets-hint">
      <legend>Your datasets</legend>
      <Switch>
        <Match when={props.datasets.problem()}>
          {(problem) => (
            <p class="field-hint" id="datasets-hint">
              Your datasets could not be read: {problem().message}
            </p>
          )}
        </Match>
        <Match when={!props.datasets.data()}>
          <p class="field-hint" id="datasets-hint" role="status">
            Reading your datasets…
          </p>
        </Match>
        <Match when={list().listed.length + list().missing.length === 0}>
          <p class="field-hint" id="datasets-hint">
            You have no datasets of {bars()} bars. <A href="/datasets">Import your own bars</A> to
            backtest beyond the bundled data.
          </p>
        </Match>
        <Match when={true}>
          <div class="checks">
            <For each={list().listed}>
              {(dataset) => (
                <Choice
                  id={dataset.id}
                  name={dataset.name}
                  about={`${dataset.symbol} · ${barSpan(dataset)} · ${dataset.rows.toLocaleString('en-IN')} ${barsLabel(dataset.timeframe)} bars`}
                  ticked={props.ticked.includes(dataset.id)}
                  onTick={(on) => tick(dataset.id, on)}
                  issue={props.issue(dataset.id)}
                />
              )}
            </For>
            <For each={list().missing}>
              {(id) => (
                <Choice
                  id={id}
                  name={id}
                  about="No longer in your workspace."
                  ticked={true}
                  onTick={(on) => tick(id, on)}
                  issue={props.issue(id)}
                />
              )}
            </For>
          </div>
          <p class="field-hint" id="datasets-hint">
            Your imported {bars()} bars; ticked ones run beside the symbols, which may then be left
            empty. <A href="/datasets">Import more</A>
          </p>
        </Match>
      </Switch>
      <Show when={props.error}>{(message) => <p class="field-error">{message()}</p>}</Show>
    </fieldset>
  )
}

function Choice(props: {
  id: string
  name: string
  about: string
  ticked: boolean
  onTick: (on: boolean) => void
  issue: string | undefined
}) {
  return (
    <div data-dataset={props.id}>
      <label class="check">
        <input
          type="checkbox"
          checked={props.ticked}
          aria-describedby={`${props.id}-about${props.issue ? ` ${props.id}-issue` : ''}`}
          aria-invalid={props.issue ? 'true' : undefined}
          onChange={(event) => props.onTick(event.currentTarget.checked)}
        />{' '}
        {props.name}
      </label>
      <span class="sub-line field-hint" id={`${props.id}-about`}>
        {props.about}
      </span>
      <Show when={props.issue}>
        {(issue) => (
          <p class="field-error" id={`${props.id}-issue`}>
            {issue()}
          </p>
        )}
      </Show>
    </div>
  )
}
