import { CITIES, GATEWAY_LOCAL_PORT } from '@ypf/region';
import { DEFAULT_DB_PREFIX, cityDatabaseName } from './databases.js';

/**
 * The deployment files that list the cities (docker-compose.yml, deploy/postgres/init.sql) are generated from the
 * region registry so that they can't drift from it; a unit test fails when the checked-in files differ.
 * Regenerate with `node dist/apps/launcher/src/deploy-files-cli.js` after `npm run build`.
 */
export const DEPLOY_FILES = {
  compose: 'docker-compose.yml',
  initSql: 'deploy/postgres/init.sql',
} as const;

export const COMPOSE_IMAGE = 'yangtze-police-federation:local';
const GENERATED = 'GENERATED from libs/region (the city registry) by apps/launcher/src/deploy-files-cli.ts; do not edit by hand.';

export function composeServiceName(city: string): string {
  return `city-${city}`;
}

export function renderInitSql(): string {
  const lines = [
    `-- ${GENERATED}`,
    '-- Run once by the postgres image on an empty volume, as POSTGRES_USER, which then owns every city database.',
    '-- One database per city: a city node only ever receives the URL of its own.',
    ...CITIES.map((c) => `CREATE DATABASE ${cityDatabaseName(DEFAULT_DB_PREFIX, c.code)};`),
  ];
  return `${lines.join('\n')}\n`;
}

const healthcheck = (indent: string, port: string) =>
  [
    `${indent}healthcheck:`,
    // No curl in the slim image: Node's fetch does the probe.
    `${indent}  test: ["CMD", "node", "-e", "fetch('http://127.0.0.1:${port}/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]`,
    `${indent}  interval: 10s`,
    `${indent}  timeout: 5s`,
    `${indent}  retries: 6`,
    `${indent}  start_period: 40s`,
  ].join('\n');

export function renderDockerCompose(): string {
  const cityUrls = JSON.stringify(
    Object.fromEntries(CITIES.map((c) => [c.code, `http://${composeServiceName(c.code)}:${c.localPort}/graphql`])),
  );
  const dbUrl = (code: string) =>
    `postgres://ypf:\${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}@postgres:5432/${cityDatabaseName(DEFAULT_DB_PREFIX, code)}`;
  const out: string[] = [
    `# ${GENERATED}`,
    '#',
    '# The production-like region: PostgreSQL (one database per city), Redis (BullMQ queues), one node per city and',
    '# the regional gateway on port 4000. Usage:',
    '#   POSTGRES_PASSWORD=<url-safe secret> docker compose up --build',
    '# Keys: each node mounts ./deploy/keys/<city> read-only at /run/ypf/keys: its own city\'s private, audit and index',
    '# keys and every city\'s public key, nothing of another city\'s secrets. In production each city provisions its own',
    '# key pair in its own key ceremony, keeps its private key to itself and distributes only its public key;',
    '# see deploy/keys/README.md. A real deployment runs one stack (server, Redis, load balancer) per city.',
    '',
    '# CITY_URLS: where the gateway and the nodes reach each city subgraph inside this network.',
    `x-city-urls: &city-urls '${cityUrls}'`,
    '',
    'x-node-env: &node-env',
    '  HOST: 0.0.0.0',
    '  REDIS_URL: redis://redis:6379',
    '  KEYS_DIR: /run/ypf/keys',
    '  POLICY_DIR: /app/config/policies',
    '  NODE_ENV: production',
    '  # Migrations are a step of their own (the migrate-<city> services, under a database lock); a node whose schema',
    '  # is behind refuses to start.',
    '  MIGRATE_ON_START: "false"',
    '  # The gateway reaches the nodes over this private network: its X-Forwarded-For (the officer\'s address, for login',
    '  # throttling) is believed; list the gateway\'s own addresses instead where other private hosts reach the nodes.',
    '  TRUSTED_PROXIES: uniquelocal',
    '  CITY_URLS: *city-urls',
    '',
    '# One definition for all city nodes: same image, same code; the city is configuration (CITY, PORT, DATABASE_URL).',
    'x-city-node: &city-node',
    '  build: .',
    `  image: ${COMPOSE_IMAGE}`,
    '  command: ["node", "dist/apps/city-node/src/main.js"]',
    '  restart: unless-stopped',
    '  security_opt: ["no-new-privileges:true"]',
    '  cap_drop: [ALL]',
    '  depends_on:',
    '    postgres:',
    '      condition: service_healthy',
    '    redis:',
    '      condition: service_healthy',
      healthcheck('  ', "' + process.env.PORT + '"),
    '',
    'services:',
    '  postgres:',
    '    image: postgres:16',
    '    restart: unless-stopped',
    '    command: ["postgres", "-c", "max_connections=300"]',
    '    environment:',
    '      POSTGRES_USER: ypf',
    '      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}',
    '      POSTGRES_DB: ypf',
    '    volumes:',
    '      - ./deploy/postgres/init.sql:/docker-entrypoint-initdb.d/10-ypf-city-databases.sql:ro',
    '      - pgdata:/var/lib/postgresql/data',
    '    healthcheck:',
    '      test: ["CMD-SHELL", "pg_isready -U ypf -d ypf"]',
    '      interval: 5s',
    '      timeout: 5s',
    '      retries: 12',
    '',
    '  redis:',
    '    image: redis:7',
    '    restart: unless-stopped',
    '    # BullMQ requires noeviction; AOF keeps queued deliveries across restarts (the outbox remains the source of truth).',
    '    command: ["redis-server", "--appendonly", "yes", "--maxmemory-policy", "noeviction"]',
    '    volumes:',
    '      - redisdata:/data',
    '    healthcheck:',
    '      test: ["CMD", "redis-cli", "ping"]',
    '      interval: 5s',
    '      timeout: 5s',
    '      retries: 12',
  ];
  for (const c of CITIES) {
    out.push(
      '',
      `  migrate-${c.code}:`,
      '    <<: *city-node',
      '    command: ["node", "dist/apps/city-node/src/admin/admin-cli.js", "migrate"]',
      '    restart: "no"',
      '    healthcheck:',
      '      disable: true',
      '    volumes:',
      `      - ./deploy/keys/${c.code}:/run/ypf/keys:ro`,
      '    environment:',
      '      <<: *node-env',
      `      CITY: ${c.code}`,
      `      DATABASE_URL: ${dbUrl(c.code)}`,
      '',
      `  ${composeServiceName(c.code)}:`,
      '    <<: *city-node',
      '    depends_on:',
      '      postgres:',
      '        condition: service_healthy',
      '      redis:',
      '        condition: service_healthy',
      `      migrate-${c.code}:`,
      '        condition: service_completed_successfully',
      '    volumes:',
      `      - ./deploy/keys/${c.code}:/run/ypf/keys:ro`,
      '    environment:',
      '      <<: *node-env',
      `      CITY: ${c.code}`,
      `      PORT: "${c.localPort}"`,
      `      DATABASE_URL: ${dbUrl(c.code)}`,
    );
  }
  out.push(
    '',
    '  gateway:',
    '    build: .',
    `    image: ${COMPOSE_IMAGE}`,
    '    command: ["node", "dist/apps/gateway/src/main.js"]',
    '    restart: unless-stopped',
    '    security_opt: ["no-new-privileges:true"]',
    '    cap_drop: [ALL]',
    '    environment:',
    `      PORT: "${GATEWAY_LOCAL_PORT}"`,
    '      HOST: 0.0.0.0',
    '      NODE_ENV: production',
    '      CITY_URLS: *city-urls',
    '    ports:',
    `      - "${GATEWAY_LOCAL_PORT}:${GATEWAY_LOCAL_PORT}"`,
    '    depends_on:',
    ...CITIES.flatMap((c) => [`      ${composeServiceName(c.code)}:`, '        condition: service_healthy']),
    healthcheck('    ', "' + process.env.PORT + '"),
    '',
    'volumes:',
    '  pgdata:',
    '  redisdata:',
  );
  return `${out.join('\n')}\n`;
}
