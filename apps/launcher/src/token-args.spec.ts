import { parseTokenArgs, TokenHelpRequested, TokenUsageError } from './token-args.js';

const root = '/repo';

describe('parseTokenArgs', () => {
  it('parses city and role with the defaults', () => {
    expect(parseTokenArgs(['--city', 'taizhou', '--role', 'ANALYST'], {}, root)).toEqual({
      city: 'taizhou',
      role: 'ANALYST',
      ttlSeconds: 900,
      keysDir: '/repo/.data/keys',
      scope: 'session',
    });
    expect(parseTokenArgs(['--city', 'taizhou', '--role', 'ANALYST', '--home'], {}, root).scope).toBe('home');
    expect(parseTokenArgs(['--city', 'taizhou', '--role', 'ANALYST', '--at', 'Suzhou'], {}, root)).toMatchObject({ scope: 'city', at: 'suzhou' });
  });

  it('accepts friendly spellings, a lifetime, YPF_DATA_DIR and an explicit key directory', () => {
    expect(parseTokenArgs(['--city=Suzhou', '--role', 'liaison-officer', '--ttl', '3600'], { YPF_DATA_DIR: '/var/ypf' }, root)).toEqual({
      city: 'suzhou',
      role: 'LIAISON_OFFICER',
      ttlSeconds: 3600,
      keysDir: '/var/ypf/keys',
      scope: 'session',
    });
    expect(parseTokenArgs(['--city', 'wuxi', '--role', 'ADMIN', '--keys', '/k'], { YPF_DATA_DIR: '/var/ypf' }, root).keysDir).toBe('/k');
  });

  it.each([
    [[], /--city is required \(one of: nanjing, .*taizhou\)/],
    [['--city', 'wuxi'], /--role is required \(one of: ANALYST, .*ADMIN\)/],
    [['--city', 'shanghai', '--role', 'ANALYST'], /unknown city "shanghai" \(one of: nanjing/],
    [['--city', 'wuxi', '--role', 'CHIEF'], /unknown role "CHIEF" \(one of: ANALYST/],
    [['--city', 'wuxi', '--role', 'ANALYST', '--ttl', '3601'], /--ttl must be .* 1 to 3600, got "3601"/],
    [['--city', 'wuxi', '--role', 'ANALYST', '--ttl', '10m'], /--ttl must be/],
    [['--city', 'wuxi', '--role', 'ANALYST', '--bogus'], /bogus/],
    [['--city', 'wuxi', '--role', 'ANALYST', 'extra'], /extra/],
    [['--city', 'wuxi', '--role', 'ANALYST', '--at', 'shanghai'], /unknown city "shanghai" for --at/],
    [['--city', 'wuxi', '--role', 'ANALYST', '--at', 'suzhou', '--home'], /exclude each other/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseTokenArgs(argv, {}, root)).toThrow(TokenUsageError);
    expect(() => parseTokenArgs(argv, {}, root)).toThrow(message);
  });

  it('recognises --help', () => {
    expect(() => parseTokenArgs(['--help'], {}, root)).toThrow(TokenHelpRequested);
  });
});
