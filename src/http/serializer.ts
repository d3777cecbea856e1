// Response serialisation from the routes' zod schemas through fast-json-stringify: as fast as
// Fastify's own JSON-schema path, and like it, only the properties a schema lists are ever written,
// so no internal field can leak into a response.

import fastJson, { type Schema } from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { z } from 'zod';

type JsonSchema = { [key: string]: unknown };

/**
 * fast-json-stringify is fastest with `type: [T, 'null']` rather than the `anyOf` zod emits for
 * nullable values, so rewrite those, recursively.
 */
function simplify(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(simplify);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(node)) out[k] = simplify(v);
  const anyOf = out.anyOf as JsonSchema[] | undefined;
  if (Array.isArray(anyOf) && anyOf.length === 2) {
    const nonNull = anyOf.find((s) => s.type !== 'null');
    if (nonNull && anyOf.some((s) => s.type === 'null') && typeof nonNull.type === 'string') {
      const { anyOf: _, ...rest } = out;
      return { ...rest, ...nonNull, type: [nonNull.type, 'null'] };
    }
  }
  return out;
}

/** The JSON Schema fast-json-stringify compiles for a zod response schema: inlined, no $refs. */
export function serializationSchema(schema: z.ZodType): Schema {
  const json = z.toJSONSchema(schema, {
    io: 'output',
    target: 'draft-7',
    metadata: z.registry(),
    unrepresentable: 'any',
  });
  return simplify(json) as Schema;
}

export const serializerCompiler: FastifySerializerCompiler<z.ZodType> = ({ schema }) => {
  const resolved = schema instanceof z.ZodType ? schema : (schema as { properties?: unknown }).properties;
  if (!(resolved instanceof z.ZodType)) throw new Error('a response schema must be a zod schema');
  return fastJson(serializationSchema(resolved));
};
