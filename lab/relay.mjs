#!/usr/bin/env node
// A loopback TCP relay whose behaviour the lab switches at run time, for the ssh-drop
// and hang faults.
//
//   node lab/relay.mjs --listen PORT --target PORT --mode-file FILE
//
// FILE holds one word, read at start and on SIGHUP:
//   forward  relay every connection to 127.0.0.1:TARGET
//   drop     cut every open connection and stop listening, so new ones are refused
//   hang     cut every open connection, then accept new ones and never answer
// After applying a mode the relay writes it to FILE.applied. Prints "ready" once listening.
import net from 'node:net';
import fs from 'node:fs';

const MODES = new Set(['forward', 'drop', 'hang']);

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) args[argv[i].replace(/^--/, '')] = argv[i + 1];
  const listen = Number(args.listen);
  const target = Number(args.target);
  if (!listen || !target || !args['mode-file']) {
    console.error('usage: relay.mjs --listen PORT --target PORT --mode-file FILE');
    process.exit(2);
  }

  return { listen, target, modeFile: args['mode-file'] };
}

const opts = parseArgs(process.argv.slice(2));
const open = new Set();
let mode = 'forward';
let listening = false;

function readMode() {
  try {
    const word = fs.readFileSync(opts.modeFile, 'utf8').trim();
    return MODES.has(word) ? word : 'forward';
  } catch {
    return 'forward';
  }
}

function track(socket) {
  open.add(socket);
  socket.on('close', () => open.delete(socket));
  socket.on('error', () => socket.destroy());
}

function onConnection(client) {
  track(client);
  if (mode === 'hang') return;
  const upstream = net.connect({ host: '127.0.0.1', port: opts.target });
  track(upstream);
  client.pipe(upstream).pipe(client);
  client.on('close', () => upstream.destroy());
  upstream.on('close', () => client.destroy());
}

const server = net.createServer(onConnection);

function listen() {
  return new Promise((resolve, reject) => {
    if (listening) return resolve();
    server.once('error', reject);
    server.listen(opts.listen, '127.0.0.1', () => {
      server.off('error', reject);
      listening = true;
      resolve();
    });
  });
}

function stopListening() {
  return new Promise((resolve) => {
    if (!listening) return resolve();
    listening = false;
    server.close(() => resolve());
  });
}

async function apply(next) {
  if (next !== 'forward') {
    for (const socket of open) socket.destroy();
  }

  if (next === 'drop') await stopListening();
  else await listen();
  mode = next;
  fs.writeFileSync(`${opts.modeFile}.applied`, `${mode}\n`);
}

let chain = Promise.resolve();
function schedule(next) {
  chain = chain.then(() => apply(next)).catch((err) => {
    console.error(`relay: cannot switch to ${next}: ${err.message}`);
  });
  return chain;
}

// In drop mode nothing else keeps the event loop, and so the relay, alive.
setInterval(() => {}, 1 << 30);
process.on('SIGHUP', () => schedule(readMode()));
process.on('SIGTERM', () => {
  for (const socket of open) socket.destroy();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
});

try {
  await apply(readMode());
  console.log('ready');
} catch (err) {
  console.error(`relay: cannot listen on 127.0.0.1:${opts.listen}: ${err.message}`);
  process.exit(1);
}
