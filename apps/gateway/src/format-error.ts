import { Logger } from '@nestjs/common';
import type { GraphQLFormattedError } from 'graphql';
import { formatQueryLimitError } from '@ypf/common';

const logger = new Logger('Gateway');

/** Errors reach clients without stack traces or internals; city errors keep their code and city. */
export function formatGatewayError(formatted: GraphQLFormattedError, error?: unknown): GraphQLFormattedError {
  const limit = formatQueryLimitError(formatted, error);
  if (limit) return limit;
  const ext = formatted.extensions ?? {};
  const code = typeof ext.code === 'string' ? ext.code : 'INTERNAL_SERVER_ERROR';
  const { stacktrace: _stack, exception: _exception, ...rest } = ext as Record<string, unknown>;
  if (code === 'INTERNAL_SERVER_ERROR' && !ext.serviceName) {
    logger.error(`unexpected gateway error: ${formatted.message}`);
    return { message: 'Internal error at the gateway; it has been logged.', path: formatted.path, extensions: { code } };
  }
  return { ...formatted, extensions: { ...rest, code } };
}
