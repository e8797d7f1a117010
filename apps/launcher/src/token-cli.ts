import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDevKeys } from '@ypf/auth';
import { findRepoRoot, issueDevToken } from '@ypf/region-runner';
import { parseTokenArgs, TOKEN_USAGE, TokenHelpRequested, TokenUsageError } from './token-args.js';

/**
 * `npm run -s token -- --city taizhou --role ANALYST`: prints a DEV officer token and nothing else on stdout,
 * so it can be used as $(npm run -s token -- ...). Problems go to stderr; bad arguments exit with code 2.
 */
function main(): void {
  // Development tokens are signed with the dev keys the launcher generates; a production deployment has no use for
  // them and must not mint any (issue 24).
  if (process.env.NODE_ENV === 'production') {
    process.stderr.write('token: refused with NODE_ENV=production: development tokens are for the development region only; officers log in.\n');
    process.exit(1);
  }
  const repoRoot = findRepoRoot(dirname(fileURLToPath(import.meta.url)));
  let args;
  try {
    args = parseTokenArgs(process.argv.slice(2), process.env, repoRoot);
  } catch (e) {
    if (e instanceof TokenHelpRequested) {
      process.stderr.write(`${TOKEN_USAGE}\n`);
      process.exit(0);
    }
    if (e instanceof TokenUsageError) {
      process.stderr.write(`token: ${e.message}\n${TOKEN_USAGE}\n`);
      process.exit(2);
    }
    throw e;
  }
  try {
    if (!existsSync(args.keysDir)) {
      // Same keys the launcher would create, so a later `npm start` with this data dir accepts the token.
      ensureDevKeys(args.keysDir);
      process.stderr.write(`token: created development keys in ${args.keysDir}\n`);
    }
    const token = issueDevToken({ keysDir: args.keysDir, city: args.city, role: args.role, ttlSeconds: args.ttlSeconds, scope: args.scope, at: args.at });
    process.stdout.write(`${token}\n`);
  } catch (e) {
    process.stderr.write(`token: ${(e as Error).message}\n`);
    process.exit(1);
  }
}

main();
