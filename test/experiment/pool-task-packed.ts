/** pool-task.ts whose results travel packed (sim/packed.ts), as worker-task.ts's do. */
export { createHandler } from './pool-task.js';
export { pack as packResult } from '../../sim/packed.js';
