import { DomainError } from '@ypf/common';

export enum AssistanceErrorCode {
  REQUEST_NOT_FOUND = 'REQUEST_NOT_FOUND',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  NOT_ACCEPTED_BY_POLICY = 'ASSISTANCE_NOT_ACCEPTED',
  COMMANDER_APPROVAL_REQUIRED = 'COMMANDER_APPROVAL_REQUIRED',
  NOT_A_PARTY = 'NOT_A_PARTY',
  ANSWERS_STILL_OPEN = 'ANSWERS_STILL_OPEN',
}

export class AssistanceException extends DomainError {
  static notFound(id: string) {
    return new AssistanceException(AssistanceErrorCode.REQUEST_NOT_FOUND, `No assistance request ${id} at this node.`, { id });
  }
  static invalidTransition(action: string, status: string, from: readonly string[]) {
    return new AssistanceException(
      AssistanceErrorCode.INVALID_TRANSITION,
      `Cannot ${action.toLowerCase().replace(/_/g, ' ')} an answer that is ${status}; that applies to answers that are ${from.join(' or ')}.`,
      { action, status },
    );
  }
  static notAccepted(target: string, kind: string, requester: string, version: number) {
    return new AssistanceException(
      AssistanceErrorCode.NOT_ACCEPTED_BY_POLICY,
      `${target}'s access policy (v${version}) does not accept ${kind} requests from ${requester}; see { region { ${target} { accessPolicy { assistance { cities kinds } } } } } and choose another city or kind.`,
      { target, kind },
    );
  }
  static commanderRequired(quantity: number, threshold: number) {
    return new AssistanceException(
      AssistanceErrorCode.COMMANDER_APPROVAL_REQUIRED,
      `Committing ${quantity} (more than ${threshold}) needs a COMMANDER of your city; ask your duty commander to commit.`,
      { threshold },
    );
  }
  static notAParty(action: string, side: string) {
    return new AssistanceException(AssistanceErrorCode.NOT_A_PARTY, `Only the ${side} city can ${action.toLowerCase().replace(/_/g, ' ')} this request.`);
  }
  /** Closing the whole request while some cities' answers are still under way: nothing is closed. */
  static answersStillOpen(id: string, open: { city: string; status: string }[]) {
    const list = open.map((a) => `${a.city} is ${a.status}`).join(', ');
    return new AssistanceException(
      AssistanceErrorCode.ANSWERS_STILL_OPEN,
      `Cannot close ${id}: ${list}. Close a city's fulfilled or declined answer with targetCity, or cancel the open ones (with a reason); nothing was closed.`,
      { open: open.map((a) => a.city) },
    );
  }
}
