import { Title } from '@solidjs/meta'
import { A, useSearchParams } from '@solidjs/router'
import { createMemo, createSignal, For, Show } from 'solid-js'
import { AdminNav } from '../../components/admin/AdminNav.tsx'
import { SelectField } from '../../components/Field.tsx'
import { Loaded } from '../../components/Loaded.tsx'
import { Pager } from '../../components/Pager.tsx'
import { Protected } from '../../components/Protected.tsx'
import { type TenantSummary, tenantFilters, tenantQuery } from '../../lib/admin.ts'
import { api, read } from '../../lib/api/client.ts'
import { formatDate } from '../../lib/format.ts'
import { createLoad } from '../../lib/load.ts'
import { createPager } from '../../lib/paged.ts'
import { describeSubscription, TIER_LABEL } from '../../lib/plans.ts'
import { useHydrated } from '../../lib/task.ts'

const PAGE_SIZE = 25

export default function AdminTenants() {
  return (
    <main class="page">
      <Title>Tenants · Admin · vm-algo</Title>
      <h1>Admin console</h1>
      <AdminNav />
      <Protected permission="admin">{() => <TenantsTable />}</Protected>
    </main>
  )
}

function TenantsTable() {
  const hydrated = useHydrated()
  const [search, setSearch] = useSearchParams()
  const filters = createMemo(() => tenantFilters(search), undefined, {
    equals: (a, b) => a.q === b.q && a.tier === b.tier && a.status === b.status,
  })
  const [text, setText] = createSignal(filters().q)
  const pager = createPager(() => JSON.stringify(filters()))
  const tenants = createLoad(
    () => ({ filters: filters(), cursor: pager.cursor() }),
    ({ filters, cursor }) =>
      read(api().api.v1.admin.tenants.$get({ query: tenantQuery(filters, cursor, PAGE_SIZE) })),
  )
  const filtered = () => !!(filters().q || filters().tier || filters().status)

  return (
    <section class="panel" aria-labelledby="tenants-title">
      <h2 id="tenants-title">Tenants</h2>
      <form
        class="filters"
        aria-label="Filter tenants"
        onSubmit={(event) => {
          event.preventDefault()
          setSearch({ q: text().trim() || undefined })
        }}
      >
        <div class="field search">
          <label for="tenant-search">Search</label>
          <input
            id="tenant-search"
            type="search"
            placeholder="Name, slug or owner email"
            value={text()}
            onInput={(event) => setText(event.currentTarget.value)}
          />
        </div>
        <SelectField
          label="Plan"
          value={filters().tier}
          onValue={(tier) => setSearch({ tier: tier || undefined })}
          options={[
            { value: '', label: 'Any plan' },
            { value: 'free', label: 'Free' },
            { value: 'pro', label: 'Pro' },
            { value: 'elite', label: 'Elite' },
          ]}
        />
        <SelectField
          label="Status"
          value={filters().status}
          onValue={(status) => setSearch({ status: status || undefined })}
          options={[
            { value: '', label: 'Any status' },
            { value: 'active', label: 'Active' },
            { value: 'suspended', label: 'Suspended' },
          ]}
        />
        <button type="submit" class="primary" disabled={!hydrated()}>
          Search
        </button>
      </form>
      <Loaded load={tenants} what="tenants">
        {(page) => (
          <Show
            when={page().items.length}
            fallback={
              <div class="empty">
                <p>{filtered() ? 'No tenant matches these filters.' : 'No tenants yet.'}</p>
                <Show when={filtered()}>
                  <button
                    type="button"
                    class="secondary small"
                    onClick={() => {
                      setText('')
                      setSearch({ q: undefined, tier: undefined, status: undefined })
                    }}
                  >
                    Clear filters
                  </button>
                </Show>
              </div>
            }
          >
            <div class="table-wrap">
              <table class="wide" aria-labelledby="tenants-title">
                <thead>
                  <tr>
                    <th scope="col">Workspace</th>
                    <th scope="col">Owners</th>
                    <th scope="col">Plan</th>
                    <th scope="col">Status</th>
                    <th scope="col" class="numeric">
                      Members
                    </th>
                    <th scope="col">Billing</th>
                    <th scope="col">Created</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={page().items}>{(tenant) => <TenantRow tenant={tenant} />}</For>
                </tbody>
              </table>
              <Pager
                label="Tenants pages"
                pager={pager}
                nextCursor={page().nextCursor}
                loading={tenants.loading()}
              />
            </div>
          </Show>
        )}
      </Loaded>
    </section>
  )
}

function TenantRow(props: { tenant: TenantSummary }) {
  const billing = () =>
    props.tenant.billing ? describeSubscription(props.tenant.billing) : undefined
  return (
    <tr>
      <td>
        <A href={`/admin/tenants/${encodeURIComponent(props.tenant.id)}`}>{props.tenant.name}</A>
        <span class="sub">{props.tenant.slug}</span>
      </td>
      <td>
        <For each={props.tenant.owners} fallback="—">
          {(owner) => <span class="sub-line">{owner.email}</span>}
        </For>
      </td>
      <td>
        <span class="tier" data-tier={props.tenant.tier}>
          {TIER_LABEL[props.tenant.tier]}
        </span>
      </td>
      <td>
        <span class="badge" data-tone={props.tenant.status === 'active' ? 'ok' : 'danger'}>
          {props.tenant.status}
        </span>
      </td>
      <td class="numeric">{props.tenant.memberCount}</td>
      <td>
        <Show when={billing()} fallback={<span class="muted">No subscription</span>}>
          {(summary) => (
            <>
              <span class="badge" data-tone={summary().tone}>
                {summary().label}
              </span>
              <span class="sub">{summary().next}</span>
            </>
          )}
        </Show>
      </td>
      <td>{formatDate(props.tenant.createdAt)}</td>
    </tr>
  )
}
