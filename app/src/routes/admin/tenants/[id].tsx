import { Title } from '@solidjs/meta'
import { A, useParams } from '@solidjs/router'
import type { InferResponseType } from 'hono/client'
import { createSignal, For, Show } from 'solid-js'
import { Alert } from '../../../components/Alert.tsx'
import { AdminNav } from '../../../components/admin/AdminNav.tsx'
import { TenantActions } from '../../../components/admin/TenantActions.tsx'
import { Loaded } from '../../../components/Loaded.tsx'
import { Protected } from '../../../components/Protected.tsx'
import { type Api, api, read } from '../../../lib/api/client.ts'
import { formatDate, formatDateTime } from '../../../lib/format.ts'
import { createLoad } from '../../../lib/load.ts'
import { describeSubscription, TIER_LABEL } from '../../../lib/plans.ts'
import { ROLE_LABEL } from '../../../lib/team.ts'

export type TenantDetail = InferResponseType<
  Api['api']['v1']['admin']['tenants'][':id']['$get'],
  200
>

export default function AdminTenant() {
  return (
    <main class="page">
      <Title>Tenant · Admin · vm-algo</Title>
      <h1>Admin console</h1>
      <AdminNav />
      <Protected permission="admin">{() => <TenantPage />}</Protected>
    </main>
  )
}

function TenantPage() {
  const params = useParams<{ id: string }>()
  const tenant = createLoad(
    () => params.id,
    (id) => read(api().api.v1.admin.tenants[':id'].$get({ param: { id } })),
  )
  const [notice, setNotice] = createSignal<string>()
  const changed = async (message: string) => {
    setNotice(message)
    await tenant.reload()
  }
  return (
    <>
      <p class="breadcrumb">
        <A href="/admin">← All tenants</A>
      </p>
      <Loaded load={tenant} what="tenant">
        {(detail) => (
          <>
            <Title>{detail().name} · Admin · vm-algo</Title>
            <section class="panel" aria-labelledby="tenant-title">
              <div class="panel-head">
                <h2 id="tenant-title">{detail().name}</h2>
                <p class="badges">
                  <span class="tier" data-tier={detail().tier}>
                    {TIER_LABEL[detail().tier]}
                  </span>
                  <span class="badge" data-tone={detail().status === 'active' ? 'ok' : 'danger'}>
                    {detail().status}
                  </span>
                </p>
              </div>
              <Show when={notice()}>{(text) => <Alert tone="success">{text()}</Alert>}</Show>
              <Show when={detail().status === 'suspended'}>
                <Alert tone="warning" title="Suspended">
                  {detail().suspendedAt ? `Since ${formatDateTime(detail().suspendedAt!)}. ` : ''}
                  Reason: {detail().suspendedReason ?? 'not given'}. Its members cannot log in.
                </Alert>
              </Show>
              <dl class="details">
                <div>
                  <dt>Slug</dt>
                  <dd>{detail().slug}</dd>
                </div>
                <div>
                  <dt>Tenant ID</dt>
                  <dd>
                    <code>{detail().id}</code>
                  </dd>
                </div>
                <div>
                  <dt>Created</dt>
                  <dd>{formatDate(detail().createdAt)}</dd>
                </div>
                <div>
                  <dt>Owners</dt>
                  <dd>
                    {detail()
                      .owners.map((o) => o.email)
                      .join(', ') || '—'}
                  </dd>
                </div>
              </dl>
              <p class="actions">
                <A href={`/admin/audit?chain=${encodeURIComponent(detail().id)}`}>
                  Audit log of this workspace
                </A>
              </p>
            </section>
            <div class="grid two">
              <BillingPanel detail={detail()} />
              <TenantActions tenant={detail()} onChanged={changed} />
            </div>
            <MembersPanel detail={detail()} />
          </>
        )}
      </Loaded>
    </>
  )
}

function BillingPanel(props: { detail: TenantDetail }) {
  return (
    <section class="panel" aria-labelledby="tenant-billing-title">
      <h2 id="tenant-billing-title">Billing</h2>
      <dl class="details">
        <div>
          <dt>Stripe customer</dt>
          <dd>
            <Show when={props.detail.stripeCustomerId} fallback="None yet">
              {(id) => <code>{id()}</code>}
            </Show>
          </dd>
        </div>
      </dl>
      <Show
        when={props.detail.subscriptions.length}
        fallback={<p class="empty">Never subscribed to a paid plan.</p>}
      >
        <ul class="subscriptions">
          <For each={props.detail.subscriptions}>
            {(sub) => {
              const summary = describeSubscription(sub)
              return (
                <li>
                  <p>
                    <span class="tier" data-tier={sub.tier}>
                      {TIER_LABEL[sub.tier]}
                    </span>{' '}
                    <span class="badge" data-tone={summary.tone}>
                      {summary.label}
                    </span>
                  </p>
                  <p class="muted">{summary.next}</p>
                  <Show when={summary.warning}>
                    {(warning) => <Alert tone="warning">{warning()}</Alert>}
                  </Show>
                  <p class="hash">
                    {sub.stripeSubscriptionId} · updated {formatDateTime(sub.updatedAt)}
                  </p>
                </li>
              )
            }}
          </For>
        </ul>
      </Show>
    </section>
  )
}

function MembersPanel(props: { detail: TenantDetail }) {
  return (
    <section class="panel" aria-labelledby="tenant-members-title">
      <h2 id="tenant-members-title">Members ({props.detail.memberCount})</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Member</th>
              <th scope="col">Role</th>
              <th scope="col">Joined</th>
            </tr>
          </thead>
          <tbody>
            <For each={props.detail.members}>
              {(member) => (
                <tr>
                  <td>
                    {member.name ?? member.email}
                    <Show when={member.name}>
                      <span class="sub">{member.email}</span>
                    </Show>
                  </td>
                  <td>{ROLE_LABEL[member.role]}</td>
                  <td>{formatDate(member.joinedAt)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Show when={props.detail.memberCount > props.detail.members.length}>
        <p class="muted">
          Showing the first {props.detail.members.length} of {props.detail.memberCount} members.
        </p>
      </Show>
    </section>
  )
}
