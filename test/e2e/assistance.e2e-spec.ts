import { CITY_CODES } from '@ypf/region';
import { eventually, gql, homeTokenFor, testEnv, tokenFor } from '@ypf/testing';

/** Assistance across the booted region: filed through the gateway, delivered node to node, answered, seen both ways. */
describe('assistance across the region', () => {
  const gw = () => testEnv.gatewayUrl();

  it('finds who has K9 teams across all eight cities in one request', async () => {
    const r = await gql(gw(), `{ region { ${CITY_CODES.map((c) => `${c} { resourceCatalogue(filter: { resourceTypes: [K9] }) { id city count } }`).join(' ')} } }`, {
      token: tokenFor('taizhou', 'LIAISON_OFFICER'),
    });
    expect(r.errors).toBeUndefined();
    const holders = CITY_CODES.filter((c) => r.data!.region[c].resourceCatalogue.length > 0);
    expect(holders).toEqual(['changzhou', 'taizhou']);
  });

  it('is filed at Taizhou from the catalogue, arrives at Changzhou, is acknowledged, and Taizhou sees the answer', async () => {
    const tz = homeTokenFor('taizhou', 'LIAISON_OFFICER');
    const cz = homeTokenFor('changzhou', 'LIAISON_OFFICER');
    const created = await gql(gw(), 'mutation($input: AssistanceRequestInput!) { taizhou { createAssistanceRequest(input: $input) { id } } }', {
      token: tz,
      variables: {
        input: {
          kind: 'SPECIALIST_TEAM', title: 'K9 sweep for the river festival', description: 'Two dog teams, explosives search.', resourceType: 'K9', quantity: 2,
          catalogueEntryIds: ['changzhou:k9'], location: 'Taizhou river front', startsAt: '2026-12-24T08:00:00+08:00', servesReference: 'TZ-EVENT-2026-24',
          priority: 'URGENT', targetCities: ['changzhou'],
        },
      },
    });
    expect(created.errors).toBeUndefined();
    const id = created.data!.taizhou.createAssistanceRequest.id;
    await gql(gw(), `mutation { taizhou { submitAssistanceRequest(id: "${id}") { status } } }`, { token: tz });
    const incoming = await eventually(async () => {
      const r = await gql(gw(), '{ region { changzhou { assistanceRequests(filter: { direction: INCOMING }) { id answers { status ackDueAt } } } } }', { token: cz });
      return r.data?.region.changzhou.assistanceRequests.find((x: { id: string }) => x.id === id);
    });
    expect(incoming.answers[0].status).toBe('SUBMITTED');
    const ack = await gql(gw(), `mutation { changzhou { answerAssistanceRequest(id: "${id}", input: { action: ACKNOWLEDGE }) { answers { status } } } }`, { token: cz });
    expect(ack.errors).toBeUndefined();
    const seen = await eventually(async () => {
      const r = await gql(gw(), `{ region { taizhou { assistanceRequest(id: "${id}") { answers { city status acknowledgedAt } } } } }`, { token: tz });
      const a = r.data?.region.taizhou.assistanceRequest?.answers[0];
      return a?.status === 'ACKNOWLEDGED' ? a : null;
    });
    expect(seen.city).toBe('changzhou');
    const outbox = await gql(gw(), `{ region { taizhou { outboxMessages(filter: { streamKey: "${id}" }) { status attempts kind } } } }`, { token: homeTokenFor('taizhou', 'SUPERVISOR') });
    expect(outbox.data!.region.taizhou.outboxMessages).toEqual([{ status: 'DELIVERED', attempts: 1, kind: 'assistance.submitted' }]);
  });

  it('refuses a delivery call without a node token, and an officer token in its place', async () => {
    const envelope = { id: '01JZZZZZZZZZZZZZZZZZZZZZZZ', source: 'taizhou', target: 'suzhou', kind: 'assistance.message', streamKey: 'x', streamSeq: 1, createdAt: new Date().toISOString(), payload: '{}' };
    const q = 'mutation($e: DeliveryEnvelopeInput!) { suzhou { deliverMessage(envelope: $e) { status } } }';
    const none = await gql(gw(), q, { variables: { e: envelope } });
    expect(none.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const officer = await gql(gw(), q, { variables: { e: envelope }, headers: { 'x-ypf-node-token': tokenFor('taizhou', 'ADMIN') } });
    expect(officer.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
