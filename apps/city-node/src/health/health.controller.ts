import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Public } from '../auth/permissions.js';
import { NODE_CONFIG, type NodeConfig } from '../config/node-config.js';

/**
 * Readiness: the node answers 200 only while its database answers, 503 naming the database otherwise. Every check asks
 * the pool afresh (connections the server dropped are replaced), so the node recovers by itself when the database is back.
 */
@Controller()
export class HealthController {
  constructor(
    private readonly db: DataSource,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {}

  private get databaseName(): string {
    return decodeURIComponent(new URL(this.config.databaseUrl).pathname.slice(1)) || '(default)';
  }

  @Get('health')
  @Public()
  async health(@Res() res: { status(code: number): { json(body: unknown): void } }): Promise<void> {
    const started = Date.now();
    let database: 'up' | 'down' = 'down';
    let error: string | undefined;
    try {
      await Promise.race([
        this.db.query('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('database did not answer within 2 s')), 2000)),
      ]);
      database = 'up';
    } catch (e) {
      error = (e as Error).message;
    }
    const ok = database === 'up';
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({
      status: ok ? 'ok' : 'unavailable',
      city: this.config.city,
      database,
      ...(error ? { error, reason: `database ${this.databaseName} is unavailable: ${error}` } : {}),
      latencyMs: Date.now() - started,
    });
  }
}
