/** chipsim's version, from its package.json (found upwards from here: sources and dist/ both work). */
import { readFileSync } from 'node:fs';

export function packageVersion(from: string = import.meta.url): string {
  for (let url = new URL('./package.json', from); ; url = new URL('../package.json', url)) {
    try {
      const pkg = JSON.parse(readFileSync(url, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'chipsim' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      /* not here: look one folder up */
    }
    if (url.pathname === '/package.json') throw new Error(`no chipsim package.json above ${from}`);
  }
}
