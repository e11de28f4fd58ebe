import { createSignal, createUniqueId, Show } from 'solid-js'
import { guessSymbol, guessTimeframe, nameFromFile } from '../../lib/csv-guess.ts'
import { MAX_CSV_CHARS, previewCsv } from '../../lib/csv-preview.ts'
import { CsvRefused, type Dataset, formatBytes, importDataset } from '../../lib/datasets.ts'
import { TIMEFRAMES, type Timeframe, timeframeLabel } from '../../lib/scans.ts'
import { createTask, useHydrated } from '../../lib/task.ts'
import { Alert } from '../Alert.tsx'
import { Field, SelectField } from '../Field.tsx'
import { CsvPreview } from './CsvPreview.tsx'
import { ImportProblem, TooLarge } from './ImportProblem.tsx'

const PREVIEW_ROWS = 10

interface Picked {
  fileName: string
  bytes: number
  /** The file's text; empty when it was too large to read. */
  csv: string
  tooLarge: boolean
}

/**
 * Import a CSV of bars: pick or drop a file, read in the browser — its symbol guessed from the
 * name, its timeframe from the spacing of the first bars, its first rows and bar count shown —
 * then upload it. The core's verdict on a bad row points at that row.
 */
export function ImportForm(props: { onImported: (dataset: Dataset) => void }) {
  const hydrated = useHydrated()
  const fileId = createUniqueId()
  const [picked, setPicked] = createSignal<Picked>()
  const [readProblem, setReadProblem] = createSignal<string>()
  const [over, setOver] = createSignal(false)
  const [name, setName] = createSignal('')
  const [symbol, setSymbol] = createSignal('')
  const [symbolGuessed, setSymbolGuessed] = createSignal(false)
  const [timeframe, setTimeframe] = createSignal<Timeframe>('1d')
  const [timeframeGuessed, setTimeframeGuessed] = createSignal<boolean>()
  const [imported, setImported] = createSignal<Dataset>()
  let input: HTMLInputElement | undefined

  const preview = () => {
    const file = picked()
    return file && !file.tooLarge ? previewCsv(file.csv, PREVIEW_ROWS) : undefined
  }
  /** Why the picked file cannot be uploaded as it is, found without asking the core. */
  const blocker = () => {
    const p = preview()
    if (!p) return undefined
    if (!p.headerOk) return 'The first line is not the header the format asks for (see below).'
    if (p.count === 0) return 'The file has no bars after its header.'
    return undefined
  }

  const save = createTask(async (file: Picked) => {
    const dataset = await importDataset({
      name: name().trim(),
      symbol: symbol().trim(),
      timeframe: timeframe(),
      csv: file.csv,
    })
    setImported(dataset)
    setPicked(undefined)
    setName('')
    setSymbol('')
    setTimeframeGuessed(undefined)
    if (input) input.value = ''
    props.onImported(dataset)
  })

  let picks = 0
  const pick = async (file: File) => {
    const mine = ++picks
    save.clear()
    setImported(undefined)
    setReadProblem(undefined)
    // UTF-8 spends at most three bytes per character the edge counts: a file over three times
    // the limit in bytes is surely over it, and is not read at all.
    const tooLarge = file.size > MAX_CSV_CHARS * 3
    let csv = ''
    if (!tooLarge) {
      try {
        csv = await file.text()
      } catch {
        if (mine !== picks) return
        setPicked(undefined)
        setReadProblem(`Could not read ${file.name}. Pick it again, or another copy of it.`)
        return
      }
    }
    // A file picked while this one was being read wins.
    if (mine !== picks) return
    setPicked({
      fileName: file.name,
      bytes: file.size,
      csv,
      tooLarge: tooLarge || csv.length > MAX_CSV_CHARS,
    })
    setName(nameFromFile(file.name))
    const guessed = guessSymbol(file.name)
    setSymbolGuessed(!!guessed)
    if (guessed) setSymbol(guessed)
    const tf = guessTimeframe(csv)
    setTimeframeGuessed(!!tf)
    if (tf) setTimeframe(tf)
  }

  const problem = () => save.problem()
  const fields = () => problem()?.fields ?? {}
  const nameError = () =>
    fields().name ??
    (problem()?.code === 'conflict'
      ? `${problem()!.message} Choose another name, or delete the other one below.`
      : undefined)
  const badLine = () => {
    const p = problem()
    return p instanceof CsvRefused ? p.line : undefined
  }

  return (
    <section class="panel" aria-labelledby="import-title">
      <h2 id="import-title">Import bars from CSV</h2>
      <Show when={imported()}>
        {(d) => (
          <Alert tone="success">
            Imported “{d().name}”: {d().rows.toLocaleString('en-IN')} bars of {d().symbol},{' '}
            {timeframeLabel(d().timeframe)}.
          </Alert>
        )}
      </Show>
      <form
        class="form"
        method="post"
        onSubmit={(event) => {
          event.preventDefault()
          const file = picked()
          if (file && !file.tooLarge && !blocker()) void save.run(file)
        }}
      >
        <fieldset
          class="drop-zone"
          classList={{ invalid: !!fields().csv || !!readProblem() }}
          data-over={over() ? 'true' : undefined}
          onDragOver={(event) => {
            event.preventDefault()
            setOver(true)
          }}
          onDragLeave={() => setOver(false)}
          onDrop={(event) => {
            event.preventDefault()
            setOver(false)
            const files = event.dataTransfer?.files
            const file = files?.[0]
            if (!file) return
            // The picker then names the dropped file, as if it had been chosen there.
            if (input) input.files = files
            void pick(file)
          }}
        >
          <label for={fileId}>CSV file</label>
          <input
            ref={input}
            id={fileId}
            type="file"
            accept=".csv,text/csv,text/plain"
            disabled={!hydrated()}
            aria-describedby={`${fileId}-hint`}
            onChange={(event) => {
              const file = event.currentTarget.files?.[0]
              if (file) void pick(file)
            }}
          />
          <p class="field-hint" id={`${fileId}-hint`}>
            Or drop a file here. It is read in your browser; nothing is sent until you import.
          </p>
          <Show when={readProblem() ?? fields().csv}>
            {(message) => <p class="field-error">{message()}</p>}
          </Show>
        </fieldset>
        <Show when={picked()}>
          {(file) => (
            <>
              <p class="muted small">
                {file().fileName} · {formatBytes(file().bytes)}
              </p>
              <Show when={file().tooLarge}>
                <TooLarge />
              </Show>
              <Show when={blocker()}>{(why) => <Alert tone="warning">{why()}</Alert>}</Show>
              <Show when={preview()}>
                {(p) => <CsvPreview preview={p()} badLine={badLine()} />}
              </Show>
            </>
          )}
        </Show>
        <ImportProblem
          problem={problem()}
          csv={picked()?.csv ?? ''}
          previewedTo={(preview()?.rows.length ?? 0) + 1}
          shownFields={['name', 'symbol', 'timeframe', 'csv']}
        />
        <div class="grid two">
          <Field
            label="Name"
            required
            maxLength={64}
            value={name()}
            onValue={(value) => {
              setName(value)
              if (problem()?.code === 'conflict') save.clear()
            }}
            error={nameError()}
            hint="Unique in your workspace; the file's name to start with."
          />
          <Field
            label="Symbol"
            required
            maxLength={40}
            autocomplete="off"
            spellcheck={false}
            value={symbol()}
            onValue={(value) => {
              setSymbol(value)
              setSymbolGuessed(false)
            }}
            error={fields().symbol}
            hint={
              symbolGuessed()
                ? 'Guessed from the file name; correct it if it is wrong.'
                : 'The symbol these bars are of, such as RELIANCE or M&M.'
            }
          />
          <SelectField
            label="Timeframe"
            value={timeframe()}
            onValue={(value) => {
              setTimeframe(value as Timeframe)
              setTimeframeGuessed(undefined)
            }}
            options={TIMEFRAMES}
            error={fields().timeframe}
            hint={
              timeframeGuessed() === true
                ? 'Guessed from the spacing of the first bars.'
                : timeframeGuessed() === false
                  ? 'Could not tell from the first bars: choose it.'
                  : 'How long each bar is.'
            }
          />
        </div>
        <div>
          <button
            type="submit"
            class="primary"
            disabled={
              !hydrated() || save.pending() || !picked() || !!picked()?.tooLarge || !!blocker()
            }
          >
            {save.pending() ? 'Importing…' : 'Import'}
          </button>
        </div>
      </form>
    </section>
  )
}
