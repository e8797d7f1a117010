import { ConfigError, loadNodeConfig } from './node-config.js';

const base = { CITY: 'wuxi', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/x', KEYS_DIR: '/keys', POLICY_DIR: '/policies' };

describe('loadNodeConfig: the watch copies', () => {
  it('defaults: sync every 5 s, a copy trusted for 30 s', () => {
    const c = loadNodeConfig(base, '/repo');
    expect([c.watchReplicaSyncMs, c.watchReplicaStaleMs]).toEqual([5_000, 30_000]);
  });

  it('refuses a copy that would be out of date between two syncs, naming both settings', () => {
    expect(() => loadNodeConfig({ ...base, WATCH_REPLICA_SYNC_MS: '60000' }, '/repo')).toThrow(ConfigError);
    expect(() => loadNodeConfig({ ...base, WATCH_REPLICA_SYNC_MS: '60000' }, '/repo')).toThrow(/WATCH_REPLICA_STALE_MS \(30000\) must be longer than WATCH_REPLICA_SYNC_MS \(60000\)/);
    expect(loadNodeConfig({ ...base, WATCH_REPLICA_SYNC_MS: '60000', WATCH_REPLICA_STALE_MS: '180000' }, '/repo').watchReplicaStaleMs).toBe(180_000);
  });
});
