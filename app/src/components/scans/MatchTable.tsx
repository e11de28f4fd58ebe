import { For } from 'solid-js'
import { api, read } from '../../lib/api/client.ts'
import { createPagedLoad } from '../../lib/paged-load.ts'
import { formatCell, matchColumns, timeframeLabel } from '../../lib/scans.ts'
import { formatStamp } from '../../lib/stamp.ts'
import { PagedPanel } from '../PagedPanel.tsx'

const PAGE_SIZE = 50

/**
 * A scan's matches, newest first, with a column per value the scanner reported (each term of
 * an expression). `refresh` changing reloads the page shown.
 */
export function MatchTable(props: { scanId: string; timeframe: string; refresh: number }) {
  const { pager, load } = createPagedLoad(
    (query) =>
      read(api().api.v1.scans[':scanId'].matches.$get({ param: { scanId: props.scanId }, query })),
    { pageSize: PAGE_SIZE, refresh: () => props.refresh },
  )
  const columns = () => matchColumns(load.data()?.items ?? [])
  return (
    <PagedPanel
      id="matches"
      title="Matches"
      what="matches"
      load={load}
      pager={pager}
      empty={
        <p class="empty">
          No matches yet. The scan runs at the close of each {timeframeLabel(props.timeframe)}{' '}
          candle; what matches shows up here.
        </p>
      }
    >
      {(page) => (
        <>
          <thead>
            <tr>
              <th scope="col">Candle</th>
              <th scope="col">Symbol</th>
              <For each={columns()}>
                {(column) => (
                  <th scope="col" class="numeric">
                    {column}
                  </th>
                )}
              </For>
              <th scope="col">Found</th>
            </tr>
          </thead>
          <tbody>
            <For each={page().items}>
              {(match) => (
                <tr>
                  <td class="nowrap">{formatStamp(match.barTime)}</td>
                  <td>{match.symbol}</td>
                  <For each={columns()}>
                    {(column) => <td class="numeric">{formatCell(match.data[column])}</td>}
                  </For>
                  <td class="nowrap">{formatStamp(match.createdAt)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </>
      )}
    </PagedPanel>
  )
}
