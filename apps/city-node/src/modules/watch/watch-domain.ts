import { z } from 'zod';

/** SIS-style categories of a joint watch entry; each fixes (or bounds) the action an encountering officer takes. */
export const WATCH_CATEGORIES = ['WANTED_ARREST', 'MISSING_PERSON', 'SUPERVISED_OFFENDER', 'SERIOUS_CRIME_SUSPECT'] as const;
export type WatchCategory = (typeof WATCH_CATEGORIES)[number];

export const WATCH_ACTIONS = ['LOCATE_AND_ARREST', 'LOCATE_AND_PROTECT', 'REPORT_ONLY', 'DISCREET_CHECK', 'INQUIRY_CHECK'] as const;
export type WatchAction = (typeof WATCH_ACTIONS)[number];

export const RISK_LEVELS = ['LOW', 'MEDIUM', 'HIGH'] as const;

export const WATCH_STATUSES = ['PROPOSED', 'ACTIVE', 'REJECTED', 'EXPIRED', 'CLOSED', 'TRANSFER_OFFERED', 'TRANSFERRED'] as const;
export type WatchStatus = (typeof WATCH_STATUSES)[number];

/** Statuses in which the entry no longer watches anybody (its personal data is deleted after the retention period). */
export const ENDED_WATCH_STATUSES: readonly WatchStatus[] = ['REJECTED', 'EXPIRED', 'CLOSED', 'TRANSFERRED'];

/** What each category allows on encounter, and what its decision reference must be. */
export const CATEGORY_RULES: Record<WatchCategory, { actions: readonly WatchAction[]; reference: string; offenceRequired: boolean }> = {
  WANTED_ARREST: { actions: ['LOCATE_AND_ARREST'], reference: 'the named arrest warrant (逮捕证) reference', offenceRequired: true },
  MISSING_PERSON: { actions: ['LOCATE_AND_PROTECT'], reference: 'the missing-person case reference', offenceRequired: false },
  SUPERVISED_OFFENDER: { actions: ['REPORT_ONLY'], reference: 'the court order reference', offenceRequired: true },
  SERIOUS_CRIME_SUSPECT: { actions: ['DISCREET_CHECK', 'INQUIRY_CHECK'], reference: 'the decision reference', offenceRequired: true },
};

/** What the encountering officer is told to do (the whole of what a non-participant learns on a hit). */
export const ACTION_INSTRUCTIONS: Record<WatchAction, string> = {
  LOCATE_AND_ARREST: 'Arrest under the named warrant; hold the person and contact the lead city at once.',
  LOCATE_AND_PROTECT: 'Vulnerable missing person: ensure their safety, do not disclose their whereabouts to third parties, and tell the lead city at once.',
  REPORT_ONLY: 'Do not act; report where, when and what was observed to the lead city.',
  DISCREET_CHECK: 'Do not alert the person; record what is observed (companions, vehicle, route) and report to the lead city.',
  INQUIRY_CHECK: 'Stop and question the person within your powers, record the answers and report to the lead city.',
};

/** Default longest review period per category, in days (SIS: one year for checks, longer for arrest and missing persons). */
export const DEFAULT_WATCH_REVIEW_DAYS: Record<WatchCategory, number> = {
  WANTED_ARREST: 1095,
  MISSING_PERSON: 1095,
  SUPERVISED_OFFENDER: 365,
  SERIOUS_CRIME_SUSPECT: 365,
};

/** Parses WATCH_MAX_REVIEW_DAYS (JSON, per category, partial allowed) over the defaults. */
export function parseWatchReviewDays(json: string | undefined): Record<WatchCategory, number> {
  if (!json) return { ...DEFAULT_WATCH_REVIEW_DAYS };
  const days = z.number().int().min(1, 'must be at least 1 day').max(1825, 'must be at most 5 years (1825 days)');
  const parsed = z
    .object(Object.fromEntries(WATCH_CATEGORIES.map((c) => [c, days.optional()])) as Record<WatchCategory, z.ZodOptional<typeof days>>)
    .strict()
    .safeParse(JSON.parse(json));
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new Error(`${i.path.join('.') || '(root)'}: ${i.message}`);
  }
  return { ...DEFAULT_WATCH_REVIEW_DAYS, ...Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined)) };
}

