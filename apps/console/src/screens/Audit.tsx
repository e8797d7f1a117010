import { useState } from 'react';
import { readHome, write } from '../api';
import * as ops from '../operations';
import { ErrorNote, useConsole } from '../context';
import { cityLabel, formatTime, valueLabel } from '../i18n';
import { ask, Badge, City, Loading, Outcome, useAction, useLoad } from '../ui';

interface AuditEntry {
  seq: number;
  at: string;
  actorId: string;
  actorCity: string;
  actorRoles: string[];
  purpose: string | null;
  action: string;
  resourceIds: string[];
  accessLevel: string | null;
  outcome: string;
}

interface OversightAlert {
  id: string;
  kind: 'VOLUME' | 'PURPOSE_SPREAD';
  metric: 'READS' | 'CHECKS' | null;
  officerId: string;
  officerCity: string;
  raisedBy: string;
  received: boolean;
  windowStart: string;
  windowEnd: string;
  count: number;
  baseline: number | null;
  threshold: number;
  historyWindows: number | null;
  purposes: { purpose: string; count: number }[];
  cities: { city: string; count: number }[];
  raisedAt: string;
  acknowledgedBy: string | null;
  acknowledgementNote: string | null;
}

/** Misuse alerts of this city (raised here or received from the other city concerned); auditors acknowledge with a note. */
function MisuseAlerts() {
  const { t, lang, session, version } = useConsole();
  const [openOnly, setOpenOnly] = useState(true);
  const alerts = useLoad(
    () =>
      readHome<{ region: Record<string, { oversightAlerts: OversightAlert[] }> }>(session, ops.oversightAlerts(session.city), { openOnly }),
    [session, openOnly, version('oversight')],
  );
  const step = useAction();
  const acknowledge = (a: OversightAlert) =>
    void step.run(async () => {
      const note = ask(t('oversight.notePrompt'));
      if (!note) return;
      await write(session, ops.acknowledgeOversightAlert(session.city), { id: a.id, note });
      alerts.reload();
      return t('common.done');
    });
  const list = alerts.data?.data.region[session.city]?.oversightAlerts ?? [];
  return (
    <section className="card" aria-labelledby="oversight-h">
      <h2 id="oversight-h">{t('oversight.heading')}</h2>
      <p className="muted">{t('oversight.intro')}</p>
      <label>
        <input type="checkbox" checked={openOnly} onChange={(e) => setOpenOnly(e.target.checked)} /> {t('oversight.openOnly')}
      </label>
      <Loading loading={alerts.loading} />
      {alerts.error ? <ErrorNote error={alerts.error} /> : null}
      <Outcome action={step} />
      <table data-testid="oversight-alerts">
        <thead>
          <tr>
            <th>{t('audit.at')}</th>
            <th>{t('oversight.officer')}</th>
            <th>{t('oversight.what')}</th>
            <th>{t('oversight.window')}</th>
            <th>{t('oversight.count')}</th>
            <th>{t('oversight.purposes')}</th>
            <th>{t('oversight.cities')}</th>
            <th>{t('oversight.source')}</th>
            <th>{t('common.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {list.map((a) => (
            <tr key={a.id}>
              <td>{formatTime(lang, a.raisedAt)}</td>
              <td>
                {a.officerId} <City code={a.officerCity} />
              </td>
              <td>
                <Badge value={a.kind} /> {a.metric ? valueLabel(lang, a.metric) : null}
              </td>
              <td>
                {formatTime(lang, a.windowStart)} – {formatTime(lang, a.windowEnd)}
              </td>
              <td>
                <strong>{a.count}</strong>
                <div className="muted">
                  {a.kind === 'VOLUME'
                    ? t('oversight.typical', { typical: a.baseline ?? '—', n: a.historyWindows ?? 0, threshold: a.threshold })
                    : t('oversight.spreadAt', { threshold: a.threshold, cities: a.cities.length })}
                </div>
              </td>
              <td>{a.purposes.map((p) => `${p.purpose || t('oversight.noPurpose')} (${p.count})`).join(', ')}</td>
              <td>
                {a.cities.map((c) => (
                  <div key={c.city}>
                    <City code={c.city} /> {c.count}
                  </div>
                ))}
              </td>
              <td>{a.received ? t('oversight.receivedFrom', { city: cityLabel(lang, a.raisedBy) }) : t('oversight.raisedHere')}</td>
              <td>
                {a.acknowledgedBy ? (
                  <span className="muted">{t('oversight.acknowledged', { by: a.acknowledgedBy, note: a.acknowledgementNote ?? '' })}</span>
                ) : (
                  <button type="button" onClick={() => acknowledge(a)} disabled={step.busy}>
                    {t('oversight.acknowledge')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.length === 0 && !alerts.loading ? <p className="muted">{t('common.none')}</p> : null}
    </section>
  );
}

/** Auditors: possible misuse, who from other cities read our data (for which purpose, at which level), and the hash chain's verification. */
export function AuditScreen() {
  const { t, lang, session } = useConsole();
  const trail = useLoad(
    () =>
      readHome<{ region: Record<string, { auditTrail: { entries: AuditEntry[] } }> }>(
        session,
        ops.crossCityAuditTrail(session.city),
      ),
    [session],
  );
  const verify = useAction();
  const runVerify = () =>
    void verify.run(async () => {
      const r = await readHome<{ region: Record<string, { auditChainVerification: { ok: boolean; checked: number; headSeq: number | null; firstBrokenSeq: number | null; problem: string | null } }> }>(
        session,
        ops.auditChainVerification(session.city),
      );
      const v = r.data.region[session.city]?.auditChainVerification;
      if (!v) throw r.errors[0];
      return v.ok ? t('audit.chainOk', { n: v.checked, head: v.headSeq ?? '—' }) : t('audit.chainBroken', { seq: v.firstBrokenSeq ?? '?', problem: v.problem ?? '' });
    });
  const entries = trail.data?.data.region[session.city]?.auditTrail.entries ?? [];
  return (
    <>
      <MisuseAlerts />
      <section className="card" aria-labelledby="chain-h">
        <h2 id="chain-h">{t('audit.verify')}</h2>
        <button type="button" onClick={runVerify} disabled={verify.busy}>
          {t('audit.verify')}
        </button>
        <Outcome action={verify} />
      </section>
      <section className="card" aria-labelledby="trail-h">
        <h2 id="trail-h">{t('audit.heading')}</h2>
        <Loading loading={trail.loading} />
        {trail.error ? <ErrorNote error={trail.error} /> : null}
        <table data-testid="audit-trail">
          <thead>
            <tr>
              <th>#</th>
              <th>{t('audit.at')}</th>
              <th>{t('common.city')}</th>
              <th>{t('audit.actor')}</th>
              <th>{t('audit.action')}</th>
              <th>{t('audit.purpose')}</th>
              <th>{t('audit.level')}</th>
              <th>{t('audit.outcome')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.seq}>
                <td>{e.seq}</td>
                <td>{formatTime(lang, e.at)}</td>
                <td>
                  <City code={e.actorCity} />
                </td>
                <td>
                  {e.actorId} <small className="muted">{e.actorRoles.join(', ')}</small>
                </td>
                <td>
                  {e.action}
                  <div className="muted">{e.resourceIds.slice(0, 3).join(', ')}</div>
                </td>
                <td>{e.purpose ?? '—'}</td>
                <td>
                  <Badge value={e.accessLevel} />
                </td>
                <td>
                  <Badge value={e.outcome} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {entries.length === 0 && !trail.loading ? <p className="muted">{t('common.none')}</p> : null}
      </section>
    </>
  );
}
