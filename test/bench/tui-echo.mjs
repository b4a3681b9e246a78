// Reference for the `tui` bench workload: the cheapest full-screen program a key can drive. It
// redraws the whole screen (every line, full width, as a frame of the TUI does) on every key, with
// no simulation and no layout engine, so scripts/tui-keys.sh measured on it gives the floor of
// node + pty + tmux at this size. Quits on q.
const out = process.stdout;
let n = 0;
const draw = () => {
  const cols = out.columns || 80;
  const rows = (out.rows || 24) - 1;
  const lines = [];
  for (let r = 0; r < rows; r++) {
    const head = r === 0 ? ` event ${n} EVENTS ` : ` line ${r} · key ${n} `;
    lines.push((head + '░▒▓█ '.repeat(cols)).slice(0, cols));
  }
  out.write('\x1b[H' + lines.join('\n'));
};
out.write('\x1b[?1049h\x1b[?25l\x1b[2J');
process.stdin.setRawMode(true);
process.stdin.on('data', (d) => {
  if (d.includes('q')) {
    out.write('\x1b[?25h\x1b[?1049l');
    process.exit(0);
  }
  n++;
  draw();
});
draw();
