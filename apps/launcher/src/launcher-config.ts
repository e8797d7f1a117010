import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_PG_PORT, parsePostgresUrl } from '@ypf/region-runner';

export const NODE_ENVS = ['development', 'production', 'test'] as const;

// An empty variable (`PG_PORT=` in a shell or .env file) means "not set", not "invalid".
const optionalText = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  z.string().trim().optional(),
);

const launcherEnvSchema = z.object({
  DATABASE_URL: optionalText.refine(
    (v) => {
      if (v === undefined) return true;
      try {
        parsePostgresUrl(v);
        return true;
      } catch {
        return false;
      }
    },
    { message: 'must be a PostgreSQL server URL such as postgres://postgres@127.0.0.1:5432/postgres' },
  ),
  YPF_DATA_DIR: optionalText,
  PG_PORT: z.preprocess(
    (v) => (v === undefined || (typeof v === 'string' && v.trim() === '') ? undefined : Number(v)),
    z
      .number({ message: 'must be a port number (1-65535)' })
      .int({ message: 'must be a whole port number (1-65535)' })
      .min(1, { message: 'must be a port number (1-65535)' })
      .max(65535, { message: 'must be a port number (1-65535)' })
      .default(DEFAULT_PG_PORT),
  ),
  NODE_ENV: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.enum(NODE_ENVS, { message: `must be one of ${NODE_ENVS.join(', ')}` }).default('development'),
  ),
});

export interface LauncherConfig {
  databaseUrl?: string;
  dataDir: string;
  pgPort: number;
  nodeEnv: (typeof NODE_ENVS)[number];
}

/** A configuration problem; the message names the variable. */
export class LauncherConfigError extends Error {}

/** Validates the launcher's environment; throws LauncherConfigError naming every bad variable. */
export function parseLauncherEnv(env: Readonly<Record<string, string | undefined>>, repoRoot: string): LauncherConfig {
  const result = launcherEnvSchema.safeParse({
    DATABASE_URL: env.DATABASE_URL,
    YPF_DATA_DIR: env.YPF_DATA_DIR,
    PG_PORT: env.PG_PORT,
    NODE_ENV: env.NODE_ENV,
  });
  if (!result.success) {
    const problems = result.error.issues.map((i) => {
      const name = String(i.path[0] ?? 'environment');
      return `  ${name}=${JSON.stringify(env[name] ?? '')}: ${i.message}`;
    });
    throw new LauncherConfigError(`Invalid environment for npm start:\n${problems.join('\n')}`);
  }
  const v = result.data;
  const dataDir = v.YPF_DATA_DIR
    ? isAbsolute(v.YPF_DATA_DIR)
      ? v.YPF_DATA_DIR
      : resolve(repoRoot, v.YPF_DATA_DIR)
    : join(repoRoot, '.data');
  return { databaseUrl: v.DATABASE_URL, dataDir, pgPort: v.PG_PORT, nodeEnv: v.NODE_ENV };
}
