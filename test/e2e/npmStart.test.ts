// README's first command: `npm start` must show live events from the embedded simulator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';

test('npm start streams live simulator events with no account and exits cleanly', async () => {
  const root = path.resolve(__dirname, '../..');
  const child = spawn(process.execPath, [path.join(root, 'scripts/start.mjs'), '--count', '3', '--output', 'ndjson'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearTimeout(killer);
  assert.equal(code, 0, err);
  const events = out.trim().split('\n').map((l) => JSON.parse(l) as { type: string; topic: string });
  assert.equal(events.length, 3);
  for (const e of events) assert.match(e.type, /^(DeviceCore|DataPoint|FileData|AlarmStatus)$/);
  assert.match(err, /live, waiting for events/);
  assert.match(err, /deleted monitor/);
});
