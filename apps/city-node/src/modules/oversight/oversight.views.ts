import { createHash } from 'node:crypto';
import type { OversightAlertEntity, OversightAlertKind, OversightMetric } from './entities/oversight-alert.entity.js';

/** What makes two alerts the same one: a scan run twice, or a message received twice, stores it once. */
export function dedupeKeyOf(a: { raisedBy: string; kind: OversightAlertKind; metric: OversightMetric | null; officerId: string; windowStart: Date; purpose: string | null }): string {
  return createHash('sha256')
    .update(JSON.stringify([a.raisedBy, a.kind, a.metric ?? '', a.officerId, a.windowStart.toISOString(), a.purpose ?? '']))
    .digest('hex');
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** What an alert says, as the raiser sends it to another city and as GraphQL shows it. */
export function alertFacts(a: OversightAlertEntity) {
  return {
    raisedBy: a.raisedBy,
    kind: a.kind,
    metric: a.metric,
    officerId: a.officerId,
    officerCity: a.officerCity,
    windowStart: a.windowStart.toISOString(),
    windowEnd: a.windowEnd.toISOString(),
    count: a.count,
    baseline: a.baseline,
    threshold: a.threshold,
    historyWindows: a.historyWindows,
    purposes: a.purposes,
    cities: a.cities,
    raisedAt: a.raisedAt.toISOString(),
  };
}

/** An alert as the GraphQL OversightAlert type shows it. */
export function alertView(a: OversightAlertEntity) {
  return {
    id: a.id,
    ...alertFacts(a),
    received: a.receivedAt !== null,
    receivedAt: iso(a.receivedAt),
    acknowledgedBy: a.acknowledgedBy,
    acknowledgedAt: iso(a.acknowledgedAt),
    acknowledgementNote: a.acknowledgementNote,
  };
}

const METRIC_WORDS: Record<OversightMetric, string> = { READS: 'reads', CHECKS: 'identifier/watch checks' };

/** The auditors' notification: who, how much against what, where; never what was read. */
export function alertText(a: OversightAlertEntity, ownCity: string): string {
  const purposes = a.purposes.map((p) => `"${p.purpose || '(none given)'}" ${p.count}`).join(', ');
  const from = a.windowStart.toISOString();
  if (a.kind === 'VOLUME') {
    const what = `${a.count} ${METRIC_WORDS[a.metric ?? 'READS']}`;
    const against = `typical window ${a.baseline ?? '?'} (${a.historyWindows ?? 0} busy windows of history), alert at ${a.threshold}`;
    const where = a.raisedBy === ownCity ? (a.officerCity === ownCity ? 'region-wide from here' : 'of our data') : `of ${a.raisedBy}'s data (${a.raisedBy} reports it)`;
    return `Possible misuse: officer ${a.officerId} (${a.officerCity}) made ${what} ${where} in the window from ${from} (${against}). Purposes: ${purposes || '—'}. Review and acknowledge with a note.`;
  }
  const cities = a.cities.map((c) => `${c.city} ${c.count}`).join(', ');
  const source = a.raisedBy === ownCity ? '' : ` (${a.raisedBy} correlated what each city reported)`;
  return `Possible misuse: officer ${a.officerId} (${a.officerCity}) used the purpose "${a.purposes[0]?.purpose ?? ''}" ${a.count} times at ${a.cities.length} cities (${cities}) in the ${Math.round((a.windowEnd.getTime() - a.windowStart.getTime()) / 3_600_000)} h from ${from}${source}. Review and acknowledge with a note.`;
}
