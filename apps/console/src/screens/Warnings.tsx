import { useState, type FormEvent } from 'react';
import { readHome, write } from '../api';
import * as ops from '../operations';
import { ErrorNote, useConsole } from '../context';
import { cityLabel, formatTime, valueLabel } from '../i18n';
import { Badge, City, CityPicker, CRIME_CATEGORIES, Field, Loading, Outcome, Select, useAction, useLoad } from '../ui';
import { mayDo } from '@ypf/capabilities';

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
      readHome<{ region: Record<string, { warningRules: Rule[]; warningAlerts: Alert[]; jointOperations: Campaign[] }> }>(
        session,
        ops.warningsWork(session.city),
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
        {mayDo(session.officer.roles, 'manageWarningRules') ? (
          <button type="button" onClick={() => run(ops.evaluateWarningRules(session.city))} disabled={step.busy}>
            {t('warnings.evaluate')}
          </button>
        ) : null}
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
              ) : !mayDo(session.officer.roles, 'acknowledgeWarning') ? null : (
                <button type="button" onClick={() => run(ops.acknowledgeWarningAlert(session.city), { id: a.id })}>
                  {t('warnings.acknowledge')}
                </button>
              )}
            </li>
          ))}
          {mine && mine.warningAlerts.length === 0 ? <li className="muted">{t('common.none')}</li> : null}
        </ul>
      </section>
      {/* Only what the officer's roles may do is offered (the node refuses the rest anyway). */}
      {mayDo(session.officer.roles, 'recordCaseCounts') ? <ImportCounts onDone={data.reload} /> : null}
      {mayDo(session.officer.roles, 'manageWarningRules') ? <NewRule onDone={data.reload} /> : null}
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

interface ImportResult {
  accepted: boolean;
  imported: number;
  errors: { row: number; column: string | null; message: string }[];
}

/** All or nothing: a file with a bad row imports nothing, and every bad row is listed with what is wrong. */
function ImportCounts({ onDone }: { onDone: () => void }) {
  const { t, session } = useConsole();
  const [csv, setCsv] = useState('');
  const [result, setResult] = useState<ImportResult | null>(null);
  const step = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void step.run(async () => {
      const r = await write<Record<string, { importCaseCountsCsv: ImportResult }>>(session, ops.importCaseCountsCsv(session.city), { csv });
      const outcome = r[session.city].importCaseCountsCsv;
      setResult(outcome);
      if (outcome.accepted) onDone();
    });
  };
  return (
    <form className="card" aria-labelledby="import-h" onSubmit={submit}>
      <h2 id="import-h">{t('warnings.import')}</h2>
      <Field label={t('warnings.csv')}>{(id) => <textarea id={id} rows={5} required value={csv} onChange={(e) => setCsv(e.target.value)} />}</Field>
      <Field label={t('warnings.csvFile')}>
        {(id) => <input id={id} type="file" accept=".csv,text/csv" onChange={(e) => void e.target.files?.[0]?.text().then(setCsv)} />}
      </Field>
      <button type="submit" disabled={step.busy}>
        {t('warnings.importButton')}
      </button>
      <Outcome action={step} />
      {result?.accepted ? (
        <p className="done" role="status">
          {t('warnings.imported', { n: result.imported })}
        </p>
      ) : null}
      {result && !result.accepted ? (
        <div role="alert" data-code="CSV_REJECTED">
          <p className="warn">{t('warnings.rejected')}</p>
          <table>
            <thead>
              <tr>
                <th>{t('warnings.row')}</th>
                <th>{t('warnings.column')}</th>
                <th>{t('warnings.problem')}</th>
              </tr>
            </thead>
            <tbody>
              {result.errors.map((er, i) => (
                <tr key={i}>
                  <td>{er.row}</td>
                  <td>{er.column ?? '—'}</td>
                  <td>{er.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </form>
  );
}

/** A rule of this city: thresholds per level over a window, a minimum count, a hold; REGION sums several cities. */
function NewRule({ onDone }: { onDone: () => void }) {
  const { t, session } = useConsole();
  const [form, setForm] = useState({ name: '', category: 'THEFT_ROBBERY', scope: 'CITY', area: '', windowHours: '24', minCount: '5', holdMinutes: '60', blue: '10', yellow: '20', orange: '30', red: '40' });
  const [cities, setCities] = useState<string[]>([]);
  const [campaignCities, setCampaignCities] = useState<string[]>([]);
  const step = useAction();
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void step.run(async () => {
      await write(session, ops.createWarningRule(session.city), {
        input: {
          name: form.name,
          category: form.category,
          scope: form.scope,
          ...(form.scope === 'CITY' && form.area ? { area: form.area } : {}),
          ...(form.scope === 'REGION' && cities.length ? { cities } : {}),
          windowHours: Number(form.windowHours),
          minCount: Number(form.minCount),
          holdMinutes: Number(form.holdMinutes),
          thresholds: { blue: Number(form.blue), yellow: Number(form.yellow), orange: Number(form.orange), red: Number(form.red) },
          campaignCities,
        },
      });
      onDone();
      return t('common.done');
    });
  };
  const num = (k: keyof typeof form, label: string) => <Field label={label}>{(id) => <input id={id} type="number" min={0} required value={form[k]} onChange={set(k)} />}</Field>;
  return (
    <form className="card" aria-labelledby="rule-h" onSubmit={submit}>
      <h2 id="rule-h">{t('warnings.newRule')}</h2>
      <Field label={t('common.title')}>{(id) => <input id={id} required value={form.name} onChange={set('name')} />}</Field>
      <div className="row">
        <Field label={t('authoring.category')}>{(id) => <Select id={id} value={form.category} values={CRIME_CATEGORIES} onChange={(v) => setForm({ ...form, category: v })} />}</Field>
        <Field label={t('warnings.scope')}>{(id) => <Select id={id} value={form.scope} values={['CITY', 'REGION']} onChange={(v) => setForm({ ...form, scope: v })} />}</Field>
      </div>
      {form.scope === 'CITY' ? (
        <Field label={t('warnings.area')}>{(id) => <input id={id} value={form.area} onChange={set('area')} />}</Field>
      ) : (
        <CityPicker legend={t('warnings.cities')} value={cities} onChange={setCities} />
      )}
      <div className="row">
        {num('windowHours', t('warnings.window'))}
        {num('minCount', t('warnings.minCount'))}
        {num('holdMinutes', t('warnings.hold'))}
      </div>
      <div className="row">
        {num('blue', t('warnings.blue'))}
        {num('yellow', t('warnings.yellow'))}
        {num('orange', t('warnings.orange'))}
        {num('red', t('warnings.red'))}
      </div>
      <CityPicker legend={t('warnings.campaignCities')} value={campaignCities} onChange={setCampaignCities} />
      <button type="submit" disabled={step.busy}>
        {t('warnings.createRule')}
      </button>
      <Outcome action={step} />
    </form>
  );
}
