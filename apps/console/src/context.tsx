import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { createClient, type Client } from 'graphql-ws';
import { ApiError, readHome, type Session, write } from './api';
import { errorKey, translate, type Lang, type MessageKey } from './i18n';
import * as ops from './operations';

export interface FeedEvent {
  id: string;
  kind: string;
  text: string;
  reference: string;
  createdAt: string;
  params: { name: string; value: string }[];
}

interface ConsoleState {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
  session: Session;
  purpose: string;
  setPurpose: (purpose: string) => void;
  logout: () => void;
  /** Events from the home node's feed, newest first. */
  events: FeedEvent[];
  feedLive: boolean;
  /** Bumped per event kind prefix (`assistance`, `watch`, …) so screens reload when their data changed. */
  version: (prefix: string) => number;
  dismiss: (id: string) => void;
  /** Notices newer than the officer's read marker (the marker is kept at the home node, across logins). */
  unread: number;
  isUnread: (id: string) => boolean;
  /** Moves the read marker to the newest notice shown. */
  markAllRead: () => Promise<void>;
}

const Ctx = createContext<ConsoleState | null>(null);

export function useConsole(): ConsoleState {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error('useConsole outside ConsoleProvider');
  return ctx;
}

/**
 * The live feed at the home node (through the gateway's /nodes/<city>/feed passage), with the home token in
 * connectionParams. On a reconnect it resumes from the last event seen (`since`), so nothing committed meanwhile is missed.
 */
function useFeed(session: Session, since: string | undefined, onEvent: (e: FeedEvent) => void): boolean {
  const [live, setLive] = useState(false);
  const handler = useRef(onEvent);
  handler.current = onEvent;
  // The last event received, kept across reconnections (a renewed token reconnects): the feed resumes after it.
  const last = useRef<string | null | undefined>(undefined);
  useEffect(() => {
    // Not before the read marker is known: the feed replays the unread notices from there.
    if (since === undefined) return;
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    if (last.current === undefined) last.current = since || null;
    let lastId: string | null = last.current;
    let disposed = false;
    const client: Client = createClient({
      url: `${scheme}://${location.host}/nodes/${session.city}/feed`,
      connectionParams: { authorization: `Bearer ${session.homeToken}` },
      retryAttempts: Infinity,
      shouldRetry: () => !disposed,
      on: { connected: () => setLive(true), closed: () => setLive(false) },
    });
    let unsubscribe = () => undefined as void;
    const subscribe = () => {
      unsubscribe = client.subscribe<{ cityFeed: FeedEvent }>(
        { query: ops.FEED_SUBSCRIPTION, variables: { since: lastId } },
        {
          next: ({ data }) => {
            if (!data?.cityFeed) return;
            lastId = last.current = data.cityFeed.id;
            handler.current(data.cityFeed);
          },
          error: () => {
            if (!disposed) setTimeout(subscribe, 2000);
          },
          complete: () => undefined,
        },
      );
    };
    subscribe();
    return () => {
      disposed = true;
      unsubscribe();
      void client.dispose();
    };
  }, [session.city, session.homeToken, since]);
  return live;
}

/** Notice ids are database sequence numbers: compared as numbers, not as text. */
const newer = (a: string, b: string) => BigInt(a) > BigInt(b);

export function ConsoleProvider(props: { session: Session; lang: Lang; setLang: (l: Lang) => void; logout: () => void; children: ReactNode }) {
  const { session, lang } = props;
  const [purpose, setPurposeState] = useState(() => sessionStorage.getItem('ypf.purpose') ?? '');
  const [events, setEvents] = useState<FeedEvent[]>([]);
  const [versions, setVersions] = useState<Record<string, number>>({});
  const setPurpose = useCallback((p: string) => {
    setPurposeState(p);
    sessionStorage.setItem('ypf.purpose', p);
  }, []);
  // Where the officer's unread notices start (undefined until the home node has said; '' when it could not).
  const [since, setSince] = useState<string | undefined>(undefined);
  const [readUpTo, setReadUpTo] = useState('0');
  useEffect(() => {
    readHome<{ region: Record<string, { notificationsUnreadSince: string }> }>(session, ops.notificationsUnreadSince(session.city))
      .then((r) => {
        const marker = r.data.region[session.city]?.notificationsUnreadSince ?? '';
        setReadUpTo(marker || '0');
        setSince(marker);
      })
      .catch(() => setSince(''));
    // Once per officer, not per renewed token: a renewal reconnects the feed, which resumes where it was.
    // (Deliberately not on the session's token: see above.)
  }, [session.city, session.officer.id]);
  const feedLive = useFeed(session, since, (e) => {
    setEvents((list) => (list.some((x) => x.id === e.id) ? list : [e, ...list].slice(0, 50)));
    const prefix = e.kind.split('.')[0];
    setVersions((v) => ({ ...v, [prefix]: (v[prefix] ?? 0) + 1, '*': (v['*'] ?? 0) + 1 }));
  });
  const value = useMemo<ConsoleState>(
    () => ({
      lang,
      setLang: props.setLang,
      t: (key, params) => translate(lang, key, params),
      session,
      purpose,
      setPurpose,
      logout: props.logout,
      events,
      feedLive,
      version: (prefix) => versions[prefix] ?? 0,
      dismiss: (id) => setEvents((list) => list.filter((e) => e.id !== id)),
      unread: events.filter((e) => newer(e.id, readUpTo)).length,
      isUnread: (id) => newer(id, readUpTo),
      markAllRead: async () => {
        const newest = events[0]?.id;
        if (!newest || !newer(newest, readUpTo)) return;
        const r = await write<Record<string, { markNotificationsRead: string }>>(session, ops.markNotificationsRead(session.city), { upTo: newest });
        setReadUpTo(r[session.city].markNotificationsRead);
      },
    }),
    [lang, props.setLang, session, purpose, setPurpose, props.logout, events, feedLive, versions, readUpTo],
  );
  return <Ctx.Provider value={value}>{props.children}</Ctx.Provider>;
}

/** An error in the officer's language, with what the server said (and which city) underneath. */
export function ErrorNote({ error }: { error: unknown }) {
  const { t } = useConsole();
  return <ErrorText error={error} t={t} />;
}

export function ErrorText({ error, t }: { error: unknown; t: ConsoleState['t'] }) {
  if (!error) return null;
  const e = error instanceof ApiError ? error : new ApiError(String((error as Error)?.message ?? error), 'INTERNAL_SERVER_ERROR');
  const key = e.code === 'NETWORK' ? 'error.network' : errorKey(e.code);
  return (
    <div className="error" role="alert" data-code={e.code}>
      <strong>{key ? t(key) : t('error.generic')}</strong>
      {e.city ? ` (${e.city})` : ''}
      <div className="server-message">
        {t('error.serverSaid', { message: e.message })} <code>{e.code}</code>
      </div>
    </div>
  );
}
