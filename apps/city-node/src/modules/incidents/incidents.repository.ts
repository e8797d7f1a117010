import { type EntityManager, In } from 'typeorm';
import { JointOperationEntity } from './entities/joint-operation.entity.js';
import { OperationParticipantEntity } from './entities/operation-participant.entity.js';
import { OperationSitrepEntity } from './entities/operation-sitrep.entity.js';
import { OperationTaskEntity } from './entities/operation-task.entity.js';
import { ONGOING_OPERATION_STATUSES, type OperationKind, type OperationStatus, type TaskStatus } from './incident-domain.js';

/** What a list of operations asks for (the parsed filter, and the lead city when only this city's own may be shown). */
export interface OperationQuery {
  kind?: OperationKind | null;
  status?: OperationStatus | null;
  openOnly?: boolean | null;
  ledBy: string | null;
  limit: number;
}

/** The queries of joint operations; the services hold the rules. */
export class IncidentsRepository {
  constructor(private readonly em: EntityManager) {}

  // ---- operations --------------------------------------------------------------------------------------------

  findOperation(id: string): Promise<JointOperationEntity | null> {
    return this.em.getRepository(JointOperationEntity).findOneBy({ id });
  }

  /** Row-locks the operation for a change inside the current transaction. */
  findOperationForUpdate(id: string): Promise<JointOperationEntity | null> {
    return this.em.getRepository(JointOperationEntity).createQueryBuilder('o').setLock('pessimistic_write').where('o.id = :id', { id }).getOne();
  }

  /** The lead city only (who may send what about the operation). */
  findOperationLead(id: string): Promise<Pick<JointOperationEntity, 'id' | 'leadCity'> | null> {
    return this.em.getRepository(JointOperationEntity).findOne({ where: { id }, select: { id: true, leadCity: true } });
  }

  async insertOperation(op: JointOperationEntity): Promise<void> {
    await this.em.getRepository(JointOperationEntity).insert(op);
  }

  async saveOperation(op: JointOperationEntity): Promise<void> {
    await this.em.getRepository(JointOperationEntity).save(op);
  }

  listOperations(q: OperationQuery): Promise<JointOperationEntity[]> {
    const qb = this.em.getRepository(JointOperationEntity).createQueryBuilder('o').orderBy('o.updated_at', 'DESC').take(q.limit);
    if (q.kind) qb.andWhere('o.kind = :kind', { kind: q.kind });
    if (q.status) qb.andWhere('o.status = :status', { status: q.status });
    if (q.openOnly) qb.andWhere('o.status IN (:...open)', { open: ONGOING_OPERATION_STATUSES });
    if (q.ledBy) qb.andWhere('o.lead_city = :me', { me: q.ledBy });
    return qb.getMany();
  }

  // ---- participants ------------------------------------------------------------------------------------------

  participantsOf(operationId: string): Promise<OperationParticipantEntity[]> {
    return this.em.getRepository(OperationParticipantEntity).findBy({ operationId });
  }

  participantsByCity(operationId: string): Promise<OperationParticipantEntity[]> {
    return this.em.getRepository(OperationParticipantEntity).find({ where: { operationId }, order: { city: 'ASC' } });
  }

  /** The invited cities only (who may send what about the operation). */
  participantCities(operationId: string): Promise<Pick<OperationParticipantEntity, 'operationId' | 'city'>[]> {
    return this.em.getRepository(OperationParticipantEntity).find({ where: { operationId }, select: { operationId: true, city: true } });
  }

  findParticipant(operationId: string, city: string): Promise<OperationParticipantEntity | null> {
    return this.em.getRepository(OperationParticipantEntity).findOneBy({ operationId, city });
  }

  async saveParticipant(p: OperationParticipantEntity): Promise<void> {
    await this.em.getRepository(OperationParticipantEntity).save(p);
  }

  async addParticipants(operationId: string, cities: string[], now: Date): Promise<void> {
    if (cities.length === 0) return;
    await this.em.getRepository(OperationParticipantEntity).insert(
      cities.map((city) => ({
        operationId,
        city,
        status: 'INVITED',
        liaisonName: null,
        liaisonContact: null,
        reason: null,
        invitedAt: now,
        answeredAt: null,
      })),
    );
  }

  async removeParticipants(operationId: string, cities: string[]): Promise<void> {
    await this.em.getRepository(OperationParticipantEntity).delete({ operationId, city: In(cities) });
  }

  /** A participant's copy takes the lead city's list as it is. */
  async replaceParticipants(operationId: string, rows: OperationParticipantEntity[]): Promise<void> {
    await this.em.getRepository(OperationParticipantEntity).delete({ operationId });
    if (rows.length) await this.em.getRepository(OperationParticipantEntity).insert(rows);
  }

  // ---- tasks -------------------------------------------------------------------------------------------------

  /** In the order they were assigned (a plan's in plan order). */
  tasksOf(operationId: string): Promise<OperationTaskEntity[]> {
    return this.em.getRepository(OperationTaskEntity).find({ where: { operationId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async taskIdsOf(operationId: string): Promise<Set<string>> {
    return new Set((await this.em.getRepository(OperationTaskEntity).findBy({ operationId })).map((t) => t.id));
  }

  findTask(id: string): Promise<OperationTaskEntity | null> {
    return this.em.getRepository(OperationTaskEntity).findOneBy({ id });
  }

  getTask(id: string): Promise<OperationTaskEntity> {
    return this.em.getRepository(OperationTaskEntity).findOneByOrFail({ id });
  }

  findTaskOf(operationId: string, id: string): Promise<OperationTaskEntity | null> {
    return this.em.getRepository(OperationTaskEntity).findOneBy({ id, operationId });
  }

  /** The task's city only (who may send what about the task). */
  findTaskCity(id: string): Promise<Pick<OperationTaskEntity, 'id' | 'city'> | null> {
    return this.em.getRepository(OperationTaskEntity).findOne({ where: { id }, select: { id: true, city: true } });
  }

  async insertTasks(tasks: OperationTaskEntity | OperationTaskEntity[]): Promise<void> {
    await this.em.getRepository(OperationTaskEntity).insert(tasks);
  }

  async saveTask(task: OperationTaskEntity): Promise<void> {
    await this.em.getRepository(OperationTaskEntity).save(task);
  }

  async upsertTasks(tasks: OperationTaskEntity[]): Promise<void> {
    if (tasks.length) await this.em.getRepository(OperationTaskEntity).upsert(tasks, ['id']);
  }

  /** Cancels the operation's tasks in `statuses` (of one city, or all), noting why. */
  async cancelTasks(operationId: string, statuses: readonly TaskStatus[], why: string, now: Date, city?: string): Promise<void> {
    const qb = this.em
      .createQueryBuilder()
      .update(OperationTaskEntity)
      .set({ status: 'CANCELLED', note: why, updatedAt: now })
      .where('operation_id = :id AND status IN (:...open)', { id: operationId, open: statuses });
    if (city) qb.andWhere('city = :city', { city });
    await qb.execute();
  }

  // ---- situation reports -------------------------------------------------------------------------------------

  sitrepsOf(operationId: string): Promise<OperationSitrepEntity[]> {
    return this.em.getRepository(OperationSitrepEntity).find({ where: { operationId }, order: { seq: 'ASC' } });
  }

  /** Every report in order, or only the latest (for the regional board). */
  sitrepsToShow(operationId: string, all: boolean): Promise<OperationSitrepEntity[]> {
    return this.em.getRepository(OperationSitrepEntity).find({ where: { operationId }, order: { seq: all ? 'ASC' : 'DESC' }, ...(all ? {} : { take: 1 }) });
  }

  sitrepExists(operationId: string, seq: number): Promise<boolean> {
    return this.em.getRepository(OperationSitrepEntity).existsBy({ operationId, seq });
  }

  async insertSitrep(s: OperationSitrepEntity): Promise<void> {
    await this.em.getRepository(OperationSitrepEntity).insert(s);
  }
}
