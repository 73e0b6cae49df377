// The push-client flow, after the seed's example: find the monitors with the same topics
// and replace those that are push-client's own (ownership.ts; every one of them only with
// --replace-any-matching-monitor), create a new one tagged as ours, open the session,
// print every event, and on Ctrl-C / SIGTERM / --count / a closed stdout stop the session,
// delete the monitor and exit 0.
import { readFileSync } from 'node:fs';
import {
  describeError,
  isPushMonitorError,
  PushMonitorError,
  createStreamLogger,
  type Logger,
  withRedaction,
  proxyOptionsFromEnv,
  proxySecrets,
  redactProxyUrl,
  resolveProxy,
  type ProxyOptions,
  PushClient,
  type Credentials,
  type PushClientOptions,
  type PushSession,
} from '../../core';
import { exitCodeFor, ExitCode } from './exitCodes';
import { formatGap, writeEvents } from './formatEvents';
import type { CliOptions } from './options';
import { describeMonitor, ownerTag, planReplacement, taggedDescription } from './ownership';
import { promptLine, promptSecret } from './prompt';
import { OutputBuffer } from './utf8Bytes';

export interface RunEnvironment {
  env: NodeJS.ProcessEnv;
  /** writableLength (a Node stream's): 0 right after a write means the bytes are out, so their buffer can be reused. */
  stdout: NodeJS.WritableStream & { write(s: string): boolean; readonly writableLength?: number };
  stderr: NodeJS.WritableStream & { write(s: string): boolean };
  stdinIsTTY: boolean;
  /** Registers the shutdown trigger (SIGINT/SIGTERM in the real CLI). */
  onSignal(handler: (signal: string) => void): void;
}

class UsageError extends Error {}

async function resolveCredentials(o: CliOptions, env: RunEnvironment): Promise<Credentials> {
  const e = env.env;
  const apiKeyId = o.apiKeyId ?? e.DRM_API_KEY_ID;
  if (apiKeyId) {
    const secret = e.DRM_API_KEY_SECRET ?? (env.stdinIsTTY ? await promptSecret(`API key secret for ${apiKeyId}: `) : undefined);
    if (!secret) throw new UsageError('API key secret missing: set DRM_API_KEY_SECRET (or run in a terminal to be prompted)');
    return { apiKeyId, apiKeySecret: secret };
  }
  const username = o.username ?? e.DRM_USERNAME ?? (env.stdinIsTTY ? await promptLine('Remote Manager user name: ') : undefined);
  if (!username) throw new UsageError('user name missing: pass it as the first argument or set DRM_USERNAME (or use --simulator)');
  const password = o.password ?? e.DRM_PASSWORD ?? (env.stdinIsTTY ? await promptSecret(`Password for ${username}: `) : undefined);
  if (!password) throw new UsageError('password missing: set DRM_PASSWORD (or run in a terminal to be prompted)');
  return { username, password };
}

function levelFor(o: CliOptions) {
  return o.quiet ? 'error' : o.verbose ? 'debug' : 'info';
}

interface Target {
  credentials: Credentials;
  client: PushClientOptions;
  stop?: () => Promise<void>;
}

async function simulatorTarget(o: CliOptions, log: Logger, env: RunEnvironment): Promise<Target> {
  const { startSimulator, DEMO_ACCOUNT, pushClientOptionsFor } = await import('../../simulator/index.js');
  // The simulator's own chatter would drown the events; show it only with --verbose.
  const simLog = o.verbose ? log : createStreamLogger('warn', (line) => env.stderr.write(`simulator: ${line}`));
  const sim = await startSimulator({ rate: o.simulatorRate, logger: simLog });
  log.info(`simulator: REST ${sim.restUrl}, push ${sim.pushPort}, TLS push ${sim.pushTlsPort}, account ${DEMO_ACCOUNT.username}`);
  return {
    credentials: { username: DEMO_ACCOUNT.username, password: DEMO_ACCOUNT.password },
    client: pushClientOptionsFor(sim, !o.insecure),
    stop: () => sim.close(),
  };
}

/**
 * HTTPS_PROXY / HTTP_PROXY / NO_PROXY, or --proxy / --noproxy; each URL checked now so a bad
 * one is a usage error (never quoted: it may hold a password). The simulator never uses one:
 * it runs in this process, on loopback.
 */
export function proxyFor(o: Pick<CliOptions, 'proxy' | 'noproxy'>, env: NodeJS.ProcessEnv): ProxyOptions | undefined {
  const fromEnv = proxyOptionsFromEnv(env);
  const options: ProxyOptions = {
    httpProxy: o.proxy ?? fromEnv.httpProxy,
    httpsProxy: o.proxy ?? fromEnv.httpsProxy,
    noProxy: o.noproxy ?? fromEnv.noProxy,
  };
  if (!options.httpProxy && !options.httpsProxy) return undefined;
  for (const [url, secure] of [[options.httpProxy, false], [options.httpsProxy, true]] as const) {
    if (!url) continue;
    try {
      resolveProxy({ httpProxy: url, httpsProxy: url }, { host: 'check.invalid', port: 1, secure });
    } catch (e) {
      const from = o.proxy !== undefined ? '--proxy' : secure ? 'HTTPS_PROXY' : 'HTTP_PROXY';
      throw new UsageError(`${from}: ${describeError(e)}`);
    }
  }
  return options;
}

async function accountTarget(o: CliOptions, env: RunEnvironment): Promise<Target> {
  let ca: string | undefined;
  if (o.ca) {
    try {
      ca = readFileSync(o.ca, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read --ca file ${o.ca}: ${(e as NodeJS.ErrnoException).code ?? describeError(e)}`);
    }
  }
  return {
    credentials: await resolveCredentials(o, env),
    client: { host: o.host, secure: !o.insecure, pushPort: o.pushPort, ca, proxy: proxyFor(o, env.env) },
  };
}

/** Runs the CLI; resolves with the exit status. */
export async function runPushClient(o: CliOptions, env: RunEnvironment): Promise<number> {
  const baseLog = createStreamLogger(levelFor(o), (line) => env.stderr.write(line));
  if (o.password && !o.simulator) {
    baseLog.warn('a password given on the command line stays in shell history and the process list; prefer DRM_PASSWORD or the prompt');
  }
  if (o.proxy && proxySecrets({ httpsProxy: o.proxy }).length > 0) {
    baseLog.warn('a proxy password given with --proxy stays in shell history and the process list; prefer HTTPS_PROXY');
  }
  let target: Target;
  try {
    target = o.simulator ? await simulatorTarget(o, baseLog, env) : await accountTarget(o, env);
  } catch (e) {
    if (e instanceof UsageError) {
      env.stderr.write(`push-client: ${e.message}\n`);
      return ExitCode.USAGE;
    }
    env.stderr.write(`push-client: ${describeError(e)}\n`);
    return isPushMonitorError(e) ? exitCodeFor(e.code) : ExitCode.INTERNAL;
  }
  const secrets = 'password' in target.credentials ? [target.credentials.password] : [target.credentials.apiKeySecret];
  const log = withRedaction(baseLog, [...secrets, ...proxySecrets(target.client.proxy)]);
  if (target.client.proxy) {
    const p = target.client.proxy;
    log.debug(`proxy: ${[p.httpsProxy && `HTTPS_PROXY ${redactProxyUrl(p.httpsProxy)}`, p.httpProxy && `HTTP_PROXY ${redactProxyUrl(p.httpProxy)}`, p.noProxy && `NO_PROXY ${String(p.noProxy)}`].filter(Boolean).join(', ')}`);
  }
  const needRaw = o.output === 'raw' || o.format === 'xml';
  // ndjson prints each resource as JSON: where the payload's own text is exactly that, the
  // session hands it over (PushEvent.dataJson) and it is not serialised again.
  const sessionDefaults = { includeRaw: needRaw, includeDataJson: o.output === 'ndjson' };
  const client = new PushClient(target.credentials, { ...target.client, logger: log, session: sessionDefaults });

  let monitorId: number | undefined;
  let session: PushSession | undefined;
  let printed = 0;
  let finishing: Promise<number> | undefined;

  const finish = (status: number): Promise<number> => {
    finishing ??= (async () => {
      try {
        await session?.stop();
        if (monitorId !== undefined && !o.keepMonitor) {
          try {
            await client.deleteMonitor(monitorId);
            log.info(`deleted monitor ${monitorId}`);
          } catch (e) {
            log.error(`could not delete monitor ${monitorId}: ${describeError(e)}`);
          }
        } else if (monitorId !== undefined) {
          log.info(`kept monitor ${monitorId}`);
        }
      } finally {
        await client.close();
        await target.stop?.();
      }
      return status;
    })();
    return finishing;
  };

  let settle!: (status: number) => void;
  const done = new Promise<number>((resolve) => (settle = resolve));
  env.onSignal((signal) => {
    log.info(`${signal}: stopping`);
    void finish(ExitCode.OK).then(settle);
  });

  // A closed stdout (`push-client … | head -2`) is a normal end: stop, delete the monitor,
  // exit 0. Any other write failure (disk full, …) ends the run as an error.
  let stdoutGone = false;
  let drainWaiters: (() => void)[] = [];
  const releaseWriters = () => {
    const waiting = drainWaiters;
    drainWaiters = [];
    for (const resume of waiting) resume();
  };
  env.stdout.on('drain', releaseWriters);
  env.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (stdoutGone) return;
    stdoutGone = true;
    releaseWriters();
    const closed = err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED';
    if (closed) log.info('stdout was closed: stopping');
    else env.stderr.write(`push-client: cannot write to stdout: ${describeError(err)}\n`);
    void finish(closed ? ExitCode.OK : ExitCode.INTERNAL).then(settle);
  });
  // One write per batch, as UTF-8 bytes assembled in a buffer reused while stdout gives it back.
  const output = new OutputBuffer();
  const write = (fill: (out: OutputBuffer) => void): Promise<void> | undefined => {
    if (stdoutGone) return undefined;
    output.begin();
    fill(output);
    const written = env.stdout.write(output.end());
    // Written out at once (a file, a pipe with room): the stream holds nothing of the bytes.
    if (env.stdout.writableLength === 0) output.release();
    if (written) return undefined;
    return new Promise((resolve) => drainWaiters.push(resolve));
  };

  try {
    const tag = ownerTag();
    const { replace, leave } = planReplacement(await client.findMonitors(o.topics), tag, o.replaceAnyMatchingMonitor);
    for (const other of leave) {
      log.warn(
        `${describeMonitor(other)} has the same topics but is not a TCP monitor created by ${tag}: left alone ` +
          '(--replace-any-matching-monitor would delete it)',
      );
    }
    for (const old of replace) {
      const why = o.replaceAnyMatchingMonitor ? '--replace-any-matching-monitor' : `left over by an earlier ${tag} run`;
      log.info(`deleting ${describeMonitor(old)} with the same topics (${why})`);
      try {
        await client.deleteMonitor(old.id);
      } catch (e) {
        // Already gone (deleted by someone else meanwhile) is what we wanted.
        if (!(isPushMonitorError(e) && e.code === 'NOT_FOUND')) throw e;
      }
    }
    monitorId = await client.createMonitor(o.topics, {
      batchSize: o.batchSize,
      batchDuration: o.batchDuration,
      compression: o.compression,
      format: o.format,
      ...(o.explicitAck ? { ackOption: 'explicit' as const } : {}),
      ...(o.autoReplay ? { autoReplayOnConnect: true } : {}),
      description: taggedDescription(tag, o.description),
    });
    log.info(`created monitor ${monitorId} for ${o.topics.join(',')}`);
    if (finishing) return await done;

    session = client.createSession((events) => {
      let pending: Promise<void> | undefined;
      const n = o.count === undefined ? events.length : Math.min(events.length, Math.max(0, o.count - printed));
      printed += n;
      if (n > 0) pending = write((out) => writeEvents(events, n, o.output, out));
      // Stop after this callback returns, so the session first acknowledges the batch.
      if (o.count !== undefined && printed >= o.count) setImmediate(() => void finish(ExitCode.OK).then(settle));
      return pending;
    }, monitorId);
    session.on('gap', (g) => {
      const text = formatGap(g, o.output);
      if (o.output === 'ndjson') void write((out) => out.writeText(text));
      else env.stderr.write(text);
    });
    session.on('state', (s) => {
      if (s.kind === 'connected') log.info(`monitor ${monitorId}: live, waiting for events (Ctrl-C to stop)`);
      if (s.kind === 'reconnecting') log.warn(`monitor ${monitorId}: connection lost (${s.reason}); retrying in ${(s.delayMs / 1000).toFixed(1)} s`);
      if (s.kind === 'failed') {
        env.stderr.write(`push-client: ${s.error.message}\n`);
        void finish(exitCodeFor(s.error.code)).then(settle);
      }
    });
    session.on('warning', (w) => log.warn(w.message));
  } catch (e) {
    env.stderr.write(`push-client: ${describeError(e)}\n`);
    const status = e instanceof PushMonitorError ? exitCodeFor(e.code) : ExitCode.INTERNAL;
    return finish(status);
  }
  return done;
}
