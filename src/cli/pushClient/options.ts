// push-client's command line: every flag and default of the seed's examples/push_client.py,
// plus what a modern user expects. Parsing only; run.ts does the work.
import { Command, InvalidArgumentError, Option } from 'commander';
import { splitTopics, DEFAULT_HOST } from '../../core';
import { EXIT_CODE_HELP } from './exitCodes';
import { OUTPUT_MODES, type OutputMode } from './formatEvents';

export interface CliOptions {
  username?: string;
  password?: string;
  topics: string[];
  host: string;
  insecure: boolean;
  compression: 'none' | 'gzip' | 'zlib';
  format: 'json' | 'xml';
  batchSize: number;
  batchDuration: number;
  apiKeyId?: string;
  pushPort?: number;
  ca?: string;
  /** Proxy for REST and the push socket; overrides HTTPS_PROXY / HTTP_PROXY. */
  proxy?: string;
  /** Hosts reached without the proxy; overrides NO_PROXY. */
  noproxy?: string;
  output: OutputMode;
  count?: number;
  keepMonitor: boolean;
  /** The seed's behaviour: delete every monitor with these topics, whoever made it, any transport. */
  replaceAnyMatchingMonitor: boolean;
  explicitAck: boolean;
  autoReplay: boolean;
  description?: string;
  verbose: boolean;
  quiet: boolean;
  simulator: boolean;
  simulatorRate: number;
}

const int = (name: string, min: number, max: number) => (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${name} must be a whole number.`);
  const n = Number(value);
  if (n < min || n > max) throw new InvalidArgumentError(`${name} must be from ${min} to ${max}.`);
  return n;
};

export function buildProgram(version: string): Command {
  return new Command('push-client')
    .description(
      'Create a Remote Manager push monitor, stream its events to stdout, and delete it on Ctrl-C. ' +
        'The password comes from DRM_PASSWORD or a no-echo prompt (a positional password also works, as in the ' +
        'original push_client.py, but it stays in your shell history). API keys: --api-key-id with DRM_API_KEY_SECRET.',
    )
    .version(version)
    .argument('[username]', 'Remote Manager user name (or DRM_USERNAME)')
    .argument('[password]', 'password (prefer DRM_PASSWORD or the prompt)')
    .option('-t, --topics <topics>', 'comma-separated monitor topics, e.g. DeviceCore,DataPoint', 'DeviceCore')
    .option('-a, --host <host[:port]>', 'Remote Manager host (formerly my.idigi.com)', DEFAULT_HOST)
    .option('--insecure', 'plain HTTP and plain TCP push on 3200 instead of HTTPS and TLS on 3201', false)
    .addOption(new Option('-c, --compression <kind>', 'payload compression (gzip means zlib on the wire)').choices(['none', 'gzip', 'zlib']).default('gzip'))
    .addOption(new Option('-f, --format <format>', 'payload format').choices(['json', 'xml']).default('json'))
    .option('-b, --batchsize <n>', 'max events per batch (monBatchSize)', int('--batchsize', 1, 65535), 1)
    .option('-d, --batchduration <s>', 'max seconds to wait before sending a batch (monBatchDuration)', int('--batchduration', 0, 86400), 60)
    .option('--api-key-id <id>', 'API key id instead of a user name (secret from DRM_API_KEY_SECRET or the prompt)')
    .option('--push-port <port>', 'push port (default 3201 with TLS, 3200 with --insecure)', int('--push-port', 1, 65535))
    .option('--ca <file>', 'PEM file of a private CA to trust for HTTPS and TLS push')
    .option('--proxy <url>', 'HTTP proxy for REST and the push socket (CONNECT), e.g. http://proxy.example:3128; default HTTPS_PROXY / HTTP_PROXY')
    .option('--noproxy <hosts>', 'comma-separated hosts reached without the proxy (default NO_PROXY); * for all')
    .addOption(new Option('-o, --output <mode>', 'how events are printed').choices(OUTPUT_MODES as string[]).default('pretty'))
    .option('-n, --count <n>', 'exit 0 after this many events (for scripts)', int('--count', 1, Number.MAX_SAFE_INTEGER))
    .option('--keep-monitor', 'do not delete the monitor on exit', false)
    .option(
      '--replace-any-matching-monitor',
      'before creating its monitor, delete EVERY monitor with exactly these topics, whoever created it and whatever its ' +
        'transport (HTTP webhooks of other integrations included), as the original push_client.py did. Without it only ' +
        "push-client's own TCP monitors (tagged in monDescription) are replaced; other matches are listed and left alone",
      false,
    )
    .option('--explicit-ack', 'create the monitor with monAckOption=explicit', false)
    .option('--auto-replay', 'create the monitor with monAutoReplayOnConnect=true (missed events replayed)', false)
    .option('--description <text>', 'text added to monDescription after the owner tag "push-client (<login>@<host>)"')
    .option('-v, --verbose', 'log protocol details to stderr', false)
    .option('-q, --quiet', 'log only errors to stderr', false)
    .option('--simulator', 'start the local Remote Manager simulator in-process and monitor it (no account needed)', false)
    .option('--simulator-rate <n>', 'events per second the simulator generates', int('--simulator-rate', 0, 1_000_000), 5)
    .addHelpText(
      'after',
      `\nEnvironment: DRM_USERNAME, DRM_PASSWORD, DRM_API_KEY_ID, DRM_API_KEY_SECRET; HTTPS_PROXY (https REST, TLS push), HTTP_PROXY (plain), NO_PROXY\n\n${EXIT_CODE_HELP}\n`,
    )
    .showHelpAfterError('(run push-client --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });
}

/** Parses argv into CliOptions; commander throws CommanderError (exitCode 2 for usage) on bad input. */
export function parseCli(argv: string[], version: string): CliOptions {
  const program = buildProgram(version);
  program.parse(argv, { from: 'user' });
  const o = program.opts();
  const [username, password] = program.args as (string | undefined)[];
  return {
    username,
    password,
    topics: splitTopics(String(o.topics)),
    host: o.host,
    insecure: o.insecure,
    compression: o.compression,
    format: o.format,
    batchSize: o.batchsize,
    batchDuration: o.batchduration,
    apiKeyId: o.apiKeyId,
    pushPort: o.pushPort,
    ca: o.ca,
    proxy: o.proxy,
    noproxy: o.noproxy,
    output: o.output,
    count: o.count,
    keepMonitor: o.keepMonitor,
    replaceAnyMatchingMonitor: o.replaceAnyMatchingMonitor,
    explicitAck: o.explicitAck,
    autoReplay: o.autoReplay,
    description: o.description,
    verbose: o.verbose,
    quiet: o.quiet,
    simulator: o.simulator,
    simulatorRate: o.simulatorRate,
  };
}
