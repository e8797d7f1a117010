import { readHome } from '../api';
import { ErrorNote, useConsole } from '../context';
import { formatTime } from '../i18n';
import { Badge, City, Loading, Outcome, useAction, useLoad } from '../ui';

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

/** Auditors: who from other cities read our data (for which purpose, at which level), and the hash chain's verification. */
export function AuditScreen() {
  const { t, lang, session } = useConsole();
  const trail = useLoad(
    () =>
      readHome<{ region: Record<string, { auditTrail: { entries: AuditEntry[] } }> }>(
        session,
        `{ region { ${session.city} { auditTrail(filter: { crossCityOnly: true, limit: 100 }) { entries { seq at actorId actorCity actorRoles purpose action resourceIds accessLevel outcome } } } } }`,
      ),
    [session],
  );
  const verify = useAction();
  const runVerify = () =>
    void verify.run(async () => {
      const r = await readHome<{ region: Record<string, { auditChainVerification: { ok: boolean; checked: number; headSeq: number | null; firstBrokenSeq: number | null; problem: string | null } }> }>(
        session,
        `{ region { ${session.city} { auditChainVerification { ok checked headSeq firstBrokenSeq problem } } } }`,
      );
      const v = r.data.region[session.city]?.auditChainVerification;
      if (!v) throw r.errors[0];
      return v.ok ? t('audit.chainOk', { n: v.checked, head: v.headSeq ?? '—' }) : t('audit.chainBroken', { seq: v.firstBrokenSeq ?? '?', problem: v.problem ?? '' });
    });
  const entries = trail.data?.data.region[session.city]?.auditTrail.entries ?? [];
  return (
    <>
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
