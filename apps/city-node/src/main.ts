import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { exitWithParent } from '@ypf/common';
import { ConfigError, loadNodeConfig } from './config/node-config.js';
import { createNodeApp } from './create-node-app.js';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadNodeConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
  const app = await createNodeApp(config, { logger: config.nodeEnv === 'test' ? ['error', 'warn'] : ['log', 'error', 'warn'] });
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  new Logger('CityNode').log(`${config.city} node ready on http://${config.host}:${config.port}/graphql`);
  exitWithParent(config.exitWithParent, () => app.close());
}

bootstrap().catch((e: unknown) => {
  // Startup failures (bad policy, missing keys, database down) stop the node with the reason.
  console.error(`city node failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
