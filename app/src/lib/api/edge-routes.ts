// The edge's routes as types, for Hono's typed client (`hc`). Type-only imports: nothing of the
// edge is bundled into the browser.
//
// Why not `EdgeApp` from '@vm-algo/edge': `createEdgeApp` mounts its sub-routers with separate
// `app.route(…)` statements, so the type it returns carries no routes (Hono adds a route to the
// type only through the value `.route()` returns). Until it chains them, this file mounts the
// same sub-routers at the same paths at the type level; then it shrinks to
// `export type { EdgeApp as EdgeRoutes } from '@vm-algo/edge'`.
import type { Hono } from 'hono'
import type { MergeSchemaPath, Schema } from 'hono/types'
import type { admin } from '../../../../edge/src/routes/v1/admin/index.ts'
import type { audit } from '../../../../edge/src/routes/v1/audit/index.ts'
import type { auth } from '../../../../edge/src/routes/v1/auth/index.ts'
import type { backtests } from '../../../../edge/src/routes/v1/backtests/index.ts'
import type { billing } from '../../../../edge/src/routes/v1/billing/index.ts'
import type { brokers } from '../../../../edge/src/routes/v1/brokers/index.ts'
import type { datasets } from '../../../../edge/src/routes/v1/datasets/index.ts'
import type { deployments } from '../../../../edge/src/routes/v1/deployments/index.ts'
import type { me } from '../../../../edge/src/routes/v1/me.ts'
import type { mfa } from '../../../../edge/src/routes/v1/mfa/index.ts'
import type { plugins } from '../../../../edge/src/routes/v1/plugins/index.ts'
import type { scans } from '../../../../edge/src/routes/v1/scans/index.ts'
import type { sessions } from '../../../../edge/src/routes/v1/sessions/index.ts'
import type { invitations, team } from '../../../../edge/src/routes/v1/team/index.ts'

/** What `app.route(path, router)` adds to an app's type. */
type Mounted<Path extends string, Router> =
  Router extends Hono<infer _Env, infer S extends Schema, infer _Base>
    ? MergeSchemaPath<S, Path>
    : never

/** The routes of the edge the app calls, as `createEdgeApp` mounts them. */
export type EdgeRoutes = Hono<
  object,
  | Mounted<'/api/v1/auth', typeof auth>
  | Mounted<'/api/v1/me', typeof me>
  | Mounted<'/api/v1/sessions', typeof sessions>
  | Mounted<'/api/v1/mfa', typeof mfa>
  | Mounted<'/api/v1/billing', typeof billing>
  | Mounted<'/api/v1/team', typeof team>
  | Mounted<'/api/v1/invitations', typeof invitations>
  | Mounted<'/api/v1/audit', typeof audit>
  | Mounted<'/api/v1/admin', typeof admin>
  | Mounted<'/api/v1/plugins', typeof plugins>
  | Mounted<'/api/v1/deployments', typeof deployments>
  | Mounted<'/api/v1/scans', typeof scans>
  | Mounted<'/api/v1/backtests', typeof backtests>
  | Mounted<'/api/v1/datasets', typeof datasets>
  | Mounted<'/api/v1/brokers', typeof brokers>,
  '/'
>
