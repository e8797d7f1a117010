import { batchHash, envelopeHash, type Envelope } from '@ypf/delivery';
import { NodeAuthService } from '../auth/node-auth.service.js';
import { DeliveryProcessor } from '../modules/delivery/delivery.processor.js';
import type { TestCluster } from './test-node.js';

interface OutboxRow {
  id: string;
  target_city: string;
  kind: string;
  stream_key: string;
  stream_seq: number;
  payload: string;
  created_at: Date;
}

const toEnvelope = (source: string, row: OutboxRow): Envelope => ({
  id: row.id,
  source,
  target: row.target_city,
  kind: row.kind,
  streamKey: row.stream_key,
  streamSeq: row.stream_seq,
  createdAt: new Date(row.created_at).toISOString(),
  payload: row.payload,
});

/**
 * Posts stored outbox messages to their target in one `deliverMessages` call, as the delivery jobs do when they run
 * together. `signFor` signs other envelopes than those sent (a forged batch).
 */
export async function deliverBatchByHand(
  cluster: TestCluster,
  source: string,
  rows: OutboxRow[],
  opts: { signFor?: OutboxRow[] } = {},
): Promise<{ data: { messageId: string; status: string; detail: string | null }[] | null; errors?: { message: string; extensions?: { code?: string } }[] }> {
  const target = rows[0].target_city;
  const envelopes = rows.map((r) => toEnvelope(source, r));
  const token = cluster.nodes[source].app.get(NodeAuthService).tokenFor(target, 30, batchHash((opts.signFor ?? rows).map((r) => toEnvelope(source, r))));
  const res = await fetch(cluster.urls[target], {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-ypf-node-token': token },
    body: JSON.stringify({
      query: `mutation($e: [DeliveryEnvelopeInput!]!) { ${target} { deliverMessages(envelopes: $e) { messageId status detail } } }`,
      variables: { e: envelopes },
    }),
  });
  const body = (await res.json()) as { data?: Record<string, { deliverMessages: { messageId: string; status: string; detail: string | null }[] } | null>; errors?: [] };
  return { data: body.data?.[target]?.deliverMessages ?? null, errors: body.errors };
}

/** Posts a stored outbox message to its target exactly as the delivery job would (a retry, a replay, a reordering). */
export async function deliverByHand(cluster: TestCluster, source: string, row: OutboxRow): Promise<{ status: string; detail: string | null }> {
  const envelope = toEnvelope(source, row);
  const token = cluster.nodes[source].app.get(NodeAuthService).tokenFor(row.target_city, 30, envelopeHash(envelope));
  const res = await fetch(cluster.urls[row.target_city], {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-ypf-node-token': token },
    body: JSON.stringify({
      query: `mutation($e: DeliveryEnvelopeInput!) { ${row.target_city} { deliverMessage(envelope: $e) { status detail } } }`,
      variables: { e: envelope },
    }),
  });
  const body = (await res.json()) as { data?: Record<string, { deliverMessage: { status: string; detail: string | null } }>; errors?: unknown };
  if (!body.data?.[row.target_city]) throw new Error(`delivery by hand failed: ${JSON.stringify(body.errors)}`);
  return body.data[row.target_city].deliverMessage;
}

/** Pauses a node's delivery worker (messages stay queued); returns the function that resumes it. */
export async function holdDelivery(cluster: TestCluster, city: string): Promise<() => Promise<void>> {
  const worker = cluster.nodes[city].app.get(DeliveryProcessor).worker;
  await worker.pause();
  return async () => worker.resume();
}

/** Sends a crafted message from `source` to `target` exactly as a (possibly misbehaving) peer node could. */
export async function sendCrafted(
  cluster: TestCluster,
  source: string,
  target: string,
  message: { kind: string; streamKey: string; streamSeq: number; payload: Record<string, unknown> },
): Promise<{ status: string; detail: string | null }> {
  const { ulid } = await import('@ypf/region');
  const { canonicalJson } = await import('@ypf/audit');
  return deliverByHand(cluster, source, {
    id: ulid(),
    target_city: target,
    kind: message.kind,
    stream_key: message.streamKey,
    stream_seq: message.streamSeq,
    payload: canonicalJson(message.payload),
    created_at: new Date(),
  });
}

/**
 * A delivery signed by `source` with its real key (from the test key directory), as a compromised node could send
 * it: `source` need not run in the cluster. Each call is its own stream.
 */
export async function deliverSignedBy(
  cluster: TestCluster,
  source: string,
  target: string,
  kind: string,
  payload: Record<string, unknown>,
): Promise<{ status: string; detail: string }> {
  const { ulid } = await import('@ypf/region');
  const { loadPrivateKey, signNodeToken } = await import('@ypf/auth');
  const { testEnv } = await import('@ypf/testing');
  const id = ulid();
  const envelope: Envelope = { id, source, target, kind, streamKey: `forged#${id}`, streamSeq: 1, createdAt: new Date().toISOString(), payload: JSON.stringify(payload) };
  const token = signNodeToken(loadPrivateKey(testEnv.keysDir(), source), source, target, 30, envelopeHash(envelope));
  const res = await fetch(cluster.urls[target], {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-ypf-node-token': token },
    body: JSON.stringify({ query: `mutation($e: DeliveryEnvelopeInput!) { ${target} { deliverMessage(envelope: $e) { status detail } } }`, variables: { e: envelope } }),
  });
  return ((await res.json()) as { data: Record<string, { deliverMessage: { status: string; detail: string } }> }).data[target].deliverMessage;
}
