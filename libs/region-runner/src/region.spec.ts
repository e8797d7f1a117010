import { CITIES, CITY_CODES } from '@ypf/region';
import { cityNodeEnv, gatewayEnv, localCityUrls, MEMORY_ENV, regionPorts } from './region.js';

describe('region ports', () => {
  it('uses the registry ports, shifted by the offset', () => {
    const ports = regionPorts(10000);
    expect(ports.gateway).toBe(14000);
    for (const city of CITIES) expect(ports.cities[city.code]).toBe(city.localPort + 10000);
    expect(regionPorts().cities.taizhou).toBe(4108);
  });

  it('refuses offsets that leave the port range', () => {
    expect(() => regionPorts(62000)).toThrow(/65535/);
    expect(() => regionPorts(-1)).toThrow(/non-negative/);
  });
});

describe('child environments', () => {
  const ports = regionPorts(10000);
  const cityDatabaseUrls = Object.fromEntries(CITY_CODES.map((c) => [c, `postgres://p@h/ypf_${c}`]));
  const input = {
    keysDir: '/data/keys',
    policyDir: '/repo/config/policies',
    nodeEnv: 'test',
    demoSeed: true,
    ports,
    cityDatabaseUrls,
    base: { PATH: '/usr/bin', CITY: 'nanjing', PORT: '1', DATABASE_URL: 'postgres://wrong', UNSET: undefined },
  };

  it('gives a node its city, its own database, the shared keys and every city URL; runner values win over the base', () => {
    const env = cityNodeEnv('taizhou', input);
    expect(env).toMatchObject({
      PATH: '/usr/bin',
      CITY: 'taizhou',
      PORT: '14108',
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://p@h/ypf_taizhou',
      KEYS_DIR: '/data/keys',
      POLICY_DIR: '/repo/config/policies',
      NODE_ENV: 'test',
      DEMO_SEED: 'true',
      YPF_EXIT_WITH_PARENT: '1',
    });
    expect('UNSET' in env).toBe(false);
    const urls = JSON.parse(env.CITY_URLS) as Record<string, string>;
    expect(Object.keys(urls)).toEqual([...CITY_CODES]);
    expect(urls.suzhou).toBe('http://127.0.0.1:14104/graphql');
    expect(urls).toEqual(localCityUrls(ports));
  });

  it('sets DEMO_SEED=false unless asked', () => {
    expect(cityNodeEnv('wuxi', { ...input, demoSeed: false }).DEMO_SEED).toBe('false');
  });

  it('refuses an unknown city', () => {
    expect(() => cityNodeEnv('shanghai', input)).toThrow(/Unknown city/);
  });

  it('gives the gateway its port and the city URLs, but no database or keys', () => {
    const env = gatewayEnv({ nodeEnv: 'development', ports, base: {} });
    expect(env).toEqual({
      PORT: '14000',
      HOST: '127.0.0.1',
      CITY_URLS: JSON.stringify(localCityUrls(ports)),
      NODE_ENV: 'development',
      YPF_EXIT_WITH_PARENT: '1',
      ...MEMORY_ENV,
    });
  });

  it('lets the base environment override the memory settings', () => {
    const env = gatewayEnv({ nodeEnv: 'development', ports, base: { NODE_OPTIONS: '--max-old-space-size=512' } });
    expect(env.NODE_OPTIONS).toBe('--max-old-space-size=512');
    expect(env.MALLOC_ARENA_MAX).toBe('2');
  });
});
