import {
  applyTaskStep,
  OPERATION_KINDS,
  OPERATION_STATUSES,
  OPERATION_WORK,
  type OperationAction,
  PARTICIPANT_STATUSES,
  PARTICIPANT_TRANSITIONS,
  type ParticipantAction,
  STATUS_TRANSITIONS,
  stepOperation,
  stepParticipant,
  stepTask,
  TASK_STATUSES,
  TASK_TRANSITIONS,
  type TaskAction,
  type TaskProgress,
} from './incident-domain.js';

const OPERATION_ACTIONS = [...Object.keys(STATUS_TRANSITIONS), ...Object.keys(OPERATION_WORK)] as OperationAction[];

/** Every step the operation lifecycle allows, written out: kind, status, action → status after. */
const OPERATION_ALLOWED = [
  'INCIDENT REPORTED ACTIVATE → ACTIVE',
  'INCIDENT ACTIVE CONTAIN → CONTAINED',
  'INCIDENT CONTAINED REACTIVATE → ACTIVE',
  'INCIDENT CONTAINED DEMOBILISE → DEMOBILISED',
  'INCIDENT DEMOBILISED CLOSE → CLOSED',
  'INCIDENT RESOLVED CLOSE → CLOSED',
  'CAMPAIGN ACTIVE RESOLVE → RESOLVED',
  'CAMPAIGN DEMOBILISED CLOSE → CLOSED',
  'CAMPAIGN RESOLVED CLOSE → CLOSED',
  ...['REPORTED', 'ACTIVE', 'CONTAINED', 'DEMOBILISED', 'RESOLVED'].map((s) => `INCIDENT ${s} REGRADE → ${s}`),
  'INCIDENT REPORTED ACTIVATE_PLAN → ACTIVE',
  'INCIDENT ACTIVE ACTIVATE_PLAN → ACTIVE',
  'CAMPAIGN REPORTED ACTIVATE_PLAN → ACTIVE',
  'CAMPAIGN ACTIVE ACTIVATE_PLAN → ACTIVE',
  ...['INCIDENT', 'CAMPAIGN'].flatMap((k) =>
    ['REPORTED', 'ACTIVE', 'CONTAINED', 'DEMOBILISED', 'RESOLVED'].flatMap((s) => [`${k} ${s} ASSIGN_TASK → ${s}`, `${k} ${s} ISSUE_SITREP → ${s}`]),
  ),
  'CAMPAIGN ACTIVE RAISE_LEVEL → ACTIVE',
].sort();

describe('the operation lifecycle', () => {
  it('allows exactly the steps written out, and refuses every other', () => {
    const allowed: string[] = [];
    for (const kind of OPERATION_KINDS) {
      for (const status of OPERATION_STATUSES) {
        for (const action of OPERATION_ACTIONS) {
          const step = stepOperation(kind, status, action);
          if (step.ok) allowed.push(`${kind} ${status} ${action} → ${step.to}`);
        }
      }
    }
    expect(allowed.sort()).toEqual(OPERATION_ALLOWED);
  });

  it('says what a refused step needs: the kind first, then the status', () => {
    expect(stepOperation('CAMPAIGN', 'ACTIVE', 'CONTAIN')).toEqual({ ok: false, refusal: 'WRONG_KIND', kinds: ['INCIDENT'] });
    expect(stepOperation('CAMPAIGN', 'CLOSED', 'REGRADE')).toEqual({ ok: false, refusal: 'WRONG_KIND', kinds: ['INCIDENT'] });
    expect(stepOperation('INCIDENT', 'ACTIVE', 'RESOLVE')).toEqual({ ok: false, refusal: 'WRONG_KIND', kinds: ['CAMPAIGN'] });
    expect(stepOperation('INCIDENT', 'ACTIVE', 'RAISE_LEVEL')).toMatchObject({ ok: false, refusal: 'WRONG_KIND' });
    expect(stepOperation('INCIDENT', 'REPORTED', 'CLOSE')).toEqual({ ok: false, refusal: 'WRONG_STATUS', from: ['DEMOBILISED', 'RESOLVED'] });
    expect(stepOperation('INCIDENT', 'CLOSED', 'REGRADE')).toEqual({
      ok: false,
      refusal: 'WRONG_STATUS',
      from: ['REPORTED', 'ACTIVE', 'CONTAINED', 'DEMOBILISED', 'RESOLVED'],
    });
    expect(stepOperation('INCIDENT', 'CONTAINED', 'ACTIVATE_PLAN')).toEqual({ ok: false, refusal: 'WRONG_STATUS', from: ['REPORTED', 'ACTIVE'] });
    expect(stepOperation('CAMPAIGN', 'CLOSED', 'ISSUE_SITREP')).toMatchObject({ ok: false, refusal: 'WRONG_STATUS' });
    expect(stepOperation('CAMPAIGN', 'CLOSED', 'ASSIGN_TASK')).toMatchObject({ ok: false, refusal: 'WRONG_STATUS' });
    expect(stepOperation('CAMPAIGN', 'RESOLVED', 'RAISE_LEVEL')).toEqual({ ok: false, refusal: 'WRONG_STATUS', from: ['ACTIVE'] });
  });

  it('asks for the after-action review when closing, and only then', () => {
    expect(
      Object.entries(STATUS_TRANSITIONS)
        .filter(([, t]) => 'review' in t)
        .map(([a]) => a),
    ).toEqual(['CLOSE']);
  });
});

describe('the participant lifecycle', () => {
  const allowed = ['- INVITE → INVITED', 'DECLINED INVITE → INVITED', 'INVITED ACCEPT → ACCEPTED', 'INVITED DECLINE → DECLINED'].sort();

  it('allows exactly the steps written out, and refuses every other', () => {
    const seen: string[] = [];
    for (const status of [null, ...PARTICIPANT_STATUSES]) {
      for (const action of Object.keys(PARTICIPANT_TRANSITIONS) as ParticipantAction[]) {
        const step = stepParticipant(status, action);
        if (step.ok) seen.push(`${status ?? '-'} ${action} → ${step.to}`);
      }
    }
    expect(seen.sort()).toEqual(allowed);
  });

  it('refuses a second answer and an invitation to a city already taking part', () => {
    expect(stepParticipant('ACCEPTED', 'DECLINE')).toEqual({ ok: false, refusal: 'WRONG_STATUS', from: ['INVITED'] });
    expect(stepParticipant('DECLINED', 'ACCEPT')).toEqual({ ok: false, refusal: 'WRONG_STATUS', from: ['INVITED'] });
    expect(stepParticipant(null, 'ACCEPT')).toMatchObject({ ok: false });
    expect(stepParticipant('INVITED', 'INVITE')).toEqual({ ok: false, refusal: 'WRONG_STATUS', from: [null, 'DECLINED'] });
    expect(stepParticipant('ACCEPTED', 'INVITE')).toMatchObject({ ok: false });
  });
});

describe('the task lifecycle', () => {
  const allowed = [
    'ASSIGNED ACKNOWLEDGE → ACKNOWLEDGED',
    'ASSIGNED START → IN_PROGRESS',
    'ACKNOWLEDGED START → IN_PROGRESS',
    'ACKNOWLEDGED REPORT → IN_PROGRESS',
    'IN_PROGRESS REPORT → IN_PROGRESS',
    'ACKNOWLEDGED COMPLETE → DONE',
    'IN_PROGRESS COMPLETE → DONE',
    'ASSIGNED CANCEL → CANCELLED',
    'ACKNOWLEDGED CANCEL → CANCELLED',
    'IN_PROGRESS CANCEL → CANCELLED',
  ].sort();

  it('allows exactly the steps written out, and refuses every other', () => {
    const seen: string[] = [];
    for (const status of TASK_STATUSES) {
      for (const action of Object.keys(TASK_TRANSITIONS) as TaskAction[]) {
        const step = stepTask(status, action);
        if (step.ok) seen.push(`${status} ${action} → ${step.to}`);
      }
    }
    expect(seen.sort()).toEqual(allowed);
  });

  it('refuses steps on finished tasks and completing what was never taken up', () => {
    expect(stepTask('DONE', 'CANCEL')).toEqual({ ok: false, refusal: 'WRONG_STATUS', from: ['ASSIGNED', 'ACKNOWLEDGED', 'IN_PROGRESS'] });
    expect(stepTask('CANCELLED', 'START')).toEqual({ ok: false, refusal: 'WRONG_STATUS', from: ['ASSIGNED', 'ACKNOWLEDGED'] });
    expect(stepTask('ASSIGNED', 'COMPLETE')).toEqual({ ok: false, refusal: 'WRONG_STATUS', from: ['ACKNOWLEDGED', 'IN_PROGRESS'] });
    expect(stepTask('IN_PROGRESS', 'ACKNOWLEDGE')).toEqual({ ok: false, refusal: 'WRONG_STATUS', from: ['ASSIGNED'] });
  });

  it('leaves cancelling to the lead city, every other step to the task’s own city', () => {
    expect(
      Object.entries(TASK_TRANSITIONS)
        .filter(([, t]) => t.by === 'lead')
        .map(([a]) => a),
    ).toEqual(['CANCEL']);
  });

  describe('applyTaskStep', () => {
    const t0 = new Date('2026-11-29T08:00:00Z');
    const t1 = new Date('2026-11-29T09:00:00Z');
    const fresh = (): TaskProgress => ({ status: 'ASSIGNED', note: null, updatedBy: null, updatedAt: t0, acknowledgedAt: null, completedAt: null });

    it('counts a start without an acknowledgement as one, and keeps the first acknowledgement', () => {
      const started = fresh();
      applyTaskStep(started, 'START', null, 'officer-1', t1);
      expect(started).toEqual({ status: 'IN_PROGRESS', note: null, updatedBy: 'officer-1', updatedAt: t1, acknowledgedAt: t1, completedAt: null });
      const acknowledged = { ...fresh(), status: 'ACKNOWLEDGED' as const, acknowledgedAt: t0 };
      applyTaskStep(acknowledged, 'START', null, 'officer-2', t1);
      expect(acknowledged.acknowledgedAt).toBe(t0);
    });

    it('records the completion time, and a note only when one is given', () => {
      const task = { ...fresh(), status: 'IN_PROGRESS' as const, note: 'road blocks in place' };
      applyTaskStep(task, 'COMPLETE', null, 'officer-1', t1);
      expect(task).toMatchObject({ status: 'DONE', note: 'road blocks in place', completedAt: t1 });
      applyTaskStep(task, 'REPORT', 'handed over', 'officer-1', t1);
      expect(task.note).toBe('handed over');
    });
  });
});
