import { z } from 'zod';

/** The paging input of every list: `limit` (1..max, default `dflt`) and `offset` (≥ 0); absent means the first page. */
export function PageInput(max: number, dflt: number) {
  return {
    limit: z.number().int().min(1).max(max).default(dflt).meta({ description: `items per page (1..${max})` }),
    offset: z.number().int().min(0).default(0).meta({ description: 'items to skip' }),
  };
}

/** The window a list read asks for. */
export interface PageQuery {
  limit: number;
  offset: number;
}

/** The paging output of every list: the page's items, how many match in all, the window asked for. */
export function Page<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int().meta({ description: 'items matching the query, across all pages' }),
    limit: z.number().int(),
    offset: z.number().int(),
  });
}
