/**
 * Warnings of one CLI run: printed on stderr as they happen (`warning: …`) and collected for the
 * `warnings` array of the `--json` document, so a result that deserves a caveat never looks clean.
 */

const collected: string[] = [];

/** Print `message` as a warning on stderr and keep it for `--json`. */
export function warn(message: string): void {
  collected.push(message);
  process.stderr.write(`warning: ${message}\n`);
}

/** The warnings of this run so far, in order. */
export function warnings(): string[] {
  return [...collected];
}
