import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { CITIES } from '@ypf/region';
import { login, renewSession, type Session } from './api';
import { ConsoleProvider, ErrorText, useConsole } from './context';
import { cityLabel, formatTime, noticeLabel, noticeText, translate, valueLabel, type Lang, type MessageKey } from './i18n';
import { OverviewScreen } from './screens/Overview';
import { SearchScreen } from './screens/Search';
import { AuthoringScreen } from './screens/Authoring';
import { AssistanceScreen } from './screens/Assistance';
import { WatchScreen } from './screens/Watch';
import { IncidentsScreen } from './screens/Incidents';
import { WarningsScreen } from './screens/Warnings';
import { AuditScreen } from './screens/Audit';
import { DeliveryScreen } from './screens/Delivery';

const SCREENS = {
  overview: OverviewScreen,
  search: SearchScreen,
  authoring: AuthoringScreen,
  assistance: AssistanceScreen,
  watch: WatchScreen,
  incidents: IncidentsScreen,
  warnings: WarningsScreen,
  audit: AuditScreen,
  delivery: DeliveryScreen,
} as const;
type ScreenName = keyof typeof SCREENS;

const screenFromHash = (): ScreenName => {
  const name = location.hash.replace(/^#\/?/, '');
  return name in SCREENS ? (name as ScreenName) : 'overview';
};

/** How long before its tokens expire the console renews a session in use. */
const RENEW_BEFORE_MS = 60_000;

function loadSession(): Session | null {
  try {
    const s = JSON.parse(sessionStorage.getItem('ypf.session') ?? 'null') as Session | null;
    return s && new Date(s.expiresAt).getTime() > Date.now() ? s : null;
  } catch {
    return null;
  }
}

export function App() {
  const [lang, setLangState] = useState<Lang>(() => (localStorage.getItem('ypf.lang') as Lang | null) ?? 'zh');
  const [session, setSession] = useState<Session | null>(loadSession);
  const [expired, setExpired] = useState(false);
  const setLang = useCallback((l: Lang) => {
    setLangState(l);
    localStorage.setItem('ypf.lang', l);
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = translate(lang, 'app.title');
  }, [lang]);
  const logout = useCallback(() => {
    sessionStorage.removeItem('ypf.session');
    setSession(null);
  }, []);
  // Tokens are short-lived (15 min). A minute before they expire the console renews them while the officer has used it
  // within the node's idle time (and the shift's session has not ended); otherwise, at expiry, the officer logs in again
  // rather than meeting a wall of errors.
  const lastActive = useRef(Date.now());
  useEffect(() => {
    const touch = () => (lastActive.current = Date.now());
    const events = ['pointerdown', 'keydown', 'pointermove', 'wheel'] as const;
    for (const e of events) window.addEventListener(e, touch, { passive: true });
    return () => {
      for (const e of events) window.removeEventListener(e, touch);
    };
  }, []);
  useEffect(() => {
    if (!session) return;
    const expiresAt = new Date(session.expiresAt).getTime();
    const end = setTimeout(() => {
      setExpired(true);
      logout();
    }, Math.max(expiresAt - Date.now(), 0));
    const renew = setTimeout(() => {
      const active = Date.now() - lastActive.current < session.idleMinutes * 60_000;
      if (!active || Date.now() >= new Date(session.sessionEndsAt).getTime()) return;
      renewSession(session).then(
        (s) => {
          sessionStorage.setItem('ypf.session', JSON.stringify(s));
          setSession(s);
        },
        () => undefined, // the session ends at expiry, as without renewal
      );
    }, Math.max(expiresAt - Date.now() - RENEW_BEFORE_MS, 0));
    return () => {
      clearTimeout(end);
      clearTimeout(renew);
    };
  }, [session, logout]);
  if (!session) {
    return (
      <LoginPage
        lang={lang}
        setLang={setLang}
        expired={expired}
        onLogin={(s) => {
          sessionStorage.setItem('ypf.session', JSON.stringify(s));
          setExpired(false);
          setSession(s);
        }}
      />
    );
  }
  return (
    <ConsoleProvider session={session} lang={lang} setLang={setLang} logout={logout}>
      <Shell />
    </ConsoleProvider>
  );
}

function LangButton({ lang, setLang }: { lang: Lang; setLang: (l: Lang) => void }) {
  return (
    <button type="button" className="lang" aria-label={translate(lang, 'lang.switchLabel')} onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
      {translate(lang, 'lang.switch')}
    </button>
  );
}

function LoginPage(props: { lang: Lang; setLang: (l: Lang) => void; expired: boolean; onLogin: (s: Session) => void }) {
  const { lang } = props;
  const t = (key: MessageKey) => translate(lang, key);
  const [city, setCity] = useState('taizhou');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      props.onLogin(await login(city, username.trim(), password));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="login">
      <header className="login-head">
        <h1>{t('app.title')}</h1>
        <LangButton lang={lang} setLang={props.setLang} />
      </header>
      <form onSubmit={(e) => void submit(e)} aria-labelledby="login-heading" className="card">
        <h2 id="login-heading">{t('login.heading')}</h2>
        {props.expired ? <p role="alert">{t('login.expired')}</p> : null}
        <div className="field">
          <label htmlFor="login-city">{t('login.city')}</label>
          <select id="login-city" value={city} onChange={(e) => setCity(e.target.value)}>
            {CITIES.map((c) => (
              <option key={c.code} value={c.code}>
                {cityLabel(lang, c.code)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="login-username">{t('login.username')}</label>
          <input id="login-username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="login-password">{t('login.password')}</label>
          <input id="login-password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
        <button type="submit" disabled={busy}>
          {t('login.submit')}
        </button>
        <ErrorText error={error} t={(k, p) => translate(lang, k, p)} />
        <p className="muted">{t('login.demo')}</p>
      </form>
    </main>
  );
}

function Shell() {
  const { t, lang, setLang, session, purpose, setPurpose, logout } = useConsole();
  const [screen, setScreen] = useState<ScreenName>(screenFromHash);
  useEffect(() => {
    const onHash = () => setScreen(screenFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const Screen = SCREENS[screen];
  return (
    <div className="shell">
      <a className="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        {t('nav.skip')}
      </a>
      <header className="top" aria-label={t('session.officer')}>
        <div className="brand">{t('app.short')}</div>
        <dl className="who" data-testid="officer">
          <div>
            <dt>{t('session.city')}</dt>
            <dd data-testid="officer-city">{cityLabel(lang, session.city)}</dd>
          </div>
          <div>
            <dt>{t('session.officer')}</dt>
            <dd>{session.officer.name}</dd>
          </div>
          <div>
            <dt>{t('session.roles')}</dt>
            <dd data-testid="officer-roles">{session.officer.roles.map((r) => valueLabel(lang, r)).join('、')}</dd>
          </div>
        </dl>
        <div className="purpose field">
          <label htmlFor="purpose">{t('session.purpose')}</label>
          <input id="purpose" value={purpose} placeholder="TZ-2026-0001" onChange={(e) => setPurpose(e.target.value)} aria-describedby="purpose-hint" />
          <small id="purpose-hint" className={purpose.trim() ? 'muted' : 'warn'}>
            {purpose.trim() ? t('session.purposeHint') : t('session.purposeMissing')}
          </small>
        </div>
        <div className="top-actions">
          <small className="muted">{t('session.expires', { time: formatTime(lang, session.expiresAt) })}</small>
          <LangButton lang={lang} setLang={setLang} />
          <button type="button" onClick={logout}>
            {t('session.logout')}
          </button>
        </div>
      </header>
      <nav className="nav" aria-label={t('nav.label')}>
        <ul>
          {(Object.keys(SCREENS) as ScreenName[]).map((name) => (
            <li key={name}>
              <a href={`#/${name}`} aria-current={name === screen ? 'page' : undefined}>
                {t(`nav.${name}` as MessageKey)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="main" tabIndex={-1}>
        {session.failedLogins ? (
          <p className="error" role="alert" data-testid="failed-logins">
            {t('session.failedLogins', { n: session.failedLogins })}
          </p>
        ) : null}
        <h1 className="screen-title">{t(`nav.${screen}` as MessageKey)}</h1>
        <Screen />
      </main>
      <Notifications />
    </div>
  );
}

function Notifications() {
  const { t, lang, events, feedLive, dismiss, unread, isUnread, markAllRead } = useConsole();
  const [marking, setMarking] = useState(false);
  const latest = events[0];
  const [toast, setToast] = useState<string | null>(null);
  useEffect(() => {
    if (!latest) return;
    setToast(latest.id);
    const timer = setTimeout(() => setToast(null), 8000);
    return () => clearTimeout(timer);
  }, [latest]);
  return (
    <aside className="feed" aria-labelledby="feed-heading">
      <h2 id="feed-heading">
        {t('feed.heading')}{' '}
        <span className={feedLive ? 'live' : 'offline'} data-testid="feed-state">
          {feedLive ? t('feed.live') : t('feed.offline')}
        </span>{' '}
        {unread > 0 ? (
          <span className="badge unread" data-testid="unread-count">
            {t('feed.unread', { count: unread })}
          </span>
        ) : null}
      </h2>
      {unread > 0 ? (
        <button type="button" className="link" disabled={marking} onClick={() => { setMarking(true); void markAllRead().finally(() => setMarking(false)); }}>
          {t('feed.markAllRead')}
        </button>
      ) : null}
      <ul aria-live="polite" data-testid="notifications">
        {events.length === 0 ? <li className="muted">{t('feed.empty')}</li> : null}
        {events.map((e) => (
          <li key={e.id} className={isUnread(e.id) ? 'event unread' : 'event'} data-kind={e.kind} data-unread={isUnread(e.id) ? 'true' : 'false'}>
            <div>
              <strong>{noticeLabel(lang, e.kind)}</strong> <small className="muted">{formatTime(lang, e.createdAt)}</small>
            </div>
            <div>{noticeText(lang, e)}</div>
            <small className="muted">{e.reference}</small>
            <button type="button" className="link" onClick={() => dismiss(e.id)}>
              {t('feed.dismiss')}
            </button>
          </li>
        ))}
      </ul>
      {latest && toast === latest.id ? (
        <div className="toast" role="status" data-testid="toast">
          <strong>{noticeLabel(lang, latest.kind)}</strong> {noticeText(lang, latest)}
        </div>
      ) : null}
    </aside>
  );
}
