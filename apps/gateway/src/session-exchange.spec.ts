import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import { SessionExchange } from './session-exchange.js';

/** Unsigned stand-ins: the gateway reads a token's audience and issuer to route it, it never verifies one. */
const token = (claims: Record<string, unknown>) => jwt.sign({ exp: Math.floor(Date.now() / 1000) + 600, ...claims }, 'not-verified-here');
const session = (home = 'wuxi', jti = 's1') => token({ aud: 'ypf:session', iss: `ypf:${home}`, jti });

describe('SessionExchange (the gateway asks the home node for read tokens, once per session)', () => {
  let server: Server;
  let calls: string[];
  let answer: (auth: string) => { status: number; body: unknown };
  let exchange: SessionExchange;

  beforeAll(async () => {
    server = createServer((req, res) => {
      calls.push(`${req.method} ${req.url}`);
      const { status, body } = answer(String(req.headers.authorization));
      setTimeout(() => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body)), 20);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    exchange = new SessionExchange({ wuxi: `http://127.0.0.1:${port}/graphql`, suzhou: 'http://127.0.0.1:1/graphql' }, 2000);
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => {
    calls = [];
    answer = () => ({ status: 200, body: { tokens: { wuxi: 'read-wuxi', taizhou: 'read-taizhou' }, expiresAt: '' } });
  });

  it('forwards each city its own read token, asking the home node once for concurrent requests of a session', async () => {
    const s = session('wuxi', 'concurrent');
    const [a, b, c] = await Promise.all([exchange.authorizationFor(`Bearer ${s}`, 'taizhou'), exchange.authorizationFor(`Bearer ${s}`, 'wuxi'), exchange.authorizationFor(`Bearer ${s}`, 'taizhou')]);
    expect([a, b, c]).toEqual(['Bearer read-taizhou', 'Bearer read-wuxi', 'Bearer read-taizhou']);
    expect(await exchange.authorizationFor(`Bearer ${s}`, 'taizhou')).toBe('Bearer read-taizhou');
    expect(calls).toEqual(['POST /auth/city-tokens']);
  });

  it('forwards any other token as it came (a home token, a read token, garbage)', async () => {
    for (const other of [`Bearer ${token({ aud: 'ypf-home:wuxi', iss: 'ypf:wuxi' })}`, `Bearer ${token({ aud: 'ypf-city:taizhou', iss: 'ypf:wuxi' })}`, 'Bearer not-a-jwt', 'Basic abc']) {
      expect(await exchange.authorizationFor(other, 'taizhou')).toBe(other);
    }
    expect(calls).toEqual([]);
  });

  it("passes on the home node's refusal and asks again next time (a refusal is not kept)", async () => {
    answer = () => ({ status: 401, body: { errors: [{ message: 'The officer token was refused (jwt expired).', extensions: { code: 'UNAUTHENTICATED' } }] } });
    const s = session('wuxi', 'refused');
    await expect(exchange.authorizationFor(`Bearer ${s}`, 'taizhou')).rejects.toMatchObject({ message: 'The officer token was refused (jwt expired).', extensions: { code: 'UNAUTHENTICATED', city: 'wuxi' } });
    await expect(exchange.authorizationFor(`Bearer ${s}`, 'taizhou')).rejects.toThrow(/refused/);
    expect(calls).toHaveLength(2);
  });

  it('says the home node is unavailable when it cannot be reached', async () => {
    await expect(exchange.authorizationFor(`Bearer ${session('suzhou')}`, 'taizhou')).rejects.toMatchObject({ extensions: { code: 'HOME_NODE_UNAVAILABLE', city: 'suzhou' } });
  });

  it('refuses to forward a session for a city the home node issued no token for', async () => {
    await expect(exchange.authorizationFor(`Bearer ${session('wuxi', 'partial')}`, 'nanjing')).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });
});
