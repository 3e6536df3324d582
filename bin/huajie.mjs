#!/usr/bin/env node
// Runs the TypeScript sources directly (tsx), so a fresh clone needs no build step.
import { register } from 'tsx/esm/api';
import { requireSupportedNode } from '../scripts/node-version.mjs';

requireSupportedNode();

register();
await import('../src/server/cli/main.ts');
