import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Duplex } from 'node:stream';
import { isCityCode } from '@ypf/region';

/**
 * Same-origin passage from the console to an officer's HOME node: `POST /nodes/<city>/graphql` (writes, login) and
 * `/nodes/<city>/feed` (the graphql-ws live feed, a WebSocket upgrade). The browser then talks to one origin and the
 * nodes need no CORS.
 *
 * The proxy holds no power of its own: it adds no token, keeps none, and passes the officer's Authorization header
 * and X-Purpose / X-Request-Id through untouched (the feed's token travels in graphql-ws connectionParams, inside the
 * socket, which is piped byte for byte). The node verifies everything as if it were called directly — a Taizhou home
 * token sent to /nodes/suzhou/graphql is refused by Suzhou (HOME_NODE_ONLY), exactly as without the gateway.
 * `<city>` must be a city of the region registry (404 otherwise): the target is always a configured node URL, never
 * something the caller names.
 */
const FORWARDED_REQUEST_HEADERS = ['content-type', 'content-length', 'accept', 'authorization', 'x-purpose', 'x-request-id'] as const;
const FORWARDED_RESPONSE_HEADERS = ['content-type', 'content-length', 'cache-control'] as const;
const GRAPHQL_PATH = /^\/nodes\/([a-z]+)\/graphql\/?(?:\?.*)?$/;
const FEED_PATH = /^\/nodes\/([a-z]+)\/feed\/?(?:\?.*)?$/;

export interface NodeProxyOptions {
  /** City code → the node's subgraph URL (the gateway's CITY_URLS). */
  cityUrls: Record<string, string>;
  /** Upper bound for one proxied call (writes may take a while at the node). */
  timeoutMs: number;
}

function jsonError(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

function send(url: URL, options: { method: string; headers: OutgoingHttpHeaders; timeout?: number }) {
  return (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, options);
}

/** The node URL of a city, or null when the path names no city of the region. */
function targetFor(options: NodeProxyOptions, city: string, path: '/graphql' | '/feed'): URL | null {
  if (!isCityCode(city) || !options.cityUrls[city]) return null;
  const url = new URL(options.cityUrls[city]);
  url.pathname = url.pathname.replace(/\/graphql\/?$/, '') + path;
  url.search = '';
  return url;
}

/**
 * Express-style middleware for `POST /nodes/<city>/graphql`. Mounted before the body parser, so the request body
 * is streamed to the node as the browser sent it. Any other /nodes path answers 404; other methods 405.
 */
export function nodeGraphqlProxy(options: NodeProxyOptions) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const url = req.url ?? '';
    if (!url.startsWith('/nodes/')) return next();
    const m = GRAPHQL_PATH.exec(url);
    const target = m ? targetFor(options, m[1], '/graphql') : null;
    if (!m || !target) return jsonError(res, 404, 'NOT_FOUND', 'No such node: use /nodes/<city>/graphql with a city of the region.');
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      return jsonError(res, 405, 'METHOD_NOT_ALLOWED', 'The node passage takes POST (GraphQL over HTTP) only.');
    }
    const headers: Record<string, string | string[]> = {};
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = req.headers[name];
      if (value !== undefined) headers[name] = value;
    }
    // The browser's address for the node's login throttling (the node believes it from the gateway only).
    headers['x-forwarded-for'] = forwardedFor(req);
    const upstream = send(target, { method: 'POST', headers, timeout: options.timeoutMs });
    upstream.on('response', (answer) => {
      const out: Record<string, string | string[] | number> = {};
      for (const name of FORWARDED_RESPONSE_HEADERS) {
        const value = answer.headers[name];
        if (value !== undefined) out[name] = value;
      }
      res.writeHead(answer.statusCode ?? 502, out);
      answer.pipe(res);
    });
    upstream.on('timeout', () => upstream.destroy(new Error('timeout')));
    upstream.on('error', (e) => {
      if (res.headersSent) return void res.destroy();
      const timedOut = e.message === 'timeout';
      jsonError(
        res,
        timedOut ? 504 : 502,
        timedOut ? 'CITY_OUTCOME_UNKNOWN' : 'CITY_UNAVAILABLE',
        timedOut
          ? `City ${m[1]} did not answer within ${options.timeoutMs} ms; a write may or may not have been applied. Check before retrying.`
          : `City ${m[1]} is unreachable.`,
      );
    });
    req.on('aborted', () => upstream.destroy());
    req.pipe(upstream);
  };
}

/** X-Forwarded-For as received (from a proxy before the gateway) with the address this connection came from. */
function forwardedFor(req: IncomingMessage): string {
  const before = req.headers['x-forwarded-for'];
  const prior = (Array.isArray(before) ? before.join(', ') : (before ?? '')).trim();
  const peer = req.socket.remoteAddress ?? 'unknown';
  return prior ? `${prior}, ${peer}` : peer;
}

function rawHeaderBlock(rawHeaders: string[]): string {
  let block = '';
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) block += `${rawHeaders[i]}: ${rawHeaders[i + 1]}\r\n`;
  return block;
}

/**
 * `upgrade` listener for `/nodes/<city>/feed`: opens the same upgrade at the node's /feed and pipes the two sockets.
 * Returns false for any other path, so the caller can leave it to other listeners (or close it).
 */
export function nodeFeedUpgrade(options: NodeProxyOptions) {
  return (req: IncomingMessage, socket: Duplex, head: Buffer): boolean => {
    const m = FEED_PATH.exec(req.url ?? '');
    if (!m) return false;
    const target = targetFor(options, m[1], '/feed');
    if (!target) {
      socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      return true;
    }
    const headers: OutgoingHttpHeaders = { ...req.headers, host: target.host };
    const upstream = send(target, { method: 'GET', headers });
    socket.on('error', () => upstream.destroy());
    upstream.on('upgrade', (answer, nodeSocket, nodeHead) => {
      socket.write(`HTTP/1.1 ${answer.statusCode ?? 101} ${answer.statusMessage ?? 'Switching Protocols'}\r\n${rawHeaderBlock(answer.rawHeaders)}\r\n`);
      if (nodeHead.length > 0) socket.write(nodeHead);
      if (head.length > 0) nodeSocket.write(head);
      nodeSocket.on('error', () => socket.destroy());
      socket.on('error', () => nodeSocket.destroy());
      nodeSocket.on('close', () => socket.destroy());
      socket.on('close', () => nodeSocket.destroy());
      nodeSocket.pipe(socket).pipe(nodeSocket);
    });
    upstream.on('response', (answer) => {
      // The node refused the upgrade (e.g. not its path): pass its status on and close.
      socket.end(`HTTP/1.1 ${answer.statusCode ?? 502} ${answer.statusMessage ?? ''}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
      answer.resume();
    });
    upstream.on('error', () => {
      if (socket.writable) socket.end('HTTP/1.1 502 Bad Gateway\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    });
    upstream.end();
    return true;
  };
}
