import 'reflect-metadata';
import { EventEmitter } from 'node:events';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ROLES, type Role } from '@ypf/auth';
import { AuditLog } from '@ypf/audit';
import { DomainError } from '@ypf/common';
import { CITY_CODES } from '@ypf/region';
import { DEFAULT_DB_PREFIX, DEFAULT_PG_PORT, EMBEDDED_PG_PASSWORD, EMBEDDED_PG_USER, findRepoRoot } from '@ypf/region-runner';
import { ConfigError, loadNodeConfig, type NodeConfig } from '../config/node-config.js';
import { createNodeApp } from '../create-node-app.js';
import { nodeDataSourceOptions } from '../database/data-source.js';
import { migrateDatabase, SchemaError, schemaStatus } from '../database/migrate.js';
import type { OfficerContext } from '../auth/request-context.js';
import { OfficerAdminService } from '../modules/officers/officer-admin.service.js';
import { OutboxService } from '../modules/delivery/outbox.service.js';
import { ServiceAccountsService } from '../modules/officers/service-accounts.service.js';

const USAGE = `Administration of one city's node: its database and keys, with the node's own configuration (CITY, DATABASE_URL,
KEYS_DIR, ... as the node reads them). In development, --city <code> fills them in for the region \`npm start\` runs.

  npm run admin -- [--city <code>] <command> [options]

  status                                      the database's city and its applied and pending migrations
  migrate                                     apply pending migrations (under the migration lock; once each)
  bootstrap-admin --username <u> --name <n> [--unit <u>]
                                              the first ADMIN of a city that has none (prints a one-time password)
  create-officer --username <u> --name <n> --roles <R,R> [--unit <u>]
  disable-officer --id <city:username> --reason <text>
  enable-officer --id <city:username> --reason <text>
  reset-password --id <city:username>         a one-time password; the officer's tokens are withdrawn everywhere
  create-service-account --name <n> --owner <city:username> --purpose <text> --roles <R,R> --expires <ISO date-time>
                                              a machine's account; prints its client id and secret (shown once)
  disable-service-account --id <city:svc:name> --reason <text>
  audit-verify                                checks the whole audit chain of the city (exit 1 when broken)
  redrive --id <outbox message id>            sends a dead message again

Every change is audited under <city>:admin-cli with the operating-system user; the node's own rules apply (no last
ADMIN removed, passwords, token withdrawal told to every city).`;

class UsageError extends Error {}

const COMMANDS = ['status', 'migrate', 'bootstrap-admin', 'create-officer', 'disable-officer', 'enable-officer', 'reset-password', 'create-service-account', 'disable-service-account', 'audit-verify', 'redrive'];

interface Parsed {
  command: string;
  options: Record<string, string>;
  city?: string;
}

export function parseAdminArgs(argv: readonly string[]): Parsed {
  const options: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') throw new UsageError('');
    if (a.startsWith('--')) {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${a} needs a value`);
      options[a.slice(2)] = value;
      i++;
    } else positional.push(a);
  }
  if (positional.length !== 1) throw new UsageError(positional.length ? `one command at a time (got ${positional.join(' ')})` : 'name a command');
  if (!COMMANDS.includes(positional[0])) throw new UsageError(`unknown command ${positional[0]}`);
  const { city, ...rest } = options;
  if (city !== undefined && !CITY_CODES.includes(city)) throw new UsageError(`--city must be one of ${CITY_CODES.join(', ')}`);
  return { command: positional[0], options: rest, ...(city ? { city } : {}) };
}

/** The node's environment, or for `--city` in development the region `npm start` runs (embedded PostgreSQL, .data/keys). */
function environment(city: string | undefined): NodeJS.ProcessEnv {
  const env = { ...process.env };
  if (!city) return env;
  if (env.CITY && env.CITY !== city) throw new UsageError(`--city ${city} and CITY=${env.CITY} disagree`);
  const root = findRepoRoot(process.cwd());
  const dataDir = env.YPF_DATA_DIR ?? join(root, '.data');
  const server = env.DATABASE_URL ? new URL(env.DATABASE_URL) : new URL(`postgres://${EMBEDDED_PG_USER}:${EMBEDDED_PG_PASSWORD}@127.0.0.1:${env.PG_PORT ?? DEFAULT_PG_PORT}/postgres`);
  if (!env.CITY) {
    server.pathname = `/${DEFAULT_DB_PREFIX}_${city}`;
    env.DATABASE_URL = server.toString();
  }
  return { ...env, CITY: city, KEYS_DIR: env.KEYS_DIR ?? join(dataDir, 'keys'), POLICY_DIR: env.POLICY_DIR ?? join(root, 'config/policies') };
}

function need(options: Record<string, string>, name: string): string {
  const v = options[name];
  if (v === undefined || v.trim() === '') throw new UsageError(`--${name} is required`);
  return v;
}

/** Runs one command; returns the process exit code. Output goes to `out`, problems to `err`. */
export async function runAdmin(argv: readonly string[], out: (l: string) => void, err: (l: string) => void): Promise<number> {
  let parsed: Parsed;
  let config: NodeConfig;
  try {
    parsed = parseAdminArgs(argv);
    config = loadNodeConfig(environment(parsed.city));
  } catch (e) {
    if (e instanceof UsageError) {
      if (e.message) err(`admin: ${e.message}\n`);
      err(USAGE);
      return e.message ? 64 : 0;
    }
    if (e instanceof ConfigError) {
      err(e.message);
      return 78;
    }
    throw e;
  }
  const { command, options } = parsed;
  try {
    if (command === 'status' || command === 'migrate') return await schemaCommand(command, config, out);
    return await withNode(config, async (app) => {
      const ctx = cliContext(config);
      const admin = app.get(OfficerAdminService);
      switch (command) {
        case 'bootstrap-admin': {
          const db = app.get(DataSource);
          const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM officer WHERE active AND 'ADMIN' = ANY(roles)`);
          if (n > 0) throw new UsageError(`${config.city} already has ${n} active ADMIN(s): they create officers (createOfficer, or create-officer here).`);
          const created = await admin.create(ctx, { username: need(options, 'username'), displayName: need(options, 'name'), unit: options.unit ?? null, roles: ['ADMIN'] });
          out(`created ${created.officer.id} (ADMIN); one-time password, shown once: ${created.oneTimePassword}`);
          return 0;
        }
        case 'create-officer': {
          const roles = need(options, 'roles').split(',').map((r) => r.trim().toUpperCase());
          const created = await admin.create(ctx, { username: need(options, 'username'), displayName: need(options, 'name'), unit: options.unit ?? null, roles });
          out(`created ${created.officer.id} (${created.officer.roles.join(', ')}); one-time password, shown once: ${created.oneTimePassword}`);
          return 0;
        }
        case 'disable-officer':
        case 'enable-officer': {
          const active = command === 'enable-officer';
          const o = await admin.setActive(ctx, need(options, 'id'), active, need(options, 'reason'));
          out(`${o.id} is ${o.active ? 'active' : 'disabled'}${active ? '' : '; its tokens are withdrawn at every node'}`);
          return 0;
        }
        case 'reset-password': {
          const r = await admin.resetPassword(ctx, need(options, 'id'));
          out(`${r.officer.id}: one-time password, shown once: ${r.oneTimePassword} (to be changed at the next login)`);
          return 0;
        }
        case 'create-service-account': {
          const roles = need(options, 'roles').split(',').map((r) => r.trim().toUpperCase());
          const r = await app.get(ServiceAccountsService).create(ctx, { name: need(options, 'name'), ownerId: need(options, 'owner'), purpose: need(options, 'purpose'), roles, expiresAt: need(options, 'expires') });
          out(`created ${r.account.id} (${r.account.roles.join(', ')}) until ${r.account.expiresAt}; client id ${r.clientId}, client secret, shown once: ${r.clientSecret}`);
          return 0;
        }
        case 'disable-service-account': {
          const a = await app.get(ServiceAccountsService).setActive(ctx, need(options, 'id'), false, need(options, 'reason'));
          out(`${a.id} is disabled; its tokens are withdrawn at every node`);
          return 0;
        }
        case 'audit-verify': {
          const result = await app.get(AuditLog).verify(app.get(DataSource).manager);
          out(result.ok ? `audit chain of ${config.city}: intact, ${result.checked} entries (head ${result.headSeq ?? 'none'})` : `audit chain of ${config.city}: BROKEN at entry ${result.firstBrokenSeq}: ${result.problem} (${result.checked} checked)`);
          return result.ok ? 0 : 1;
        }
        case 'redrive': {
          const m = await app.get(OutboxService).redrive(ctx, need(options, 'id'));
          out(`${m.id} to ${m.targetCity} (${m.kind}) queued again`);
          return 0;
        }
        default:
          throw new UsageError(`unknown command ${command}`);
      }
    });
  } catch (e) {
    if (e instanceof UsageError) {
      err(`admin: ${e.message}`);
      return 64;
    }
    if (e instanceof SchemaError || e instanceof DomainError) {
      err(`admin: ${e.message}`);
      return 1;
    }
    err(`admin: ${command} failed: ${(e as Error).message}`);
    return 1;
  }
}

async function schemaCommand(command: 'status' | 'migrate', config: NodeConfig, out: (l: string) => void): Promise<number> {
  const ds = await new DataSource(nodeDataSourceOptions(config.databaseUrl, 2)).initialize();
  try {
    if (command === 'migrate') {
      const applied = await migrateDatabase(ds, config.city);
      out(applied.length ? `${config.city}: applied ${applied.length} migration(s): ${applied.join(', ')}` : `${config.city}: up to date, nothing to apply`);
      return 0;
    }
    const s = await schemaStatus(ds);
    out(`database of ${s.city ?? '(not claimed yet: no migration has run)'}; ${s.applied.length} migration(s) applied, ${s.pending.length} pending${s.pending.length ? `: ${s.pending.join(', ')}` : ''}${s.unknown.length ? `; unknown to this build: ${s.unknown.join(', ')}` : ''}`);
    if (s.city !== null && s.city !== config.city) throw new SchemaError(`This database belongs to ${s.city}, not ${config.city}.`);
    return s.pending.length || s.unknown.length ? 2 : 0;
  } finally {
    await ds.destroy();
  }
}

/** The node's application, started without listening (no migration, no demo seed), closed after `fn`. */
async function withNode<T>(config: NodeConfig, fn: (app: Awaited<ReturnType<typeof createNodeApp>>) => Promise<T>): Promise<T> {
  // No Nest log: a failed start is reported once, by runAdmin, with its message.
  const app = await createNodeApp({ ...config, migrateOnStart: false, demoSeed: false }, { logger: [] });
  await app.init();
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}

/** Who the CLI acts as: the city's administration, with every role (it holds the city's database and keys anyway). */
function cliContext(config: NodeConfig): OfficerContext {
  const operator = userInfo().username;
  return {
    requestId: `admin-cli-${Date.now()}`,
    nodeCity: config.city,
    node: null,
    purpose: `admin CLI (${operator})`,
    officer: { kind: 'officer', scope: 'home', sub: `${config.city}:admin-cli`, city: config.city, roles: [...ROLES] as Role[], name: `Admin CLI (${operator})`, jti: 'admin-cli', exp: 0 },
  };
}

if (process.argv[1] && /admin-cli\.js$/.test(process.argv[1])) {
  // The queue workers of the PostgreSQL backend each add a listener to one shared pool: eleven is expected, not a leak.
  EventEmitter.defaultMaxListeners = 32;
  runAdmin(process.argv.slice(2), (l) => process.stdout.write(`${l}\n`), (l) => process.stderr.write(`${l}\n`)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`admin: ${(e as Error).message}\n`);
      process.exit(1);
    },
  );
}
