import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { Fetcher } from '@apollo/utils.fetcher';
import { GraphQLError } from 'graphql';

interface GatewayContext {
  req?: { headers: Record<string, string | string[] | undefined> };
}

const FORWARDED_HEADERS = ['authorization', 'x-purpose', 'x-request-id'] as const;

/**
 * One city's subgraph. Forwards the officer's token and purpose (the gateway holds no power of its own), keeps
 * connections alive, and gives up after the city timeout with an error that names the city.
 */
export class CityDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    readonly city: string,
    url: string,
    private readonly timeoutMs: number,
  ) {
    super({ url });
    // Node's fetch (undici) keeps connections alive per city; the timeout bounds what a dead city can cost.
    this.fetcher = ((input: string, init?: RequestInit) =>
      fetch(input, { ...(init ?? {}), signal: AbortSignal.timeout(this.timeoutMs) })) as unknown as Fetcher;
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

  override didEncounterError(error: Error): void {
    const timedOut = error.name === 'AbortError' || error.name === 'TimeoutError' || /aborted|timeout/i.test(error.message);
    const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
    const refused =
      /ECONNREFUSED|ECONNRESET|socket hang up|EHOSTUNREACH|fetch failed/i.test(error.message) ||
      /ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENOTFOUND|UND_ERR/i.test(`${cause?.code ?? ''} ${cause?.message ?? ''}`);
    if (timedOut || refused) {
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
