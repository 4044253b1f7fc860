import { z } from 'zod';
import { IsoInstant } from '../domain/instant.ts';
import { Page, PageInput } from './paging.ts';

/** A market whose divergence, confidence or integrity crosses its run's thresholds, with the reason. */
export const Alert = z.object({
  market_id: z.string(),
  question: z.string().nullable(),
  kind: z.enum(['divergence', 'integrity']),
  severity: z.number(),
  reason: z.string(),
  snapshot_ts: IsoInstant,
});
export type Alert = z.input<typeof Alert>;

/** GET /alerts. */
export const AlertsQuery = z.strictObject(PageInput(5000, 100)).prefault({});
/** A page of the latest pipeline run's alerts, most severe first (null run before any). */
export const AlertsPage = Page(Alert).extend({ run_id: z.string().nullable() });
