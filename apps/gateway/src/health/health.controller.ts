import { Controller, Get, Inject } from '@nestjs/common';
import { CITY_CODES } from '@ypf/region';
import { GATEWAY_CONFIG } from '../tokens.js';
import type { GatewayConfig } from '../config/gateway-config.js';

@Controller()
export class HealthController {
  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  /** The gateway itself is up (it serves whatever cities answer). */
  @Get('health')
  health() {
    return { status: 'ok', service: 'gateway' };
  }

  /** Each city node's readiness as the gateway sees it, checked in parallel with a short timeout. */
  @Get('health/region')
  async region() {
    const cities = await Promise.all(
      CITY_CODES.map(async (code) => {
        const url = this.config.cityUrls[code].replace(/\/graphql$/, '/health');
        try {
          const res = await fetch(url, { signal: AbortSignal.timeout(1500) });
          const body = (await res.json().catch(() => ({}))) as { database?: string };
          return { city: code, ready: res.ok, database: body.database ?? 'unknown' };
        } catch {
          return { city: code, ready: false, database: 'unknown' };
        }
      }),
    );
    return { status: cities.every((c) => c.ready) ? 'ok' : 'degraded', cities };
  }
}
