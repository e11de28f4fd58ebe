import type { ClientResponse } from 'hono/client'
import { read } from './api/client.ts'

/** The body type of a typed client's successful (2xx) answers. */
type SuccessBody<R> =
  R extends ClientResponse<infer T, infer S, infer _F> ? (S extends 200 | 201 ? T : never) : never

/**
 * `read` for endpoints whose OpenAPI definition also types a problem answer (a 422 carrying
 * `diagnostics`): `read` cannot pick the body type out of such a union, this takes the
 * success's. Failures throw an ApiProblem as with `read`.
 *
 * @example const version = await readSuccess(api().api.v1.plugins[':pluginId'].versions.$post(…))
 */
export function readSuccess<R extends ClientResponse<unknown, number, string>>(
  pending: Promise<R>,
): Promise<SuccessBody<R>> {
  return read(pending as unknown as Promise<ClientResponse<SuccessBody<R>, number, string>>)
}
