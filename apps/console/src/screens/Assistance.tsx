import { useState, type FormEvent } from 'react';
import { CITY_CODES } from '@ypf/region';
import { PRIORITIES } from '@ypf/vocabulary';
import { acrossCities, read, readHome, write } from '../api';
import * as ops from '../operations';
import { ErrorNote, useConsole } from '../context';
import { cityLabel, formatDuration, formatTime, valueLabel, type MessageKey } from '../i18n';
import { ask, Badge, City, Field, Loading, Outcome, PartialErrors, RESOURCE_TYPES, Select, useAction, useLoad, useNow, type ReadResultLike } from '../ui';

interface Answer {
  city: string;
  status: string;
  reason: string | null;
  committedQuantity: number | null;
  ackDueAt: string;
  answerDueAt: string;
  acknowledgedAt: string | null;
  answeredAt: string | null;
  overdue: boolean;
}
interface AssistanceRequest {
  id: string;
  requesterCity: string;
  kind: string;
  title: string;
  description: string;
  resourceType: string;
  quantity: number;
  location: string;
  startsAt: string;
  servesReference: string;
  priority: string;
  targetCities: string[];
  status: string;
  createdByName: string;
  createdAt: string;
  overdue: boolean;
  answers: Answer[];
  thread: { id: string; type: string; city: string; authorName: string; action: string | null; status: string | null; text: string | null; at: string }[];
}
interface CatalogueEntry {
  id: string;
  city: string;
  resourceType: string;
  name: string;
  description: string;
  count: number;
  unit: string;
  contact: string;
  availability: { from: string; to: string }[];
}

const KINDS = ['PERSONNEL', 'SPECIALIST_TEAM', 'EQUIPMENT', 'INVESTIGATIVE_CHECK', 'INFORMATION_REQUEST'] as const;

/** What a target city may do next with its answer (the node's transition table decides; these are the offers). */
const NEXT_ACTIONS: Record<string, string[]> = {
  SUBMITTED: ['ACKNOWLEDGE', 'DECLINE'],
  ACKNOWLEDGED: ['ACCEPT', 'PARTIALLY_ACCEPT', 'DECLINE'],
  ACCEPTED: ['COMMIT'],
  PARTIALLY_ACCEPTED: ['COMMIT'],
  COMMITTED: ['START'],
  IN_PROGRESS: ['REPORT_STATUS', 'FULFIL'],
};
const OPEN = new Set(['SUBMITTED', 'ACKNOWLEDGED', 'ACCEPTED', 'PARTIALLY_ACCEPTED', 'COMMITTED', 'IN_PROGRESS']);

type Tab = 'INCOMING' | 'OUTGOING' | 'OVERDUE';

/** Inbox / outbox with SLA clocks, answering and committing, and filing from the region's resource catalogue. */
export function AssistanceScreen() {
  const { t, session, version } = useConsole();
  const [tab, setTab] = useState<Tab>('INCOMING');
  const list = useLoad(() => {
    const filter = tab === 'OVERDUE' ? { overdue: true } : { direction: tab };
    return readHome<{ region: Record<string, { assistanceRequests: AssistanceRequest[]; assistanceCommitLimit: number | null }> }>(session, ops.assistanceRequests(session.city), { f: filter });
  }, [session, tab, version('assistance')]);
  const requests = list.data?.data.region[session.city]?.assistanceRequests ?? [];
  // What this officer may commit without their commander (null: they are one): the commit form starts within it.
  const commitLimit = list.data?.data.region[session.city]?.assistanceCommitLimit ?? null;
  return (
    <>
      <section className="card" aria-labelledby="inbox-h">
        <h2 id="inbox-h">{t('assistance.heading')}</h2>
        <div className="tabs" role="group" aria-label={t('assistance.heading')}>
          {(['INCOMING', 'OUTGOING', 'OVERDUE'] as Tab[]).map((name) => (
            <button key={name} type="button" aria-pressed={tab === name} onClick={() => setTab(name)}>
              {t(`assistance.${name.toLowerCase()}` as MessageKey)}
            </button>
          ))}
          <button type="button" onClick={list.reload}>
            {t('common.refresh')}
          </button>
        </div>
        <Loading loading={list.loading} />
        {list.error ? <ErrorNote error={list.error} /> : null}
        {requests.length === 0 && !list.loading ? <p className="muted">{t('common.none')}</p> : null}
        <div className="requests">
          {requests.map((r) => (
            <RequestCard key={r.id} request={r} incoming={r.requesterCity !== session.city} commitLimit={commitLimit} onChange={list.reload} />
          ))}
        </div>
      </section>
      <Catalogue onFiled={() => (tab === 'OUTGOING' ? list.reload() : setTab('OUTGOING'))} />
    </>
  );
}

function SlaClock({ due, done, label }: { due: string; done: string | null; label: string }) {
  const { t, lang } = useConsole();
  const now = useNow();
  const left = new Date(due).getTime() - now;
  return (
    <div className={`sla ${done ? 'met' : left < 0 ? 'late' : left < 15 * 60_000 ? 'soon' : ''}`}>
      <small>{label}</small> {formatTime(lang, due)}
      {done ? ' ✓' : <strong> ({left < 0 ? t('assistance.late', { t: formatDuration(lang, left) }) : t('assistance.left', { t: formatDuration(lang, left) })})</strong>}
    </div>
  );
}

function RequestCard({ request: r, incoming, commitLimit, onChange }: { request: AssistanceRequest; incoming: boolean; commitLimit: number | null; onChange: () => void }) {
  const { t, lang, session } = useConsole();
  const action = useAction();
  // Pre-filled with what was asked, within what this officer may commit alone (more needs their commander).
  const [quantity, setQuantity] = useState(String(commitLimit === null ? r.quantity : Math.max(1, Math.min(r.quantity, commitLimit))));
  const [message, setMessage] = useState('');
  const mine = r.answers.find((a) => a.city === session.city);

  const answer = (act: string) =>
    void action.run(async () => {
      const input: Record<string, unknown> = { action: act };
      if (act === 'DECLINE' || act === 'PARTIALLY_ACCEPT') {
        const reason = ask(t('common.reasonPrompt'));
        if (!reason) return;
        input.reason = reason;
      }
      if (act === 'REPORT_STATUS') {
        const text = ask(t('common.textPrompt'));
        if (!text) return;
        input.text = text;
      }
      if (act === 'COMMIT') input.quantity = Number(quantity);
      await write(session, ops.answerAssistanceRequest(session.city), { id: r.id, input });
      onChange();
      return t('common.done');
    });
  const requester = (mutation: 'close' | 'cancel' | 'submit') =>
    void action.run(async () => {
      if (mutation === 'cancel') {
        const reason = ask(t('common.reasonPrompt'));
        if (!reason) return;
        await write(session, ops.cancelAssistanceRequest(session.city), { id: r.id, reason });
      } else {
        await write(session, (mutation === 'close' ? ops.closeAssistanceRequest : ops.submitAssistanceRequest)(session.city), { id: r.id });
      }
      onChange();
      return t('common.done');
    });
  const post = (e: FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      await write(session, ops.postAssistanceMessage(session.city), { id: r.id, text: message });
      setMessage('');
      onChange();
    });
  };

  return (
    <article className={`request ${r.overdue ? 'overdue' : ''}`} data-testid="assistance-request" data-id={r.id} aria-labelledby={`req-${r.id}`}>
      <header>
        <h3 id={`req-${r.id}`}>
          {r.title} {r.overdue ? <span className="badge badge-overdue">{t('assistance.overdueFlag')}</span> : null}
        </h3>
        <div className="meta">
          <span>
            {t('assistance.from')}: <City code={r.requesterCity} />
          </span>
          <span>
            {t('assistance.to')}: {r.targetCities.map((c) => cityLabel(lang, c)).join('、')}
          </span>
          <Badge value={r.priority} /> <Badge value={r.kind} /> <span>{valueLabel(lang, r.resourceType)} × {r.quantity}</span>
          <Badge value={r.status} />
        </div>
        <p>{r.description}</p>
        <small className="muted">
          {r.servesReference} · {r.location} · {formatTime(lang, r.startsAt)} · {r.createdByName}
        </small>
      </header>
      <table className="answers">
        <caption>{t('assistance.answers')}</caption>
        <thead>
          <tr>
            <th>{t('common.city')}</th>
            <th>{t('common.status')}</th>
            <th>SLA</th>
            <th>{t('assistance.committed')}</th>
          </tr>
        </thead>
        <tbody>
          {r.answers.map((a) => (
            <tr key={a.city} className={a.overdue ? 'overdue' : ''} data-testid="answer" data-city={a.city} data-status={a.status}>
              <td>
                <City code={a.city} />
              </td>
              <td>
                <Badge value={a.status} />
                {a.reason ? <div className="muted">{a.reason}</div> : null}
              </td>
              <td>
                {OPEN.has(a.status) ? (
                  <>
                    <SlaClock label={t('assistance.ackDue')} due={a.ackDueAt} done={a.acknowledgedAt} />
                    <SlaClock label={t('assistance.answerDue')} due={a.answerDueAt} done={a.answeredAt} />
                  </>
                ) : (
                  '—'
                )}
              </td>
              <td>{a.committedQuantity ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions">
        {incoming && mine
          ? (NEXT_ACTIONS[mine.status] ?? []).map((act) => (
              <span key={act} className="action-group">
                {act === 'COMMIT' ? (
                  <label>
                    {t('assistance.commitQuantity')}{' '}
                    <input type="number" min={1} value={quantity} onChange={(e) => setQuantity(e.target.value)} className="narrow" />
                    {commitLimit !== null && r.quantity > commitLimit ? (
                      <small className="muted" data-testid="commit-limit">
                        {' '}
                        {t('assistance.commitLimit', { n: commitLimit })}
                      </small>
                    ) : null}
                  </label>
                ) : null}
                <button type="button" onClick={() => answer(act)} disabled={action.busy}>
                  {t(`answer.${act}` as MessageKey)}
                </button>
              </span>
            ))
          : null}
        {!incoming && r.status === 'DRAFT' ? <button type="button" onClick={() => requester('submit')}>{t('action.submit')}</button> : null}
        {!incoming && r.answers.some((a) => a.status === 'FULFILLED' || a.status === 'DECLINED') ? (
          <button type="button" onClick={() => requester('close')}>
            {t('common.close')}
          </button>
        ) : null}
        {!incoming && r.answers.some((a) => OPEN.has(a.status)) ? (
          <button type="button" onClick={() => requester('cancel')}>
            {t('common.cancel')}
          </button>
        ) : null}
      </div>
      <Outcome action={action} />
      <details>
        <summary>
          {t('assistance.thread')} ({r.thread.length})
        </summary>
        <ol className="thread">
          {r.thread.map((e) => (
            <li key={e.id}>
              <small className="muted">{formatTime(lang, e.at)}</small> <City code={e.city} /> {e.authorName}: {e.action ? valueLabel(lang, e.action) : e.type}
              {e.status ? <> → <Badge value={e.status} /></> : null}
              {e.text ? <div>{e.text}</div> : null}
            </li>
          ))}
        </ol>
        <form onSubmit={post} className="row">
          <Field label={t('assistance.message')}>{(id) => <input id={id} required value={message} onChange={(e) => setMessage(e.target.value)} />}</Field>
          <button type="submit" disabled={action.busy}>
            {t('assistance.post')}
          </button>
        </form>
      </details>
    </article>
  );
}

const KIND_FOR_RESOURCE: Record<string, string> = { PERSONNEL: 'PERSONNEL', SPECIAL_VEHICLE: 'EQUIPMENT', DRONE: 'EQUIPMENT', MARINE: 'EQUIPMENT', FORENSIC_LAB: 'INVESTIGATIVE_CHECK' };

function Catalogue({ onFiled }: { onFiled: () => void }) {
  const { t, lang, session, purpose } = useConsole();
  const [type, setType] = useState('');
  const [found, setFound] = useState<ReadResultLike<Record<string, { resourceCatalogue: CatalogueEntry[] } | null>> | null>(null);
  const [chosen, setChosen] = useState<CatalogueEntry | null>(null);
  const search = useAction();
  const find = (e: FormEvent) => {
    e.preventDefault();
    void search.run(async () => {
      const cities = CITY_CODES.filter((c) => c !== session.city);
      const r = await read<{ region: Record<string, { resourceCatalogue: CatalogueEntry[] } | null> }>(
        session,
        acrossCities(cities, ops.resourceCatalogue),
        { f: type ? { resourceTypes: [type] } : {} },
        purpose,
      );
      setFound({ data: r.data.region, errors: r.errors });
    });
  };
  const entries = Object.values(found?.data ?? {}).flatMap((c) => c?.resourceCatalogue ?? []);
  return (
    <section className="card" aria-labelledby="catalogue-h">
      <h2 id="catalogue-h">{t('assistance.catalogue')}</h2>
      <form onSubmit={find} className="row">
        <Field label={t('assistance.resourceType')}>{(id) => <Select id={id} value={type} values={RESOURCE_TYPES} onChange={setType} blank="—" />}</Field>
        <button type="submit" disabled={search.busy}>
          {t('assistance.findResources')}
        </button>
      </form>
      <Outcome action={search} />
      {found ? (
        <>
          <PartialErrors errors={found.errors} />
          <table data-testid="catalogue">
            <thead>
              <tr>
                <th>{t('common.city')}</th>
                <th>{t('assistance.resourceType')}</th>
                <th>{t('common.title')}</th>
                <th>{t('assistance.quantity')}</th>
                <th>{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} data-testid="catalogue-entry" data-id={e.id}>
                  <td>
                    <City code={e.city} />
                  </td>
                  <td>{valueLabel(lang, e.resourceType)}</td>
                  <td>
                    {e.name}
                    <div className="muted">{e.contact}</div>
                  </td>
                  <td>
                    {e.count} {e.unit}
                  </td>
                  <td>
                    <button type="button" onClick={() => setChosen(e)} aria-label={`${t('assistance.request')}: ${e.name}`}>
                      {t('assistance.request')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      {chosen ? <FileRequest key={chosen.id} entry={chosen} onFiled={onFiled} /> : null}
    </section>
  );
}

function FileRequest({ entry, onFiled }: { entry: CatalogueEntry; onFiled: () => void }) {
  const { t, lang, session, purpose } = useConsole();
  const inAnHour = new Date(Date.now() + 3_600_000);
  const [form, setForm] = useState({
    kind: KIND_FOR_RESOURCE[entry.resourceType] ?? 'SPECIALIST_TEAM',
    title: `${entry.name}`,
    description: '',
    quantity: '1',
    location: '',
    startsAt: new Date(inAnHour.getTime() - inAnHour.getTimezoneOffset() * 60_000).toISOString().slice(0, 16),
    servesReference: purpose,
    legalReference: '',
    priority: 'URGENT',
  });
  const file = useAction();
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void file.run(async () => {
      const created = await write<Record<string, { createAssistanceRequest: { id: string } }>>(
        session,
        ops.createAssistanceRequest(session.city),
        {
          input: {
            kind: form.kind, title: form.title, description: form.description, resourceType: entry.resourceType, quantity: Number(form.quantity),
            catalogueEntryIds: [entry.id], location: form.location, startsAt: new Date(form.startsAt).toISOString(), servesReference: form.servesReference,
            ...(form.legalReference ? { legalReference: form.legalReference } : {}), priority: form.priority, targetCities: [entry.city],
          },
        },
      );
      const id = created[session.city].createAssistanceRequest.id;
      await write(session, ops.submitAssistanceRequest(session.city), { id });
      onFiled();
      return t('assistance.filed', { id, city: cityLabel(lang, entry.city) });
    });
  };
  return (
    <form onSubmit={submit} className="subcard" aria-labelledby="file-h" data-testid="file-request">
      <h3 id="file-h">{t('assistance.fileHeading', { city: cityLabel(lang, entry.city) })}</h3>
      <p className="muted">
        {entry.name} — {entry.count} {entry.unit}
      </p>
      <div className="row">
        <Field label={t('assistance.kind')}>{(id) => <Select id={id} value={form.kind} values={KINDS} onChange={(v) => setForm({ ...form, kind: v })} />}</Field>
        <Field label={t('assistance.priority')}>{(id) => <Select id={id} value={form.priority} values={PRIORITIES} onChange={(v) => setForm({ ...form, priority: v })} />}</Field>
        <Field label={t('assistance.quantity')}>{(id) => <input id={id} type="number" min={1} max={entry.count} required value={form.quantity} onChange={set('quantity')} />}</Field>
      </div>
      <Field label={t('common.title')}>{(id) => <input id={id} required value={form.title} onChange={set('title')} />}</Field>
      <Field label={t('assistance.description')}>{(id) => <textarea id={id} required rows={3} value={form.description} onChange={set('description')} />}</Field>
      <div className="row">
        <Field label={t('assistance.location')}>{(id) => <input id={id} required value={form.location} onChange={set('location')} />}</Field>
        <Field label={t('assistance.startsAt')}>{(id) => <input id={id} type="datetime-local" required value={form.startsAt} onChange={set('startsAt')} />}</Field>
      </div>
      <div className="row">
        <Field label={t('assistance.serves')}>{(id) => <input id={id} required value={form.servesReference} onChange={set('servesReference')} />}</Field>
        <Field label={t('assistance.legal')}>{(id) => <input id={id} value={form.legalReference} onChange={set('legalReference')} />}</Field>
      </div>
      <button type="submit" disabled={file.busy}>
        {t('assistance.file')}
      </button>
      <Outcome action={file} />
    </form>
  );
}
