import { Column, Entity, PrimaryColumn } from 'typeorm';

/** How far an officer has read this city's notices: the id of the last one they marked read (a high-water mark). */
@Entity({ name: 'notification_marker' })
export class NotificationMarkerEntity {
  @PrimaryColumn({ name: 'officer_id', type: 'varchar', length: 120 })
  officerId!: string;

  @Column({ name: 'last_read_id', type: 'bigint' })
  lastReadId!: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
