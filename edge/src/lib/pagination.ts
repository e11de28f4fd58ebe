import { fromBase64Url, toBase64Url } from '../crypto/encoding.ts'
import { ApiError } from '../errors.ts'
import { z } from '../openapi.ts'

/** Items per page when the client does not say, and the most it may ask for. */
export const PAGE_DEFAULT = 50
export const PAGE_MAX = 100

/**
 * `?cursor=&limit=` of every list endpoint. The cursor is opaque to clients: they pass back the
 * `nextCursor` of the previous page.
 */
export const PageQuerySchema = z.object({
  cursor: z
    .string()
    .max(200)
    .optional()
    .openapi({ description: 'The `nextCursor` of the previous page; omit for the first page' }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(PAGE_MAX)
    .default(PAGE_DEFAULT)
    .openapi({ description: `Items per page, 1–${PAGE_MAX}` }),
})

/** A page of `item`: the items, and the cursor of the next page (null on the last one). */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().openapi({ description: 'null when this is the last page' }),
  })

/** Wraps a sort key (an id, a sequence number) as an opaque cursor. */
export function encodeCursor(key: string | number): string {
  return toBase64Url(new TextEncoder().encode(String(key)))
}

/**
 * The sort key inside a cursor, checked by `valid`; a cursor that is not one of ours is a
 * 400 naming the `cursor` field.
 */
export function decodeCursor(cursor: string, valid: (key: string) => boolean): string {
  let key: string | undefined
  try {
    key = new TextDecoder('utf-8', { fatal: true }).decode(fromBase64Url(cursor))
  } catch {
    key = undefined
  }
  if (key === undefined || !valid(key)) {
    throw new ApiError('validation_failed', 'Some fields are missing or invalid.', {
      issues: [
        { path: 'cursor', message: 'Not a cursor from this list; start from the first page.' },
      ],
    })
  }
  return key
}

/**
 * Builds a page from rows fetched with `limit + 1` (the extra row only says another page
 * exists).
 *
 * @example
 * const rows = await q.orderBy(desc(t.id)).limit(limit + 1)
 * return c.json(toPage(rows.map(present), limit, (item) => item.id))
 */
export function toPage<T>(
  rows: T[],
  limit: number,
  keyOf: (item: T) => string | number,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit)
  const last = items[items.length - 1]
  return {
    items,
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null,
  }
}
