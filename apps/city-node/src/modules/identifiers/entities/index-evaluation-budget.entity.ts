import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Blind-index evaluations this city performed for another city in one minute: the budget every guess at this city's
 * indexes draws on, shared by all processes of the city.
 */
@Entity({ name: 'index_evaluation_budget' })
export class IndexEvaluationBudgetEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  city!: string;

  @PrimaryColumn({ name: 'window_start', type: 'timestamptz' })
  windowStart!: Date;

  @Column({ type: 'integer' })
  used!: number;
}

/** Which index key this node's stored indexes were computed with (its fingerprint): a new key means computing them again. */
@Entity({ name: 'blind_index_state' })
export class BlindIndexStateEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  name!: string;

  @Column({ type: 'varchar', length: 64 })
  fingerprint!: string;

  @Column({ name: 'indexed_at', type: 'timestamptz' })
  indexedAt!: Date;
}
