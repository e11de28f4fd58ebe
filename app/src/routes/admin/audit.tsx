import { Title } from '@solidjs/meta'
import { useSearchParams } from '@solidjs/router'
import { createMemo, createSignal, Show } from 'solid-js'
import { Alert, ProblemAlert } from '../../components/Alert.tsx'
import { AdminNav } from '../../components/admin/AdminNav.tsx'
import { AuditTable } from '../../components/admin/AuditTable.tsx'
import { Protected } from '../../components/Protected.tsx'
import { api, read } from '../../lib/api/client.ts'
import { createLoad } from '../../lib/load.ts'
import { createPager } from '../../lib/paged.ts'
import { useHydrated } from '../../lib/task.ts'

const PLATFORM = 'platform'
const PAGE_SIZE = 50

export default function AdminAudit() {
  return (
    <main class="page">
      <Title>Audit log · Admin · vm-algo</Title>
      <h1>Admin console</h1>
      <AdminNav />
      <Protected permission="admin">{() => <AuditLog />}</Protected>
    </main>
  )
}

const one = (value: string | string[] | undefined) =>
  ((Array.isArray(value) ? value[0] : value) ?? '').trim().slice(0, 100)

function AuditLog() {
  const hydrated = useHydrated()
  const [search, setSearch] = useSearchParams()
  const chain = createMemo(() => one(search.chain) || PLATFORM)
  const action = createMemo(() => one(search.action))
  const [chainText, setChainText] = createSignal(chain())
  const [actionText, setActionText] = createSignal(action())
  const pager = createPager(() => `${chain()} ${action()}`)

  const verdict = createLoad(chain, (name) =>
    read(api().api.v1.admin.audit.verify.$get({ query: { chain: name } })),
  )
  const entries = createLoad(
    () => ({ chain: chain(), action: action(), cursor: pager.cursor() }),
    (q) =>
      read(
        api().api.v1.admin.audit.$get({
          query: {
            chain: q.chain,
            limit: String(PAGE_SIZE),
            ...(q.action ? { action: q.action } : {}),
            ...(q.cursor ? { cursor: q.cursor } : {}),
          },
        }),
      ),
  )

  return (
    <>
      <section class="panel" aria-labelledby="chain-title">
        <div class="panel-head">
          <h2 id="chain-title">
            {chain() === PLATFORM ? 'Platform audit chain' : `Audit chain of ${chain()}`}
          </h2>
          <button
            type="button"
            class="secondary small"
            disabled={verdict.loading()}
            onClick={() => verdict.reload()}
          >
            {verdict.loading() ? 'Verifying…' : 'Verify again'}
          </button>
        </div>
        <p class="muted">
          Each entry's hash covers the entry and the hash before it, so an edited, deleted or
          reordered entry breaks the chain from there on.
        </p>
        <ProblemAlert problem={verdict.problem()} />
        <Show when={verdict.data()}>
          {(v) => (
            <Show
              when={v().ok}
              fallback={
                <Alert tone="error" title={`Tampering detected at entry #${v().firstBadSeq}`}>
                  {v().reason === 'altered'
                    ? 'The entry was changed after it was written.'
                    : 'The entry does not follow the one before it: entries were deleted, reordered or re-hashed.'}{' '}
                  {v().detail ?? ''} {v().entries} earlier{' '}
                  {v().entries === 1 ? 'entry verifies' : 'entries verify'}.
                </Alert>
              }
            >
              <Alert tone="success" title="Chain verified">
                {v().entries === 0
                  ? 'This chain has no entries yet.'
                  : v().entries === 1
                    ? `Its one entry (#${v().lastSeq}) is intact.`
                    : `All ${v().entries} entries are intact, up to the newest (#${v().lastSeq}).`}
              </Alert>
            </Show>
          )}
        </Show>
      </section>
      <section class="panel" aria-labelledby="entries-title">
        <h2 id="entries-title">Entries</h2>
        <form
          class="filters"
          aria-label="Filter entries"
          onSubmit={(event) => {
            event.preventDefault()
            setSearch({
              chain:
                chainText().trim() && chainText().trim() !== PLATFORM
                  ? chainText().trim()
                  : undefined,
              action: actionText().trim() || undefined,
            })
          }}
        >
          <div class="field">
            <label for="audit-chain">Chain</label>
            <input
              id="audit-chain"
              value={chainText()}
              placeholder="platform, or a tenant ID"
              onInput={(event) => setChainText(event.currentTarget.value)}
            />
          </div>
          <div class="field">
            <label for="audit-action">Action</label>
            <input
              id="audit-action"
              value={actionText()}
              placeholder="e.g. admin.tenant_suspended"
              onInput={(event) => setActionText(event.currentTarget.value)}
            />
          </div>
          <button type="submit" class="primary" disabled={!hydrated()}>
            Show
          </button>
        </form>
        <AuditTable
          entries={entries}
          pager={pager}
          empty={
            action() ? `No “${action()}” entries in this chain.` : 'No entries in this chain yet.'
          }
        />
      </section>
    </>
  )
}
