// Entry point of the push-client command (bundled to dist/cli.js).
import { CommanderError } from 'commander';
import { ExitCode } from './pushClient/exitCodes';
import { parseCli } from './pushClient/options';
import { runPushClient } from './pushClient/run';

declare const PACKAGE_VERSION: string | undefined;
const version = typeof PACKAGE_VERSION === 'string' ? PACKAGE_VERSION : '0.0.0-dev';

async function main(): Promise<number> {
  let options;
  try {
    options = parseCli(process.argv.slice(2), version);
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help' ? ExitCode.OK : ExitCode.USAGE;
    }
    throw e;
  }
  let signals = 0;
  return runPushClient(options, {
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    stdinIsTTY: Boolean(process.stdin.isTTY),
    onSignal: (handler) => {
      const on = (signal: NodeJS.Signals) => {
        signals += 1;
        // A second Ctrl-C while cleaning up leaves at once.
        if (signals > 1) process.exit(130);
        handler(signal);
      };
      process.on('SIGINT', on);
      process.on('SIGTERM', on);
    },
  });
}

main().then(
  (status) => {
    process.exitCode = status;
    // stdout may still be flushing to a pipe; exit once it has drained.
    process.stdout.write('', () => process.exit(status));
  },
  (e: unknown) => {
    process.stderr.write(`push-client: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(ExitCode.INTERNAL);
  },
);
