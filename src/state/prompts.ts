/**
 * Questions a workflow needs a person to answer while the console runs: today, whether to
 * trust an SSH host key seen for the first time. Workflows ask and wait; <HostKeyPrompt/>
 * shows the oldest question and answers it.
 */
import { createStore } from 'zustand/vanilla';

/** An unknown SSH host key waiting for a yes or no. */
export interface HostKeyQuestion {
  id: number;
  host: string;
  port: number;
  keyType: string;
  /** `SHA256:…`, as ssh-keygen -l prints it. */
  fingerprint: string;
}

export interface PromptsState {
  /** Oldest first. */
  questions: HostKeyQuestion[];
  /** Asks and resolves with the answer (false when the session ends first). */
  askHostKey: (q: Omit<HostKeyQuestion, 'id'>, signal?: AbortSignal) => Promise<boolean>;
  answer: (id: number, accept: boolean) => void;
}

/** Creates a prompts store; tests make their own. */
export function createPromptsStore() {
  const waiting = new Map<number, (accept: boolean) => void>();
  let next = 1;
  return createStore<PromptsState>()((set, get) => ({
    questions: [],
    askHostKey: (q, signal) => new Promise<boolean>((resolve) => {
      const id = next++;
      const settle = (accept: boolean): void => {
        waiting.delete(id);
        set({ questions: get().questions.filter((x) => x.id !== id) });
        resolve(accept);
      };
      waiting.set(id, settle);
      set({ questions: [...get().questions, { ...q, id }] });
      signal?.addEventListener('abort', () => waiting.get(id)?.(false), { once: true });
    }),
    answer: (id, accept) => waiting.get(id)?.(accept),
  }));
}

export type PromptsStore = ReturnType<typeof createPromptsStore>;

/** The console's prompts. */
export const promptsStore: PromptsStore = createPromptsStore();
