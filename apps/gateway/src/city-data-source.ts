import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { Fetcher, FetcherResponse } from '@apollo/utils.fetcher';
import { GraphQLError } from 'graphql';
import { Agent, fetch as undiciFetch } from 'undici';

interface GatewayContext {
  req?: { headers: Record<string, string | string[] | undefined> };
}

const FORWARDED_HEADERS = ['authorization', 'x-purpose', 'x-request-id'] as const;
const UNAVAILABLE_STATUSES = new Set([502, 503, 504]);

/** Marks the fetch error of a write that timed out: it may have been applied at the node. */
class WriteTimeoutError extends Error {}

function isMutation(body: unknown): boolean {
  if (typeof body !== 'string') return false;
  try {
    return /^\s*mutation\b/.test((JSON.parse(body) as { query?: string }).query ?? '');
  } catch {
    return false;
  }
}

function cappedFetch(dispatcher: Agent): (input: string, init: RequestInit) => Promise<Response> {
  return (input, init) => undiciFetch(input, { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher }) as unknown as Promise<Response>;
}

/**
 * One city's subgraph. Forwards the officer's token and purpose (the gateway holds no power of its own), keeps
 * connections alive, and gives up on a read after the city timeout with an error that names the city. Writes get a
 * longer timeout and, if it passes, an "outcome unknown" error: aborting at the gateway does not stop the node.
 */
export class CityDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    readonly city: string,
    url: string,
    private readonly timeoutMs: number,
    private readonly mutationTimeoutMs: number,
    maxConnections = 0,
  ) {
    super({ url });
    // Node's fetch (undici) keeps connections alive per city; with a cap, this city gets its own pool of that many
    // sockets. The timeout bounds what a dead city can cost.
    const send = maxConnections > 0 ? cappedFetch(new Agent({ connections: maxConnections })) : fetch;
    this.fetcher = (async (input: string, init?: RequestInit) => {
      const write = isMutation(init?.body);
      try {
        return await send(input, { ...(init ?? {}), signal: AbortSignal.timeout(write ? this.mutationTimeoutMs : this.timeoutMs) });
      } catch (e) {
        if (write && (e as Error).name === 'TimeoutError') throw new WriteTimeoutError((e as Error).message);
        throw e;
      }
    }) as unknown as Fetcher;
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = context?.req?.headers;
    if (!headers || !request.http) return;
    for (const name of FORWARDED_HEADERS) {
      const value = headers[name];
      const v = Array.isArray(value) ? value[0] : value;
      if (v) request.http.headers.set(name, v);
    }
  }

  override didEncounterError(error: Error, _request: unknown, response?: FetcherResponse): void {
    if (error instanceof WriteTimeoutError) {
      throw new GraphQLError(
        `City ${this.city} did not confirm the write within ${this.mutationTimeoutMs} ms; it may or may not have been applied. Check at ${this.city} before retrying.`,
        { extensions: { code: 'CITY_OUTCOME_UNKNOWN', city: this.city } },
      );
    }
    const timedOut = error.name === 'AbortError' || error.name === 'TimeoutError' || /aborted|timeout/i.test(error.message);
    const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
    const refused =
      /ECONNREFUSED|ECONNRESET|socket hang up|EHOSTUNREACH|fetch failed/i.test(error.message) ||
      /ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENOTFOUND|UND_ERR/i.test(`${cause?.code ?? ''} ${cause?.message ?? ''}`);
    // A city behind a load balancer with no healthy node answers 502/503/504: that is a dead city too.
    const unavailable = response !== undefined && UNAVAILABLE_STATUSES.has(response.status);
    if (timedOut || refused || unavailable) {
      throw new GraphQLError(
        timedOut
          ? `City ${this.city} did not answer within ${this.timeoutMs} ms; its data is missing from this answer.`
          : `City ${this.city} is unreachable; its data is missing from this answer.`,
        { extensions: { code: 'CITY_UNAVAILABLE', city: this.city } },
      );
    }
    throw new GraphQLError(`City ${this.city} answered with an error: ${error.message.slice(0, 200)}`, {
      extensions: { code: 'CITY_ERROR', city: this.city },
    });
  }
}
