import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { RequestContext } from './request-context.js';
import { requestOf } from './permission.guard.js';

/** The request context the permission guard built (officer, purpose, node city). */
export const Ctx = createParamDecorator((_data: unknown, context: ExecutionContext): RequestContext => {
  const req = requestOf(context);
  const ctx = req.ypfContext ?? req.ypfPublicContext;
  if (!ctx) throw new Error('request context missing: the permission guard did not run');
  return ctx;
});
