import { Global, Module } from '@nestjs/common';
import { join } from 'node:path';
import { createPublicKey, KeyObject } from 'node:crypto';
import { KeyRegistry, keyFiles, loadPrivateKey, loadSecret, TokenVerifier } from '@ypf/auth';
import { AuditLog } from '@ypf/audit';
import { AccessPolicy, RegionPolicies } from '@ypf/policy';
import { CITY_CODES } from '@ypf/region';
import { Clock, SystemClock } from '@ypf/common';
import { NODE_CONFIG, type NodeConfig } from '../config/node-config.js';
import { BlindIndex } from './blind-index.js';

export const SIGNING_KEY = Symbol('SIGNING_KEY');

/**
 * What every module of a node needs and what is fixed at start: configuration, keys, the city's access policy,
 * the audit log and the clock. Each factory fails fast with a message that names the missing or bad part.
 */
@Global()
@Module({})
export class CoreModule {
  static forConfig(config: NodeConfig, overrides: { clock?: Clock } = {}) {
    return {
      module: CoreModule,
      providers: [
        { provide: NODE_CONFIG, useValue: config },
        { provide: Clock, useValue: overrides.clock ?? new SystemClock() },
        { provide: KeyRegistry, useFactory: () => KeyRegistry.fromDirectory(config.keysDir) },
        {
          provide: TokenVerifier,
          inject: [KeyRegistry, Clock],
          useFactory: (registry: KeyRegistry, clock: Clock) => new TokenVerifier(registry, () => clock.now().getTime()),
        },
        {
          provide: SIGNING_KEY,
          inject: [KeyRegistry],
          // The private key must be the city's own: its public half is the one the region's registry publishes.
          useFactory: (registry: KeyRegistry): KeyObject => {
            const key = loadPrivateKey(config.keysDir, config.city);
            const published = registry.publicKeyOf(config.city);
            const der = (k: KeyObject) => k.export({ type: 'spki', format: 'der' });
            if (!published || !der(createPublicKey(key)).equals(der(published))) {
              throw new Error(`The signing key in ${config.keysDir} is not ${config.city}'s: its public half is not the ${config.city} key the region's registry publishes. Check KEYS_DIR and CITY.`);
            }
            return key;
          },
        },
        { provide: AccessPolicy, useFactory: () => AccessPolicy.loadFromDirectory(config.policyDir, config.city) },
        // Every city's published policy, to refuse at once what a peer would refuse (the peer re-checks).
        { provide: RegionPolicies, useFactory: () => RegionPolicies.loadFromDirectory(config.policyDir, CITY_CODES) },
        { provide: AuditLog, useFactory: () => new AuditLog(loadSecret(join(config.keysDir, keyFiles.auditKey(config.city))), config.city) },
        { provide: BlindIndex, useFactory: () => new BlindIndex(loadSecret(join(config.keysDir, keyFiles.indexKey(config.city))), config.city) },
      ],
      exports: [NODE_CONFIG, Clock, KeyRegistry, TokenVerifier, SIGNING_KEY, AccessPolicy, RegionPolicies, AuditLog, BlindIndex],
    };
  }
}
