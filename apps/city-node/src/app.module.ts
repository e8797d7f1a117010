import { type BeforeApplicationShutdown, type DynamicModule, Inject, Injectable, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule, DiscoveryService } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloFederationDriver, type ApolloFederationDriverConfig } from '@nestjs/apollo';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BullModule, WorkerHost } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { configureQueueBackend, type QueueConnection } from '@ypf/queue';
import { Clock } from '@ypf/common';
import type { NodeConfig } from './config/node-config.js';
import { CoreModule } from './core/core.module.js';
import { nodeDataSourceOptions } from './database/data-source.js';
import { prepareSchema, SchemaError } from './database/migrate.js';
import { graphqlOptions } from './graphql/graphql-options.js';
import { CityIdentityResolver, RegionResolver } from './graphql/region.resolver.js';
import { TextInputGuard } from './graphql/text-input.guard.js';
import { HealthController } from './health/health.controller.js';
import { PermissionGuard } from './auth/permission.guard.js';
import { AuthModule } from './auth/auth.module.js';
import { DeliveryModule } from './modules/delivery/delivery.module.js';
import { IdentifiersModule } from './modules/identifiers/identifiers.module.js';
import { OfficersModule } from './modules/officers/officers.module.js';
import { IntelligenceModule } from './modules/intelligence/intelligence.module.js';
import { AccessPolicyModule } from './modules/access-policy/access-policy.module.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { SeedModule } from './modules/seed/seed.module.js';
import { AssistanceModule } from './modules/assistance/assistance.module.js';
import { WatchModule } from './modules/watch/watch.module.js';
import { IncidentsModule } from './modules/incidents/incidents.module.js';
import { EarlyWarningModule } from './modules/early-warning/early-warning.module.js';
import { FeedModule } from './modules/feed/feed.module.js';
import { OversightModule } from './modules/oversight/oversight.module.js';
import { MaintenanceModule } from './jobs/maintenance.js';

export const QUEUE_CONNECTION = Symbol('QUEUE_CONNECTION');

/**
 * Closes every worker (waiting for its running jobs) before the shutdown hooks run, then ends the queue pool. Nest
 * runs the workers' own shutdown and this one side by side; a worker whose pool ended under it spins on retries.
 */
@Injectable()
class QueuePoolCloser implements BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    @Inject(QUEUE_CONNECTION) private readonly queue: QueueConnection,
    private readonly discovery: DiscoveryService,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    const hosts = this.discovery
      .getProviders()
      .map((w) => w.instance as unknown)
      .filter((i): i is WorkerHost => i instanceof WorkerHost);
    await Promise.all(hosts.map((h) => h.worker?.close().catch(() => undefined)));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}

/**
 * Every queue of the node gets an error listener: without one, a lost database or Redis connection makes BullMQ print
 * whole error objects on every retry. One line per queue and minute says what happened; the queue retries by itself.
 */
@Injectable()
class QueueErrorLogger implements OnApplicationBootstrap {
  private readonly logger = new Logger('Queues');

  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    const queues = new Set(this.discovery.getProviders().map((w) => w.instance as unknown).filter((i): i is Queue => i instanceof Queue));
    for (const queue of queues) {
      let last = 0;
      queue.on('error', (error: Error) => {
        const now = Date.now();
        if (now - last < 60_000) return;
        last = now;
        this.logger.warn(`queue ${queue.name}: ${error.message} (retrying; repeats are silenced for a minute)`);
      });
    }
  }
}

/** One city's node. The city is configuration: the same module serves all eight. */
@Module({})
export class AppModule {
  static forConfig(config: NodeConfig, overrides: { clock?: Clock } = {}): DynamicModule {
    const queue = configureQueueBackend({
      prefix: config.queuePrefix,
      redisUrl: config.redisUrl,
      databaseUrl: config.databaseUrl,
      poolSize: config.queueDbPoolSize,
    });
    return {
      module: AppModule,
      imports: [
        DiscoveryModule,
        BullModule.forRootAsync({
          // The queue schema is migrated before any queue or worker connects.
          useFactory: async () => {
            await queue.prepare();
            return { connection: queue.connection as never, prefix: queue.prefix };
          },
        }),
        CoreModule.forConfig(config, overrides),
        TypeOrmModule.forRootAsync({
          // A database that is down is retried; one that is behind, newer or another city's is not (nothing changes it).
          useFactory: () => ({ ...nodeDataSourceOptions(config.databaseUrl, config.dbPoolSize), toRetry: (e: unknown) => !(e instanceof SchemaError) }),
          // Migrated under the migration lock (MIGRATE_ON_START), or refused when behind, newer or another city's.
          dataSourceFactory: async (options) => {
            const ds = await new DataSource(options!).initialize();
            try {
              await prepareSchema(ds, config.city, config.migrateOnStart);
            } catch (e) {
              await ds.destroy();
              throw e;
            }
            return ds;
          },
        }),
        GraphQLModule.forRoot<ApolloFederationDriverConfig>({ driver: ApolloFederationDriver, ...graphqlOptions(config) }),
        AuthModule,
        DeliveryModule,
        MaintenanceModule,
        OfficersModule,
        IdentifiersModule,
        IntelligenceModule,
        AccessPolicyModule,
        AuditModule,
        AssistanceModule,
        WatchModule,
        IncidentsModule,
        EarlyWarningModule,
        FeedModule,
        OversightModule,
        SeedModule,
      ],
      controllers: [HealthController],
      providers: [
        { provide: QUEUE_CONNECTION, useValue: queue },
        QueuePoolCloser,
        QueueErrorLogger,
        RegionResolver,
        CityIdentityResolver,
        // In this order: who may call it, then whether its text can be stored at all.
        { provide: APP_GUARD, useClass: PermissionGuard },
        { provide: APP_GUARD, useClass: TextInputGuard },
      ],
    };
  }
}
