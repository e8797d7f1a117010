import { assertDbPrefix, cityDatabaseName, parsePostgresUrl, redactUrl, withDatabase } from './databases.js';

describe('database naming', () => {
  it('names a city database <prefix>_<city>', () => {
    expect(cityDatabaseName('ypf', 'taizhou')).toBe('ypf_taizhou');
  });

  it.each(['', 'YPF', '1ypf', 'ypf-test', 'ypf;drop', 'a'.repeat(60)])('refuses the prefix %j', (prefix) => {
    expect(() => assertDbPrefix(prefix)).toThrow(/prefix/);
  });
});

describe('connection URLs', () => {
  it('points a server URL at another database and keeps credentials and parameters', () => {
    expect(withDatabase('postgres://postgres@127.0.0.1:5432/postgres', 'ypf_wuxi')).toBe('postgres://postgres@127.0.0.1:5432/ypf_wuxi');
    expect(withDatabase('postgresql://u:p%40ss@db:6543?sslmode=require', 'ypf_suzhou')).toBe(
      'postgresql://u:p%40ss@db:6543/ypf_suzhou?sslmode=require',
    );
  });

  it('rejects what is not a PostgreSQL URL', () => {
    expect(() => parsePostgresUrl('mysql://root@localhost/x')).toThrow(/postgres:\/\//);
    expect(() => parsePostgresUrl('not a url')).toThrow(/not a valid URL/);
  });

  it('hides passwords in messages', () => {
    expect(redactUrl('postgres://ypf:s3cret@db:5432/ypf')).toBe('postgres://ypf:***@db:5432/ypf');
    expect(redactUrl('postgres://ypf@db/ypf')).toBe('postgres://ypf@db/ypf');
  });
});
