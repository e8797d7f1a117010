import { useState, type FormEvent } from 'react';
import { readHome, write } from '../api';
import * as ops from '../operations';
import { ErrorNote, useConsole } from '../context';
import { cityLabel, formatTime, valueLabel, type MessageKey } from '../i18n';
import { Badge, City, CityPicker, Field, Loading, Outcome, Select, useAction, useLoad } from '../ui';

interface Operation {
  id: string;
  kind: string;
  leadCity: string;
  title: string;
  incidentType: string | null;
  grade: string | null;
  gradeLabel: string | null;
  warningLevel: string | null;
  status: string;
  location: string;
  summary: string;
  commanderName: string;
  planCode: string | null;
  accessLevel: string;
  participants: { city: string; status: string; liaisonName: string | null }[];
  tasks: { id: string; city: string; unit: string; title: string; status: string; dueAt: string | null; overdue: boolean; checkpoint: boolean }[];
  sitreps: { seq: number; issuedAt: string; issuedByName: string; situation: string; actionsTaken: string; nextSteps: string | null }[];
}
interface Plan {
  code: string;
  nameZh: string;
  nameEn: string;
  kind: string;
}

/** The lead city's next lifecycle steps (the server checks them again); a campaign resolves by itself. */
const STATUS_NEXT: Record<string, Record<string, string[]>> = {
  INCIDENT: { REPORTED: ['ACTIVATE'], ACTIVE: ['CONTAIN'], CONTAINED: ['REACTIVATE', 'DEMOBILISE'], DEMOBILISED: ['CLOSE'] },
  CAMPAIGN: { RESOLVED: ['CLOSE'] },
};
const TASK_NEXT: Record<string, string[]> = { ASSIGNED: ['ACKNOWLEDGE'], ACKNOWLEDGED: ['START', 'COMPLETE'], IN_PROGRESS: ['COMPLETE'] };

/** Joint incidents and campaigns my city leads or takes part in: tasks, sitrep timeline, plan activation, reporting. */
export function IncidentsScreen() {
  const { t, lang, session, version } = useConsole();
  const work = useLoad(
    () => readHome<{ region: Record<string, { jointOperations: Operation[]; contingencyPlans: Plan[] }> }>(session, ops.incidentsWork(session.city)),
    [session, version('incident'), version('operation')],
  );
  const [selected, setSelected] = useState<string | null>(null);
  const data = work.data?.data.region[session.city];
  const operations = data?.jointOperations ?? [];
  const current = operations.find((o) => o.id === selected) ?? null;
  return (
    <div className="grid">
      <section className="card wide" aria-labelledby="ops-list-h">
        <h2 id="ops-list-h">{t('incidents.heading')}</h2>
        <Loading loading={work.loading} />
        {work.error ? <ErrorNote error={work.error} /> : null}
        <table>
          <thead>
            <tr>
              <th>{t('overview.lead')}</th>
              <th>{t('common.title')}</th>
              <th>{t('overview.grade')}</th>
              <th>{t('common.status')}</th>
              <th>{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {operations.map((o) => (
              <tr key={o.id} aria-selected={o.id === selected}>
                <td>
                  <City code={o.leadCity} />
                </td>
                <td>
                  <Badge value={o.kind} /> {o.title}
                </td>
                <td>{o.gradeLabel ?? <Badge value={o.warningLevel} />}</td>
                <td>
                  <Badge value={o.status} />
                </td>
                <td>
                  <button type="button" onClick={() => setSelected(o.id)}>
                    {t('incidents.select')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {operations.length === 0 && !work.loading ? <p className="muted">{t('common.none')}</p> : null}
      </section>
      {current ? <OperationDetail operation={current} plans={data?.contingencyPlans ?? []} onChange={work.reload} /> : null}
      <ReportIncident onDone={work.reload} />
      <p className="muted">{cityLabel(lang, session.city)}</p>
    </div>
  );
}

function OperationDetail({ operation: o, plans, onChange }: { operation: Operation; plans: Plan[]; onChange: () => void }) {
  const { t, lang, session } = useConsole();
  const [plan, setPlan] = useState(plans[0]?.code ?? '');
  const [sitrep, setSitrep] = useState({ situation: '', actionsTaken: '' });
  const step = useAction();
  const lead = o.leadCity === session.city;
  const run = (query: string, variables: Record<string, unknown>) =>
    void step.run(async () => {
      await write(session, query, variables);
      onChange();
      return t('common.done');
    });
  return (
    <section className="card wide" aria-labelledby="op-h">
      <h2 id="op-h">
        {o.title} <Badge value={o.status} />
      </h2>
      <p>
        {o.gradeLabel ?? ''} {valueLabel(lang, o.incidentType)} · {o.location} · {o.commanderName}
      </p>
      <p>{o.summary}</p>
      <Outcome action={step} />
      <h3>{t('incidents.participants')}</h3>
      <ul className="inline">
        {o.participants.map((p) => (
          <li key={p.city}>
            <City code={p.city} /> <Badge value={p.status} /> {p.liaisonName ?? ''}
          </li>
        ))}
      </ul>
      <h3>{t('incidents.tasks')}</h3>
      <table>
        <thead>
          <tr>
            <th>{t('common.city')}</th>
            <th>{t('incidents.unit')}</th>
            <th>{t('common.title')}</th>
            <th>{t('common.status')}</th>
            <th>{t('incidents.due')}</th>
            <th>{t('common.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {o.tasks.map((task) => (
            <tr key={task.id} className={task.overdue ? 'overdue' : ''}>
              <td>
                <City code={task.city} />
              </td>
              <td>{task.unit}</td>
              <td>{task.title}</td>
              <td>
                <Badge value={task.status} />
              </td>
              <td>{formatTime(lang, task.dueAt)}</td>
              <td className="actions">
                {task.city === session.city
                  ? (TASK_NEXT[task.status] ?? []).map((a) => (
                      <button key={a} type="button" onClick={() => run(ops.updateOperationTask(session.city), { id: task.id, input: { action: a } })}>
                        {t(`task.${a}` as MessageKey)}
                      </button>
                    ))
                  : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('incidents.sitreps')}</h3>
      <ol className="timeline">
        {o.sitreps.map((s) => (
          <li key={s.seq}>
            <strong>#{s.seq}</strong> <small className="muted">{formatTime(lang, s.issuedAt)} · {s.issuedByName}</small>
            <div>{s.situation}</div>
            <div className="muted">{s.actionsTaken}</div>
          </li>
        ))}
      </ol>
      {!lead && o.participants.some((p) => p.city === session.city && p.status === 'INVITED') ? <AnswerInvitation operation={o} run={run} /> : null}
      {lead ? <LeadSteps operation={o} run={run} /> : null}
      {lead ? (
        <div className="row">
          {o.planCode ? null : <form
            className="subcard"
            onSubmit={(e) => {
              e.preventDefault();
              run(ops.activateContingencyPlan(session.city), { id: o.id, code: plan });
            }}
          >
            <Field label={t('incidents.plan')}>
              {(id) => (
                <select id={id} value={plan} onChange={(e) => setPlan(e.target.value)}>
                  {plans.map((p) => (
                    <option key={p.code} value={p.code}>
                      {lang === 'zh' ? p.nameZh : `${p.nameEn} ${p.nameZh}`}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <button type="submit">{t('incidents.activate')}</button>
          </form>}
          <form
            className="subcard"
            onSubmit={(e) => {
              e.preventDefault();
              run(ops.issueSitrep(session.city), { id: o.id, input: sitrep });
            }}
          >
            <Field label={t('incidents.situation')}>{(id) => <textarea id={id} required rows={2} value={sitrep.situation} onChange={(e) => setSitrep({ ...sitrep, situation: e.target.value })} />}</Field>
            <Field label={t('incidents.actions')}>{(id) => <textarea id={id} required rows={2} value={sitrep.actionsTaken} onChange={(e) => setSitrep({ ...sitrep, actionsTaken: e.target.value })} />}</Field>
            <button type="submit">{t('incidents.issueSitrep')}</button>
          </form>
        </div>
      ) : null}
    </section>
  );
}

type Run = (query: string, variables: Record<string, unknown>) => void;

/** An invited city's commander accepts naming the liaison, or declines with a reason. */
function AnswerInvitation({ operation: o, run }: { operation: Operation; run: Run }) {
  const { t, session } = useConsole();
  const [liaison, setLiaison] = useState({ name: '', contact: '' });
  const [reason, setReason] = useState('');
  const mutation = ops.answerOperationInvitation(session.city);
  return (
    <div className="row" role="group" aria-label={t('incidents.answerHeading')}>
      <form
        className="subcard"
        onSubmit={(e) => {
          e.preventDefault();
          run(mutation, { id: o.id, input: { accept: true, liaisonName: liaison.name, liaisonContact: liaison.contact } });
        }}
      >
        <h3>{t('incidents.answerHeading')}</h3>
        <Field label={t('incidents.liaisonName')}>{(id) => <input id={id} required value={liaison.name} onChange={(e) => setLiaison({ ...liaison, name: e.target.value })} />}</Field>
        <Field label={t('incidents.liaisonContact')}>{(id) => <input id={id} required value={liaison.contact} onChange={(e) => setLiaison({ ...liaison, contact: e.target.value })} />}</Field>
        <button type="submit">{t('incidents.accept')}</button>
      </form>
      <form
        className="subcard"
        onSubmit={(e) => {
          e.preventDefault();
          run(mutation, { id: o.id, input: { accept: false, reason } });
        }}
      >
        <Field label={t('incidents.declineReason')}>{(id) => <textarea id={id} required rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />}</Field>
        <button type="submit">{t('incidents.decline')}</button>
      </form>
    </div>
  );
}

/** The lead city moves the operation through its lifecycle (closing records the after-action review) and regrades it. */
function LeadSteps({ operation: o, run }: { operation: Operation; run: Run }) {
  const { t, session } = useConsole();
  const [reason, setReason] = useState('');
  const [review, setReview] = useState('');
  const [grade, setGrade] = useState(o.grade ?? 'III');
  const next = STATUS_NEXT[o.kind]?.[o.status] ?? [];
  const move = (action: string) =>
    run(ops.changeOperationStatus(session.city), {
      id: o.id,
      input: { action, ...(reason ? { reason } : {}), ...(action === 'CLOSE' ? { afterActionReview: review } : {}) },
    });
  return (
    <div className="row">
      {next.length ? (
        <form className="subcard" onSubmit={(e) => e.preventDefault()} aria-label={t('incidents.move')}>
          <h3>{t('incidents.move')}</h3>
          <Field label={t('incidents.reason')}>{(id) => <input id={id} value={reason} onChange={(e) => setReason(e.target.value)} />}</Field>
          {next.includes('CLOSE') ? (
            <Field label={t('incidents.review')}>{(id) => <textarea id={id} rows={3} value={review} onChange={(e) => setReview(e.target.value)} />}</Field>
          ) : null}
          <div className="actions">
            {next.map((a) => (
              <button key={a} type="button" onClick={() => move(a)}>
                {t(`opAction.${a}` as MessageKey)}
              </button>
            ))}
          </div>
        </form>
      ) : null}
      {o.kind === 'INCIDENT' && o.status !== 'CLOSED' ? (
        <form
          className="subcard"
          onSubmit={(e) => {
            e.preventDefault();
            run(ops.regradeIncident(session.city), { id: o.id, input: { grade, reason } });
          }}
        >
          <h3>{t('incidents.regrade')}</h3>
          <Field label={t('overview.grade')}>{(id) => <Select id={id} value={grade} values={['I', 'II', 'III', 'IV']} onChange={setGrade} />}</Field>
          <Field label={t('incidents.reason')}>{(id) => <input id={id} required minLength={5} value={reason} onChange={(e) => setReason(e.target.value)} />}</Field>
          <button type="submit">{t('incidents.regrade')}</button>
        </form>
      ) : null}
    </div>
  );
}

function ReportIncident({ onDone }: { onDone: () => void }) {
  const { t, session } = useConsole();
  const [form, setForm] = useState({ title: '', incidentType: 'PUBLIC_SECURITY', grade: 'III', location: '', affectedArea: '', summary: '', commanderName: '', commanderContact: '' });
  const [invited, setInvited] = useState<string[]>([]);
  const report = useAction();
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void report.run(async () => {
      const r = await write<Record<string, { reportIncident: { id: string } }>>(session, ops.reportIncident(session.city), {
        input: { ...form, invitedCities: invited },
      });
      onDone();
      return t('incidents.reported', { id: r[session.city].reportIncident.id });
    });
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="report-h">
      <h2 id="report-h">{t('incidents.report')}</h2>
      <Field label={t('common.title')}>{(id) => <input id={id} required value={form.title} onChange={set('title')} />}</Field>
      <div className="row">
        <Field label={t('incidents.type')}>{(id) => <Select id={id} value={form.incidentType} values={['PUBLIC_SECURITY', 'ACCIDENT_DISASTER', 'NATURAL_DISASTER', 'PUBLIC_HEALTH']} onChange={(v) => setForm({ ...form, incidentType: v })} />}</Field>
        <Field label={t('overview.grade')}>{(id) => <Select id={id} value={form.grade} values={['I', 'II', 'III', 'IV']} onChange={(v) => setForm({ ...form, grade: v })} />}</Field>
      </div>
      <div className="row">
        <Field label={t('assistance.location')}>{(id) => <input id={id} required value={form.location} onChange={set('location')} />}</Field>
        <Field label={t('incidents.affected')}>{(id) => <input id={id} required value={form.affectedArea} onChange={set('affectedArea')} />}</Field>
      </div>
      <Field label={t('authoring.summary')}>{(id) => <textarea id={id} required rows={2} value={form.summary} onChange={set('summary')} />}</Field>
      <div className="row">
        <Field label={t('incidents.commander')}>{(id) => <input id={id} required value={form.commanderName} onChange={set('commanderName')} />}</Field>
        <Field label={t('incidents.commanderContact')}>{(id) => <input id={id} required value={form.commanderContact} onChange={set('commanderContact')} />}</Field>
      </div>
      <CityPicker legend={t('incidents.invite')} value={invited} onChange={setInvited} exclude={session.city} />
      <button type="submit" disabled={report.busy}>
        {t('incidents.report')}
      </button>
      <Outcome action={report} />
    </form>
  );
}
