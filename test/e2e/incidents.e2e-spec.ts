import { CITY_CODES } from '@ypf/region';
import { eventually, gql, homeTokenFor, testEnv, tokenFor } from '@ypf/testing';

/** A joint incident across the booted region, through the gateway: reported, planned, on the regional board. */
describe('joint incidents across the region', () => {
  const gw = () => testEnv.gatewayUrl();

  it('is reported at Suzhou with Wuxi and Nantong, runs the city-gates plan, and shows on the regional board of every city', async () => {
    const sz = homeTokenFor('suzhou', 'COMMANDER');
    const reported = await gql(gw(), 'mutation($i: IncidentReportInput!) { suzhou { reportIncident(input: $i) { id status } } }', {
      token: sz,
      variables: {
        i: {
          title: 'Hit-and-run with a fleeing van', incidentType: 'PUBLIC_SECURITY', grade: 'III', location: 'Suzhou Industrial Park',
          affectedArea: 'Roads from Suzhou towards Wuxi and Nantong', summary: 'A white van hit a pedestrian and fled north.',
          commanderName: 'Director Lin', commanderContact: '0512-110', invitedCities: ['wuxi', 'nantong'],
        },
      },
    });
    expect(reported.errors).toBeUndefined();
    const id = reported.data!.suzhou.reportIncident.id as string;
    const plan = await gql(gw(), `mutation { suzhou { activateContingencyPlan(id: "${id}", planCode: "CITY_GATES") { tasks { city } checkpointBoard { city } } } }`, { token: sz });
    expect(plan.errors).toBeUndefined();
    expect(plan.data!.suzhou.activateContingencyPlan.checkpointBoard.map((c: { city: string }) => c.city)).toEqual(['suzhou', 'nantong', 'wuxi']);
    await gql(gw(), `mutation { suzhou { issueSitrep(id: "${id}", input: { situation: "Van seen on the S17 northbound.", actionsTaken: "Checkpoints at the S17 exits." }) { id } } }`, { token: sz });

    // Wuxi's copy, with its own checkpoint task, arrives node to node.
    const wuxiTask = await eventually(async () => {
      const r = await gql(gw(), `{ region { wuxi { jointOperation(id: "${id}") { tasks { id city checkpoint } sitreps { seq } } } } }`, { token: homeTokenFor('wuxi', 'LIAISON_OFFICER') });
      const op = r.data?.region.wuxi?.jointOperation;
      return op?.sitreps.length === 1 ? op.tasks.find((t: { city: string; checkpoint: boolean }) => t.city === 'wuxi' && t.checkpoint) : null;
    });
    expect(wuxiTask.id).toMatch(/^suzhou:/);

    // The regional board of a Taizhou coordinator: one request to all eight cities; only Suzhou leads it, as a summary.
    const board = await gql(
      gw(),
      `{ region { ${CITY_CODES.map((c) => `${c} { jointOperations(filter: { openOnly: true, ledHere: true }) { id leadCity grade status accessLevel tasks { id } latestSitrep { seq situation } } }`).join(' ')} } }`,
      { token: tokenFor('taizhou', 'COORDINATOR'), purpose: 'regional board' },
    );
    expect(board.errors).toBeUndefined();
    const found = CITY_CODES.flatMap((c) => board.data!.region[c].jointOperations.filter((o: { id: string }) => o.id === id).map((o: object) => ({ field: c, ...o })));
    expect(found).toEqual([{ field: 'suzhou', id, leadCity: 'suzhou', grade: 'III', status: 'ACTIVE', accessLevel: 'SUMMARY', tasks: [], latestSitrep: { seq: 1, situation: 'Van seen on the S17 northbound.' } }]);
  });
});
