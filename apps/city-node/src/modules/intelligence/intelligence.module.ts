import { Module } from '@nestjs/common';
import { IntelligenceMutationsResolver, IntelligenceQueriesResolver } from './intelligence.resolver.js';
import { IntelligenceService } from './intelligence.service.js';

@Module({
  providers: [IntelligenceService, IntelligenceQueriesResolver, IntelligenceMutationsResolver],
  exports: [IntelligenceService],
})
export class IntelligenceModule {}
