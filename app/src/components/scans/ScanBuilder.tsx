import { createEffect, createSignal, For, on, onCleanup, Show } from 'solid-js'
import { api, read } from '../../lib/api/client.ts'
import { type ApiProblem, asProblem } from '../../lib/api/problem.ts'
import { readSuccess } from '../../lib/api-success.ts'
import {
  parseSymbols,
  type Scan,
  type ScanPreview,
  TIMEFRAMES,
  type Timeframe,
} from '../../lib/scans.ts'
import { createTask, useHydrated } from '../../lib/task.ts'
import { PlanProblem } from '../deployments/PlanProblem.tsx'
import { Field, SelectField } from '../Field.tsx'
import { ExpressionCheck } from './ExpressionCheck.tsx'
import { UpgradeNotice } from './UpgradeNotice.tsx'

/** Conditions to start from, from the scan language's own documentation. */
const SAMPLES = [
  'RSI(14) < 30 AND close > SMA(50)',
  'EMA(9) crosses above EMA(21)',
  'volume > 2 * SMA(volume, 20)',
  'close >= HIGHEST(close, 252)',
]
const PREVIEW_DELAY_MS = 350

/**
 * The no-code scan builder: a condition checked as it is typed (`POST /api/v1/scans/preview`),
 * the symbols and candles it runs on, and Create.
 */
export function ScanBuilder(props: { onCreated: (scan: Scan) => void }) {
  const hydrated = useHydrated()
  const [expression, setExpression] = createSignal('')
  const [name, setName] = createSignal('')
  const [universe, setUniverse] = createSignal('NIFTY50')
  const [timeframe, setTimeframe] = createSignal<Timeframe>('1d')
  const [schedule, setSchedule] = createSignal('')
  const [preview, setPreview] = createSignal<ScanPreview>()
  const [previewProblem, setPreviewProblem] = createSignal<ApiProblem>()
  const [checking, setChecking] = createSignal(false)

  let ticket = 0
  createEffect(
    on([expression, universe, timeframe], ([text, symbols, tf]) => {
      const mine = ++ticket
      if (!text.trim()) {
        setPreview(undefined)
        setPreviewProblem(undefined)
        return
      }
      setChecking(true)
      const timer = setTimeout(async () => {
        const list = parseSymbols(symbols)
        try {
          const result = await read(
            api().api.v1.scans.preview.$post({
              json: { expression: text, timeframe: tf, ...(list.length ? { universe: list } : {}) },
            }),
          )
          if (mine !== ticket) return
          setPreview(result)
          setPreviewProblem(undefined)
        } catch (error) {
          if (mine !== ticket) return
          setPreview(undefined)
          setPreviewProblem(asProblem(error))
        } finally {
          if (mine === ticket) setChecking(false)
        }
      }, PREVIEW_DELAY_MS)
      onCleanup(() => clearTimeout(timer))
    }),
  )

  const create = createTask(async () => {
    const text = expression().trim()
    const scan = await readSuccess(
      api().api.v1.scans.$post({
        json: {
          name: name().trim() || text.slice(0, 64),
          expression: text,
          universe: parseSymbols(universe()),
          timeframe: timeframe(),
          ...(schedule().trim() ? { schedule: schedule().trim() } : {}),
        },
      }),
    )
    props.onCreated(scan)
  })
  const fieldError = (prefix: string) => {
    const fields = { ...previewProblem()?.fields, ...create.problem()?.fields }
    const key = Object.keys(fields).find((k) => k === prefix || k.startsWith(`${prefix}.`))
    return key ? fields[key] : undefined
  }
  const upgrade = () => [create.problem(), previewProblem()].find((p) => p?.status === 402)?.message

  return (
    <section class="panel" aria-labelledby="builder-title">
      <h2 id="builder-title">Build a scan</h2>
      <Show when={upgrade()}>{(detail) => <UpgradeNotice detail={detail()} />}</Show>
      <form
        class="form"
        method="post"
        onSubmit={(event) => {
          event.preventDefault()
          void create.run()
        }}
      >
        <Show when={create.problem()?.status !== 402}>
          <PlanProblem
            problem={create.problem()}
            shownFields={Object.keys(create.problem()?.fields ?? {})}
          />
        </Show>
        <Field
          label="Condition"
          class="mono"
          required
          maxLength={2000}
          autocomplete="off"
          spellcheck={false}
          placeholder="RSI(14) < 30 AND close > SMA(50)"
          value={expression()}
          onValue={setExpression}
          error={fieldError('expression')}
          hint={
            <>
              Bar fields (open, high, low, close, volume), indicators such as SMA, EMA, RSI, MACD,
              BB_UPPER, ATR; AND, OR, NOT, <code>crosses above</code>; <code>close[1]</code> is the
              previous bar.
            </>
          }
        />
        <p class="samples">
          <span class="muted small">Try:</span>
          <For each={SAMPLES}>
            {(sample) => (
              <button
                type="button"
                class="secondary small mono"
                onClick={() => setExpression(sample)}
              >
                {sample}
              </button>
            )}
          </For>
        </p>
        <ExpressionCheck expression={expression()} preview={preview()} checking={checking()} />
        <Show
          when={
            previewProblem()?.status !== 402 &&
            !Object.keys(previewProblem()?.fields ?? {}).length &&
            previewProblem()
          }
        >
          {(problem) => <p class="muted small">Could not check it: {problem().message}</p>}
        </Show>
        <div class="grid two">
          <Field
            label="Symbols"
            required
            value={universe()}
            onValue={setUniverse}
            error={fieldError('universe')}
            hint="NSE symbols separated by commas, e.g. NIFTY50, BANKNIFTY, RELIANCE."
          />
          <SelectField
            label="Timeframe"
            value={timeframe()}
            onValue={(tf) => setTimeframe(tf as Timeframe)}
            options={TIMEFRAMES}
            error={fieldError('timeframe')}
            hint="The candles it runs on, at each close."
          />
          <Field
            label="Name"
            maxLength={64}
            value={name()}
            onValue={setName}
            error={fieldError('name')}
            hint="Optional; the condition when empty."
          />
          <Field
            label="Run at (IST, optional)"
            placeholder="09:30, 15:15"
            value={schedule()}
            onValue={setSchedule}
            error={fieldError('schedule')}
            hint="Empty: on every closed candle. Or times of day within 09:15–15:30."
          />
        </div>
        <div>
          <button
            type="submit"
            class="primary"
            disabled={!hydrated() || create.pending() || preview()?.ok === false || !!upgrade()}
          >
            {create.pending() ? 'Creating…' : 'Create scan'}
          </button>
        </div>
      </form>
    </section>
  )
}
