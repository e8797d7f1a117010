import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CityDataSource } from './city-data-source.js';

/** A stand-in city on a real socket: each test sets how it answers. */
let answer: (req: IncomingMessage, body: string, res: ServerResponse) => void;
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => answer(req, body, res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
}

function send(source: CityDataSource, query: string, headers: Record<string, string> = {}) {
  return source.process({ request: { query, variables: { a: 1 } }, context: { req: { headers } } } as unknown as GraphQLDataSourceProcessOptions);
}

describe('CityDataSource', () => {
  it("forwards the officer's token, purpose and request id (nothing else) and returns the node's answer", async () => {
    let seen: { headers: IncomingMessage['headers']; body: unknown } | undefined;
    answer = (req, body, res) => {
      seen = { headers: req.headers, body: JSON.parse(body) };
      json(res, 200, { data: { ok: true } });
    };
    const source = new CityDataSource('suzhou', url, 1000, 2000);
    const r = await send(source, '{ ok }', { authorization: 'Bearer t', 'x-purpose': 'SZ-1', 'x-request-id': 'r1', cookie: 'secret' });
    expect(r).toEqual({ data: { ok: true } });
    expect(seen!.headers).toMatchObject({ authorization: 'Bearer t', 'x-purpose': 'SZ-1', 'x-request-id': 'r1', 'content-type': 'application/json' });
    expect(seen!.headers.cookie).toBeUndefined();
    expect(seen!.body).toEqual({ query: '{ ok }', variables: { a: 1 } });
  });

  it("passes the node's own GraphQL errors on, also with a 4xx status", async () => {
    answer = (_req, _body, res) => json(res, 400, { errors: [{ message: 'bad field', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] });
    const r = await send(new CityDataSource('suzhou', url, 1000, 2000), '{ nope }');
    expect(r.errors).toEqual([{ message: 'bad field', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }]);
  });

  it('names the city when it answers something that is not GraphQL', async () => {
    answer = (_req, _body, res) => res.writeHead(500, { 'content-type': 'text/html' }).end('<h1>oops</h1>');
    await expect(send(new CityDataSource('suzhou', url, 1000, 2000), '{ ok }')).rejects.toMatchObject({
      message: 'City suzhou answered with an error: HTTP 500: <h1>oops</h1>',
      extensions: { code: 'CITY_ERROR', city: 'suzhou' },
    });
  });

  it('treats 502/503/504 (a load balancer without a healthy node) as the city being unavailable', async () => {
    answer = (_req, _body, res) => res.writeHead(503).end();
    await expect(send(new CityDataSource('suzhou', url, 1000, 2000), '{ ok }')).rejects.toMatchObject({ extensions: { code: 'CITY_UNAVAILABLE', city: 'suzhou' } });
  });

  it('gives up on a read at the city timeout, naming the city', async () => {
    answer = () => undefined; // never answers
    const started = Date.now();
    await expect(send(new CityDataSource('suzhou', url, 300, 5000), '{ ok }')).rejects.toMatchObject({
      message: 'City suzhou did not answer within 300 ms; its data is missing from this answer.',
      extensions: { code: 'CITY_UNAVAILABLE' },
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('waits longer for a write and then says its outcome is unknown', async () => {
    answer = () => undefined;
    const started = Date.now();
    await expect(send(new CityDataSource('suzhou', url, 100, 400), 'mutation { x }')).rejects.toMatchObject({ extensions: { code: 'CITY_OUTCOME_UNKNOWN', city: 'suzhou' } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
  });

  it('keeps the read timeout for a read queued behind the socket cap (a hung write holds the only socket)', async () => {
    answer = () => undefined; // never answers
    const source = new CityDataSource('suzhou', url, 300, 3000, 1);
    const write = send(source, 'mutation { x }').catch((e: unknown) => e);
    const started = Date.now();
    await expect(send(source, '{ ok }')).rejects.toMatchObject({ extensions: { code: 'CITY_UNAVAILABLE', city: 'suzhou' } });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(await write).toMatchObject({ extensions: { code: 'CITY_OUTCOME_UNKNOWN' } });
  });

  it('reports a city that refuses connections as unavailable', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    await expect(send(new CityDataSource('wuxi', `http://127.0.0.1:${port}/graphql`, 1000, 2000), '{ ok }')).rejects.toMatchObject({
      message: 'City wuxi is unreachable; its data is missing from this answer.',
      extensions: { code: 'CITY_UNAVAILABLE', city: 'wuxi' },
    });
  });

  it('keeps at most the capped number of sockets to a city', async () => {
    const sockets = new Set<unknown>();
    answer = (req, _body, res) => {
      sockets.add(req.socket);
      setTimeout(() => json(res, 200, { data: { ok: true } }), 20);
    };
    const source = new CityDataSource('suzhou', url, 2000, 2000, 2);
    const results = await Promise.all(Array.from({ length: 8 }, () => send(source, '{ ok }')));
    expect(results.every((r) => r.data?.ok === true)).toBe(true);
    expect(sockets.size).toBe(2);
  });
});
