import type { MigrationInterface, QueryRunner } from 'typeorm';

export class NotificationMarker1796440615129 implements MigrationInterface {
  name = 'NotificationMarker1796440615129';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "notification_marker" ("officer_id" character varying(120) NOT NULL, "last_read_id" bigint NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_639b2b644c7ad2e8964ba311fe2" PRIMARY KEY ("officer_id"))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "notification_marker"`);
  }
}
