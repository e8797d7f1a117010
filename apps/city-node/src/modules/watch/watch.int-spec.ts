import { errorCodes, gql, homeTokenFor, viaRegionEntity, readTokenFor } from '@ypf/testing';
import { eventually, startTestCluster, startTestNode, type TestCluster, type TestNode } from '../../testing/test-node.js';
import { WatchReplicaService } from './watch-replica.service.js';

const ENTRY_FIELDS = `id leadCity status category action instruction legalBasis decisionReference offence riskLevel
  participatingCities reviewDate accessLevel description identifiers { kind value } proposedBy approvedBy transferCity
  endReason personalDataDeletedAt history { type actorCity reason }`;
const HIT_FIELDS = 'id entryId leadCity encounteringCity location ackDueAt acknowledgedAt escalatedAt overdue';

const PERSON_ID = '320102198001010016';
const PHONE = '13912345678';
const PLATE = '苏A12345';

const day = (offset: number) => new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);

const entryInput = (over: Record<string, unknown> = {}) => ({
  category: 'WANTED_ARREST',
  legalBasis: '刑事诉讼法 第81条 (arrest)',
  decisionReference: 'NJ-ARREST-2026-0042',
  offence: 'DRUG_TRAFFICKING',
  riskLevel: 'HIGH',
  participatingCities: ['suzhou'],
  reviewDate: day(200),
  identifiers: [
    { kind: 'PERSON_ID', value: PERSON_ID },
    { kind: 'PHONE', value: PHONE },
  ],
  description: 'Male, about 45, scar on the left hand.',
  ...over,
});

/**
 * Joint watch between real nodes (own databases, real HTTP, node tokens, BullMQ delivery): Nanjing leads, Suzhou
 * takes part, Wuxi does not.
 */
describe('joint watch of key persons across cities', () => {
  let cluster: TestCluster;
  const url = (city: string) => cluster.urls[city];
  const supervisor = (city: string) => homeTokenFor(city, 'SUPERVISOR');
  const liaison = (city: string) => homeTokenFor(city, 'LIAISON_OFFICER');

  const mutate = (city: string, field: string, args: string, token: string, variables: Record<string, unknown> = {}, fields = ENTRY_FIELDS) =>
    gql(url(city), `mutation${Object.keys(variables).length ? `(${Object.keys(variables).map((k) => `$${k}: ${k === 'input' ? (field === 'proposeWatchEntry' ? 'WatchEntryInput!' : field === 'fileWatchHit' ? 'WatchHitInput!' : 'WatchReviewInput!') : 'String!'}`).join(', ')})` : ''} { ${city} { ${field}${args} { ${fields} } } }`, { token, variables });
  const propose = async (over: Record<string, unknown> = {}, city = 'nanjing', token = liaison(city)) => {
    const r = await mutate(city, 'proposeWatchEntry', '(input: $input)', token, { input: entryInput(over) });
    expect(r.errors).toBeUndefined();
    return r.data![city].proposeWatchEntry.id as string;
  };
  const approve = (id: string, token = supervisor('nanjing'), city = 'nanjing') => mutate(city, 'approveWatchEntry', `(id: "${id}")`, token);
  const activeEntry = async (over: Record<string, unknown> = {}) => {
    const id = await propose(over);
    expect((await approve(id)).errors).toBeUndefined();
    return id;
  };
  type Ident = { kind: string; value: string };
  const MATCH = 'identifier { kind value } token reference leadCity accessLevel action instruction contact { city unit } entry { id accessLevel description identifiers { kind value } }';
  /**
   * The check one city asks of another, made at the caller's home node (the identifiers never leave it): the lead city
   * evaluates them blinded, the caller compares with its copy (brought up to date first, so that the test does not
   * wait for the schedule); a participant's hit is answered live by the lead. Returns that city's part.
   */
  const check = async (caller: string, target: string, identifiers: Ident[], role = 'LIAISON_OFFICER', purpose: string | undefined = 'traffic stop G42') => {
    await cluster.nodes[caller].app.get(WatchReplicaService).sync(target);
    const ids = identifiers.map((i) => `{ kind: ${i.kind}, value: ${JSON.stringify(i.value)} }`).join(', ');
    const r = await gql(
      url(caller),
      viaRegionEntity(caller, `{ checkWatchRegion(identifiers: [${ids}], cities: ["${target}"]) { hit matches { ${MATCH} } cities { city answeredFrom error } } }`),
      { token: homeTokenFor(caller, role), purpose },
    );
    const answer = r.data?._entities?.[0]?.[caller]?.checkWatchRegion as { hit: boolean; matches: Record<string, any>[]; cities: { city: string; answeredFrom: string; error: string | null }[] } | undefined;
    return { errors: r.errors, answer, matches: answer?.matches ?? [] };
  };
  const hitInput = (id: string, over: Record<string, unknown> = {}) => ({
    entryId: id,
    leadCity: 'nanjing',
    observedAt: new Date().toISOString(),
    location: 'Wuxi East railway station, exit 3',
    observation: 'Subject seen buying a ticket to Shanghai.',
    actionTaken: 'Held at the station police post, lead city called.',
    companions: 'one adult male',
    vehicle: null,
    ...over,
  });

  beforeAll(async () => {
    cluster = await startTestCluster(['nanjing', 'suzhou', 'wuxi'], {
      env: {
        DELIVERY_BACKOFF_MS: '100',
        DELIVERY_SWEEP_MS: '500',
        WATCH_SWEEP_MS: '300',
        SLA_POLICY: JSON.stringify({ URGENT: { acknowledgeSeconds: 2, answerSeconds: 60 } }),
        ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
      },
    });
  }, 60_000);
  afterAll(async () => cluster?.close(), 120_000);

  it('runs the lifecycle across three cities: approval, checks, a hit report to the lead and the participant, review, closure', async () => {
    // A supervisor cannot approve what they proposed; a liaison officer cannot approve at all.
    const own = await propose({ participatingCities: [] }, 'nanjing', supervisor('nanjing'));
    expect(errorCodes(await approve(own, supervisor('nanjing')))).toEqual(['SELF_APPROVAL']);
    const id = await propose();
    expect(errorCodes(await approve(id, liaison('nanjing')))).toEqual(['FORBIDDEN']);
    // Not checkable before approval.
    const before = await check('wuxi', 'nanjing', [{ kind: 'PHONE', value: PHONE }]);
    expect(before.answer).toMatchObject({ hit: false, matches: [] });
    const approved = await approve(id, supervisor('nanjing'));
    expect(approved.errors).toBeUndefined();
    expect(approved.data!.nanjing.approveWatchEntry).toMatchObject({ status: 'ACTIVE', action: 'LOCATE_AND_ARREST', accessLevel: 'FULL' });

    // A miss discloses nothing: the same empty shape whoever asks and whatever was asked.
    const miss = await check('wuxi', 'nanjing', [{ kind: 'VEHICLE_PLATE', value: PLATE }]);
    expect(miss.answer).toEqual({ hit: false, matches: [], cities: [{ city: 'nanjing', answeredFrom: 'REPLICA', error: null }] });
    expect((await check('suzhou', 'nanjing', [{ kind: 'VEHICLE_PLATE', value: PLATE }])).answer).toEqual(miss.answer);

    // A non-participant's hit: what to do, whom to contact, the reference to quote; nothing about the person.
    const wuxiIdentifiers = [{ kind: 'PHONE', value: '+86 139-1234-5678' }, { kind: 'VEHICLE_PLATE', value: PLATE }];
    const wuxiHit = await check('wuxi', 'nanjing', wuxiIdentifiers);
    expect(wuxiHit.errors).toBeUndefined();
    expect(wuxiHit.answer).toEqual({
      hit: true,
      cities: [{ city: 'nanjing', answeredFrom: 'REPLICA', error: null }],
      matches: [
        {
          identifier: { kind: 'PHONE', value: PHONE },
          token: expect.stringMatching(/^[0-9a-f]{64}$/),
          reference: id,
          leadCity: 'nanjing',
          accessLevel: 'HIT_ONLY',
          action: 'LOCATE_AND_ARREST',
          instruction: expect.stringMatching(/^Arrest under the named warrant/),
          contact: { city: 'nanjing', unit: expect.stringContaining('Nanjing') },
          entry: null,
        },
      ],
    });
    // A non-participant cannot read the entry either; a participant reads it as Nanjing's policy allows by role.
    const read = (caller: string, role: string) =>
      gql(url('nanjing'), viaRegionEntity('nanjing', `{ watchEntry(id: "${id}") { id accessLevel description identifiers { kind } } }`), { token: readTokenFor(caller, role, 'nanjing'), purpose: 'case NJ-0042' });
    expect((await read('wuxi', 'LIAISON_OFFICER')).data!._entities[0].nanjing.watchEntry).toBeNull();
    expect((await read('suzhou', 'LIAISON_OFFICER')).data!._entities[0].nanjing.watchEntry).toMatchObject({ accessLevel: 'FULL', description: expect.stringContaining('scar') });
    expect((await read('suzhou', 'ANALYST')).data!._entities[0].nanjing.watchEntry).toEqual({ id, accessLevel: 'SUMMARY', description: null, identifiers: null });
    // A participant's hit is answered live by the lead city, as its policy allows the participant's role.
    const suzhouHit = await check('suzhou', 'nanjing', [{ kind: 'PERSON_ID', value: PERSON_ID }]);
    expect(suzhouHit.answer!.cities).toEqual([{ city: 'nanjing', answeredFrom: 'LIVE', error: null }]);
    expect(suzhouHit.matches[0]).toMatchObject({ identifier: { kind: 'PERSON_ID', value: PERSON_ID }, accessLevel: 'FULL', entry: { id, accessLevel: 'FULL' } });
    // Checks need a purpose. The lead city audits every evaluation it makes for another city (who, for whom, the
    // purpose) and the live check of a participant's hit; the home node audits the check and its hits.
    expect(errorCodes(await check('wuxi', 'nanjing', wuxiIdentifiers, 'LIAISON_OFFICER', ''))).toEqual(['PURPOSE_REQUIRED']);
    const evaluated = await cluster.nodes.nanjing.db.query(`SELECT actor_city, purpose, detail FROM audit_entry WHERE action = 'index.evaluate' AND actor_city = 'wuxi'`);
    expect(evaluated).toEqual(expect.arrayContaining([expect.objectContaining({ actor_city: 'wuxi', purpose: 'traffic stop G42' })]));
    const liveAudit = await cluster.nodes.nanjing.db.query(`SELECT actor_city, purpose FROM audit_entry WHERE action = 'watch.check' AND $1 = ANY(resource_ids)`, [id]);
    expect(liveAudit).toEqual(expect.arrayContaining([{ actor_city: 'suzhou', purpose: 'traffic stop G42' }]));
    const atHome = await cluster.nodes.wuxi.db.query(`SELECT purpose FROM audit_entry WHERE action = 'watch.check.region' AND $1 = ANY(resource_ids)`, [id]);
    expect(atHome).toEqual(expect.arrayContaining([{ purpose: 'traffic stop G42' }]));

    // Wuxi files a hit report: delivered to Nanjing, which forwards it to Suzhou.
    const filed = await mutate('wuxi', 'fileWatchHit', '(input: $input)', liaison('wuxi'), { input: hitInput(id) }, HIT_FIELDS);
    expect(filed.errors).toBeUndefined();
    const hitId = filed.data!.wuxi.fileWatchHit.id as string;
    const hitAt = async (city: string) => (await cluster.nodes[city].db.query('SELECT id, ack_due_at, acknowledged_at FROM watch_hit WHERE id = $1', [hitId]))[0];
    await eventually(async () => (await hitAt('nanjing')) && (await hitAt('suzhou')), 20_000, 'hit at nanjing and suzhou');
    expect((await hitAt('nanjing')).ack_due_at).not.toBeNull();
    const notes = await gql(url('nanjing'), viaRegionEntity('nanjing', '{ notifications { kind reference } }'), { token: liaison('nanjing') });
    expect(notes.data!._entities[0].nanjing.notifications).toContainEqual({ kind: 'watch.hit', reference: hitId });

    // Nanjing acknowledges; Wuxi sees it.
    const ack = await mutate('nanjing', 'acknowledgeWatchHit', `(id: "${hitId}")`, liaison('nanjing'), {}, HIT_FIELDS);
    expect(ack.errors).toBeUndefined();
    await eventually(async () => (await hitAt('wuxi')).acknowledged_at !== null, 20_000, 'ack at wuxi');

    // Review: an extension needs a reason and a date within the category's period.
    const tooLate = await mutate('nanjing', 'reviewWatchEntry', `(id: "${id}", input: $input)`, supervisor('nanjing'), { input: { decision: 'EXTEND', reason: 'Still at large', reviewDate: day(2000) } });
    expect(errorCodes(tooLate)).toEqual(['REVIEW_DATE_TOO_LATE']);
    const extended = await mutate('nanjing', 'reviewWatchEntry', `(id: "${id}", input: $input)`, supervisor('nanjing'), { input: { decision: 'EXTEND', reason: 'Still at large, seen in Wuxi', reviewDate: day(300) } });
    expect(extended.errors).toBeUndefined();
    expect(extended.data!.nanjing.reviewWatchEntry).toMatchObject({ status: 'ACTIVE', reviewDate: day(300) });

    // Closed when the purpose is achieved: no more hits, the participant is told.
    const closed = await mutate('nanjing', 'closeWatchEntry', `(id: "${id}", reason: $reason)`, supervisor('nanjing'), { reason: 'Arrested in Wuxi on 2026-11-29' });
    expect(closed.errors).toBeUndefined();
    const entry = closed.data!.nanjing.closeWatchEntry;
    expect(entry.status).toBe('CLOSED');
    expect(entry.history.map((h: { type: string }) => h.type)).toEqual(['PROPOSED', 'APPROVED', 'HIT', 'HIT_ACKNOWLEDGED', 'EXTENDED', 'CLOSED']);
    expect((await check('suzhou', 'nanjing', [{ kind: 'PERSON_ID', value: PERSON_ID }])).answer!.hit).toBe(false);
    await eventually(async () => {
      const n = await gql(url('suzhou'), viaRegionEntity('suzhou', '{ notifications { kind reference } }'), { token: liaison('suzhou') });
      return n.data!._entities[0].suzhou.notifications.some((x: { kind: string; reference: string }) => x.kind === 'watch.ended' && x.reference === id);
    }, 20_000, 'suzhou told of the closure');
    const trail = await cluster.nodes.nanjing.db.query(`SELECT action FROM audit_entry WHERE $1 = ANY(resource_ids) ORDER BY seq`, [id]);
    expect(trail.map((t: { action: string }) => t.action)).toEqual(
      expect.arrayContaining(['watch.proposed', 'watch.approved', 'watch.check', 'watch.read', 'watch.hit.received', 'watch.hit.acknowledged', 'watch.extended', 'watch.closed']),
    );
  });

  it('delivers a hit report to the lead city once, even when its envelope is delivered again', async () => {
    const id = await activeEntry({ participatingCities: [] });
    const filed = await mutate('wuxi', 'fileWatchHit', '(input: $input)', liaison('wuxi'), { input: hitInput(id) }, HIT_FIELDS);
    const hitId = filed.data!.wuxi.fileWatchHit.id as string;
    await eventually(async () => (await cluster.nodes.nanjing.db.query('SELECT 1 FROM watch_hit WHERE id = $1', [hitId])).length === 1, 20_000, 'hit at nanjing');
    const [msg] = await cluster.nodes.wuxi.db.query(`SELECT * FROM outbox_message WHERE stream_key = $1`, [hitId]);
    const { deliverByHand } = await import('../../testing/deliver-by-hand.js');
    expect((await deliverByHand(cluster, 'wuxi', msg)).status).toBe('DUPLICATE');
    expect((await deliverByHand(cluster, 'wuxi', msg)).status).toBe('DUPLICATE');
    const counts = await cluster.nodes.nanjing.db.query(
      `SELECT (SELECT count(*)::int FROM watch_hit WHERE id = $1) AS hits, (SELECT count(*)::int FROM audit_entry WHERE action = 'watch.hit.received' AND $1 = ANY(resource_ids)) AS audits`,
      [hitId],
    );
    expect(counts).toEqual([{ hits: 1, audits: 1 }]);
  });

  it('escalates a hit the lead city does not acknowledge in time, once, to its commander', async () => {
    const id = await activeEntry({ participatingCities: [] });
    const filed = await mutate('wuxi', 'fileWatchHit', '(input: $input)', liaison('wuxi'), { input: hitInput(id) }, HIT_FIELDS);
    const hitId = filed.data!.wuxi.fileWatchHit.id as string;
    const escalated = async () => (await cluster.nodes.nanjing.db.query('SELECT escalated_at FROM watch_hit WHERE id = $1', [hitId]))[0]?.escalated_at ?? null;
    await eventually(async () => (await escalated()) !== null, 20_000, 'escalation');
    await new Promise((r) => setTimeout(r, 1000)); // more sweeps run
    const audits = await cluster.nodes.nanjing.db.query(`SELECT count(*)::int AS n FROM audit_entry WHERE action = 'watch.hit.escalated' AND $1 = ANY(resource_ids)`, [hitId]);
    expect(audits[0].n).toBe(1);
    const notes = await gql(url('nanjing'), viaRegionEntity('nanjing', '{ notifications { kind reference } }'), { token: homeTokenFor('nanjing', 'COMMANDER') });
    expect(notes.data!._entities[0].nanjing.notifications.filter((n: { kind: string; reference: string }) => n.kind === 'watch.hit.escalation' && n.reference === hitId)).toHaveLength(1);
  });

  it('refuses an entry without legal basis, beyond its review period, with prohibited data or fields, writing nothing', async () => {
    const count = async () => (await cluster.nodes.nanjing.db.query('SELECT count(*)::int AS n FROM watch_entry'))[0].n;
    const before = await count();
    const noBasis = await mutate('nanjing', 'proposeWatchEntry', '(input: $input)', liaison('nanjing'), { input: entryInput({ legalBasis: ' ' }) });
    expect(errorCodes(noBasis)).toEqual(['BAD_USER_INPUT']);
    expect(noBasis.errors![0].message).toMatch(/legalBasis: is mandatory/);
    const tooLong = await mutate('nanjing', 'proposeWatchEntry', '(input: $input)', liaison('nanjing'), { input: entryInput({ category: 'SERIOUS_CRIME_SUSPECT', action: 'DISCREET_CHECK', reviewDate: day(400) }) });
    expect(errorCodes(tooLong)).toEqual(['REVIEW_DATE_TOO_LATE']);
    expect(tooLong.errors![0].message).toMatch(/at most 365 days/);
    const prohibited = await mutate('nanjing', 'proposeWatchEntry', '(input: $input)', liaison('nanjing'), { input: entryInput({ description: 'Known petitioner, travels to Beijing' }) });
    expect(errorCodes(prohibited)).toEqual(['PROHIBITED_DATA']);
    const religion = await mutate('nanjing', 'proposeWatchEntry', '(input: $input)', liaison('nanjing'), { input: entryInput({ description: '信仰宗教, 常去寺庙' }) });
    expect(errorCodes(religion)).toEqual(['PROHIBITED_DATA']);
    // There is no field for ethnicity: the schema refuses it before anything runs.
    const field = await gql(url('nanjing'), 'mutation($input: WatchEntryInput!) { nanjing { proposeWatchEntry(input: $input) { id } } }', {
      token: liaison('nanjing'),
      variables: { input: { ...entryInput(), ethnicity: 'x' } },
    });
    expect(field.errors![0].message).toMatch(/ethnicity/);
    const wrongAction = await mutate('nanjing', 'proposeWatchEntry', '(input: $input)', liaison('nanjing'), { input: entryInput({ category: 'MISSING_PERSON', offence: null, action: 'LOCATE_AND_ARREST' }) });
    expect(wrongAction.errors![0].message).toMatch(/MISSING_PERSON entry requires LOCATE_AND_PROTECT/);
    expect(await count()).toBe(before);
  });

  it('moves the lead only when the receiving city accepts, audited on both sides', async () => {
    const id = await activeEntry({ participatingCities: ['wuxi'] });
    const offered = await mutate('nanjing', 'offerWatchLead', `(id: "${id}", toCity: $toCity, reason: $reason)`, supervisor('nanjing'), { toCity: 'suzhou', reason: 'Suspect has moved to Suzhou' });
    expect(offered.errors).toBeUndefined();
    expect(offered.data!.nanjing.offerWatchLead).toMatchObject({ status: 'ACTIVE', leadCity: 'nanjing', transferCity: 'suzhou' });
    const atSuzhou = async () => (await cluster.nodes.suzhou.db.query('SELECT status, lead_city FROM watch_entry WHERE id = $1', [id]))[0];
    await eventually(async () => (await atSuzhou())?.status === 'TRANSFER_OFFERED', 20_000, 'offer at suzhou');
    // Until Suzhou accepts, Nanjing still leads: checks hit there, not at Suzhou.
    const person = [{ kind: 'PERSON_ID', value: PERSON_ID }];
    expect((await check('wuxi', 'suzhou', person)).answer!.hit).toBe(false);
    expect((await check('wuxi', 'nanjing', person)).matches.some((m) => m.reference === id)).toBe(true);
    // Only Suzhou's supervisor can accept (not Nanjing's, not a Suzhou liaison officer).
    expect(errorCodes(await mutate('nanjing', 'acceptWatchLead', `(id: "${id}")`, supervisor('nanjing')))).toEqual(['INVALID_TRANSITION']);
    expect(errorCodes(await mutate('suzhou', 'acceptWatchLead', `(id: "${id}")`, liaison('suzhou')))).toEqual(['FORBIDDEN']);
    const accepted = await mutate('suzhou', 'acceptWatchLead', `(id: "${id}")`, supervisor('suzhou'));
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data!.suzhou.acceptWatchLead).toMatchObject({ status: 'ACTIVE', leadCity: 'suzhou', participatingCities: expect.arrayContaining(['wuxi', 'nanjing']) });
    await eventually(async () => (await cluster.nodes.nanjing.db.query('SELECT status FROM watch_entry WHERE id = $1', [id]))[0].status === 'TRANSFERRED', 20_000, 'transferred at nanjing');
    expect((await check('wuxi', 'nanjing', person)).matches.some((m) => m.reference === id)).toBe(false);
    const suzhouCheck = await check('wuxi', 'suzhou', person);
    expect(suzhouCheck.matches).toEqual([expect.objectContaining({ reference: id, leadCity: 'suzhou', accessLevel: 'FULL' })]);
    const audit = async (city: string) => (await cluster.nodes[city].db.query(`SELECT action, actor_city FROM audit_entry WHERE action LIKE 'watch.transfer%' AND $1 = ANY(resource_ids) ORDER BY seq`, [id]));
    expect(await audit('nanjing')).toEqual([
      { action: 'watch.transfer.offered', actor_city: 'nanjing' },
      { action: 'watch.transfer.accepted', actor_city: 'suzhou' },
    ]);
    expect(await audit('suzhou')).toEqual([
      { action: 'watch.transfer.offer_received', actor_city: 'nanjing' },
      { action: 'watch.transfer.accepted', actor_city: 'suzhou' },
    ]);
  });
});

/** The scheduled job with an injected clock: review warning, expiry, then deletion of the personal data, all audited. */
describe('watch review, expiry and deletion jobs', () => {
  let node: TestNode;

  beforeAll(async () => {
    node = await startTestNode('nanjing', { env: { WATCH_SWEEP_MS: '300', WATCH_RETENTION_DAYS: '2' } });
  });
  afterAll(async () => node?.close());

  it('warns the lead city ahead of the review date, expires the entry after it, then deletes its personal data', async () => {
    const input = entryInput({ participatingCities: [], reviewDate: day(40) });
    const proposed = await gql(node.url, 'mutation($input: WatchEntryInput!) { nanjing { proposeWatchEntry(input: $input) { id } } }', { token: homeTokenFor('nanjing', 'LIAISON_OFFICER'), variables: { input } });
    const id = proposed.data!.nanjing.proposeWatchEntry.id as string;
    expect((await gql(node.url, `mutation { nanjing { approveWatchEntry(id: "${id}") { status } } }`, { token: homeTokenFor('nanjing', 'SUPERVISOR') })).errors).toBeUndefined();
    const audits = async (action: string) => (await node.db.query('SELECT actor_id FROM audit_entry WHERE action = $1 AND $2 = ANY(resource_ids)', [action, id])).map((r: { actor_id: string }) => r.actor_id);
    const row = async () => (await node.db.query('SELECT status, description, identifiers, personal_data_deleted_at FROM watch_entry WHERE id = $1', [id]))[0];
    const waitFor = (what: string, ok: () => Promise<boolean>) => eventually(async () => ((await ok()) ? true : null), 15_000, what);

    await new Promise((r) => setTimeout(r, 1000)); // several sweeps: 40 days ahead is not yet within the 30-day warning
    expect(await audits('watch.review_warning')).toEqual([]);
    node.clock.advanceDays(11);
    await waitFor('review warning', async () => (await audits('watch.review_warning')).length === 1);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await audits('watch.review_warning')).toEqual(['nanjing:system']); // once per review date
    expect((await node.db.query(`SELECT count(*)::int AS n FROM officer_notification WHERE kind = 'watch.review' AND reference = $1`, [id]))[0].n).toBe(1);

    node.clock.advanceDays(30); // past the review date
    await waitFor('expiry', async () => (await row()).status === 'EXPIRED');
    expect(await audits('watch.expired')).toEqual(['nanjing:system']);
    expect((await node.db.query('SELECT count(*)::int AS n FROM watch_identifier WHERE entry_id = $1', [id]))[0].n).toBe(0);
    expect((await row()).description).not.toBeNull(); // kept for the retention period

    node.clock.advanceDays(3); // the retention period (2 days) has passed
    await waitFor('deletion', async () => (await row()).personal_data_deleted_at !== null);
    expect(await row()).toMatchObject({ status: 'EXPIRED', description: null, identifiers: null });
    expect(await audits('watch.personal_data_deleted')).toEqual(['nanjing:system']);
    const jobs = await node.db.query(`SELECT count(*)::int AS n FROM bullmq.job WHERE name = 'watch.sweep' AND state = 'completed'`);
    expect(jobs[0].n).toBeGreaterThan(1);
  });
});
