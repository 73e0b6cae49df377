// `npm run try`: the built extension in a browser-based VS Code (code-server, installed
// offline by test/vscode/setup.mjs) with the Local simulator account ready. Prints the URL
// to open in a browser on this machine; Ctrl-C stops everything.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const step = (args) => {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
// No Chromium needed: you open the URL in your own browser.
step(['test/vscode/setup.mjs', '--no-browser']);
step(['scripts/build.mjs']);

const { startCodeServer, workbenchUrl } = await import('../test/vscode/harness.mjs');
const workDir = path.join(root, '.vscode-test', 'try');
mkdirSync(workDir, { recursive: true });
const port = Number(process.env.PORT) || undefined;
const server = await startCodeServer({ workDir, port }).catch((e) => {
  console.error(`npm run try: ${e.message.split('\n')[0]}`);
  process.exit(1);
});
const url = workbenchUrl(server, { extensionDevelopmentPath: root, folder: root });
console.log(`\nDigi Push Monitor is running in VS Code (code-server) at:\n\n  ${url}\n`);
console.log('Open it in a browser on this machine, click the Digi Push Monitor icon in the activity bar');
console.log('and run "Digi Push Monitor: Create Monitor" (the Local simulator needs no sign-in). Ctrl-C stops.\n');
const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
