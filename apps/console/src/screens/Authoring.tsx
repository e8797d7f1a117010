import { useState, type FormEvent } from 'react';
import { readHome, write } from '../api';
import * as ops from '../operations';
import { ErrorNote, useConsole } from '../context';
import { cityLabel, formatTime } from '../i18n';
import { ask, Badge, CityPicker, CRIME_CATEGORIES, Field, Loading, Outcome, Select, useAction, useLoad } from '../ui';
import { parseIdentifierLines } from '../identifiers';

interface Report {
  id: string;
  status: string;
  title: string;
  tlp: string;
  scope: string;
  authorName: string;
  authorId: string;
  updatedAt: string;
  reviewDate: string;
  returnReason: string | null;
}

const TLPS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER_STRICT', 'RED'] as const;
const SCOPES = ['OWN_CITY', 'CITIES', 'REGION'] as const;

/** Authoring (analysts) and approval (supervisors, not of their own reports): draft → submitted → approved → published. */
export function AuthoringScreen() {
  const { t, lang, session, version } = useConsole();
  const worklist = useLoad(
    () => readHome<{ region: Record<string, { intelligenceWorklist: Report[] }> }>(session, ops.intelligenceWorklist(session.city)),
    [session, version('intelligence')],
  );
  const [form, setForm] = useState({ title: '', summary: '', body: '', category: 'FRAUD', sourceReliability: 'B', informationCredibility: '2', tlp: 'AMBER', scope: 'REGION', reviewDate: '', identifiers: '' });
  const [recipients, setRecipients] = useState<string[]>([]);
  const create = useAction();
  const step = useAction();
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void create.run(async () => {
      const identifiers = parseIdentifierLines(form.identifiers);
      const r = await write<Record<string, { createIntelligenceReport: { id: string } }>>(
        session,
        ops.createIntelligenceReport(session.city),
        {
          input: {
            title: form.title, summary: form.summary, body: form.body, category: form.category, sourceReliability: form.sourceReliability,
            informationCredibility: Number(form.informationCredibility), tlp: form.tlp, scope: form.scope, recipientCities: recipients,
            identifiers, ...(form.reviewDate ? { reviewDate: form.reviewDate } : {}),
          },
        },
      );
      worklist.reload();
      return t('authoring.created', { id: r[session.city].createIntelligenceReport.id });
    });
  };

  const act = (report: Report, operation: ops.AtCity, reasonNeeded = false) =>
    void step.run(async () => {
      const reason = reasonNeeded ? ask(t('common.reasonPrompt')) : null;
      if (reasonNeeded && !reason) return;
      await write(session, operation(session.city), { id: report.id, ...(reason ? { reason } : {}) });
      worklist.reload();
      return t('common.done');
    });

  const reports = worklist.data?.data.region[session.city]?.intelligenceWorklist ?? [];
  return (
    <div className="grid">
      <form className="card" onSubmit={submit} aria-labelledby="author-h">
        <h2 id="author-h">{t('authoring.heading')}</h2>
        <Field label={t('common.title')}>{(id) => <input id={id} required value={form.title} onChange={set('title')} />}</Field>
        <Field label={t('authoring.summary')}>{(id) => <textarea id={id} required rows={2} value={form.summary} onChange={set('summary')} />}</Field>
        <Field label={t('authoring.body')}>{(id) => <textarea id={id} required rows={4} value={form.body} onChange={set('body')} />}</Field>
        <div className="row">
          <Field label={t('authoring.category')}>{(id) => <Select id={id} value={form.category} values={CRIME_CATEGORIES} onChange={(v) => setForm({ ...form, category: v })} />}</Field>
          <Field label={t('authoring.reliability')}>{(id) => <Select id={id} value={form.sourceReliability} values={['A', 'B', 'C', 'D', 'E', 'F']} onChange={(v) => setForm({ ...form, sourceReliability: v })} />}</Field>
          <Field label={t('authoring.credibility')}>{(id) => <Select id={id} value={form.informationCredibility} values={['1', '2', '3', '4', '5', '6']} onChange={(v) => setForm({ ...form, informationCredibility: v })} />}</Field>
        </div>
        <div className="row">
          <Field label={t('authoring.tlp')}>{(id) => <Select id={id} value={form.tlp} values={TLPS} onChange={(v) => setForm({ ...form, tlp: v })} />}</Field>
          <Field label={t('authoring.scope')}>{(id) => <Select id={id} value={form.scope} values={SCOPES} onChange={(v) => setForm({ ...form, scope: v })} />}</Field>
          <Field label={t('authoring.reviewDate')}>{(id) => <input id={id} type="date" value={form.reviewDate} onChange={set('reviewDate')} />}</Field>
        </div>
        {form.scope === 'CITIES' ? <CityPicker legend={t('authoring.recipients')} value={recipients} onChange={setRecipients} exclude={session.city} /> : null}
        <Field label={t('authoring.identifiers')}>{(id) => <textarea id={id} rows={2} placeholder="PHONE:13900000000" value={form.identifiers} onChange={set('identifiers')} />}</Field>
        <button type="submit" disabled={create.busy}>
          {t('authoring.create')}
        </button>
        <Outcome action={create} />
      </form>
      <section className="card wide" aria-labelledby="worklist-h">
        <h2 id="worklist-h">{t('authoring.worklist')}</h2>
        <Loading loading={worklist.loading} />
        {worklist.error ? <ErrorNote error={worklist.error} /> : null}
        <Outcome action={step} />
        <table>
          <thead>
            <tr>
              <th>{t('common.title')}</th>
              <th>{t('common.status')}</th>
              <th>TLP</th>
              <th>{t('authoring.scope')}</th>
              <th>{t('session.officer')}</th>
              <th>{t('authoring.reviewDate')}</th>
              <th>{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {reports.map((r) => (
              <tr key={r.id}>
                <td>
                  {r.title}
                  {r.returnReason ? <div className="warn">{r.returnReason}</div> : null}
                </td>
                <td>
                  <Badge value={r.status} />
                </td>
                <td>
                  <Badge value={r.tlp} kind={`tlp-${r.tlp}`} />
                </td>
                <td>{r.scope}</td>
                <td>{r.authorName}</td>
                <td>{formatTime(lang, r.reviewDate)}</td>
                <td className="actions">
                  {r.status === 'DRAFT' ? <button onClick={() => act(r, ops.submitIntelligenceReport)}>{t('action.submit')}</button> : null}
                  {r.status === 'SUBMITTED' ? (
                    <>
                      <button onClick={() => act(r, ops.approveIntelligenceReport)}>{t('action.approve')}</button>
                      <button onClick={() => act(r, ops.returnIntelligenceReport, true)}>{t('action.return')}</button>
                    </>
                  ) : null}
                  {r.status === 'APPROVED' ? <button onClick={() => act(r, ops.publishIntelligenceReport)}>{t('action.publish')}</button> : null}
                  {r.status === 'PUBLISHED' ? <button onClick={() => act(r, ops.withdrawIntelligenceReport, true)}>{t('action.withdraw')}</button> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {reports.length === 0 && !worklist.loading ? <p className="muted">{t('common.none')}</p> : null}
        <p className="muted">{cityLabel(lang, session.city)}</p>
      </section>
    </div>
  );
}
