/**
 * GraphQL over HTTP for the console. Two endpoints, two tokens (docs/calling.md):
 * - reads across cities go to the gateway (`/graphql`) with the SESSION token (the gateway exchanges it at the home
 *   node for a read token per city, so no city ever holds a token good at another), and the purpose as X-Purpose;
 * - reads of the officer's own city's working data go to the gateway with the HOME token (`readHome`);
 * - login, writes and the live feed go to the officer's HOME node through the gateway's same-origin passage
 *   (`/nodes/<city>/graphql`, `/nodes/<city>/feed`) with the HOME token, which never reaches another city.
 * No normalised client cache: every cross-city read is decided and audited by the city that holds the data, for the
 * purpose given now, so the console asks again rather than showing what an earlier purpose fetched.
 * The operations themselves are in operations.ts, where a spec checks them against the API schema.
 */
import * as ops from './operations';
import type { AcrossCities } from './operations';

export interface Officer {
  id: string;
  city: string;
  name: string;
  roles: string[];
}

export interface Session {
  city: string;
  token: string;
  homeToken: string;
  expiresAt: string;
  /** When the session ends however often it is renewed (the node's SESSION_MAX_HOURS after the password). */
  sessionEndsAt: string;
  /** Minutes without the officer's hand on the console after which it stops renewing (SESSION_IDLE_MINUTES). */
  idleMinutes: number;
  /** Failed logins on the account since its last successful one (the officer is told). */
  failedLogins?: number;
  officer: Officer;
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly city?: string,
  ) {
    super(message);
  }
}

interface GraphqlAnswer<T> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; city?: string } }[];
}

async function post<T>(url: string, query: string, variables: Record<string, unknown>, headers: Record<string, string>): Promise<GraphqlAnswer<T>> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
  } catch (e) {
    throw new ApiError((e as Error).message, 'NETWORK');
  }
  const text = await res.text();
  try {
    return JSON.parse(text) as GraphqlAnswer<T>;
  } catch {
    throw new ApiError(`HTTP ${res.status}: ${text.slice(0, 200)}`, res.status === 404 ? 'NOT_FOUND' : 'NETWORK');
  }
}

const toErrors = (answer: GraphqlAnswer<unknown>) =>
  (answer.errors ?? []).map(
    // The city: as the node said it, else where the error sits in a region read ({ region { <city> { … } } }).
    (e) => new ApiError(e.message, e.extensions?.code ?? 'INTERNAL_SERVER_ERROR', e.extensions?.city ?? (e.path?.[0] === 'region' && typeof e.path[1] === 'string' ? e.path[1] : undefined)),
  );

function bearer(token: string, purpose?: string): Record<string, string> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  // Headers are Latin-1: the node decodes a percent-encoded purpose (so 泰州 case references travel too).
  if (purpose && purpose.trim()) headers['x-purpose'] = encodeURIComponent(purpose.trim());
  return headers;
}

export interface ReadResult<T> {
  data: T;
  /** Per-city errors (a dead city, a refused read) beside the other cities' data. */
  errors: ApiError[];
}

/** A read through the gateway. Partial answers keep their data; an answer with no data at all throws. */
export async function read<T>(session: Session, query: string, variables: Record<string, unknown> = {}, purpose?: string): Promise<ReadResult<T>> {
  const answer = await post<T>('/graphql', query, variables, bearer(session.token, purpose));
  const errors = toErrors(answer);
  if (!answer.data) throw errors[0] ?? new ApiError('empty answer', 'INTERNAL_SERVER_ERROR');
  return { data: answer.data, errors };
}

/**
 * A read of the officer's own city's working data (worklists, notifications, watch entries, audit, ...) through the
 * gateway with the home token, which the gateway forwards to the home node only.
 */
export async function readHome<T>(session: Session, query: string, variables: Record<string, unknown> = {}, purpose?: string): Promise<ReadResult<T>> {
  const answer = await post<T>('/graphql', query, variables, bearer(session.homeToken, purpose));
  const errors = toErrors(answer);
  if (!answer.data) throw errors[0] ?? new ApiError('empty answer', 'INTERNAL_SERVER_ERROR');
  return { data: answer.data, errors };
}

/** A write at the officer's home node; any error throws. */
export async function write<T>(session: Session, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const answer = await post<T>(`/nodes/${session.city}/graphql`, query, variables, bearer(session.homeToken));
  const errors = toErrors(answer);
  if (errors.length > 0 || !answer.data) throw errors[0] ?? new ApiError('empty answer', 'INTERNAL_SERVER_ERROR');
  return answer.data;
}

/** Logs in at the home node: session token for reads of the region, home token for writes and the own city's data. */
export async function login(city: string, username: string, password: string): Promise<Session> {
  const answer = await post<Record<string, { login: Omit<Session, 'city'> }>>(`/nodes/${city}/graphql`, ops.login(city), { u: username, p: password }, {});
  const errors = toErrors(answer);
  const result = answer.data?.[city]?.login;
  if (!result) throw errors[0] ?? new ApiError('login failed', 'INTERNAL_SERVER_ERROR');
  return { city, ...result };
}

/** New short-lived tokens for the same officer, from their home node (the console renews while the officer works). */
export async function renewSession(session: Session): Promise<Session> {
  const result = await write<Record<string, { renewSession: Omit<Session, 'city'> }>>(session, ops.renewSession(session.city));
  return { city: session.city, ...result[session.city].renewSession };
}

/** A region read of the same selection at several cities: `{ region { a { …sel } b { …sel } } }`. */
export function acrossCities(cities: readonly string[], { variables, selection }: AcrossCities): string {
  return `query${variables ? `(${variables})` : ''} { region { ${cities.map((c) => `${c} { ${selection} }`).join(' ')} } }`;
}
