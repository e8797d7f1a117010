import { CITIES, CITY_CODES } from '@ypf/region';
import { acrossCities, read, readHome } from '../api';
import * as ops from '../operations';
import { ErrorNote, useConsole } from '../context';
import { cityLabel, formatTime } from '../i18n';
import { Badge, City, Loading, PartialErrors, useLoad } from '../ui';

interface Health {
  status: string;
  cities: { city: string; ready: boolean; database: string }[];
}
interface BoardOperation {
  id: string;
  kind: string;
  leadCity: string;
  title: string;
  grade: string | null;
  gradeLabel: string | null;
  warningLevel: string | null;
  status: string;
  latestSitrep: { seq: number; situation: string; issuedAt: string } | null;
}
interface Alert {
  id: string;
  level: string;
  status: string;
  openedAt: string;
  cities: string[];
  campaignId: string | null;
}

/** The region at a glance: each node's health, every open operation (the regional board), my city's warnings. */
export function OverviewScreen() {
  const { t, lang, session, purpose, version } = useConsole();
  const health = useLoad(async () => (await fetch('/health/region')).json() as Promise<Health>, [version('*')]);
  const board = useLoad(
    () => read<{ region: Record<string, { jointOperations: BoardOperation[] } | null> }>(session, acrossCities(CITY_CODES, ops.operationsBoard), {}, purpose),
    [session, purpose, version('incident'), version('warning')],
  );
  const alerts = useLoad(
    () => readHome<{ region: Record<string, { warningAlerts: Alert[] }> }>(session, ops.openWarningAlerts(session.city)),
    [session, version('warning')],
  );
  const operations = Object.values(board.data?.data.region ?? {}).flatMap((c) => c?.jointOperations ?? []);
  return (
    <div className="grid">
      <section aria-labelledby="health-h" className="card">
        <h2 id="health-h">{t('overview.health')}</h2>
        <Loading loading={health.loading} />
        {health.error ? <ErrorNote error={health.error} /> : null}
        <ul className="cities" data-testid="city-health">
          {CITIES.map((c) => {
            const h = health.data?.cities.find((x) => x.city === c.code);
            return (
              <li key={c.code} className={h?.ready ? 'ok' : 'down'} data-city={c.code}>
                <span className="city-zh">{c.nameZh}</span>
                <span className="muted">{lang === 'zh' ? c.nameEn : cityLabel(lang, c.code).split(' ')[0]}</span>
                <span className="state">{h ? (h.ready ? t('overview.ready') : t('overview.down')) : '…'}</span>
              </li>
            );
          })}
        </ul>
      </section>
      <section aria-labelledby="ops-h" className="card wide">
        <h2 id="ops-h">{t('overview.incidents')}</h2>
        <Loading loading={board.loading} />
        {board.error ? <ErrorNote error={board.error} /> : <PartialErrors errors={board.data?.errors} />}
        {operations.length === 0 && !board.loading ? <p className="muted">{t('common.none')}</p> : null}
        {operations.length > 0 ? (
          <table>
            <thead>
              <tr>
                <th>{t('overview.lead')}</th>
                <th>{t('common.title')}</th>
                <th>{t('overview.grade')}</th>
                <th>{t('common.status')}</th>
                <th>{t('overview.latest')}</th>
              </tr>
            </thead>
            <tbody>
              {operations.map((o) => (
                <tr key={o.id}>
                  <td>
                    <City code={o.leadCity} />
                  </td>
                  <td>
                    <Badge value={o.kind} /> {o.title}
                  </td>
                  <td>{o.gradeLabel ?? o.grade ?? <Badge value={o.warningLevel} />}</td>
                  <td>
                    <Badge value={o.status} />
                  </td>
                  <td>{o.latestSitrep ? `#${o.latestSitrep.seq} ${o.latestSitrep.situation} (${formatTime(lang, o.latestSitrep.issuedAt)})` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      <section aria-labelledby="alerts-h" className="card">
        <h2 id="alerts-h">{t('overview.warnings')}</h2>
        <Loading loading={alerts.loading} />
        {alerts.error ? <ErrorNote error={alerts.error} /> : null}
        <ul>
          {(alerts.data?.data.region[session.city]?.warningAlerts ?? []).map((a) => (
            <li key={a.id}>
              <Badge value={a.level} /> {formatTime(lang, a.openedAt)} — {a.cities.map((c) => cityLabel(lang, c)).join('、')}
            </li>
          ))}
          {alerts.data && (alerts.data.data.region[session.city]?.warningAlerts ?? []).length === 0 ? <li className="muted">{t('common.none')}</li> : null}
        </ul>
      </section>
    </div>
  );
}
