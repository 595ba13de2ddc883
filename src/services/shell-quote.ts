/**
 * POSIX shell quoting. An SSH exec channel carries one command string that the remote login
 * shell parses, so an argument array must be joined into a string that the shell splits back
 * into exactly the same words, with nothing expanded.
 */

/** Characters that never need quoting in a word that is not the command name. */
const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Words the shell would treat as syntax if they stood unquoted in command position. */
const RESERVED = new Set([
  '!', '{', '}', 'case', 'do', 'done', 'elif', 'else', 'esac', 'fi', 'for', 'function',
  'if', 'in', 'select', 'then', 'time', 'until', 'while', '[[', ']]', 'coproc',
]);

/**
 * Quote one argument for a POSIX shell. Plain words are left as they are; everything else is
 * wrapped in single quotes, with each embedded single quote written as `'\''`.
 */
export function quoteArg(arg: string): string {
  if (SAFE_WORD.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * Join an argument array into one command string for `sh -c` or an SSH exec channel.
 * The first word is also quoted when it looks like a variable assignment or a reserved word,
 * because the shell would otherwise not run it as a command.
 */
export function quoteArgv(argv: readonly string[]): string {
  if (argv.length === 0) throw new Error('quoteArgv needs at least one argument');

  return argv.map((arg, i) => (i === 0 ? quoteCommandName(arg) : quoteArg(arg))).join(' ');
}

function quoteCommandName(arg: string): string {
  if (arg.includes('=') || RESERVED.has(arg)) return `'${arg.replace(/'/g, `'\\''`)}'`;
  return quoteArg(arg);
}
