import { useState, type FormEvent } from 'react';
import { CITY_CODES } from '@ypf/region';
import { ApiError, acrossCities, read, readHome, write, type Session } from '../api';
import * as ops from '../operations';
import { useConsole } from '../context';
import { cityLabel, valueLabel } from '../i18n';
import { Badge, City, CityPicker, CRIME_CATEGORIES, Field, IDENTIFIER_KINDS, Outcome, PartialErrors, Select, useAction, type ReadResultLike } from '../ui';

interface SearchResult {
  id: string;
  city: string;
  accessLevel: string;
  redactedFields: string[];
  report: { title: string | null; summary: string | null; tlp: string; category: string | null; grading: { code: string } | null; publishedAt: string | null } | null;
  contact: { unit: string; phone: string | null; email: string | null } | null;
}
type SearchAnswer = Record<string, { searchIntelligence: { city: string; total: number; results: SearchResult[] } } | null>;


interface IdentifierCheck {
  hit: boolean;
  matches: { city: string; accessLevel: string; reportId: string | null; reference: string; contact: { unit: string; phone: string | null; email: string | null } }[];
  cities: { city: string; checked: boolean; error: string | null }[];
}

/**
 * An identifier checked against the chosen cities at the officer's HOME node: the identifier never leaves the home city;
 * each city compares it through its own blind indexes (checkIdentifiersRegion) and shows a hit as its policy allows.
 */
async function checkIdentifier(session: Session, cities: string[], kind: string, value: string, purpose: string): Promise<ReadResultLike<SearchAnswer>> {
  const r = await readHome<{ region: Record<string, { checkIdentifiersRegion: IdentifierCheck } | null> }>(
    session,
    ops.checkIdentifiersRegion(session.city),
    { ids: [{ kind, value }], cities },
    purpose,
  );
  const check = r.data.region[session.city]?.checkIdentifiersRegion;
  if (!check) throw r.errors[0] ?? new ApiError('no answer', 'INTERNAL_SERVER_ERROR');
  // The same rows as a search: per city, each hit with the level its owner granted.
  const data: SearchAnswer = Object.fromEntries(
    cities.map((c) => {
      const results: SearchResult[] = check.matches
        .filter((m) => m.city === c)
        .map((m) => ({ id: m.reportId ?? m.reference, city: m.city, accessLevel: m.accessLevel, redactedFields: [], report: null, contact: m.contact }));
      return [c, { searchIntelligence: { city: c, total: results.length, results } }];
    }),
  );
  const errors = check.cities.filter((c) => !c.checked).map((c) => new ApiError(c.error ?? 'not checked', 'CITY_UNAVAILABLE', c.city));
  return { data, errors: [...r.errors, ...errors] };
}

/** Intelligence search across chosen cities: each result carries the level its owner granted; HIT_ONLY offers a request. */
export function SearchScreen() {
  const { t, lang, session, purpose } = useConsole();
  const [cities, setCities] = useState<string[]>([...CITY_CODES]);
  const [text, setText] = useState('');
  const [categories, setCategories] = useState<string[]>([]);
  const [since, setSince] = useState('');
  const [idKind, setIdKind] = useState('PERSON_ID');
  const [idValue, setIdValue] = useState('');
  const [answer, setAnswer] = useState<ReadResultLike<SearchAnswer> | null>(null);
  const search = useAction();
  const request = useAction();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void search.run(async () => {
      // An identifier is a hit/no-hit question asked at home; words, categories and a date are a search of each city.
      if (idValue.trim()) {
        setAnswer(await checkIdentifier(session, cities, idKind, idValue.trim(), purpose));
        return;
      }
      const filter: Record<string, unknown> = { limit: 50 };
      if (text.trim()) filter.text = text.trim();
      if (categories.length) filter.categories = categories;
      if (since) filter.since = since;
      const r = await read<{ region: SearchAnswer }>(session, acrossCities(cities, ops.searchIntelligence), { f: filter }, purpose);
      setAnswer({ data: r.data.region, errors: r.errors });
    });
  };

  const requestDetails = (result: SearchResult) =>
    void request.run(async () => {
      const created = await write<Record<string, { createAssistanceRequest: { id: string } }>>(
        session,
        ops.createAssistanceRequest(session.city),
        {
          input: {
            kind: 'INFORMATION_REQUEST',
            title: `Details of intelligence ${result.id}`,
            description: `Our search matched ${result.id} at ${result.city} (HIT_ONLY). Please share the details or contact us.`,
            resourceType: 'OTHER',
            quantity: 1,
            location: cityLabel('en', session.city),
            startsAt: new Date().toISOString(),
            servesReference: purpose.trim() || result.id,
            priority: 'ROUTINE',
            targetCities: [result.city],
          },
        },
      );
      const id = created[session.city].createAssistanceRequest.id;
      await write(session, ops.submitAssistanceRequest(session.city), { id });
      return t('search.requested', { id, city: cityLabel(lang, result.city) });
    });

  const results = Object.values(answer?.data ?? {}).flatMap((c) => c?.searchIntelligence.results ?? []);
  return (
    <>
      <form className="card" onSubmit={submit} aria-labelledby="search-h">
        <h2 id="search-h">{t('search.heading')}</h2>
        <CityPicker legend={t('search.cities')} value={cities} onChange={setCities} />
        <div className="row">
          <Field label={t('search.text')}>{(id) => <input id={id} value={text} onChange={(e) => setText(e.target.value)} />}</Field>
          <Field label={t('search.since')}>{(id) => <input id={id} type="date" value={since} onChange={(e) => setSince(e.target.value)} />}</Field>
          <Field label={t('search.categories')}>
            {(id) => (
              <select id={id} multiple size={4} value={categories} onChange={(e) => setCategories([...e.target.selectedOptions].map((o) => o.value))}>
                {CRIME_CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {valueLabel(lang, c)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <div className="row">
          <Field label={t('search.identifierKind')}>{(id) => <Select id={id} value={idKind} values={IDENTIFIER_KINDS} onChange={setIdKind} />}</Field>
          <Field label={t('search.identifier')}>{(id) => <input id={id} value={idValue} onChange={(e) => setIdValue(e.target.value)} autoComplete="off" />}</Field>
        </div>
        <button type="submit" disabled={search.busy || cities.length === 0}>
          {t('search.submit')}
        </button>
        <Outcome action={search} />
      </form>
      {answer ? (
        <section className="card" aria-labelledby="results-h">
          <h2 id="results-h">{t('search.results', { n: results.length })}</h2>
          <PartialErrors errors={answer.errors} />
          <Outcome action={request} />
          <table data-testid="search-results">
            <thead>
              <tr>
                <th>{t('common.city')}</th>
                <th>{t('search.level')}</th>
                <th>{t('common.title')}</th>
                <th>TLP</th>
                <th>{t('search.redacted')}</th>
                <th>{t('search.contact')}</th>
                <th>{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {results.map((r) => (
                <tr key={`${r.city}-${r.id}`} data-testid="search-result" data-level={r.accessLevel} data-city={r.city}>
                  <td>
                    <City code={r.city} />
                  </td>
                  <td>
                    <Badge value={r.accessLevel} />
                  </td>
                  <td>
                    {r.report?.title ? <strong>{r.report.title}</strong> : <em>{t('search.hitOnlyNote', { ref: r.id })}</em>}
                    {r.report?.summary ? <div className="muted">{r.report.summary}</div> : null}
                  </td>
                  <td>{r.report ? <Badge value={r.report.tlp} kind={`tlp-${r.report.tlp}`} /> : '—'}</td>
                  <td>{r.redactedFields.join(', ') || '—'}</td>
                  <td>{r.contact ? `${r.contact.unit} ${r.contact.phone ?? ''}` : '—'}</td>
                  <td>
                    {r.accessLevel === 'HIT_ONLY' ? (
                      <button type="button" onClick={() => requestDetails(r)} disabled={request.busy}>
                        {t('search.requestDetails')}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </>
  );
}
