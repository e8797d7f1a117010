/** The region's assistance SLA policy (SLA_POLICY): how long a target has to acknowledge and to answer, per priority. */
import { z } from 'zod';

import type { Priority } from '@ypf/region';

export interface SlaClock {
  acknowledgeSeconds: number;
  answerSeconds: number;
}

/** Region defaults: IMMEDIATE ack 15 min / answer 1 h; URGENT 1 h / 8 h; ROUTINE 1 day / 7 days. */
export const DEFAULT_SLA: Readonly<Record<Priority, SlaClock>> = {
  IMMEDIATE: { acknowledgeSeconds: 15 * 60, answerSeconds: 60 * 60 },
  URGENT: { acknowledgeSeconds: 60 * 60, answerSeconds: 8 * 60 * 60 },
  ROUTINE: { acknowledgeSeconds: 24 * 60 * 60, answerSeconds: 7 * 24 * 60 * 60 },
};

const clock = z.object({ acknowledgeSeconds: z.number().int().min(1), answerSeconds: z.number().int().min(1) }).strict()
  .refine((c) => c.answerSeconds >= c.acknowledgeSeconds, 'answerSeconds must not be shorter than acknowledgeSeconds');

/** Parses the region's SLA_POLICY (JSON, per priority, partial allowed) over the defaults. */
export function parseSlaPolicy(json: string | undefined): Record<Priority, SlaClock> {
  if (!json) return { ...DEFAULT_SLA };
  const parsed = z.object({ IMMEDIATE: clock.optional(), URGENT: clock.optional(), ROUTINE: clock.optional() }).strict().safeParse(JSON.parse(json));
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new Error(`SLA_POLICY.${i.path.join('.')}: ${i.message}`);
  }
  return { ...DEFAULT_SLA, ...Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v)) } as Record<Priority, SlaClock>;
}
