import { useState, type FormEvent } from 'react';
import { ApiError, readHome, write } from '../api';
import * as ops from '../operations';
import { ErrorNote, useConsole } from '../context';
import { cityLabel, formatTime, valueLabel } from '../i18n';
import { Badge, City, CityPicker, CRIME_CATEGORIES, Field, IDENTIFIER_KINDS, Loading, Outcome, PartialErrors, Select, useAction, useLoad, type ReadResultLike } from '../ui';
import { parseIdentifierLines } from '../identifiers';

interface WatchMatch {
  reference: string;
  leadCity: string;
  accessLevel: string;
  action: string;
  instruction: string;
  contact: { unit: string; phone: string | null };
  entry: { category: string; description: string | null; riskLevel: string } | null;
}
interface CheckAnswer {
  hit: boolean;
  matches: WatchMatch[];
  cities: { city: string; answeredFrom: string; syncedAt: string | null; error: string | null }[];
}
interface WatchEntry {
  id: string;
  status: string;
  category: string;
  action: string;
  riskLevel: string;
  offence: string | null;
  decisionReference: string;
  reviewDate: string;
  participatingCities: string[];
  description: string | null;
}
interface WatchHit {
  id: string;
  entryId: string;
  encounteringCity: string;
  observedAt: string;
  location: string;
  observation: string;
  actionTaken: string;
  ackDueAt: string | null;
  acknowledgedAt: string | null;
  overdue: boolean;
  leadCity: string;
}

/** Hit/no-hit against the region's watch list (asked at home: each lead city evaluates the blinded identifiers), hit reports, and my city's entries. */
export function WatchScreen() {
  const { t, lang, session, purpose, version } = useConsole();
  const [kind, setKind] = useState('PERSON_ID');
  const [value, setValue] = useState('');
  const [answer, setAnswer] = useState<ReadResultLike<CheckAnswer> | null>(null);
  const [reporting, setReporting] = useState<WatchMatch | null>(null);
  const check = useAction();
  const step = useAction();
  const mine = useLoad(
    () =>
      readHome<{ region: Record<string, { watchEntries: WatchEntry[]; watchHits: WatchHit[] }> }>(session, ops.watchWork(session.city)),
    [session, version('watch')],
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void check.run(async () => {
      const r = await readHome<{ region: Record<string, { checkWatchRegion: CheckAnswer } | null> }>(session, ops.checkWatchRegion(session.city), { ids: [{ kind, value: value.trim() }] }, purpose);
      const home = r.data.region[session.city]?.checkWatchRegion;
      // Refused as a whole (no purpose, a role that may not check): the home node's error is the answer.
      if (!home) throw r.errors[0] ?? new ApiError('empty answer', 'INTERNAL_SERVER_ERROR');
      setAnswer({ data: home, errors: r.errors });
      setReporting(null);
    });
  };
  const acknowledge = (hit: WatchHit) =>
    void step.run(async () => {
      await write(session, ops.acknowledgeWatchHit(session.city), { id: hit.id });
      mine.reload();
      return t('common.done');
    });
  const approve = (entry: WatchEntry) =>
    void step.run(async () => {
      await write(session, ops.approveWatchEntry(session.city), { id: entry.id });
      mine.reload();
      return t('common.done');
    });
  const matches = answer?.data?.matches ?? [];
  const unchecked = (answer?.data?.cities ?? []).filter((c) => c.answeredFrom === 'UNAVAILABLE' || c.error);
  const soon = Date.now() + 30 * 86_400_000;
  const data = mine.data?.data.region[session.city];
  return (
    <div className="grid">
      <section className="card" aria-labelledby="check-h">
        <h2 id="check-h">{t('watch.check')}</h2>
        <form onSubmit={submit} className="row">
          <Field label={t('search.identifierKind')}>{(id) => <Select id={id} value={kind} values={IDENTIFIER_KINDS} onChange={setKind} />}</Field>
          <Field label={t('watch.value')}>{(id) => <input id={id} required autoComplete="off" value={value} onChange={(e) => setValue(e.target.value)} />}</Field>
          <button type="submit" disabled={check.busy}>
            {t('watch.checkSubmit')}
          </button>
        </form>
        <Outcome action={check} />
        {answer ? <PartialErrors errors={answer.errors} /> : null}
        {unchecked.map((c) => (
          <p key={c.city} role="alert" className="error" data-testid="watch-unchecked">
            {t('watch.unchecked', { city: cityLabel(lang, c.city) })}: {c.error}
          </p>
        ))}
        {answer && matches.length === 0 ? (
          <p role="status" data-testid="watch-no-hit">
            {t(unchecked.length ? 'watch.noHitChecked' : 'watch.noHit')}
          </p>
        ) : null}
        {matches.map((m) => (
          <div key={m.reference} className="hit" role="status" data-testid="watch-hit">
            <strong>{t('watch.hit', { city: cityLabel(lang, m.leadCity) })}</strong>
            <div>
              {t('watch.action')}: <Badge value={m.action} /> {m.instruction}
            </div>
            <div>
              {t('watch.reference')}: <code>{m.reference}</code> · {m.contact.unit} {m.contact.phone ?? ''}
            </div>
            {m.entry ? (
              <div className="muted">
                {valueLabel(lang, m.entry.category)} · {valueLabel(lang, m.entry.riskLevel)} · {m.entry.description}
              </div>
            ) : null}
            <button type="button" onClick={() => setReporting(m)}>
              {t('watch.reportHit')}
            </button>
          </div>
        ))}
        {reporting ? <HitReport match={reporting} onDone={() => setReporting(null)} /> : null}
      </section>
      <section className="card wide" aria-labelledby="entries-h">
        <h2 id="entries-h">{t('watch.entries')}</h2>
        <Loading loading={mine.loading} />
        {mine.error ? <ErrorNote error={mine.error} /> : null}
        <Outcome action={step} />
        <table>
          <thead>
            <tr>
              <th>{t('watch.category')}</th>
              <th>{t('common.status')}</th>
              <th>{t('watch.risk')}</th>
              <th>{t('watch.reference')}</th>
              <th>{t('watch.reviewDate')}</th>
              <th>{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {(data?.watchEntries ?? []).map((e) => (
              <tr key={e.id} className={new Date(e.reviewDate).getTime() < soon ? 'due' : ''}>
                <td>
                  {valueLabel(lang, e.category)} {e.offence ? `· ${valueLabel(lang, e.offence)}` : ''}
                  <div className="muted">{e.description}</div>
                </td>
                <td>
                  <Badge value={e.status} />
                </td>
                <td>{valueLabel(lang, e.riskLevel)}</td>
                <td>{e.decisionReference}</td>
                <td>
                  {e.reviewDate} {new Date(e.reviewDate).getTime() < soon ? <span className="badge badge-overdue">{t('watch.reviewSoon')}</span> : null}
                </td>
                <td>{e.status === 'PROPOSED' ? <button onClick={() => approve(e)}>{t('action.approve')}</button> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {data && data.watchEntries.length === 0 ? <p className="muted">{t('common.none')}</p> : null}
        <h3>{t('watch.hits')}</h3>
        <table>
          <thead>
            <tr>
              <th>{t('watch.encountering')}</th>
              <th>{t('watch.observedAt')}</th>
              <th>{t('watch.observation')}</th>
              <th>{t('common.status')}</th>
              <th>{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {(data?.watchHits ?? []).map((h) => (
              <tr key={h.id} className={h.overdue ? 'overdue' : ''}>
                <td>
                  <City code={h.encounteringCity} />
                </td>
                <td>
                  {formatTime(lang, h.observedAt)} · {h.location}
                </td>
                <td>
                  {h.observation}
                  <div className="muted">{h.actionTaken}</div>
                </td>
                <td>{h.acknowledgedAt ? formatTime(lang, h.acknowledgedAt) : h.ackDueAt ? `${t('assistance.ackDue')} ${formatTime(lang, h.ackDueAt)}` : '—'}</td>
                <td>{h.leadCity === session.city && !h.acknowledgedAt ? <button onClick={() => acknowledge(h)}>{t('watch.acknowledge')}</button> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <ProposeEntry onDone={mine.reload} />
    </div>
  );
}

const WATCH_CATEGORIES = ['WANTED_ARREST', 'MISSING_PERSON', 'SUPERVISED_OFFENDER', 'SERIOUS_CRIME_SUSPECT'] as const;

/** A proposed entry: legal basis and decision reference are mandatory; it is active only once another supervisor approves. */
function ProposeEntry({ onDone }: { onDone: () => void }) {
  const { t, session } = useConsole();
  const inHalfAYear = new Date(Date.now() + 180 * 86_400_000).toISOString().slice(0, 10);
  const [form, setForm] = useState({ category: 'WANTED_ARREST', action: '', legalBasis: '', decisionReference: '', offence: 'DRUG_TRAFFICKING', riskLevel: 'MEDIUM', reviewDate: inHalfAYear, identifiers: '', description: '' });
  const [cities, setCities] = useState<string[]>([]);
  const step = useAction();
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void step.run(async () => {
      const identifiers = parseIdentifierLines(form.identifiers);
      const r = await write<Record<string, { proposeWatchEntry: { id: string } }>>(session, ops.proposeWatchEntry(session.city), {
        input: {
          category: form.category,
          ...(form.action ? { action: form.action } : {}),
          legalBasis: form.legalBasis,
          decisionReference: form.decisionReference,
          ...(form.category === 'MISSING_PERSON' ? {} : { offence: form.offence }),
          riskLevel: form.riskLevel,
          participatingCities: cities,
          reviewDate: form.reviewDate,
          identifiers,
          description: form.description,
        },
      });
      onDone();
      return t('watch.proposed', { id: r[session.city].proposeWatchEntry.id });
    });
  };
  return (
    <form className="card wide" aria-labelledby="propose-h" onSubmit={submit}>
      <h2 id="propose-h">{t('watch.propose')}</h2>
      <p className="muted">{t('watch.noData')}</p>
      <div className="row">
        <Field label={t('watch.category')}>{(id) => <Select id={id} value={form.category} values={WATCH_CATEGORIES} onChange={(v) => setForm({ ...form, category: v })} />}</Field>
        <Field label={t('watch.requiredAction')}>{(id) => <Select id={id} value={form.action} values={['DISCREET_CHECK', 'INQUIRY_CHECK']} blank="—" onChange={(v) => setForm({ ...form, action: v })} />}</Field>
        <Field label={t('watch.risk')}>{(id) => <Select id={id} value={form.riskLevel} values={['LOW', 'MEDIUM', 'HIGH']} onChange={(v) => setForm({ ...form, riskLevel: v })} />}</Field>
      </div>
      <div className="row">
        <Field label={t('watch.legalBasis')}>{(id) => <input id={id} required value={form.legalBasis} onChange={set('legalBasis')} />}</Field>
        <Field label={t('watch.decisionReference')}>{(id) => <input id={id} required value={form.decisionReference} onChange={set('decisionReference')} />}</Field>
      </div>
      <div className="row">
        {form.category === 'MISSING_PERSON' ? null : (
          <Field label={t('watch.offence')}>{(id) => <Select id={id} value={form.offence} values={CRIME_CATEGORIES} onChange={(v) => setForm({ ...form, offence: v })} />}</Field>
        )}
        <Field label={t('watch.reviewDate')}>{(id) => <input id={id} type="date" required value={form.reviewDate} onChange={set('reviewDate')} />}</Field>
      </div>
      <CityPicker legend={t('watch.participating')} value={cities} onChange={setCities} exclude={session.city} />
      <Field label={t('watch.identifiers')}>{(id) => <textarea id={id} required rows={3} value={form.identifiers} onChange={set('identifiers')} />}</Field>
      <Field label={t('watch.description')}>{(id) => <textarea id={id} required rows={2} maxLength={500} value={form.description} onChange={set('description')} />}</Field>
      <button type="submit" disabled={step.busy}>
        {t('watch.proposeSubmit')}
      </button>
      <Outcome action={step} />
    </form>
  );
}

function HitReport({ match, onDone }: { match: WatchMatch; onDone: () => void }) {
  const { t, lang, session } = useConsole();
  const [form, setForm] = useState({ observedAt: new Date(Date.now() - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 16), location: '', observation: '', actionTaken: '' });
  const file = useAction();
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void file.run(async () => {
      const r = await write<Record<string, { fileWatchHit: { id: string } }>>(
        session,
        ops.fileWatchHit(session.city),
        { input: { entryId: match.reference, leadCity: match.leadCity, observedAt: new Date(form.observedAt).toISOString(), location: form.location, observation: form.observation, actionTaken: form.actionTaken } },
      );
      setTimeout(onDone, 4000);
      return t('watch.hitFiled', { id: r[session.city].fileWatchHit.id, city: cityLabel(lang, match.leadCity) });
    });
  };
  return (
    <form onSubmit={submit} className="subcard" aria-labelledby="hit-h">
      <h3 id="hit-h">{t('watch.reportHit')}</h3>
      <Field label={t('watch.observedAt')}>{(id) => <input id={id} type="datetime-local" required value={form.observedAt} onChange={set('observedAt')} />}</Field>
      <Field label={t('assistance.location')}>{(id) => <input id={id} required value={form.location} onChange={set('location')} />}</Field>
      <Field label={t('watch.observation')}>{(id) => <textarea id={id} required rows={2} value={form.observation} onChange={set('observation')} />}</Field>
      <Field label={t('watch.actionTaken')}>{(id) => <textarea id={id} required rows={2} value={form.actionTaken} onChange={set('actionTaken')} />}</Field>
      <button type="submit" disabled={file.busy}>
        {t('watch.reportHit')}
      </button>
      <Outcome action={file} />
    </form>
  );
}
