import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Something an officer role of this city must see (an escalation, an answer); read by role at the home node. */
@Entity({ name: 'officer_notification' })
@Index('idx_officer_notification_role', ['recipientRole', 'createdAt'])
export class OfficerNotificationEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'recipient_role', type: 'varchar', length: 32 })
  recipientRole!: string;

  @Column({ type: 'varchar', length: 48 })
  kind!: string;

  @Column({ type: 'varchar', length: 1000 })
  text!: string;

  @Column({ type: 'varchar', length: 120 })
  reference!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** What the console needs to say it in the officer's language (NOTICE_PARAMS of its kind); null for other kinds. */
  @Column({ type: 'jsonb', nullable: true })
  params!: Record<string, string | number> | null;
}
