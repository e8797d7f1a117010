import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ParticipantStatus } from '../incident-domain.js';

/** A city invited to a joint operation; it accepts (naming its liaison) or declines (with a reason). */
@Entity({ name: 'operation_participant' })
export class OperationParticipantEntity {
  @PrimaryColumn({ name: 'operation_id', type: 'varchar', length: 80 })
  operationId!: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  city!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: ParticipantStatus;

  @Column({ name: 'liaison_name', type: 'varchar', length: 120, nullable: true })
  liaisonName!: string | null;

  @Column({ name: 'liaison_contact', type: 'varchar', length: 120, nullable: true })
  liaisonContact!: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  reason!: string | null;

  @Column({ name: 'invited_at', type: 'timestamptz' })
  invitedAt!: Date;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt!: Date | null;
}
