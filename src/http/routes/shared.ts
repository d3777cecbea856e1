// Schemas and constants that several route files share: one home, so that no route file imports
// another.
import { z } from 'zod';
import { withInputExample } from '../../schemas/common.js';

// Path ids are not pattern-checked: an id that cannot exist is simply not found (404).
export const PathIdSchema = z.object({ id: z.string().min(1).max(128).describe('The resource id') });

/** PathIdSchema with an example id for the documentation. */
export const pathIdWithExample = (id: string) =>
  PathIdSchema.extend({ id: withInputExample(PathIdSchema.shape.id, id) });

/** The security requirement of the write operations: an API key as a bearer token. */
export const BEARER = [{ apiKey: [] }];
