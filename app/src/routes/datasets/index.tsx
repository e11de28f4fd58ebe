import { Title } from '@solidjs/meta'
import { Index, Show } from 'solid-js'
import { Alert } from '../../components/Alert.tsx'
import { CsvFormat } from '../../components/datasets/CsvFormat.tsx'
import { DatasetActions } from '../../components/datasets/DatasetActions.tsx'
import { ImportForm } from '../../components/datasets/ImportForm.tsx'
import { KiteImportForm } from '../../components/datasets/KiteImportForm.tsx'
import { PagedPanel } from '../../components/PagedPanel.tsx'
import { Protected } from '../../components/Protected.tsx'
import { api, read } from '../../lib/api/client.ts'
import { barSpan, type Dataset, formatBytes } from '../../lib/datasets.ts'
import { formatDateTime } from '../../lib/format.ts'
import { createPagedLoad } from '../../lib/paged-load.ts'
import { timeframeLabel } from '../../lib/scans.ts'
import { useSession } from '../../lib/session.tsx'

const PAGE_SIZE = 25

export default function Datasets() {
  return (
    <main class="page">
      <Title>Datasets · vm-algo</Title>
      <h1>Datasets</h1>
      <Protected>{() => <DatasetsPage />}</Protected>
    </main>
  )
}

function DatasetsPage() {
  const session = useSession()
  const { pager, load: datasets } = createPagedLoad(
    (query) => read(api().api.v1.datasets.$get({ query })),
    { pageSize: PAGE_SIZE },
  )
  // Newest first: after an import, page 1 shows it.
  const refresh = () => {
    if (!pager.reset()) void datasets.reload()
  }
  return (
    <>
      <p class="lead">
        Your own bars, imported from CSV files or from your Kite account, for backtests on data
        beyond the bundled NSE sample. Each dataset is one symbol at one timeframe, checked in full
        when it is imported and kept as it came.
      </p>
      <Show
        when={session.can('backtest')}
        fallback={
          <Alert tone="info" title="Not available to you">
            Importing datasets is part of backtesting, which your account cannot do.
          </Alert>
        }
      >
        <ImportForm onImported={refresh} />
        <KiteImportForm onImported={refresh} />
      </Show>
      <PagedPanel
        id="datasets"
        title="Your datasets"
        what="datasets"
        load={datasets}
        pager={pager}
        empty={
          <div class="dataset-empty">
            <h3>No datasets yet</h3>
            <p>
              Backtests run on the NSE bars bundled with vm-algo: 50 large companies' daily bars
              from October 2020 to September 2025, and a few months of 1-minute bars (NIFTY50 and
              BANKNIFTY in 2024, six stocks in 2016). To test on other symbols, other years or other
              timeframes, import your own bars as a dataset — from your broker's export or any data
              vendor — once you have put them in the format below.
            </p>
            <CsvFormat />
          </div>
        }
      >
        {(page) => (
          <>
            <thead>
              <tr>
                <th scope="col">Dataset</th>
                <th scope="col">Symbol</th>
                <th scope="col">Timeframe</th>
                <th scope="col" class="numeric">
                  Bars
                </th>
                <th scope="col">First – last bar</th>
                <th scope="col" class="numeric">
                  Size
                </th>
                <th scope="col">Imported</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              <Index each={page().items}>
                {(item) => <DatasetRow dataset={item()} onDeleted={() => datasets.reload()} />}
              </Index>
            </tbody>
          </>
        )}
      </PagedPanel>
      <Show when={datasets.data()?.items.length}>
        <details class="panel">
          <summary>The CSV format</summary>
          <CsvFormat />
        </details>
      </Show>
    </>
  )
}

function DatasetRow(props: { dataset: Dataset; onDeleted: () => void }) {
  const d = () => props.dataset
  return (
    <tr>
      <td>
        {d().name}
        <span class="sub mono" title="SHA-256 of the file as imported">
          {d().sha256.slice(0, 12)}
        </span>
      </td>
      <td>{d().symbol}</td>
      <td>{timeframeLabel(d().timeframe)}</td>
      <td class="numeric">{d().rows.toLocaleString('en-IN')}</td>
      <td>{barSpan(d())}</td>
      <td class="numeric">{formatBytes(d().bytes)}</td>
      <td>{formatDateTime(d().createdAt)}</td>
      <td>
        <DatasetActions dataset={d()} onDeleted={props.onDeleted} />
      </td>
    </tr>
  )
}
