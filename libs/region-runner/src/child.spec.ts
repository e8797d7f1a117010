import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManagedChild } from './child.js';
import { findFreePort, httpGet } from './net.js';

/** A child that answers /health with the argv[0] it was started with (the binary's path as spawned). */
const APP = String.raw`
require('node:http')
  .createServer((req, res) => res.end(JSON.stringify({ argv0: process.argv0, version: process.version })))
  .listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
`;

describe('ManagedChild', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ypf-child-'));
    writeFileSync(join(dir, 'app.cjs'), APP);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function argv0Of(nodeBinary: string | undefined): Promise<{ argv0: string; version: string }> {
    const port = await findFreePort();
    const child = new ManagedChild(
      { name: 'app', script: join(dir, 'app.cjs'), cwd: dir, env: { PORT: String(port) }, healthUrl: `http://127.0.0.1:${port}/health`, nodeBinary },
      () => undefined,
      () => undefined,
    );
    child.start();
    try {
      await child.waitHealthy(Date.now() + 15_000);
      return JSON.parse((await httpGet(`http://127.0.0.1:${port}/health`, 2_000)).body) as { argv0: string; version: string };
    } finally {
      await child.stop();
    }
  }

  it('runs its script with the Node binary it is given', async () => {
    const other = join(dir, 'other-node');
    symlinkSync(process.execPath, other);
    await expect(argv0Of(other)).resolves.toEqual({ argv0: other, version: process.version });
  });

  it("runs its script with this process's Node binary by default", async () => {
    await expect(argv0Of(undefined)).resolves.toEqual({ argv0: process.execPath, version: process.version });
  });
});
