import { z } from 'zod';
import type { Page, PageRequest } from '@app/enrollment';

/** `offset` and `limit` query parameters, as every admin list takes them. */
export function pageQuery({ defaultLimit, maxLimit }: { defaultLimit: number; maxLimit: number }) {
  return z.object({
    offset: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
    limit: z.coerce.number().int().min(1).max(maxLimit).default(defaultLimit),
  });
}

/** The answer of a paged list: the items of this page, the size of the whole list, and the window asked for. */
export function pageView<T, V>(page: Page<T>, request: PageRequest, view: (item: T) => V) {
  return { items: page.items.map(view), total: page.total, offset: request.offset, limit: request.limit };
}
