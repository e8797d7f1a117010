import { CITY_CODES } from '@ypf/region';
import { gql, testEnv } from '@ypf/testing';

const control = (action: 'kill' | 'restart' | 'pause' | 'resume', city: string) =>
  fetch(`${testEnv.regionControl()}/${action}/${city}`, { method: 'POST' }).then(async (r) => {
    if (!r.ok) throw new Error(`${action} ${city}: ${await r.text()}`);
  });

/** One dead city costs only its own field and about the city timeout, never the whole answer. */
describe('a city node dies', () => {
  const dead = 'nantong';
  afterAll(async () => control('restart', dead), 120_000);

  it('the gateway answers 200 with the other seven cities and an error naming the dead one', async () => {
    await control('kill', dead);
    const r = await gql(testEnv.gatewayUrl(), `{ region { ${CITY_CODES.map((c) => `${c} { code }`).join(' ')} } }`);
    expect(r.status).toBe(200);
    expect(r.data!.region[dead]).toBeNull();
    const alive = CITY_CODES.filter((c) => c !== dead);
    expect(alive.map((c) => r.data!.region[c]?.code)).toEqual(alive);
    expect(r.errors).toEqual([expect.objectContaining({ message: expect.stringContaining(dead), extensions: expect.objectContaining({ code: 'CITY_UNAVAILABLE', city: dead }) })]);
    expect(r.ms).toBeLessThan(5000); // generous bound for a loaded CI machine; the per-city timeout is 2 s
  });

  it('the city is back in the answer once its node returns', async () => {
    await control('restart', dead);
    const r = await gql(testEnv.gatewayUrl(), `{ region { ${dead} { code } } }`);
    expect(r.errors).toBeUndefined();
    expect(r.data!.region[dead]).toEqual({ code: dead });
  }, 120_000);
});

/** A node that hangs (stopped, connections open) costs the per-city timeout, not the whole answer. */
describe('a city node hangs', () => {
  const hung = 'suzhou';
  afterAll(async () => control('resume', hung));

  it('answers with the other cities after about the 2 s city timeout, naming the hung city', async () => {
    await control('pause', hung);
    const r = await gql(testEnv.gatewayUrl(), `{ region { ${CITY_CODES.map((c) => `${c} { code }`).join(' ')} } }`);
    expect(r.status).toBe(200);
    expect(r.data!.region[hung]).toBeNull();
    expect(r.data!.region.taizhou).toEqual({ code: 'taizhou' });
    expect(r.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/suzhou did not answer within 2000 ms/), extensions: expect.objectContaining({ code: 'CITY_UNAVAILABLE', city: hung }) })]);
    expect(r.ms).toBeGreaterThanOrEqual(1900);
    expect(r.ms).toBeLessThan(6000);
    await control('resume', hung);
    const back = await gql(testEnv.gatewayUrl(), `{ region { ${hung} { code } } }`);
    expect(back.data!.region[hung]).toEqual({ code: hung });
  });
});
