/** A generic task module for sim/pool.ts tests: squares numbers, optionally slowly or failing. */
export async function createHandler(init: { offset: number; slowEvery?: number; failOn?: number }) {
  return (task: { x: number }) => {
    if (task.x === init.failOn) throw new Error(`cannot do ${task.x}`);
    if (init.slowEvery && task.x % init.slowEvery === 0) {
      const until = performance.now() + 15;
      while (performance.now() < until) {
        /* spin */
      }
    }
    return { y: task.x * task.x + init.offset };
  };
}
