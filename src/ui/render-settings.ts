/**
 * How often ink may redraw. The frame writer sends only the lines that changed, so a higher
 * cap costs nothing while the console is idle and lets a busy log pane keep up.
 */
export const MAX_FPS = 60;
