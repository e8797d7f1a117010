/**
 * Writes a migration with exactly the SQL TypeORM needs to bring a database migrated to the current
 * migrations up to the current entities. Usage: DATABASE_URL=<an empty scratch database> node .../generate-migration.js Name
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { nodeDataSourceOptions } from './data-source.js';

async function main(): Promise<void> {
  const name = process.argv[2];
  const url = process.env.DATABASE_URL;
  if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name) || !url) {
    console.error('usage: DATABASE_URL=postgres://.../scratch node generate-migration.js MigrationName (PascalCase)');
    process.exit(2);
  }
  const ds = new DataSource(nodeDataSourceOptions(url));
  await ds.initialize();
  await ds.runMigrations();
  const sql = await ds.driver.createSchemaBuilder().log();
  await ds.destroy();
  if (sql.upQueries.length === 0) {
    console.log('Entities and migrations already match: nothing to generate.');
    return;
  }
  const ts = Date.now();
  const esc = (q: string) => q.replace(/\\/g, '\\\\').replace(/`/g, '\\`');
  const up = sql.upQueries.map((q) => `    await queryRunner.query(\`${esc(q.query)}\`);`).join('\n');
  const down = sql.downQueries.reverse().map((q) => `    await queryRunner.query(\`${esc(q.query)}\`);`).join('\n');
  const className = `${name}${ts}`;
  const file = join(process.cwd(), 'apps/city-node/src/database/migrations', `${ts}-${name}.ts`);
  writeFileSync(
    file,
    `import type { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${className} implements MigrationInterface {\n  name = '${className}';\n\n  async up(queryRunner: QueryRunner): Promise<void> {\n${up}\n  }\n\n  async down(queryRunner: QueryRunner): Promise<void> {\n${down}\n  }\n}\n`,
  );
  console.log(`Wrote ${file}; add ${className} to migrations/index.ts.`);
}

void main();
