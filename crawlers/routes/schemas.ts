// Labels of crawl requests and the zod schema of each label's userData (validated in every handler).
import { z } from 'zod';
import { RouteDataError } from '../errors.ts';

export const LABELS = ['LISTING', 'DETAIL', 'PLAYER_EMBED', 'TG_CHANNEL_PREVIEW'] as const;
export type Label = (typeof LABELS)[number];

export const RouteSchemas = {
  LISTING: z.object({ sourceId: z.string().min(1), page: z.number().int().min(1) }),
  DETAIL: z.object({ sourceId: z.string().min(1), fromListing: z.string().url().optional() }),
  PLAYER_EMBED: z.object({ sourceId: z.string().min(1), detailUrl: z.string().url(), depth: z.number().int().min(0).max(2) }),
  TG_CHANNEL_PREVIEW: z.object({ sourceId: z.string().min(1), page: z.number().int().min(1) }),
} satisfies Record<Label, z.ZodType>;

export type RouteData<L extends Label> = z.output<(typeof RouteSchemas)[L]>;

export function parseUserData<L extends Label>(label: L, data: unknown): RouteData<L> {
  const r = RouteSchemas[label].safeParse(data);
  if (!r.success) throw new RouteDataError(`bad userData for ${label}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data as RouteData<L>;
}
