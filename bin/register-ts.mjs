// `node --import ./bin/register-ts.mjs file.ts` runs project TypeScript through bin/ts-hooks.mjs.
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);
