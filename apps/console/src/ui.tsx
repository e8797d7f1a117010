import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { CITIES } from '@ypf/region';
import { ErrorNote, useConsole } from './context';
import { cityLabel, valueLabel } from './i18n';
import type { ApiError } from './api';

/** Loads on mount and whenever `deps` change; `reload` asks again. Stale answers of an older load are dropped. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]) {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const seq = useRef(0);
  const reload = useCallback(() => {
    const mine = ++seq.current;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => mine === seq.current && setState({ data, loading: false }),
      (error: unknown) => mine === seq.current && setState({ error, loading: false }),
    );
  }, deps);
  useEffect(reload, [reload]);
  return { ...state, reload };
}

/** Runs a write and keeps its outcome for display (one at a time per form). */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = useCallback(async (fn: () => Promise<string | void>) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const message = await fn();
      setDone(message ?? null);
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, done, run };
}

export function Outcome({ action }: { action: ReturnType<typeof useAction> }) {
  return (
    <>
      {action.error ? <ErrorNote error={action.error} /> : null}
      {action.done ? (
        <p className="done" role="status">
          {action.done}
        </p>
      ) : null}
    </>
  );
}

/**
 * Errors that came back beside partial data (a city that did not answer). A missing purpose is one problem, not one
 * per city (issue 17): it is said once, naming the cities that refused, with a way to the purpose field.
 */
export function PartialErrors({ errors }: { errors?: ApiError[] }) {
  const { t, lang } = useConsole();
  if (!errors || errors.length === 0) return null;
  const noPurpose = errors.filter((e) => e.code === 'PURPOSE_REQUIRED');
  const rest = errors.filter((e) => e.code !== 'PURPOSE_REQUIRED');
  return (
    <>
      {noPurpose.length ? (
        <div className="error" role="alert" data-code="PURPOSE_REQUIRED">
          <strong>{t('error.PURPOSE_REQUIRED')}</strong>{' '}
          <span className="muted">({noPurpose.map((e) => (e.city ? cityLabel(lang, e.city) : '')).filter(Boolean).join('、')})</span>{' '}
          <button type="button" className="link" onClick={() => document.getElementById('purpose')?.focus()}>
            {t('session.enterPurpose')}
          </button>
        </div>
      ) : null}
      {rest.map((e, i) => (
        <ErrorNote key={i} error={e} />
      ))}
    </>
  );
}

export function Loading({ loading }: { loading: boolean }) {
  const { t } = useConsole();
  return loading ? (
    <p className="muted" aria-live="polite">
      {t('common.loading')}
    </p>
  ) : null;
}

export function Field(props: { label: string; children: (id: string) => ReactNode; hint?: string }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {props.children(id)}
      {props.hint ? <small className="muted">{props.hint}</small> : null}
    </div>
  );
}

export function Badge({ value, kind }: { value: string | null | undefined; kind?: string }) {
  const { lang } = useConsole();
  if (!value) return null;
  return <span className={`badge badge-${(kind ?? value).toLowerCase().replace(/_/g, '-')}`}>{valueLabel(lang, value)}</span>;
}

export function City({ code }: { code: string }) {
  const { lang } = useConsole();
  return <span className="city">{cityLabel(lang, code)}</span>;
}

export function CityPicker(props: { legend: string; value: string[]; onChange(v: string[]): void; exclude?: string }) {
  const { lang } = useConsole();
  return (
    <fieldset className="city-picker">
      <legend>{props.legend}</legend>
      {CITIES.filter((c) => c.code !== props.exclude).map((c) => (
        <label key={c.code} className="check">
          <input
            type="checkbox"
            name="city"
            value={c.code}
            checked={props.value.includes(c.code)}
            onChange={(e) => props.onChange(e.target.checked ? [...props.value, c.code] : props.value.filter((x) => x !== c.code))}
          />
          {cityLabel(lang, c.code)}
        </label>
      ))}
    </fieldset>
  );
}

export function Select(props: { id: string; value: string; values: readonly string[]; onChange(v: string): void; blank?: string }) {
  const { lang } = useConsole();
  return (
    <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
      {props.blank !== undefined ? <option value="">{props.blank}</option> : null}
      {props.values.map((v) => (
        <option key={v} value={v}>
          {valueLabel(lang, v)}
        </option>
      ))}
    </select>
  );
}

/** Asks for a reason or text with the browser's own (keyboard-accessible) prompt; null when cancelled or empty. */
export function ask(question: string): string | null {
  const answer = window.prompt(question);
  return answer && answer.trim() ? answer.trim() : null;
}

/** Re-renders every `ms` so countdowns move. */
export function useNow(ms = 30_000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

// The region's vocabulary, one copy for nodes and console.
export { CRIME_CATEGORIES, IDENTIFIER_KINDS } from '@ypf/vocabulary';

export const RESOURCE_TYPES = [
  'PERSONNEL', 'SWAT', 'K9', 'EOD', 'CYBER_FORENSICS', 'DRONE', 'SPECIAL_VEHICLE', 'MARINE', 'NEGOTIATOR', 'FORENSIC_LAB', 'TRAFFIC_CONTROL', 'OTHER',
] as const;

export interface ReadResultLike<T> {
  data: T;
  errors: ApiError[];
}
