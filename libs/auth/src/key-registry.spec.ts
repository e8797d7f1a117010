import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CITY_CODES } from '@ypf/region';
import { ensureDevKeys, KeyRegistry, layOutCityKeyDirectories } from './key-registry.js';

describe("per-city key directories (what one city's containers mount)", () => {
  it("holds the city's own secrets and every city's public key, and no other city's secret", () => {
    const root = mkdtempSync(join(tmpdir(), 'ypf-keys-'));
    ensureDevKeys(join(root, 'all'));
    const dirs = layOutCityKeyDirectories(join(root, 'all'), join(root, 'cities'));
    expect(dirs).toHaveLength(CITY_CODES.length);
    const wuxi = readdirSync(join(root, 'cities', 'wuxi')).sort();
    expect(wuxi).toEqual([...CITY_CODES.map((c) => `${c}.public.pem`), 'wuxi.audit.key', 'wuxi.index.key', 'wuxi.private.pem'].sort());
    // The registry a node builds from it is complete.
    const registry = KeyRegistry.fromDirectory(join(root, 'cities', 'wuxi'));
    for (const c of CITY_CODES) expect(registry.publicKeyOf(c)).toBeDefined();
  });
});
