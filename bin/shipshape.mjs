#!/usr/bin/env node
// Runs the CLI straight from the TypeScript sources (via tsx), so `npx shipshape ...` works
// right after `npm install` without a build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../main/cli.ts');
process.exitCode = await main(process.argv.slice(2));
