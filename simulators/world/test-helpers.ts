/** Test helpers: the problems a world text yields, or none. */
import { parseWorld } from './load-world.ts';
import { WorldFileError, type WorldProblem } from './world-file-error.ts';

export function problemsOf(text: string, source = 'world.yaml'): WorldProblem[] {
  try {
    parseWorld(text, source);
    return [];
  } catch (err) {
    if (err instanceof WorldFileError) return [...err.problems];
    throw err;
  }
}

/** Lines joined with \n, so a test can state a file as an array of lines and count them. */
export function yamlLines(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}
