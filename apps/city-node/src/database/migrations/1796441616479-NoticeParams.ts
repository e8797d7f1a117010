import type { MigrationInterface, QueryRunner } from 'typeorm';

export class NoticeParams1796441616479 implements MigrationInterface {
  name = 'NoticeParams1796441616479';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "officer_notification" ADD "params" jsonb`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "officer_notification" DROP COLUMN "params"`);
  }
}
