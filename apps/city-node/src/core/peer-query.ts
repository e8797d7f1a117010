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
  let res: Response;
  try {
    res = await fetch(args.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-ypf-node-token': args.nodeToken },
      body: JSON.stringify({
        query: `query Peer${args.variableDefinitions ? `(${args.variableDefinitions})` : ''} { _entities(representations: [{ __typename: "Region", id: "${REGION_ID}" }]) { ... on Region { ${args.city} { ${args.selection} } } } }`,
        variables: args.variables,
      }),
      signal: AbortSignal.timeout(args.timeoutMs),
    });
  } catch (e) {
    const err = e as Error;
    throw new PeerQueryError(`${args.city} did not answer: ${err.name === 'TimeoutError' ? `no answer within ${args.timeoutMs} ms` : ((err.cause as Error | undefined)?.message ?? err.message)}`);
  }
  const body = (await res.json().catch(() => null)) as { data?: { _entities?: Record<string, Record<string, unknown> | null>[] }; errors?: { message: string }[] } | null;
  const value = body?.data?._entities?.[0]?.[args.city]?.[field];
  if (!res.ok || value === undefined || value === null) {
    throw new PeerQueryError(`${args.city} answered HTTP ${res.status}: ${body?.errors?.map((e) => e.message).join('; ') ?? `no ${field}`}`);
  }
  return value as T;
}
