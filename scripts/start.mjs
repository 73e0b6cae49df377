// `npm start`: build if anything changed, then run push-client against the embedded
// simulator at a gentle event rate, printing live events until Ctrl-C.
// Extra arguments go to push-client, e.g. `npm start -- --output ndjson --count 20`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist/cli.js');

function newestMtime(dir) {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    const st = statSync(p);
    newest = Math.max(newest, st.isDirectory() ? newestMtime(p) : st.mtimeMs);
  }
  return newest;
}

const stale = !existsSync(cli) || statSync(cli).mtimeMs < newestMtime(path.join(root, 'src'));
if (stale) {
  // Build messages go to stderr: stdout is push-client's, and may be piped (`--output ndjson`).
  const built = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: ['ignore', 2, 2] });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const args = process.argv.slice(2);
const child = spawn(
  process.execPath,
  [cli, '--simulator', '--simulator-rate', '3', '--topics', 'DeviceCore,DataPoint,FileData,AlarmStatus', ...args],
  { stdio: 'inherit' },
);
// The child gets Ctrl-C from the terminal itself; forward SIGTERM from e.g. a process manager.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
