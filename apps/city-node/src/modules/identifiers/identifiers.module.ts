import { Global, Module } from '@nestjs/common';
import { IdentifierIndexResolver } from './identifier-index.resolver.js';
import { IdentifierIndexService } from './identifier-index.service.js';

/** Blind indexes under this city's own key: evaluations for other cities, and asking them for the officer's checks. */
@Global()
@Module({ providers: [IdentifierIndexService, IdentifierIndexResolver], exports: [IdentifierIndexService] })
export class IdentifiersModule {}
