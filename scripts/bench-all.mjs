// `npm run bench`: every benchmark in bench/, one after the other. Each prints its figures and,
// as its last line, one JSON object; this prints those lines together at the end.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const names = readdirSync(new URL('../bench', import.meta.url))
  .filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, '')).sort();
const results = [];
let failed = false;
for (const name of names) {
  console.log(`\n== bench:${name}`);
  const r = spawnSync('npx', ['tsx', `bench/${name}.ts`], {
    stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8',
  });
  process.stdout.write(r.stdout);
  const last = r.stdout.trim().split('\n').at(-1) ?? '';
  if (r.status === 0 && last.startsWith('{')) results.push(last);
  else {
    failed = true;
    console.log(`bench:${name} failed (exit ${r.status})`);
  }
}

console.log('\n== results');
for (const line of results) console.log(line);
process.exitCode = failed ? 1 : 0;
