/** Writes ui/format/schemas/*.schema.json from the zod output schemas. */
import { mkdirSync } from 'node:fs';
import { writeFileAtomic } from '../../sim/atomic-write.js';
import { keysOf } from '../../sim/typed-keys.js';
import { OUTPUT_SCHEMA_DIR, OUTPUT_SCHEMAS, outputJsonSchema, outputSchemaPath } from './output-schema.js';

mkdirSync(OUTPUT_SCHEMA_DIR, { recursive: true });
for (const name of keysOf(OUTPUT_SCHEMAS)) {
  writeFileAtomic(outputSchemaPath(name), outputJsonSchema(name));
  process.stdout.write(`wrote ${outputSchemaPath(name)}\n`);
}
