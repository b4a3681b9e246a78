/** The JSON Schema of scenario files, generated from the zod schema. */
import { z } from 'zod';
import { join } from 'node:path';
import { scenarioSchema } from './schema.js';
import { LIBRARY_DIR } from './loader.js';

export const JSON_SCHEMA_PATH = join(LIBRARY_DIR, '..', 'scenario.schema.json');

export function scenarioJsonSchema(): string {
  const schema = z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify({ title: 'chipsim scenario', ...schema }, null, 2)}\n`;
}
