import { EntityManager } from 'typeorm';
import { IntelligenceReportEntity } from './entities/intelligence-report.entity.js';
import { ReportIdentifierEntity } from './entities/report-identifier.entity.js';
import { DisseminationEntity } from './entities/dissemination.entity.js';
import type { SearchFilter } from './dto/intelligence.input.js';

/** The queries of the intelligence module; services hold the rules. */
export class IntelligenceRepository {
  constructor(private readonly em: EntityManager) {}

  findById(id: string): Promise<IntelligenceReportEntity | null> {
    return this.em.getRepository(IntelligenceReportEntity).findOne({ where: { id } });
  }

  /** Row-locks the report for a state transition inside the current transaction. */
  findForUpdate(id: string): Promise<IntelligenceReportEntity | null> {
    return this.em
      .getRepository(IntelligenceReportEntity)
      .createQueryBuilder('r')
      .setLock('pessimistic_write')
      .where('r.id = :id', { id })
      .getOne();
  }

  identifiersOf(reportIds: readonly string[]): Promise<ReportIdentifierEntity[]> {
    if (reportIds.length === 0) return Promise.resolve([]);
    return this.em
      .getRepository(ReportIdentifierEntity)
      .createQueryBuilder('i')
      .where('i.report_id IN (:...ids)', { ids: reportIds })
      .orderBy('i.kind')
      .addOrderBy('i.value')
      .getMany();
  }

  async replaceIdentifiers(reportId: string, rows: Omit<ReportIdentifierEntity, 'reportId'>[]): Promise<void> {
    await this.em.getRepository(ReportIdentifierEntity).delete({ reportId });
    if (rows.length) await this.em.getRepository(ReportIdentifierEntity).insert(rows.map((r) => ({ ...r, reportId })));
  }

  save(report: IntelligenceReportEntity): Promise<IntelligenceReportEntity> {
    return this.em.getRepository(IntelligenceReportEntity).save(report);
  }

  worklist(opts: { status?: string; authorId?: string }): Promise<IntelligenceReportEntity[]> {
    const qb = this.em.getRepository(IntelligenceReportEntity).createQueryBuilder('r').orderBy('r.updated_at', 'DESC').take(500);
    if (opts.status) qb.andWhere('r.status = :status', { status: opts.status });
    if (opts.authorId) qb.andWhere('r.author_id = :authorId', { authorId: opts.authorId });
    return qb.getMany();
  }

  /**
   * Candidates for a search: published reports matching the filter on any field, newest first. This is a superset:
   * the service keeps only rows that match on the fields the caller's access level discloses.
   *
   * `otherCity`: the caller's city when it is not this one. Reports that can never leave for it (OWN_CITY, and TLP RED
   * it is not a recipient of: the NONE cases of the policy's scopeCap) are left out here, so that they take no place
   * in the candidate window and cannot shorten or shape the page it gets.
   */
  searchCandidates(filter: SearchFilter, limit: number, otherCity: string | null): Promise<IntelligenceReportEntity[]> {
    const qb = this.em
      .getRepository(IntelligenceReportEntity)
      .createQueryBuilder('r')
      .where("r.status = 'PUBLISHED'")
      .orderBy('r.published_at', 'DESC')
      .take(limit);
    if (otherCity) {
      qb.andWhere("r.scope <> 'OWN_CITY'").andWhere("(r.tlp <> 'RED' OR :otherCity = ANY(r.recipient_cities))", { otherCity });
    }
    const words = (filter.text ?? '').split(/\s+/).filter(Boolean).slice(0, 10);
    words.forEach((w, i) => {
      qb.andWhere(`(r.title ILIKE :w${i} OR r.summary ILIKE :w${i} OR r.body ILIKE :w${i})`, { [`w${i}`]: `%${escapeLike(w)}%` });
    });
    if (filter.categories?.length) qb.andWhere('r.category IN (:...cats)', { cats: filter.categories });
    if (filter.since) qb.andWhere('r.published_at >= :since', { since: new Date(filter.since) });
    return qb.getMany();
  }

  /**
   * The blind indexes of published reports in the buckets the prefixes name (each prefix a range of the index's btree),
   * with their reports; the caller applies the policy.
   */
  async bucketRows(prefixes: readonly string[]): Promise<{ token: string; report: IntelligenceReportEntity }[]> {
    if (prefixes.length === 0) return [];
    // The range after a prefix: "abc" covers "abc…" up to "abd"; "fff" up to "g" (above every hex digit).
    const next = (p: string) => {
      const n = parseInt(p, 16) + 1;
      return n >= 16 ** p.length ? 'g' : n.toString(16).padStart(p.length, '0');
    };
    const rows: { blind_index: string; report_id: string }[] = await this.em.query(
      `SELECT DISTINCT i.blind_index, i.report_id FROM unnest($1::text[], $2::text[]) AS v(lo, hi)
         JOIN intelligence_identifier i ON i.blind_index >= v.lo AND i.blind_index < v.hi`,
      [prefixes, prefixes.map(next)],
    );
    if (rows.length === 0) return [];
    const reports = await this.em
      .getRepository(IntelligenceReportEntity)
      .createQueryBuilder('r')
      .where("r.status = 'PUBLISHED'")
      .andWhere('r.id IN (:...ids)', { ids: [...new Set(rows.map((r) => r.report_id))] })
      .getMany();
    const byId = new Map(reports.map((r) => [r.id, r]));
    return rows.filter((r) => byId.has(r.report_id)).map((r) => ({ token: r.blind_index, report: byId.get(r.report_id)! }));
  }

  /** This city's other reports (not purged) holding an identifier of `reportId`, with the identifiers they share. */
  async sharingIdentifiers(reportId: string): Promise<{ id: string; title: string; status: string; tlp: string; shared: { kind: string; value: string }[] }[]> {
    const rows: { id: string; title: string; status: string; tlp: string; kind: string; value: string }[] = await this.em.query(
      `SELECT r.id, r.title, r.status, r.tlp, o.kind, o.value
         FROM intelligence_identifier a
         JOIN intelligence_identifier o ON o.blind_index = a.blind_index AND o.report_id <> a.report_id
         JOIN intelligence_report r ON r.id = o.report_id AND r.status <> 'PURGED'
        WHERE a.report_id = $1
        ORDER BY r.id, o.kind, o.value
        LIMIT 500`,
      [reportId],
    );
    const byId = new Map<string, { id: string; title: string; status: string; tlp: string; shared: { kind: string; value: string }[] }>();
    for (const r of rows) {
      const entry = byId.get(r.id) ?? { id: r.id, title: r.title, status: r.status, tlp: r.tlp, shared: [] };
      entry.shared.push({ kind: r.kind, value: r.value });
      byId.set(r.id, entry);
    }
    return [...byId.values()];
  }

  /** Published reports holding any of the blind-index tokens, with the token that matched. */
  async matchTokens(tokens: readonly string[]): Promise<{ token: string; report: IntelligenceReportEntity }[]> {
    if (tokens.length === 0) return [];
    const rows = await this.em
      .getRepository(ReportIdentifierEntity)
      .createQueryBuilder('i')
      .where('i.blind_index IN (:...tokens)', { tokens })
      .getMany();
    if (rows.length === 0) return [];
    const reports = await this.em
      .getRepository(IntelligenceReportEntity)
      .createQueryBuilder('r')
      .where("r.status = 'PUBLISHED'")
      .andWhere('r.id IN (:...ids)', { ids: [...new Set(rows.map((r) => r.reportId))] })
      .getMany();
    const byId = new Map(reports.map((r) => [r.id, r]));
    return rows.filter((r) => byId.has(r.reportId)).map((r) => ({ token: r.blindIndex, report: byId.get(r.reportId)! }));
  }

  recordDisseminations(rows: Omit<DisseminationEntity, 'id'>[]): Promise<unknown> {
    if (rows.length === 0) return Promise.resolve();
    return this.em.getRepository(DisseminationEntity).insert(rows);
  }

  disseminationsOf(reportId: string): Promise<DisseminationEntity[]> {
    return this.em.getRepository(DisseminationEntity).find({ where: { reportId }, order: { at: 'DESC' }, take: 1000 });
  }

  /** Reports in any state but PURGED whose review date has passed (the expiry job purges them). */
  overdueForReview(today: string): Promise<IntelligenceReportEntity[]> {
    return this.em
      .getRepository(IntelligenceReportEntity)
      .createQueryBuilder('r')
      .where("r.status <> 'PURGED'")
      .andWhere('r.review_date < :today', { today })
      .take(500)
      .getMany();
  }
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
