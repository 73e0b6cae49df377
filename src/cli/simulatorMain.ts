// `push-simulator`: runs the local Remote Manager simulator until SIGINT/SIGTERM.
// Prints exactly one JSON line on stdout once listening,
//   {"rest":"http://127.0.0.1:41234","push":41235,"pushTls":41236,"ca":"/tmp/…/ca.pem","token":"…"}
// and logs only to stderr, so scripts can read the ports, and the /_sim/ control API's
// per-run token (Authorization: Bearer <token>), from the first stdout line.
// A --host other than loopback is refused unless --allow-remote is given, which warns.

import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { createStreamLogger } from '../core';
import { DEMO_ACCOUNT, DEMO_PASSWORD, DEMO_USERNAME, isLoopbackHost, SIMULATOR_DEFAULTS, startSimulator } from '../simulator';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Registers the shutdown trigger (signals in the real binary). */
  onShutdown: (handler: (why: string) => void) => void;
}

interface CliOptions {
  host: string;
  allowRemote?: boolean;
  restPort: number;
  pushPort: number;
  pushTlsPort: number;
  tls: boolean;
  username: string;
  password: string;
  rate: number;
  devices: number;
  seed?: number;
  ackWindow: number;
  maxReplayEvents: number;
  verbose?: boolean;
}

function port(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > 65535) throw new InvalidArgumentError('expected a port number from 0 to 65535 (0 = any free port)');
  return n;
}

function count(min: number) {
  return (v: string): number => {
    const n = Number(v);
    if (!/^\d+$/.test(v) || n < min) throw new InvalidArgumentError(`expected an integer ≥ ${min}`);
    return n;
  };
}

function rate(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected events per second ≥ 0');
  return n;
}

function buildProgram(io: CliIo): Command {
  return new Command('push-simulator')
    .description('Local Digi Remote Manager simulator: /ws/Monitor REST, TCP and TLS push, event generator, faults (/_sim/ control API).')
    .addOption(new Option('--host <address>', 'listen address of every server (loopback unless --allow-remote)').default(SIMULATOR_DEFAULTS.host))
    .addOption(new Option('--allow-remote', 'allow a --host other than loopback (other machines can then use the account)'))
    .addOption(new Option('--rest-port <port>', 'REST port, 0 = free port').default(0).argParser(port))
    .addOption(new Option('--push-port <port>', 'plain TCP push port (the real one is 3200), 0 = free port').default(0).argParser(port))
    .addOption(new Option('--push-tls-port <port>', 'TLS push port (the real one is 3201), 0 = free port').default(0).argParser(port))
    .addOption(new Option('--no-tls', 'do not serve push over TLS'))
    .addOption(new Option('--username <name>', 'account user name').env('DRM_SIM_USERNAME').default(DEMO_USERNAME))
    .addOption(new Option('--password <password>', 'account password').env('DRM_SIM_PASSWORD').default(DEMO_PASSWORD))
    .addOption(new Option('--rate <events/s>', 'background event generator rate, 0 = off').default(SIMULATOR_DEFAULTS.rate).argParser(rate))
    .addOption(new Option('--devices <n>', 'simulated fleet size').default(SIMULATOR_DEFAULTS.devices).argParser(count(1)))
    .addOption(new Option('--seed <n>', 'seed for a reproducible fleet and event stream').argParser(count(0)))
    .addOption(new Option('--ack-window <blocks>', 'max unacked blocks per explicit-ack monitor').default(SIMULATOR_DEFAULTS.ackWindow).argParser(count(1)))
    .addOption(
      new Option('--max-replay-events <n>', 'max events stored per monitor').default(SIMULATOR_DEFAULTS.maxReplayEvents).argParser(count(1)),
    )
    .option('--verbose', 'debug logging on stderr')
    .addHelpText(
      'after',
      `\nThe default account is "${DEMO_USERNAME}" / "${DEMO_PASSWORD}" (API key ${DEMO_ACCOUNT.apiKeyId} / ${DEMO_ACCOUNT.apiKeySecret}, customer ${DEMO_ACCOUNT.customerId}).\n` +
        'Once listening, one JSON line on stdout gives the endpoints and the control API token: {"rest":…,"push":…,"pushTls":…,"ca":…,"token":…}.\n' +
        'The /_sim/ control API needs "Authorization: Bearer <token>" and a loopback Host; POST bodies are application/json.',
    )
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();
}

/** Runs until shutdown; resolves with the exit code. */
export async function runSimulatorCli(argv: string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    program.parse(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    throw e;
  }
  // Commander reads .env() from process.env; honour io.env too (tests inject it).
  const o = program.opts<CliOptions>();
  const fromEnv = (flag: string, key: string, value: string) =>
    program.getOptionValueSource(flag) === 'default' && io.env[key] ? io.env[key] : value;
  const username = fromEnv('username', 'DRM_SIM_USERNAME', o.username);
  const password = fromEnv('password', 'DRM_SIM_PASSWORD', o.password);

  if (!isLoopbackHost(o.host)) {
    if (!o.allowRemote) {
      io.stderr(
        `push-simulator: refusing to listen on ${o.host}: not a loopback address, so other machines could reach it. ` +
          'Pass --allow-remote to mean it, or use --host 127.0.0.1.\n',
      );
      return 1;
    }
    const demoCredentials = username === DEMO_USERNAME && password === DEMO_PASSWORD;
    io.stderr(
      `push-simulator: WARNING: listening on ${o.host}, not loopback (--allow-remote): anyone who can reach it can create monitors ` +
        `and receive events as account "${username}"${demoCredentials ? ` (the demo account: password "${DEMO_PASSWORD}" is public)` : ''}, ` +
        `or with its public API key "${DEMO_ACCOUNT.apiKeyId}" / "${DEMO_ACCOUNT.apiKeySecret}". Plain HTTP, no real data.\n`,
    );
  }

  const logger = createStreamLogger(o.verbose ? 'debug' : 'info', io.stderr);
  let sim;
  try {
    sim = await startSimulator({
      host: o.host,
      allowRemote: o.allowRemote === true,
      restPort: o.restPort,
      pushPort: o.pushPort,
      pushTlsPort: o.tls ? o.pushTlsPort : null,
      accounts: [{ ...DEMO_ACCOUNT, username, password }],
      rate: o.rate,
      devices: o.devices,
      seed: o.seed,
      ackWindow: o.ackWindow,
      maxReplayEvents: o.maxReplayEvents,
      logger,
    });
  } catch (e) {
    io.stderr(`push-simulator: cannot start: ${(e as Error).message}\n`);
    return 1;
  }
  io.stdout(`${JSON.stringify({ rest: sim.restUrl, push: sim.pushPort, pushTls: sim.pushTlsPort, ca: sim.caPath, token: sim.controlToken })}\n`);
  const why = await new Promise<string>((resolve) => io.onShutdown(resolve));
  logger.info(`${why}: shutting down`);
  await sim.close();
  return 0;
}

if (require.main === module) {
  const io: CliIo = {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    env: process.env,
    onShutdown: (handler) => {
      process.once('SIGINT', () => handler('SIGINT'));
      process.once('SIGTERM', () => handler('SIGTERM'));
    },
  };
  runSimulatorCli(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`push-simulator: ${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
