import type { DataSourceOptions } from 'typeorm';
import { NODE_ENTITIES } from './entities.js';
import { NODE_MIGRATIONS } from './migrations/index.js';

/** One definition of the node's database, shared by the app, migration tooling and integration tests. */
export function nodeDataSourceOptions(databaseUrl: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: NODE_ENTITIES,
    migrations: NODE_MIGRATIONS,
    migrationsTableName: 'schema_migration',
    migrationsRun: false,
    synchronize: false,
    logging: ['error'],
    extra: { max: poolSize, connectionTimeoutMillis: 5000, application_name: 'ypf-city-node' },
  };
}
