/** Prints the README's calibration table: node bin/run-ts.js scripts/calibration.ts [seeds] [policy] [scenario]. */
import { DEFAULT_SEEDS, calibrateCommand } from '../ui/cli/calibrate-command.js';
import { UserError } from '../ui/cli/errors.js';
import { exitQuietlyOnClosedPipe, helpIfAsked } from './script-args.js';

helpIfAsked(`
node bin/run-ts.js scripts/calibration.ts [seeds] [policy] [scenario]
The README's calibration table: chipsim calibrate with these (default ${DEFAULT_SEEDS} seeds, pro-rata, the default scenario).`);
exitQuietlyOnClosedPipe();
const [seeds, policy, scenario] = process.argv.slice(2);
try {
  process.stdout.write(await calibrateCommand(scenario, { seeds, policy }));
} catch (error) {
  if (!(error instanceof UserError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(2);
}
