import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { exitWithParent } from '@ypf/common';
import { GatewayConfigError, loadGatewayConfig } from './config/gateway-config.js';
import { GatewayModule } from './gateway.module.js';
import { mountConsole } from './console/console-mount.js';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadGatewayConfig(process.env);
  } catch (e) {
    if (e instanceof GatewayConfigError) {
      console.error(e.message);
      process.exit(78);
    }
    throw e;
  }
  const app = await NestFactory.create<NestExpressApplication>(GatewayModule.forConfig(config), {
    logger: config.nodeEnv === 'test' ? ['error', 'warn'] : ['log', 'error', 'warn'],
  });
  app.enableShutdownHooks();
  // GraphQL answers are POST responses nobody revalidates (the console's static files keep their own ETags).
  app.set('etag', false);
  mountConsole(app, config);
  await app.listen(config.port, config.host);
  new Logger('Gateway').log(`regional gateway ready on http://${config.host}:${config.port}/graphql`);
  exitWithParent(config.exitWithParent, () => app.close());
}

bootstrap().catch((e: unknown) => {
  console.error(`gateway failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
