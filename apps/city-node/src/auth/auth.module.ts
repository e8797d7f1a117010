import { Global, Module } from '@nestjs/common';
import { NodeAuthService } from './node-auth.service.js';
import { RequestContextResolver } from './request-context.resolver.js';
import { OfficerRevocations } from './officer-revocations.js';

/** Who is calling: officers (bearer tokens) and other nodes (node tokens, replay-checked). */
@Global()
@Module({ providers: [RequestContextResolver, NodeAuthService, OfficerRevocations], exports: [RequestContextResolver, NodeAuthService, OfficerRevocations] })
export class AuthModule {}
