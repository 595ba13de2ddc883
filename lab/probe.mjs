#!/usr/bin/env node
// Small HTTP helper for the lab scripts, so they need no curl.
//
//   node lab/probe.mjs get URL [--ca FILE] [--header 'Name: value'] [--timeout S]
//                              [--print status|location|server|body]
//     prints the chosen part of the response (default: the status code); exits 1 with a
//     message on stderr when no response arrives in time.
//   node lab/probe.mjs ws URL [--timeout S]
//     sends a WebSocket upgrade request and prints the status code of the answer (101 when
//     the upgrade went through).
//   node lab/probe.mjs cluster-port CONTROL_URL CLUSTER [PORT]
//     prints the first endpoint port of CLUSTER; with PORT, posts the cluster back with
//     every endpoint port set to PORT.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';

function parse(argv) {
  const opts = { headers: {}, timeout: 5, print: 'status', positional: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--ca') opts.ca = fs.readFileSync(argv[++i]);
    else if (arg === '--timeout') opts.timeout = Number(argv[++i]);
    else if (arg === '--print') opts.print = argv[++i];
    else if (arg === '--header') {
      const [name, ...rest] = argv[++i].split(':');
      opts.headers[name.trim()] = rest.join(':').trim();
    } else opts.positional.push(arg);
  }

  return opts;
}

function request(url, { method = 'GET', body, headers = {}, ca, timeout = 5 }) {
  const target = new URL(url);
  const lib = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(target, { method, headers, ca, timeout: timeout * 1000 }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ res, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} in ${timeout}s`)));
    req.on('error', reject);
    req.end(body);
  });
}

async function get(opts) {
  const [url] = opts.positional;
  const { res, body } = await request(url, opts);
  const parts = {
    status: res.statusCode,
    location: res.headers.location ?? '',
    server: res.headers.server ?? '',
    body,
  };
  console.log(parts[opts.print]);
}

function ws(opts) {
  const [url] = opts.positional;
  const headers = {
    connection: 'Upgrade',
    upgrade: 'websocket',
    'sec-websocket-version': '13',
    'sec-websocket-key': Buffer.alloc(16, 7).toString('base64'),
  };
  return new Promise((resolve, reject) => {
    const req = http.request(url, { headers, timeout: opts.timeout * 1000 });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      console.log(res.statusCode);
      resolve();
    });
    req.on('response', (res) => {
      res.resume();
      console.log(res.statusCode);
      resolve();
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url}`)));
    req.on('error', reject);
    req.end();
  });
}

function setPorts(node, port) {
  if (Array.isArray(node)) return node.forEach((n) => setPorts(n, port));
  if (node === null || typeof node !== 'object') return;
  for (const key of Object.keys(node)) {
    if (key === 'portValue' || key === 'port_value') node[key] = port;
    else setPorts(node[key], port);
  }
}

function firstPort(node) {
  if (Array.isArray(node)) return node.map(firstPort).find((p) => p !== undefined);
  if (node === null || typeof node !== 'object') return undefined;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'portValue' || key === 'port_value') return value;
    const found = firstPort(value);
    if (found !== undefined) return found;
  }

  return undefined;
}

async function clusterPort(opts) {
  const [base, name, port] = opts.positional;
  const got = await request(`${base}/get-cluster?name=${encodeURIComponent(name)}`, opts);
  if (got.res.statusCode !== 200) throw new Error(`get-cluster answered ${got.res.statusCode}`);
  const cluster = JSON.parse(got.body);
  if (port === undefined) return console.log(firstPort(cluster));
  setPorts(cluster, Number(port));
  const posted = await request(`${base}/add-cluster`, {
    ...opts,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(cluster),
  });
  if (posted.res.statusCode !== 200) {
    throw new Error(`add-cluster answered ${posted.res.statusCode}: ${posted.body}`);
  }

  console.log(port);
}

const [command, ...rest] = process.argv.slice(2);
const opts = parse(rest);
const commands = { get, ws, 'cluster-port': clusterPort };
if (!commands[command]) {
  console.error('usage: probe.mjs get|ws URL [...] | cluster-port CONTROL_URL CLUSTER [PORT]');
  process.exit(2);
}

commands[command](opts).catch((err) => {
  console.error(`probe: ${err.message}`);
  process.exit(1);
});
