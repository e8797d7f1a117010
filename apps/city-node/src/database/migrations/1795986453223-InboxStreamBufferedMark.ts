import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InboxStreamBufferedMark1795986453223 implements MigrationInterface {
  name = 'InboxStreamBufferedMark1795986453223';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "inbox_stream" ADD "max_buffered_seq" integer NOT NULL DEFAULT '0'`);
    // Streams with messages already waiting behind a gap keep finding them.
    await queryRunner.query(`UPDATE "inbox_stream" s SET "max_buffered_seq" = m.seq FROM (SELECT "source_city", "stream_key", max("stream_seq") AS seq FROM "inbox_message" WHERE "state" = 'BUFFERED' GROUP BY 1, 2) m WHERE s."source_city" = m."source_city" AND s."stream_key" = m."stream_key"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "inbox_stream" DROP COLUMN "max_buffered_seq"`);
  }
}
