import type { Provenance } from '../../models/experiment/index.js';

/** What every compare output names besides the estimates. */
export interface CompareMeta {
  /** Scenario display name. */
  scenario: string;
  reps: number;
  seed: number;
  /** Version, scenario hash, commit and command line: JSON `meta`, CSV comment, HTML footer. */
  provenance?: Provenance;
}
