#!/usr/bin/env node
// The CLI is TypeScript, transpiled on load by our own esbuild hooks (bin/ts-hooks.mjs), so
// `npx ixh` works right after `npm ci` with no build step.
import './register-ts.mjs';

await import('../cli/main.ts');
