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
  let res: Response;
  try {
    res = await fetch(args.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-ypf-node-token': args.nodeToken },
      body: JSON.stringify({ query: args.query, variables: args.variables ?? {} }),
      signal: AbortSignal.timeout(args.timeoutMs),
    });
  } catch (e) {
    const err = e as Error;
    throw new PeerQueryError(`${args.city} did not answer: ${err.name === 'TimeoutError' ? `no answer within ${args.timeoutMs} ms` : ((err.cause as Error | undefined)?.message ?? err.message)}`);
  }
  const body = (await res.json().catch(() => null)) as { data?: T; errors?: { message: string }[] } | null;
  return { status: res.status, body };
}
