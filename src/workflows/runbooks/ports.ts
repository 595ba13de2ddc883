/**
 * Runbook 3, "port is already allocated": the ports compose publishes against what holds
 * them on the host (containers through Docker, other processes through `ss`), naming each
 * owner. The fix stops a conflicting container of this stack and starts the one compose
 * means the port for; for anything else it shows the command.
 */
import { checkCompose, type Evidence, type Finding } from '../../services/analyze/index.js';
import { liveFinding } from './codes.js';
import { stackFiles, type StackFiles } from './files.js';
import {
  dockerStopArgv, parseSs, ssArgv, type HostContainer, type HostListener,
} from './host.js';
import type { Check, Fix, Runbook, TroubleshootContext } from './model.js';
import { analyze, callOpts, containerNamed } from './util.js';

const PROJECT_LABEL = 'com.docker.compose.project';
const STOP_TIMEOUT_MS = 60_000;
const SERVICE_LABEL = 'com.docker.compose.service';

/** A published port and the container compose means it for. */
export interface Publication {
  service: string;
  container: string;
  hostPort: number;
  line: number;
  file: string;
}

/** Who holds a port instead of its container. */
export interface PortOwner {
  kind: 'stack' | 'container' | 'process';
  name: string;
  detail: string;
}

const composeCheck: Check = {
  id: 'compose-ports', title: 'compose publishes the gateway port once', kind: 'static',
  async run(ctx, signal) {
    const files = await stackFiles(ctx, signal);
    const { gateway, backend } = ctx.config;
    return analyze(files.compose, 'compose file', files.hostError,
      (f) => checkCompose(f.text, f.file, {
        gateway: [gateway.service, gateway.container], gatewayPort: gateway.port,
        backend: [backend.service, backend.container],
      }), () => true);
  },
};

/** Every host port the compose file publishes, with its service and container. */
export function publications(files: StackFiles, project: string): Publication[] {
  const out: Publication[] = [];
  for (const svc of files.composeModel?.services ?? []) {
    for (const p of svc.ports) {
      if (!p.published) continue;
      const container = svc.containerName ?? `${project}_${svc.name}_1`;
      for (let port = p.published.start; port <= p.published.end; port++) {
        out.push({ service: svc.name, container, hostPort: port, line: p.line,
          file: files.compose?.file ?? '' });
      }
    }
  }

  return out;
}

/** Classifies a container that holds a port meant for another. */
export function classifyContainer(
  c: HostContainer, project: string, stackServices: string[],
): PortOwner {
  const p = c.labels[PROJECT_LABEL];
  const svc = c.labels[SERVICE_LABEL];
  if (p === project) {
    return { kind: 'stack', name: c.name, detail: `an orphan of compose project ${p}` };
  }

  if (p && svc && stackServices.includes(svc)) {
    return { kind: 'stack', name: c.name,
      detail: `service ${svc} of another compose project of this stack (${p})` };
  }

  const what = p ? `compose project ${p}` : 'no compose project';
  return { kind: 'container', name: c.name, detail: `unrelated container (${c.image}, ${what})` };
}

/** The owner of a port, or undefined when its own container holds it or nothing does. */
export function ownerOf(
  pub: Publication, containers: HostContainer[], listeners: HostListener[],
  project: string, stackServices: string[],
): PortOwner | undefined {
  const holders = containers.filter((c) => c.state === 'running' &&
    c.ports.some((p) => p.hostPort === pub.hostPort));
  if (holders.some((c) => c.name === pub.container)) return undefined;
  const other = holders[0];
  if (other) return classifyContainer(other, project, stackServices);
  const proc = listeners.find((l) => l.port === pub.hostPort && l.process !== 'docker-proxy');
  if (!proc) return undefined;
  const who = proc.process ? `${proc.process} (pid ${proc.pid})` : 'an unnamed process';
  return { kind: 'process', name: proc.process ?? 'process',
    detail: `${who} listening on ${proc.address}:${proc.port}` };
}

async function hostListeners(ctx: TroubleshootContext, signal: AbortSignal) {
  try {
    const res = await ctx.host.exec(ssArgv(), callOpts(ctx, signal));
    return res.code === 0 ? parseSs(res.stdout) : [];
  } catch {
    // Without ss only containers are compared; Docker's view is the one that matters most.
    return [];
  }
}

const CODE_OF = { stack: 'CX331', container: 'CX332', process: 'CX333' } as const;

const bindings: Check = {
  id: 'live-bindings', title: 'published ports against live bindings', kind: 'live',
  async run(ctx, signal) {
    const files = await stackFiles(ctx, signal);
    const project = ctx.config.project.projectName ?? 'cortex-hub';
    const pubs = publications(files, project);
    const containers = await ctx.host.containers(callOpts(ctx, signal));
    const listeners = await hostListeners(ctx, signal);
    const services = (files.composeModel?.services ?? []).map((s) => s.name);
    const out: Finding[] = [];
    for (const pub of pubs) {
      const owner = ownerOf(pub, containers, listeners, project, services);
      if (!owner) continue;
      const evidence: Evidence[] = [
        { file: pub.file, line: pub.line, text: `${pub.service} publishes ${pub.hostPort}` },
        { file: `${ctx.host.label} port ${pub.hostPort}`, text: `held by ${owner.detail}` },
      ];
      const detail = `Port ${pub.hostPort} (for ${pub.container}) is held by ${owner.name}: ` +
        `${owner.detail}.`;
      out.push(liveFinding(CODE_OF[owner.kind], 'failing', detail, evidence));
    }

    const gw = containerNamed(containers, ctx.config.gateway.container);
    if (out.length === 0 && gw && gw.state !== 'running') {
      out.push(liveFinding('CX334', 'failing', `${gw.name} is ${gw.state}.`,
        [{ file: `${ctx.host.label} docker ps -a`, text: `${gw.name} ${gw.state}` }]));
    }

    if (out.length === 0) {
      const list = pubs.map((p) => p.hostPort).join(', ') || 'none';
      out.push(liveFinding('CX330', 'ok', `Published ports checked: ${list}.`));
    }

    return out;
  },
};

function holderName(f: Finding): string | undefined {
  return /is held by ([^:]+):/.exec(f.detail)?.[1];
}

function portFix(ctx: TroubleshootContext, findings: Finding[]): Fix | undefined {
  const conflict = findings.find((f) => f.code === 'CX331' || f.code === 'CX332' ||
    f.code === 'CX333');
  const holder = conflict && holderName(conflict);
  const gw = ctx.config.gateway.container;
  if (!conflict || !holder) return undefined;
  const command = `${dockerStopArgv(holder).join(' ')} && docker start ${gw}`;
  if (conflict.code !== 'CX331') {
    const what = conflict.code === 'CX333' ? 'Stop the process' : `Stop ${holder}`;
    return { describe: `${what} by hand, then start ${gw}`, preview: command, dangerous: true,
      command };
  }

  return {
    describe: `Stop ${holder} (this stack's) and start ${gw}`, preview: command,
    dangerous: true,
    apply: async (signal) => {
      // docker stop waits up to 10 s for the container to exit before it kills it.
      const opts = { signal, timeoutMs: Math.max(ctx.timeoutMs, STOP_TIMEOUT_MS) };
      await ctx.host.stop(holder, opts);
      await ctx.host.start(gw, opts);
      return `stopped ${holder} and started ${gw}`;
    },
  };
}

/** A container fails to start with "port is already allocated". */
export const portsRunbook: Runbook = {
  id: 'port-collision',
  title: 'Port is already allocated',
  symptom: 'A release leaves the frontend dead: its container exits with "port is already ' +
    'allocated".',
  checks: [composeCheck, bindings],
  fix: async (ctx, findings) => portFix(ctx, findings),
};
