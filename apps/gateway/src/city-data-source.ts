import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { Agent, type Dispatcher, errors as undiciErrors, request as undiciRequest } from 'undici';
import { parseJson } from '@ypf/common';
import type { SessionExchange } from './session-exchange.js';

interface GatewayContext {
  req?: { headers: Record<string, string | string[] | undefined> };
}

type GatewayResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;

const FORWARDED_HEADERS = ['authorization', 'x-purpose', 'x-request-id'] as const;
const UNAVAILABLE_STATUSES = new Set([502, 503, 504]);

/** The node's answer was not a GraphQL JSON body (a proxy page, an empty 502): its status and a short excerpt. */
class CityHttpError extends Error {
  constructor(
    readonly status: number,
    excerpt: string,
  ) {
    super(`HTTP ${status}${excerpt ? `: ${excerpt}` : ''}`);
  }
}

/**
 * One city's subgraph. Forwards the officer's token — for a session, the read token the officer's home node issued
 * for this city alone (SessionExchange) — and purpose (the gateway holds no power of its own), keeps
 * connections alive, and gives up on a read after the city timeout with an error that names the city. Writes get a
 * longer timeout and, if it passes, an "outcome unknown" error: aborting at the gateway does not stop the node.
 *
 * It sends with undici's `request` on its own keep-alive pool instead of Apollo's fetch path (node-fetch `Headers`
 * and `Request` objects, then WHATWG fetch with web streams): in the eight-city fan-out the gateway sends eight of
 * these per request, and that path was a large part of its CPU (bench/results/gateway-bench.md).
 */
export class CityDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly dispatcher: Dispatcher;
  private readonly target: URL;

  constructor(
    readonly city: string,
    url: string,
    private readonly timeoutMs: number,
    private readonly mutationTimeoutMs: number,
    maxConnections = 0,
    private readonly sessions?: SessionExchange,
  ) {
    super({ url });
    this.target = new URL(url);
    // With a cap, this city gets at most that many sockets (requests beyond wait here); without, as many as needed.
    // Keep-alive follows the node's Keep-Alive hint (undici's default); a connection attempt gets the read timeout.
    this.dispatcher = new Agent({ connect: { timeout: timeoutMs }, ...(maxConnections > 0 ? { connections: maxConnections } : {}) });
  }

  override async process({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayResponse> {
    const query = request.query;
    if (!query) throw new Error('Missing query');
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    const incoming = context?.req?.headers;
    if (incoming) {
      for (const name of FORWARDED_HEADERS) {
        const value = incoming[name];
        const v = Array.isArray(value) ? value[0] : value;
        if (v) headers[name] = v;
      }
    }
    if (this.sessions && headers.authorization) {
      const authorization = await this.sessions.authorizationFor(headers.authorization, this.city);
      if (authorization) headers.authorization = authorization;
    }
    const write = /^\s*mutation\b/.test(query);
    const body = JSON.stringify({ query, variables: request.variables, operationName: request.operationName, extensions: request.extensions });
    let status: number | undefined;
    const signal = AbortSignal.timeout(write ? this.mutationTimeoutMs : this.timeoutMs);
    try {
      // undici honours the signal only once the request has a socket: one queued behind the socket cap, or still
      // connecting, would otherwise outlive the city timeout. The deadline is kept here whatever undici is doing.
      const res = await beforeDeadline(
        signal,
        undiciRequest(this.target, { dispatcher: this.dispatcher, method: 'POST', headers, body, signal }),
        (late) => void late.body.dump().catch(() => undefined),
      );
      status = res.statusCode;
      const text = await beforeDeadline(signal, res.body.text());
      const parsed = parseJson(text);
      // GraphQL errors come back as a JSON body (with 200 or, for a refused operation, 4xx): pass them on as the
      // node worded them. Anything else that is not a 2xx is an HTTP failure of the city.
      if (parsed && typeof parsed === 'object' && ('data' in parsed || 'errors' in parsed)) return parsed as GatewayResponse;
      throw new CityHttpError(status, text.slice(0, 200));
    } catch (e) {
      throw this.cityError(e as Error, write, status);
    }
  }

  /** The error the gateway reports for this city: unavailable, outcome unknown (a write), or what it answered. */
  private cityError(error: Error, write: boolean, status: number | undefined): GraphQLError {
    const timedOut = error.name === 'TimeoutError' || error.name === 'AbortError' || error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError;
    if (timedOut && write) {
      return new GraphQLError(
        `City ${this.city} did not confirm the write within ${this.mutationTimeoutMs} ms; it may or may not have been applied. Check at ${this.city} before retrying.`,
        { extensions: { code: 'CITY_OUTCOME_UNKNOWN', city: this.city } },
      );
    }
    const code = (error as Error & { code?: string }).code ?? '';
    const refused = /ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EPIPE|UND_ERR_SOCKET|UND_ERR_CLOSED|UND_ERR_CONNECT_TIMEOUT/.test(code) || /socket hang up|other side closed/i.test(error.message);
    // A city behind a load balancer with no healthy node answers 502/503/504: that is a dead city too.
    const unavailable = status !== undefined && UNAVAILABLE_STATUSES.has(status);
    if (timedOut || refused || unavailable) {
      return new GraphQLError(
        timedOut
          ? `City ${this.city} did not answer within ${this.timeoutMs} ms; its data is missing from this answer.`
          : `City ${this.city} is unreachable; its data is missing from this answer.`,
        { extensions: { code: 'CITY_UNAVAILABLE', city: this.city } },
      );
    }
    return new GraphQLError(`City ${this.city} answered with an error: ${error.message.slice(0, 200)}`, {
      extensions: { code: 'CITY_ERROR', city: this.city },
    });
  }
}

/**
 * Settles with `work`, or rejects with the signal's reason as soon as it aborts. A result that arrives after the
 * deadline is handed to `onLate` (to release its socket).
 */
function beforeDeadline<T>(signal: AbortSignal, work: Promise<T>, onLate?: (value: T) => void): Promise<T> {
  if (signal.aborted) {
    work.then((v) => onLate?.(v), () => undefined);
    return Promise.reject(signal.reason as Error);
  }
  return new Promise<T>((resolve, reject) => {
    let late = false;
    const onAbort = () => {
      late = true;
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        if (late) onLate?.(value);
        else resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}
