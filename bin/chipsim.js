#!/usr/bin/env node
// Entry point for `npx chipsim` and `npm start`: registers tsx so the TypeScript sources run as they are.
import { register } from 'tsx/esm/api';

register();
await import('../ui/cli/main.ts');
