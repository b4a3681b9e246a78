/** `npm run schema`: writes scenarios/scenario.schema.json from the zod schema. */
import { writeFileAtomic } from '../sim/atomic-write.js';
import { JSON_SCHEMA_PATH, scenarioJsonSchema } from '../scenarios/json-schema.js';

writeFileAtomic(JSON_SCHEMA_PATH, scenarioJsonSchema());
process.stdout.write(`wrote ${JSON_SCHEMA_PATH}\n`);
