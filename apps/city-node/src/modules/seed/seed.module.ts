import { Module } from '@nestjs/common';
import { OfficersModule } from '../officers/officers.module.js';
import { AssistanceModule } from '../assistance/assistance.module.js';
import { EarlyWarningModule } from '../early-warning/early-warning.module.js';
import { DemoSeedService } from './demo-seed.service.js';

@Module({ imports: [OfficersModule, AssistanceModule, EarlyWarningModule], providers: [DemoSeedService] })
export class SeedModule {}
