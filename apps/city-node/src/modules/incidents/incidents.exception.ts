import { DomainError } from '@ypf/common';
import {
  isStatusAction,
  KIND_NOUNS,
  type OperationAction,
  type OperationKind,
  type OperationStatus,
  type OperationStepResult,
  OPERATION_WORK,
  STATUS_TRANSITIONS,
} from './incident-domain.js';

export enum IncidentErrorCode {
  OPERATION_NOT_FOUND = 'OPERATION_NOT_FOUND',
  TASK_NOT_FOUND = 'OPERATION_TASK_NOT_FOUND',
  PLAN_NOT_FOUND = 'PLAN_NOT_FOUND',
  PLAN_NOT_APPLICABLE = 'PLAN_NOT_APPLICABLE',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  NOT_LEAD = 'NOT_LEAD_CITY',
  NOT_INVITED = 'NOT_INVITED',
  NOT_ASSIGNEE = 'NOT_ASSIGNEE',
  PURPOSE_REQUIRED = 'PURPOSE_REQUIRED',
}

export class IncidentException extends DomainError {
  static notFound(id: string) {
    return new IncidentException(IncidentErrorCode.OPERATION_NOT_FOUND, `No joint operation ${id} at this node.`, { id });
  }
  static taskNotFound(id: string) {
    return new IncidentException(IncidentErrorCode.TASK_NOT_FOUND, `No task ${id} at this node.`, { id });
  }
  static planNotFound(code: string, known: string[]) {
    return new IncidentException(IncidentErrorCode.PLAN_NOT_FOUND, `No contingency plan ${code}. Known plans: ${known.join(', ')}.`, { plan: code });
  }
  static planNotApplicable(code: string, why: string) {
    return new IncidentException(IncidentErrorCode.PLAN_NOT_APPLICABLE, `Plan ${code} does not apply here: ${why}`, { plan: code });
  }
  static invalidTransition(what: string, status: string, from: readonly string[]) {
    return new IncidentException(
      IncidentErrorCode.INVALID_TRANSITION,
      `Cannot ${what} something that is ${status}; that applies when it is ${from.join(' or ')}.`,
      { status },
    );
  }
  /** A step the operation's lifecycle refused (stepOperation), worded for the officer who asked for it. */
  static refusedStep(op: { kind: OperationKind; status: OperationStatus }, action: OperationAction, step: Exclude<OperationStepResult, { ok: true }>) {
    // A status change is picked from a list: its refusal names the status and the kind together.
    if (isStatusAction(action)) {
      return IncidentException.invalidTransition(action.toLowerCase(), `${op.status} (${op.kind.toLowerCase()})`, STATUS_TRANSITIONS[action].from);
    }
    const { what } = OPERATION_WORK[action];
    if (step.refusal === 'WRONG_STATUS') return IncidentException.invalidTransition(what, op.status, step.from);
    const needed = step.kinds.map((k) => KIND_NOUNS[k]);
    return IncidentException.invalidTransition(what, KIND_NOUNS[op.kind], needed);
  }
  static notLead(id: string, lead: string) {
    return new IncidentException(IncidentErrorCode.NOT_LEAD, `Operation ${id} is led by ${lead}; only the lead city's command can do this.`, { lead });
  }
  static notInvited(id: string, city: string) {
    return new IncidentException(IncidentErrorCode.NOT_INVITED, `${city} has no open invitation to ${id}.`, { id });
  }
  static purposeRequired(city: string) {
    return new IncidentException(
      IncidentErrorCode.PURPOSE_REQUIRED,
      `Cross-city reads of ${city}'s joint operations need a purpose: send the case or operation reference in the X-Purpose header (e.g. "X-Purpose: regional board WX-2026-0001").`,
    );
  }
  static notAssignee(taskId: string, city: string) {
    return new IncidentException(
      IncidentErrorCode.NOT_ASSIGNEE,
      `Task ${taskId} is assigned to ${city}; only ${city}'s officers update it (the lead city may cancel it).`,
      { city },
    );
  }
}
