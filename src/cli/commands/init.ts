/** `cortex-ops init`: writes a commented cortex-ops.yaml for this workspace, interactively. */
import { createInterface } from 'node:readline/promises';
import path from 'node:path';
import type { CommandContext } from '../run.js';
import { runInit, type Prompter } from '../../workflows/init/interview.js';

function readlinePrompter(ctx: CommandContext): Prompter & { close(): void } {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  return {
    ask: async (q, suggestion) => {
      const answer = await rl.question(suggestion ? `${q} [${suggestion}]: ` : `${q}: `);
      return answer.trim() === '' ? suggestion : answer.trim();
    },
    confirm: async (q, yes) => {
      const answer = (await rl.question(`${q} [${yes ? 'Y/n' : 'y/N'}]: `)).trim().toLowerCase();
      return answer === '' ? yes : answer === 'y' || answer === 'yes';
    },
    say: (line) => ctx.out(line),
    close: () => rl.close(),
  };
}

export async function run(ctx: CommandContext): Promise<number> {
  const workspace = path.resolve(ctx.args.rest[0] ?? process.cwd());
  const file = path.resolve(ctx.args.config ?? path.join(workspace, 'cortex-ops.yaml'));
  const prompter = readlinePrompter(ctx);
  // Its own signal: init may run right after the console closed, which spends the session's.
  const stop = new AbortController();
  const onTerm = (): void => stop.abort(new Error('cortex-ops init was terminated'));
  process.once('SIGTERM', onTerm);
  try {
    const written = await runInit(prompter, workspace, file, stop.signal);
    if (!written) ctx.err('cortex-ops init: nothing was written');
    return written ? 0 : 1;
  } finally {
    process.off('SIGTERM', onTerm);
    prompter.close();
  }
}
