/** The workspace's git state for the plan and the audit: commit, branch, dirty. */
import { runLocal } from './runner.js';

/** A workspace's git state; undefined fields when it is not a repository. */
export interface GitState {
  commit?: string;
  branch?: string;
  dirty: boolean;
}

/** `git rev-parse HEAD`, `git rev-parse --abbrev-ref HEAD`, `git status --porcelain`. */
export function gitArgvs(workspace: string): { commit: string[]; branch: string[];
  status: string[]; } {
  const git = ['git', '-C', workspace];
  return {
    commit: [...git, 'rev-parse', 'HEAD'],
    branch: [...git, 'rev-parse', '--abbrev-ref', 'HEAD'],
    status: [...git, 'status', '--porcelain', '--untracked-files=normal'],
  };
}

/** Reads the state; a workspace without git (or without git installed) is not dirty. */
export async function readGitState(workspace: string, signal?: AbortSignal): Promise<GitState> {
  const argv = gitArgvs(workspace);
  const opts = { signal, timeoutMs: 10_000 };
  try {
    const commit = await runLocal(argv.commit, opts);
    if (commit.code !== 0) return { dirty: false };
    const branch = await runLocal(argv.branch, opts);
    const status = await runLocal(argv.status, opts);
    return {
      commit: commit.stdout.trim(),
      branch: branch.code === 0 ? branch.stdout.trim() : undefined,
      dirty: status.stdout.trim() !== '',
    };
  } catch (err) {
    if (signal?.aborted) throw err;
    return { dirty: false };
  }
}
