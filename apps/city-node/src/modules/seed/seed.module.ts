import { Module } from '@nestjs/common';
import { OfficersModule } from '../officers/officers.module.js';
import { DemoSeedService } from './demo-seed.service.js';

@Module({ imports: [OfficersModule], providers: [DemoSeedService] })
export class SeedModule {}
