// Spawns the built push-client (dist/cli.js) with a clean environment and collects its output.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const CLI = path.resolve(__dirname, '../../dist/cli.js');

export interface CliRun {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

/** Fails with what to do when the bundle is missing (npm test builds it first). */
export function assertCliBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`missing ${CLI}: run "npm run build" first (npm test builds it)`);
}

/** Runs push-client with only PATH and `env` set; killed after `killAfterMs` so a hang cannot stall the suite. */
export function runCli(args: string[], env: Record<string, string> = {}, killAfterMs = 20_000): CliRun {
  const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  void exit.then(() => clearTimeout(timer));
  return { child, stdout: () => out, stderr: () => err, exit };
}
