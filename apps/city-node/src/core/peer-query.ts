import http from 'node:http';
import https from 'node:https';
import { parseJson } from '@ypf/common';
import { REGION_ID } from '@ypf/region';

/** A peer node's answer that carried no data for the asked field (an error, or the city refused). */
export class PeerQueryError extends Error {}

/**
 * One node-to-node read: `selection` on the peer's own `Region.<city>` field through `_entities`, signed with a node
 * token addressed to that city. Returns the field's value or throws a PeerQueryError naming the city and the cause.
 */
export async function queryPeer<T>(args: {
  city: string;
  url: string;
  nodeToken: string;
  /** e.g. `$i: CaseSeriesInput!` (empty for none) */
  variableDefinitions: string;
  /** the field with its arguments and sub-selection, e.g. `caseCountSeries(input: $i) { periodStart count }` */
  selection: string;
  variables: Record<string, unknown>;
  timeoutMs: number;
}): Promise<T> {
  const field = args.selection.slice(0, args.selection.search(/[\s({]/));
  const { status, body } = await postToPeer<{ _entities?: Record<string, Record<string, unknown> | null>[] }>({
    ...args,
    query: `query Peer${args.variableDefinitions ? `(${args.variableDefinitions})` : ''} { _entities(representations: [{ __typename: "Region", id: "${REGION_ID}" }]) { ... on Region { ${args.city} { ${args.selection} } } } }`,
  });
  const value = body?.data?._entities?.[0]?.[args.city]?.[field];
  if (status < 200 || status > 299 || value === undefined || value === null) {
    throw new PeerQueryError(`${args.city} answered HTTP ${status}: ${body?.errors?.map((e) => e.message).join('; ') ?? `no ${field}`}`);
  }
  return value as T;
}

/**
 * One signed POST of a GraphQL operation to a peer node. A peer that cannot be reached (refused, timed out) is a
 * PeerQueryError naming the city and the cause; any HTTP answer is returned with its parsed body (null if not JSON).
 */
export async function postToPeer<T>(args: { city: string; url: string; nodeToken: string; query: string; variables?: Record<string, unknown>; timeoutMs: number }) {
  let res: { status: number; text: string };
  try {
    res = await postJson(args.url, { 'x-ypf-node-token': args.nodeToken }, JSON.stringify({ query: args.query, variables: args.variables ?? {} }), args.timeoutMs);
  } catch (e) {
    const err = e as Error & { code?: string };
    throw new PeerQueryError(`${args.city} did not answer: ${err instanceof PeerTimeout ? `no answer within ${args.timeoutMs} ms` : err.message}`);
  }
  return { status: res.status, body: (parseJson(res.text) ?? null) as { data?: T; errors?: { message: string }[] } | null };
}

class PeerTimeout extends Error {}


/**
 * Kept-alive connections to the peers, one pool per scheme. Node's own HTTP client rather than `fetch`: delivery sends
 * a call per batch, and fetch's streams, abort signals and header checks cost more CPU than the call's own work.
 */
const agents = { 'http:': new http.Agent({ keepAlive: true }), 'https:': new https.Agent({ keepAlive: true }) };

/**
 * POSTs a JSON body and reads the whole answer; fails (PeerTimeout) when the answer has not ended within `timeoutMs`.
 * A kept-alive connection the peer closed just as it was reused (reset before any answer came) is retried once on a
 * new one, as Node advises. The outcome is settled once: a request and its response can both report the same reset.
 */
function postJson(url: string, headers: Record<string, string>, body: string, timeoutMs: number, retried = false): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const client = target.protocol === 'https:' ? https : http;
    let settled = false;
    let answered = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const fail = (e: Error & { code?: string }) =>
      settle(() => (!retried && !answered && req.reusedSocket && e.code === 'ECONNRESET' ? resolve(postJson(url, headers, body, timeoutMs, true)) : reject(e)));
    const req = client.request(
      target,
      { method: 'POST', agent: agents[target.protocol as keyof typeof agents], headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', fail);
        res.on('end', () => settle(() => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') })));
      },
    );
    const timer = setTimeout(() => req.destroy(new PeerTimeout()), timeoutMs);
    req.on('error', fail);
    req.end(body);
  });
}
