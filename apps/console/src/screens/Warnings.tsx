import { read, write } from '../api';
import { ErrorNote, useConsole } from '../context';
import { cityLabel, formatTime, valueLabel } from '../i18n';
import { Badge, City, Loading, Outcome, useAction, useLoad } from '../ui';

interface Rule {
  id: string;
  name: string;
  category: string;
  scope: string;
  method: string;
  cities: string[];
  windowHours: number;
  thresholds: { blue: number; yellow: number; orange: number; red: number };
  enabled: boolean;
  stateLevel: string | null;
  lastValue: number | null;
  lastEvaluatedAt: string | null;
  lastError: string | null;
}
interface Alert {
  id: string;
  ruleId: string;
  level: string;
  status: string;
  campaignId: string | null;
  cities: string[];
  openedAt: string;
  acknowledgedBy: string | null;
  history: { at: string; event: string; level: string | null; count: number }[];
}
interface Campaign {
  id: string;
  leadCity: string;
  title: string;
  category: string | null;
  warningLevel: string | null;
  status: string;
  tasks: { id: string; city: string; status: string }[];
}

/** Early-warning rules and their state, open warnings (the duty commander acknowledges), and the joint campaigns. */
export function WarningsScreen() {
  const { t, lang, session, version } = useConsole();
  const data = useLoad(
    () =>
      read<{ region: Record<string, { warningRules: Rule[]; warningAlerts: Alert[]; jointOperations: Campaign[] }> }>(
        session,
        `{ region { ${session.city} { warningRules { id name category scope method cities windowHours thresholds { blue yellow orange red } enabled stateLevel lastValue lastEvaluatedAt lastError } warningAlerts(filter: { openOnly: true }) { id ruleId level status campaignId cities openedAt acknowledgedBy history { at event level count } } jointOperations(filter: { kind: CAMPAIGN, limit: 30 }) { id leadCity title category warningLevel status tasks { id city status } } } } }`,
      ),
    [session, version('warning'), version('campaign')],
  );
  const step = useAction();
  const run = (query: string, variables: Record<string, unknown> = {}) =>
    void step.run(async () => {
      await write(session, query, variables);
      data.reload();
      return t('common.done');
    });
  const mine = data.data?.data.region[session.city];
  return (
    <div className="grid">
      <section className="card wide" aria-labelledby="rules-h">
        <h2 id="rules-h">{t('warnings.rules')}</h2>
        <button type="button" onClick={() => run(`mutation { ${session.city} { evaluateWarningRules { ruleId } } }`)} disabled={step.busy}>
          {t('warnings.evaluate')}
        </button>
        <Loading loading={data.loading} />
        {data.error ? <ErrorNote error={data.error} /> : null}
        <Outcome action={step} />
        <table>
          <thead>
            <tr>
              <th>{t('common.title')}</th>
              <th>{t('authoring.category')}</th>
              <th>{t('warnings.thresholds')}</th>
              <th>{t('warnings.value')}</th>
              <th>{t('warnings.level')}</th>
            </tr>
          </thead>
          <tbody>
            {(mine?.warningRules ?? []).map((r) => (
              <tr key={r.id}>
                <td>
                  {r.name}
                  <div className="muted">
                    {r.scope} {r.method} · {r.windowHours} h · {r.cities.map((c) => cityLabel(lang, c)).join('、')}
                  </div>
                </td>
                <td>{valueLabel(lang, r.category)}</td>
                <td>
                  {r.thresholds.blue} / {r.thresholds.yellow} / {r.thresholds.orange} / {r.thresholds.red}
                </td>
                <td>
                  {r.lastValue ?? '—'} <small className="muted">{formatTime(lang, r.lastEvaluatedAt)}</small>
                  {r.lastError ? <div className="warn">{r.lastError}</div> : null}
                </td>
                <td>{r.stateLevel ? <Badge value={r.stateLevel} /> : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {mine && mine.warningRules.length === 0 ? <p className="muted">{t('common.none')}</p> : null}
      </section>
      <section className="card" aria-labelledby="alerts2-h">
        <h2 id="alerts2-h">{t('warnings.alerts')}</h2>
        <ul>
          {(mine?.warningAlerts ?? []).map((a) => (
            <li key={a.id}>
              <Badge value={a.level} /> {formatTime(lang, a.openedAt)} · {a.cities.map((c) => cityLabel(lang, c)).join('、')}
              {a.acknowledgedBy ? (
                <span className="muted"> ✓ {a.acknowledgedBy}</span>
              ) : (
                <button type="button" onClick={() => run(`mutation($id: ID!) { ${session.city} { acknowledgeWarningAlert(id: $id) { id } } }`, { id: a.id })}>
                  {t('warnings.acknowledge')}
                </button>
              )}
            </li>
          ))}
          {mine && mine.warningAlerts.length === 0 ? <li className="muted">{t('common.none')}</li> : null}
        </ul>
      </section>
      <section className="card" aria-labelledby="campaigns-h">
        <h2 id="campaigns-h">{t('warnings.campaigns')}</h2>
        <ul>
          {(mine?.jointOperations ?? []).map((c) => (
            <li key={c.id}>
              <Badge value={c.warningLevel} /> <City code={c.leadCity} /> {c.title} <Badge value={c.status} />
              <div className="muted">
                {c.tasks.map((task) => `${cityLabel(lang, task.city)} ${valueLabel(lang, task.status)}`).join(' · ')}
              </div>
            </li>
          ))}
          {mine && mine.jointOperations.length === 0 ? <li className="muted">{t('common.none')}</li> : null}
        </ul>
      </section>
    </div>
  );
}
