/**
 * Commands run as an argv override of the container (no shell): the backend image needs no
 * shell, arguments reach the program exactly as written, and the task's exit code is the
 * command's own. Shell syntax is refused rather than silently passed as literal arguments;
 * a JSON array (e.g. `["sh","-c","a && b"]`) gives full control when a shell is wanted.
 */
const SHELL_SYNTAX = /["'`$|&;<>()*?~\\\n{}]/;

/** The argv of `text`, or a message saying why it is not acceptable. */
export function parseCommand(text: string): { argv: string[] } | { problem: string } {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      return { problem: 'starts with "[" but is not a JSON array of strings' };
    }
    if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((a) => typeof a === 'string' && a !== '')) {
      return { problem: 'must be a non-empty JSON array of non-empty strings' };
    }
    return { argv: parsed as string[] };
  }
  if (trimmed === '') return { problem: 'is empty' };
  if (SHELL_SYNTAX.test(trimmed)) {
    return { problem: 'contains shell syntax (quotes, $, |, &, ;, <, >, ...); give a JSON array instead, e.g. ["sh","-c","<command>"]' };
  }
  return { argv: trimmed.split(/\s+/) };
}
