import { z } from 'zod';
import { CallerLookupConfigError } from '../errors.js';

/** Validate options once, at the boundary; a failure becomes a readable {@link CallerLookupConfigError}. */
export function parseOptions<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success)
    throw new CallerLookupConfigError(z.prettifyError(parsed.error), { cause: parsed.error });
  return parsed.data;
}
