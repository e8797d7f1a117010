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

describe('loadNodeConfig: the signed audit head', () => {
  it('defaults: published 5 s after a change, and every minute', () => {
    const c = loadNodeConfig(base, '/repo');
    expect([c.auditHeadGatherMs, c.auditHeadPublishMs]).toEqual([5_000, 60_000]);
  });

  it('refuses a gather time not shorter than the schedule, and values out of range, naming them', () => {
    expect(() => loadNodeConfig({ ...base, AUDIT_HEAD_GATHER_MS: '60000' }, '/repo')).toThrow(/AUDIT_HEAD_GATHER_MS \(60000\) must be shorter than AUDIT_HEAD_PUBLISH_MS \(60000\)/);
    expect(() => loadNodeConfig({ ...base, AUDIT_HEAD_GATHER_MS: '50' }, '/repo')).toThrow(/AUDIT_HEAD_GATHER_MS/);
    expect(() => loadNodeConfig({ ...base, AUDIT_HEAD_PUBLISH_MS: 'hourly' }, '/repo')).toThrow(/AUDIT_HEAD_PUBLISH_MS/);
    expect(loadNodeConfig({ ...base, AUDIT_HEAD_GATHER_MS: '200', AUDIT_HEAD_PUBLISH_MS: '3600000' }, '/repo').auditHeadPublishMs).toBe(3_600_000);
  });
});
