/**
 * A small POSIX-like word splitter for command lines found in Dockerfiles and
 * compose files. It removes quotes as a shell would and splits commands at
 * `&&`, `||`, `;`, `|`, `&` and newlines. It never throws.
 */

/** Splits a command line into commands, each a list of words. */
export function splitShellCommands(text: string): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  const endWord = (): void => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };

  const endCommand = (): void => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
  };

  let i = 0;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (ch === "'") {
      const close = text.indexOf("'", i + 1);
      const stop = close === -1 ? text.length : close;
      word += text.slice(i + 1, stop);
      inWord = true;
      i = stop + 1;
    } else if (ch === '"') {
      i = readDoubleQuoted(text, i + 1, (s) => (word += s));
      inWord = true;
    } else if (ch === '\\') {
      if (text.charAt(i + 1) !== '\n') {
        word += text.charAt(i + 1);
        inWord = true;
      }

      i += 2;
    } else if (ch === ' ' || ch === '\t') {
      endWord();
      i += 1;
    } else if (ch === '\n' || ch === ';' || ch === '&' || ch === '|') {
      endCommand();
      i += 1;
    } else {
      word += ch;
      inWord = true;
      i += 1;
    }
  }

  endCommand();
  return commands;
}

function readDoubleQuoted(text: string, start: number, append: (s: string) => void): number {
  let i = start;
  while (i < text.length && text.charAt(i) !== '"') {
    const ch = text.charAt(i);
    const next = text.charAt(i + 1);
    if (ch === '\\' && (next === '"' || next === '\\' || next === '$' || next === '`')) {
      append(next);
      i += 2;
      continue;
    }

    append(ch);
    i += 1;
  }

  return i + 1;
}

/** Splits one command line into words, ignoring command separators. */
export function splitShellWords(text: string): string[] {
  return splitShellCommands(text).flat();
}
