import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PeerQueryError, postToPeer } from './peer-query.js';

/** postToPeer against a real local HTTP server that answers as each test needs. */
describe('postToPeer', () => {
  let server: http.Server;
  let url: string;
  let requests: { token: string | undefined; body: string }[];
  let answer: (req: http.IncomingMessage, res: http.ServerResponse) => void;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        requests.push({ token: req.headers['x-ypf-node-token'] as string | undefined, body });
        answer(req, res);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  beforeEach(() => (requests = []));
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const post = (timeoutMs = 2000) => postToPeer<{ ok: boolean }>({ city: 'suzhou', url, nodeToken: 'signed', query: '{ ok }', variables: { a: 1 }, timeoutMs });

  it('sends the operation with the node token and returns the status and the parsed answer, on one kept-alive connection', async () => {
    answer = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { ok: true } }));
    const sockets = new Set<unknown>();
    const count = (s: unknown) => sockets.add(s);
    server.on('connection', count);
    try {
      expect(await post()).toEqual({ status: 200, body: { data: { ok: true } } });
      expect(await post()).toEqual({ status: 200, body: { data: { ok: true } } });
    } finally {
      server.off('connection', count);
    }
    expect(requests).toEqual([
      { token: 'signed', body: JSON.stringify({ query: '{ ok }', variables: { a: 1 } }) },
      { token: 'signed', body: JSON.stringify({ query: '{ ok }', variables: { a: 1 } }) },
    ]);
    expect(sockets.size).toBeLessThanOrEqual(1);
  });

  it('returns an answer that is not JSON with a null body, so the caller can name the status', async () => {
    answer = (_req, res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<html>bad gateway</html>');
    expect(await post()).toEqual({ status: 502, body: null });
  });

  it('gives up after the timeout with an error naming the city, once', async () => {
    answer = () => undefined; // never answers
    await expect(post(150)).rejects.toThrow(new PeerQueryError('suzhou did not answer: no answer within 150 ms'));
    expect(requests).toHaveLength(1);
  });

  it('fails once, without sending again, when the peer drops the connection in the middle of its answer', async () => {
    answer = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"data":');
      setTimeout(() => res.socket?.destroy(), 20);
    };
    await expect(post()).rejects.toThrow(PeerQueryError);
    await new Promise((r) => setTimeout(r, 100));
    expect(requests).toHaveLength(1);
  });

  it('names a peer that refuses the connection', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await expect(postToPeer({ city: 'wuxi', url: `http://127.0.0.1:${port}/graphql`, nodeToken: 't', query: '{ ok }', timeoutMs: 1000 })).rejects.toThrow(/^wuxi did not answer: .*ECONNREFUSED/);
  });
});
