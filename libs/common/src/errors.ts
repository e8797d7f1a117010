import { GraphQLError } from 'graphql';

/**
 * Base of every expected error a client may see: a stable code, a message that says what was wrong and how to
 * fix it, and optional details (e.g. the offending field). Each module subclasses it with its own code enum.
 */
export class DomainError extends GraphQLError {
  constructor(
    readonly code: string,
    message: string,
    details?: Record<string, unknown>,
  ) {
    super(message, { extensions: { code, ...(details ?? {}) } });
  }
}

export enum CommonErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  PURPOSE_REQUIRED = 'PURPOSE_REQUIRED',
  HOME_NODE_ONLY = 'HOME_NODE_ONLY',
  HOME_TOKEN_REQUIRED = 'HOME_TOKEN_REQUIRED',
  INTERNAL = 'INTERNAL_SERVER_ERROR',
}

export class AuthError extends DomainError {
  static unauthenticated(message = 'A valid officer token is required: log in at your home node and send "Authorization: Bearer <token>".') {
    return new AuthError(CommonErrorCode.UNAUTHENTICATED, message);
  }
  static forbidden(message: string) {
    return new AuthError(CommonErrorCode.FORBIDDEN, message);
  }
}

export class InputError extends DomainError {
  /** `problems`: every field that is wrong, when there are several (the message names them all). */
  constructor(message: string, field?: string, problems?: { field: string; message: string }[]) {
    super(CommonErrorCode.BAD_USER_INPUT, message, field ? { field, ...(problems && problems.length > 1 ? { problems } : {}) } : undefined);
  }
}
