import { Check, Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * The city a database belongs to, claimed by its first migration (issue 24): a node or the admin CLI configured for
 * one city refuses another city's database instead of writing into it.
 */
@Entity({ name: 'node_identity' })
@Check('node_identity_one_row', 'singleton')
export class NodeIdentityEntity {
  @PrimaryColumn({ type: 'boolean', default: true })
  singleton!: boolean;

  @Column({ type: 'varchar', length: 20 })
  city!: string;

  @CreateDateColumn({ name: 'claimed_at', type: 'timestamptz' })
  claimedAt!: Date;
}
