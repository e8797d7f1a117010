import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export interface AvailabilityWindow {
  from: string;
  to: string;
}

/** A specialist resource a city offers to the region (优势警务资源共享利用). */
@Entity({ name: 'resource_catalogue_entry' })
@Index('idx_resource_catalogue_entry_type', ['resourceType'])
export class ResourceCatalogueEntryEntity {
  @PrimaryColumn({ type: 'varchar', length: 80 })
  id!: string;

  @Column({ name: 'resource_type', type: 'varchar', length: 32 })
  resourceType!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 2000 })
  description!: string;

  @Column({ type: 'integer' })
  count!: number;

  @Column({ type: 'varchar', length: 200 })
  unit!: string;

  @Column({ type: 'jsonb' })
  availability!: AvailabilityWindow[];

  @Column({ type: 'varchar', length: 200 })
  contact!: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
