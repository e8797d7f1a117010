import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@ypf/common';
import { NODE_CONFIG, type NodeConfig } from '../../config/node-config.js';
import { notifyRole } from '../../core/notifications.js';
import { ContingencyPlans } from './contingency-plans.js';
import type { WarningLevel } from '@ypf/region';
import { stepOperation, UNTAKEN_TASK_STATUSES } from './incident-domain.js';
import { IncidentsRepository } from './incidents.repository.js';
import { newOperation, OperationChanges, plannedTasks, RESOLVED_UNTAKEN, type SystemAuthor } from './operation-changes.js';

export type { SystemAuthor } from './operation-changes.js';

/** What a campaign is opened with (by the early-warning line, inside its transaction). */
export interface CampaignOpening {
  actor: SystemAuthor;
  title: string;
  category: string;
  level: WarningLevel;
  summary: string;
  area: string;
  cities: string[];
  sourceReference: string;
}

/**
 * Joint campaigns, opened and moved by the early-warning line inside its own transaction: opened from the category's
 * plan with tasks for every affected city, raised (never lowered) with the warning, resolved when it clears. Officers
 * close them with an after-action review like an incident (IncidentsService).
 */
@Injectable()
export class CampaignsService {
  constructor(
    private readonly clock: Clock,
    private readonly changes: OperationChanges,
    private readonly plans: ContingencyPlans,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {}

  /** Opens a joint campaign from the category's plan: tasks for every affected city, each city notified. */
  async openCampaign(em: EntityManager, c: CampaignOpening): Promise<string> {
    const plan = this.plans.campaignFor(c.category);
    if (!plan) throw new Error(`no campaign plan covers ${c.category}; add one to the contingency plans`);
    const now = this.clock.now();
    const op = newOperation(
      this.config.city,
      {
        kind: 'CAMPAIGN',
        title: c.title,
        incidentType: null,
        grade: null,
        category: c.category,
        warningLevel: c.level,
        location: c.area,
        affectedArea: c.cities.join(', '),
        summary: c.summary,
        commanderName: 'Duty commander 值班指挥长',
        commanderContact: `${this.config.city} command centre`,
        planCode: plan.code,
        sourceReference: c.sourceReference,
        reportedById: c.actor.actor.id,
      },
      now,
    );
    const repo = new IncidentsRepository(em);
    await repo.insertOperation(op);
    const others = c.cities.filter((x) => x !== this.config.city);
    await repo.addParticipants(op.id, others, now);
    await repo.insertTasks(plannedTasks(op, plan.tasks, others, plan.code, now, c.cities.includes(this.config.city)));
    await this.changes.record(em, c.actor, op, 'open', { level: c.level, category: c.category, cities: c.cities, plan: plan.code, alert: c.sourceReference });
    await notifyRole(
      em,
      'COMMANDER',
      'warning.campaign',
      `${c.level} warning: joint campaign "${c.title}" opened for ${c.cities.join(', ')} (plan ${plan.code}).`,
      op.id,
      now,
    );
    await this.changes.replicate(em, op);
    return op.id;
  }

  /** Raises (never lowers) a campaign's level; every city is told. */
  async raiseCampaign(em: EntityManager, actor: SystemAuthor, id: string, level: WarningLevel, why: string): Promise<void> {
    const op = await this.changes.lock(em, id);
    if (!stepOperation(op.kind, op.status, 'RAISE_LEVEL').ok) return;
    const from = op.warningLevel;
    op.warningLevel = level;
    op.summary = `${op.summary}\n${this.clock.now().toISOString()}: raised from ${from} to ${level}: ${why}`.slice(-4000);
    await this.changes.record(em, actor, op, 'escalate', { from, to: level });
    await notifyRole(em, 'COMMANDER', 'warning.campaign', `Joint campaign "${op.title}" raised from ${from} to ${level}: ${why}`, op.id, this.clock.now());
    await this.changes.bumpAndReplicate(em, op, this.clock.now());
  }

  /** The warning that opened the campaign has resolved: the campaign is RESOLVED (closed later with its review). */
  async resolveCampaign(em: EntityManager, actor: SystemAuthor, id: string, why: string): Promise<void> {
    const op = await this.changes.lock(em, id);
    const step = stepOperation(op.kind, op.status, 'RESOLVE');
    if (!step.ok) return;
    op.status = step.to;
    op.summary = `${op.summary}\n${this.clock.now().toISOString()}: resolved: ${why}`.slice(-4000);
    await new IncidentsRepository(em).cancelTasks(op.id, UNTAKEN_TASK_STATUSES, RESOLVED_UNTAKEN, this.clock.now());
    await this.changes.record(em, actor, op, 'resolve', { reason: why });
    await notifyRole(em, 'COMMANDER', 'warning.campaign', `Joint campaign "${op.title}" resolved: ${why}`, op.id, this.clock.now());
    await this.changes.bumpAndReplicate(em, op, this.clock.now());
  }
}
