/**
 * Runs the Envoy stand-in as its own process, for the lab's edge:
 *
 *   tsx src/standin/main.ts --control 127.0.0.1:18090 --admin 127.0.0.1:19901 \
 *     --edge 127.0.0.1:10443 --tls-cert edge.pem --tls-key edge.key \
 *     --cluster _ai_unified_server --endpoint 127.0.0.1:8002 \
 *     --state-file clusters.json --access-log access.log
 *
 * Prints `ready` once every listener accepts connections; exits on SIGTERM or SIGINT.
 * With `--freeze-port HOST:PORT`, any request to `/?on=1` there makes the edge ignore later
 * cluster changes, and `/?on=0` undoes it: a misbehaviour tests use to prove that cortex-ops
 * verifies what it posts. It is a separate listener so the admin API keeps Envoy's shape.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { parseArgs } from 'node:util';
import { startEnvoyStandin, type ListenAddress } from './envoy.js';

function address(flag: string, value: string | undefined): ListenAddress {
  const m = /^(.+):(\d+)$/.exec(value ?? '');
  if (!m) {
    process.stderr.write(`envoy stand-in: --${flag} needs HOST:PORT, got ${value ?? 'nothing'}\n`);
    process.exit(2);
  }

  return { host: m[1]!.replace(/^\[|\]$/g, ''), port: Number(m[2]) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      control: { type: 'string' }, admin: { type: 'string' }, edge: { type: 'string' },
      'tls-cert': { type: 'string' }, 'tls-key': { type: 'string' },
      cluster: { type: 'string', default: '_ai_unified_server' },
      endpoint: { type: 'string' }, 'state-file': { type: 'string' },
      'access-log': { type: 'string' }, 'freeze-port': { type: 'string' },
    },
  });
  const endpoint = address('endpoint', values.endpoint);
  const certFile = values['tls-cert'];
  const keyFile = values['tls-key'];
  const standin = await startEnvoyStandin({
    control: address('control', values.control),
    admin: address('admin', values.admin),
    edge: address('edge', values.edge),
    tls: certFile && keyFile
      ? { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') }
      : undefined,
    cluster: values.cluster,
    endpoint: { address: endpoint.host, port: endpoint.port },
    stateFile: values['state-file'],
    accessLog: values['access-log'],
  });

  let hook: http.Server | undefined;
  if (values['freeze-port']) {
    const at = address('freeze-port', values['freeze-port']);
    hook = http.createServer((req, res) => {
      const on = new URL(req.url ?? '/', 'http://hook').searchParams.get('on') === '1';
      standin.freezeRouting(on);
      res.end(on ? 'frozen\n' : 'following\n');
    }).listen(at.port, at.host);
  }

  process.stdout.write('ready\n');
  const stop = (): void => {
    hook?.close();
    void standin.stop().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`envoy stand-in: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
