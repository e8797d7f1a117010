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

describe('loadNodeConfig: misuse detection', () => {
  it('defaults: a scan every 5 min, hourly windows over 14 days, alert at 5 × typical and at least 50', () => {
    const c = loadNodeConfig(base, '/repo');
    expect(c.oversightScanMs).toBe(300_000);
    expect(c.oversight).toMatchObject({ windowMinutes: 60, baselineDays: 14, minHistoryWindows: 5, floor: 20, multiplier: 5, minCount: 50, purposeWindowHours: 24, purposeMinCities: 3, purposeMinCount: 100, purposeReportMin: 5 });
  });

  it('refuses windows that do not divide a day, and purpose windows that are not whole windows, naming the setting', () => {
    expect(() => loadNodeConfig({ ...base, OVERSIGHT_WINDOW_MINUTES: '7' }, '/repo')).toThrow(/OVERSIGHT_WINDOW_MINUTES.*must divide a day/s);
    expect(() => loadNodeConfig({ ...base, OVERSIGHT_WINDOW_MINUTES: '720', OVERSIGHT_PURPOSE_WINDOW_HOURS: '6' }, '/repo')).toThrow(/OVERSIGHT_PURPOSE_WINDOW_HOURS \(6\) must be a whole number of OVERSIGHT_WINDOW_MINUTES windows/);
    expect(() => loadNodeConfig({ ...base, OVERSIGHT_MULTIPLIER: '0.5' }, '/repo')).toThrow(/OVERSIGHT_MULTIPLIER/);
    expect(loadNodeConfig({ ...base, OVERSIGHT_WINDOW_MINUTES: '30', OVERSIGHT_MULTIPLIER: '3.5' }, '/repo').oversight).toMatchObject({ windowMinutes: 30, multiplier: 3.5 });
  });
});
