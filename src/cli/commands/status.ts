/**
 * `cortex-ops status`: for now, what the session knows without probing. The health sweep
 * replaces this with the dashboard's probes.
 */
import type { CommandContext } from '../run.js';

export async function run(ctx: CommandContext): Promise<number> {
  const session = await ctx.session();
  try {
    const { config, info } = session;
    const report = {
      mode: info.mode,
      environment: info.environment,
      target: info.target,
      configFile: info.configFile ?? null,
      overall: 'unknown',
      note: 'the health sweep is not built yet; this reports the configuration only',
      edge: { controlPlaneUrl: config.edge.controlPlaneUrl, cluster: config.edge.cluster },
      gateway: { host: config.gateway.host, port: config.gateway.port },
      backend: { container: config.backend.container, port: config.backend.port },
    };
    if (ctx.args.json) ctx.out(JSON.stringify(report, null, 2));
    else {
      ctx.out(`${info.environment}: ${info.target}`);
      ctx.out(report.note);
    }

    return 0;
  } finally {
    await session.close();
  }
}
