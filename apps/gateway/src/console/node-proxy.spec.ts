import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { nodeGraphqlProxy } from './node-proxy.js';

/** The home-node passage: the officer's headers and body reach the named city's node untouched, and nothing else does. */
describe('nodeGraphqlProxy', () => {
  let node: Server;
  let gateway: Server;
  let seen: { url?: string; headers?: IncomingMessage['headers']; body?: string } = {};

  const listen = (server: Server) => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));

  beforeAll(async () => {
    node = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen = { url: req.url, headers: req.headers, body };
        res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': 'x=1' }).end('{"data":{"ok":true}}');
      });
    });
    const nodePort = await listen(node);
    const proxy = nodeGraphqlProxy({ cityUrls: { suzhou: `http://127.0.0.1:${nodePort}/graphql` }, timeoutMs: 2000 });
    gateway = createServer((req, res) => proxy(req, res, () => res.writeHead(418).end()));
  });
  afterAll(async () => {
    await new Promise((r) => gateway.close(r));
    await new Promise((r) => node.close(r));
  });

  async function call(path: string, init: RequestInit = {}) {
    const port = gateway.listening ? (gateway.address() as AddressInfo).port : await listen(gateway);
    return fetch(`http://127.0.0.1:${port}${path}`, init);
  }

  it('streams the POST to the city node with Authorization, X-Purpose and the body as sent; drops cookies both ways', async () => {
    const body = '{"query":"mutation { suzhou { x } }"}';
    const res = await call('/nodes/suzhou/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer abc.def.ghi', 'x-purpose': 'SZ-2026-1', cookie: 'session=secret' },
      body,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { ok: true } });
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(seen.url).toBe('/graphql');
    expect(seen.body).toBe(body);
    expect(seen.headers).toMatchObject({ authorization: 'Bearer abc.def.ghi', 'x-purpose': 'SZ-2026-1', 'content-type': 'application/json' });
    expect(seen.headers?.cookie).toBeUndefined();
  });

  it('answers 404 for a city outside the registry or without a configured node, 405 for other methods, and leaves other paths alone', async () => {
    expect((await call('/nodes/atlantis/graphql', { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await call('/nodes/nanjing/graphql', { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await call('/nodes/suzhou/other', { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await call('/nodes/suzhou/graphql')).status).toBe(405);
    expect((await call('/graphql', { method: 'POST', body: '{}' })).status).toBe(418);
  });

  it('reports an unreachable node as CITY_UNAVAILABLE', async () => {
    const dead = nodeGraphqlProxy({ cityUrls: { suzhou: 'http://127.0.0.1:1/graphql' }, timeoutMs: 2000 });
    const server = createServer((req, res) => dead(req, res, () => res.writeHead(418).end()));
    const port = await listen(server);
    const res = await new Promise<{ status: number; body: string }>((resolve) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/nodes/suzhou/graphql', headers: { 'content-type': 'application/json' } }, (r) => {
        let b = '';
        r.on('data', (c: Buffer) => (b += c.toString()));
        r.on('end', () => resolve({ status: r.statusCode ?? 0, body: b }));
      });
      req.end('{}');
    });
    await new Promise((r) => server.close(r));
    expect(res.status).toBe(502);
    expect(JSON.parse(res.body).errors[0].extensions.code).toBe('CITY_UNAVAILABLE');
  });
});
