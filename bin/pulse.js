#!/usr/bin/env node
// The `pulse` command. Pulse is written in TypeScript and runs through tsx's loader,
// so there is no build step between `npm install` and `npx pulse`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
