import type { AccessLevel, AccessPolicy, SummaryField } from '@ypf/policy';
import type { IntelligenceReportEntity } from './entities/intelligence-report.entity.js';
import type { ReportIdentifierEntity } from './entities/report-identifier.entity.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function grading(r: IntelligenceReportEntity) {
  return {
    sourceReliability: r.sourceReliability,
    informationCredibility: r.informationCredibility,
    code: `${r.sourceReliability}${r.informationCredibility}`,
  };
}

/** The owner's own view of a report (home officers only). */
export function homeReportView(r: IntelligenceReportEntity, identifiers: ReportIdentifierEntity[]) {
  return {
    id: r.id,
    city: r.id.split(':')[0],
    status: r.status,
    title: r.title,
    summary: r.summary,
    body: r.body,
    category: r.category,
    grading: grading(r),
    tlp: r.tlp,
    handlingConditions: r.handlingConditions,
    identifiers: identifiers.map((i) => ({ kind: i.kind, value: i.value })),
    scope: r.scope,
    recipientCities: r.recipientCities,
    reviewDate: r.reviewDate,
    authorId: r.authorId,
    authorName: r.authorName,
    approvedById: r.approvedById,
    returnReason: r.returnReason,
    withdrawnReason: r.withdrawnReason,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    submittedAt: iso(r.submittedAt),
    approvedAt: iso(r.approvedAt),
    publishedAt: iso(r.publishedAt),
    withdrawnAt: iso(r.withdrawnAt),
    lastReviewedAt: iso(r.lastReviewedAt),
    lastReviewReason: r.lastReviewReason,
  };
}

const SHARED_FIELDS = ['title', 'summary', 'body', 'category', 'grading', 'identifiers', 'publishedAt', 'reviewDate'] as const;

/**
 * Whether a report matches a search on the fields the access level discloses, so that a search can never be used to
 * probe redacted content: FULL matches on everything, SUMMARY only on the policy's summary fields, HIT_ONLY never (it
 * is found only through the sanctioned hit/no-hit question, checkIdentifiersRegion).
 */
export function matchesOnDisclosedFields(
  r: IntelligenceReportEntity,
  level: Exclude<AccessLevel, 'NONE'>,
  filter: { text?: string | null; categories?: readonly string[] | null; since?: string | null },
  summaryFields: readonly SummaryField[],
): boolean {
  if (level === 'FULL') return true; // the candidate query already matched on every field
  const words = (filter.text ?? '').split(/\s+/).filter(Boolean).map((w) => w.toLowerCase());
  if (level === 'HIT_ONLY') return false;
  const visibleText = [summaryFields.includes('title') ? r.title : '', summaryFields.includes('summary') ? r.summary : ''].join(' ').toLowerCase();
  if (!words.every((w) => visibleText.includes(w))) return false;
  if (filter.categories?.length && !(summaryFields.includes('category') && filter.categories.includes(r.category))) return false;
  if (filter.since && !(summaryFields.includes('publishedAt') && r.publishedAt && r.publishedAt >= new Date(filter.since))) return false;
  return true;
}

/**
 * A report shaped at the source for the access level granted: FULL gives every field, SUMMARY only the policy's
 * summary fields (never body or identifiers), HIT_ONLY only that it exists and whom to contact.
 */
export function sharedResult(
  r: IntelligenceReportEntity,
  identifiers: ReportIdentifierEntity[],
  level: Exclude<AccessLevel, 'NONE'>,
  policy: AccessPolicy,
  /** At HIT_ONLY: the one-time reference shown instead of the report id (null: the caller asked by id). */
  hitReference: string | null = null,
) {
  const city = r.id.split(':')[0];
  const contact = { city, ...policy.document.contact };
  if (level === 'HIT_ONLY') {
    return { id: hitReference ?? r.id, city, accessLevel: level, report: null, redactedFields: [...SHARED_FIELDS], contact };
  }
  const full = {
    title: r.title,
    summary: r.summary,
    body: r.body,
    category: r.category,
    grading: grading(r),
    identifiers: identifiers.map((i) => ({ kind: i.kind, value: i.value })),
    publishedAt: iso(r.publishedAt),
    reviewDate: r.reviewDate,
  };
  const allowed = new Set<string>(level === 'FULL' ? SHARED_FIELDS : (policy.document.summaryFields as SummaryField[]));
  const report: Record<string, unknown> = { id: r.id, city, tlp: r.tlp, handlingConditions: r.handlingConditions };
  const redactedFields: string[] = [];
  for (const field of SHARED_FIELDS) {
    if (allowed.has(field)) report[field] = full[field];
    else {
      report[field] = null;
      redactedFields.push(field);
    }
  }
  return { id: r.id, city, accessLevel: level, report, redactedFields, contact };
}
