import { CITY_CODES } from '@ypf/region';
import { eventually, gql, homeTokenFor, testEnv } from '@ypf/testing';

/** The region-wide hit/no-hit across the booted region: one request at the home node; each other city evaluates the blinded identifier, compared with the home node's copy. */
describe('joint watch across the region', () => {
  const gw = () => testEnv.gatewayUrl();
  const identifier = { kind: 'PHONE', value: '13655554444' };

  it('finds an entry approved at Yangzhou from Nantong in one request, every other city checked through its evaluation and the copy', async () => {
    const proposed = await gql(gw(), 'mutation($input: WatchEntryInput!) { yangzhou { proposeWatchEntry(input: $input) { id } } }', {
      token: homeTokenFor('yangzhou', 'LIAISON_OFFICER'),
      variables: {
        input: {
          category: 'MISSING_PERSON',
          legalBasis: '人民警察法 第21条 (missing person)',
          decisionReference: 'YZ-MISSING-2026-0311',
          riskLevel: 'HIGH',
          participatingCities: [],
          reviewDate: new Date(Date.now() + 200 * 86_400_000).toISOString().slice(0, 10),
          identifiers: [identifier],
          description: 'Boy, 9, red school uniform.',
        },
      },
    });
    expect(proposed.errors).toBeUndefined();
    const id = proposed.data!.yangzhou.proposeWatchEntry.id as string;
    const approved = await gql(gw(), `mutation { yangzhou { approveWatchEntry(id: "${id}") { status } } }`, { token: homeTokenFor('yangzhou', 'SUPERVISOR') });
    expect(approved.data?.yangzhou.approveWatchEntry.status).toBe('ACTIVE');

    const officer = homeTokenFor('nantong', 'LIAISON_OFFICER');
    const answer = await eventually(async () => {
      const r = await gql(
        gw(),
        `{ region { nantong { checkWatchRegion(identifiers: [{ kind: PHONE, value: "${identifier.value}" }]) { hit matches { reference leadCity accessLevel action contact { city } entry { id } } cities { city answeredFrom error } } } } }`,
        { token: officer, purpose: 'NT-2026-0042 found child' },
      );
      const result = r.data?.region.nantong.checkWatchRegion;
      // Yangzhou's word that its feed changed brings Nantong's copy up to date within moments (or the next sync, 5 s).
      return result?.hit ? result : null;
    }, 20_000, "nantong's copy of yangzhou's entry");
    expect(answer.matches).toEqual([{ reference: id, leadCity: 'yangzhou', accessLevel: 'HIT_ONLY', action: 'LOCATE_AND_PROTECT', contact: { city: 'yangzhou' }, entry: null }]);
    expect(answer.cities).toHaveLength(CITY_CODES.length);
    for (const c of answer.cities) expect(c).toEqual({ city: c.city, answeredFrom: c.city === 'nantong' ? 'LOCAL' : 'REPLICA', error: null });
  });
});
