/**
 * How often ink may redraw. The frame writer sends only the lines that changed, so a higher
 * cap costs nothing while the console is idle and lets a busy log pane keep up.
 */
export const MAX_FPS = 60;

/**
 * Ink draws only a final frame when it believes it runs in CI (`CI` or
 * `CONTINUOUS_INTEGRATION` set to anything but 0 or false), and decides so when it loads. On
 * a terminal the console is interactive whatever the environment says: call this before ink
 * is imported.
 */
export function letInkDrawFrames(env: NodeJS.ProcessEnv = process.env): void {
  for (const key of ['CI', 'CONTINUOUS_INTEGRATION']) {
    if (env[key] !== undefined) env[key] = 'false';
  }
}
