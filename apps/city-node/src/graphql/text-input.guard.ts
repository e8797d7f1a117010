import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { type GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import { InputError } from '@ypf/common';

/** The path of the first string in `value` that holds U+0000, or null. */
function nulPath(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulPath(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      const found = nulPath(v, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return null;
}

/**
 * PostgreSQL text cannot hold U+0000: an argument carrying it would reach a query and fail there as an internal error.
 * Runs after the permission guard (a refused caller still learns only that), before any resolver.
 */
@Injectable()
export class TextInputGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType<GqlContextType>() !== 'graphql') return true;
    const found = nulPath(GqlExecutionContext.create(context).getArgs(), '');
    if (found) throw new InputError(`${found} contains the NUL character (U+0000), which no text field accepts: remove it.`, found);
    return true;
  }
}
