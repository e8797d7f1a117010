export interface GqlResponse<T = Record<string, unknown>> {
  status: number;
  data: T | null | undefined;
  errors: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[] | undefined;
  ms: number;
}

export interface GqlOptions {
  token?: string;
  purpose?: string;
  headers?: Record<string, string>;
  variables?: Record<string, unknown>;
}

/** POSTs a GraphQL operation over real HTTP. */
export async function gql<T = Record<string, any>>(url: string, query: string, opts: GqlOptions = {}): Promise<GqlResponse<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.purpose) headers['x-purpose'] = opts.purpose;
  const started = Date.now();
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables: opts.variables ?? {} }) });
  const text = await res.text();
  let body: { data?: T | null; errors?: GqlResponse['errors'] };
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`non-JSON answer (${res.status}) from ${url}: ${text.slice(0, 300)}`);
  }
  return { status: res.status, data: body.data, errors: body.errors, ms: Date.now() - started };
}

/** Error codes of a response, for concise assertions. */
export const errorCodes = (r: Pick<GqlResponse, 'errors'>) => (r.errors ?? []).map((e) => e.extensions?.code);

/** Wraps a selection on one city's node as the gateway would send it (an _entities call on the Region). */
export function viaRegionEntity(city: string, selection: string): string {
  return `{ _entities(representations: [{ __typename: "Region", id: "yangtze-jiangsu" }]) { ... on Region { ${city} ${selection} } } }`;
}

/**
 * Polls every `everyMs` until `check` returns a truthy value (or throws with the last value after `timeoutMs`): waiting
 * for delivery between nodes.
 */
export async function eventually<T>(check: () => Promise<T | null | undefined | false>, timeoutMs = 30_000, what = 'condition', everyMs = 150): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const last = await check();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
