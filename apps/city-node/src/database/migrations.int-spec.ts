import { DataSource } from 'typeorm';
import { createTestDatabase } from '@ypf/testing';
import { nodeDataSourceOptions } from './data-source.js';
import { openMigratedDataSource } from './migrate.js';
import { NODE_MIGRATIONS } from './migrations/index.js';

/** Generated things are checked: after the migrations, the entities need no further schema change. */
describe('migrations', () => {
  it('bring an empty database exactly to the entities, and roll back cleanly', async () => {
    const db = await createTestDatabase('migrations');
    let ds: DataSource | undefined;
    try {
      ds = await openMigratedDataSource(db.url, 2);
      const pending = await ds.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
      for (let i = 0; i < NODE_MIGRATIONS.length; i++) await ds.undoLastMigration();
      const tables = await ds.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'schema_migration' AND table_schema = 'public'`);
      expect(tables).toEqual([]);
    } finally {
      await ds?.destroy();
      await db.drop();
    }
  });

  it('keep synchronize off', () => {
    expect(nodeDataSourceOptions('postgres://x/y').synchronize).toBe(false);
  });
});
