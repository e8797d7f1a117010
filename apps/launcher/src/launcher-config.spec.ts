import { LauncherConfigError, parseLauncherEnv } from './launcher-config.js';

const root = '/repo';

describe('parseLauncherEnv', () => {
  it('defaults: embedded PostgreSQL on 54329, data in <repo>/.data, development', () => {
    expect(parseLauncherEnv({}, root)).toEqual({ databaseUrl: undefined, dataDir: '/repo/.data', pgPort: 54329, nodeEnv: 'development' });
  });

  it('treats empty variables as unset', () => {
    expect(parseLauncherEnv({ DATABASE_URL: '', PG_PORT: ' ', NODE_ENV: '', YPF_DATA_DIR: '' }, root)).toEqual(
      parseLauncherEnv({}, root),
    );
  });

  it('takes every variable when valid', () => {
    expect(
      parseLauncherEnv(
        { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres', YPF_DATA_DIR: '/var/ypf', PG_PORT: '6000', NODE_ENV: 'test' },
        root,
      ),
    ).toEqual({ databaseUrl: 'postgres://postgres@127.0.0.1:5432/postgres', dataDir: '/var/ypf', pgPort: 6000, nodeEnv: 'test' });
    expect(parseLauncherEnv({ YPF_DATA_DIR: 'tmp/data' }, root).dataDir).toBe('/repo/tmp/data');
  });

  it.each([
    [{ PG_PORT: 'abc' }, /PG_PORT="abc": must be a port number/],
    [{ PG_PORT: '70000' }, /PG_PORT="70000": must be a port number/],
    [{ PG_PORT: '54.5' }, /PG_PORT="54.5": must be a whole port number/],
    [{ NODE_ENV: 'staging' }, /NODE_ENV="staging": must be one of development, production, test/],
    [{ DATABASE_URL: 'mysql://root@localhost/db' }, /DATABASE_URL="mysql:\/\/root@localhost\/db": must be a PostgreSQL server URL/],
  ])('names the bad variable in %j', (env, message) => {
    expect(() => parseLauncherEnv(env, root)).toThrow(LauncherConfigError);
    expect(() => parseLauncherEnv(env, root)).toThrow(message);
  });

  it('reports every bad variable at once', () => {
    expect(() => parseLauncherEnv({ PG_PORT: 'x', NODE_ENV: 'y' }, root)).toThrow(/PG_PORT[\s\S]*NODE_ENV/);
  });
});
