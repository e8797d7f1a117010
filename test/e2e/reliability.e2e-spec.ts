import { CITY_CODES } from '@ypf/region';
import { gql, testEnv } from '@ypf/testing';

const control = (action: 'kill' | 'restart', city: string) =>
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
