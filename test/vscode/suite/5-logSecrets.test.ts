// The extension's log channel ("Digi Push Monitor") is searched for secrets: sign in to a
// loopback simulator with a distinctive password and a distinctive API secret (and with
// wrong ones), run sessions through the error paths (corrupt block, cut frame, unknown
// frame, push 403, REST 500, server gone), then search every line written to the channel
// (any level, recorded by the test API) for the secrets and their encoded forms.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../src/extension/commandIds';
import type { Prompter } from '../../../src/extension/ui/prompter';
import { startSimulator, type SimulatorHandle } from '../../../src/simulator';
import { api, waitFor } from './helpers';

const USER = 'log-secrets-user';
const PASSWORD = 'LogPw-Distinctive#4471 ü';
const KEY_ID = 'log-secrets-key';
const API_SECRET = 'LogKey/Distinctive+9921';
const WRONG_PASSWORD = 'WrongLogPw-Distinctive-17';
const WRONG_SECRET = 'WrongLogKey-Distinctive-18';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
/** Every form in which a secret could leak. */
const FORBIDDEN = [PASSWORD, API_SECRET, WRONG_PASSWORD, WRONG_SECRET]
  .flatMap((s) => [s, encodeURIComponent(s), b64(s)])
  .concat([b64(`${USER}:${PASSWORD}`), b64(`${USER}:${WRONG_PASSWORD}`), b64(`${KEY_ID}:${API_SECRET}`), 'Distinctive']);

/** Each occurrence of a forbidden string in `lines`, with some context. */
function leaks(lines: string[]): string[] {
  const found: string[] = [];
  for (const line of lines) {
    for (const s of FORBIDDEN) {
      const at = line.indexOf(s);
      if (at >= 0) found.push(`"${s}" in …${line.slice(Math.max(0, at - 60), at + s.length + 20)}…`);
    }
  }
  return found;
}

/** Answers the sign-in questions by what they ask (not by position), so an added confirmation does not derail it. */
function signInPrompter(a: { restUrl: string; push: string; kind: RegExp; user: string; secret: string }, asked: string[]): Prompter {
  return {
    pick: async (items, o) => {
      asked.push(`pick: ${o.placeHolder ?? o.title ?? ''}`);
      const want = /Where is your/.test(o.placeHolder ?? '') ? /Custom URL/ : /How do you sign in/.test(o.placeHolder ?? '') ? a.kind : undefined;
      return want ? items.find((i) => want.test(i.label)) : undefined;
    },
    pickMany: async () => undefined,
    input: async (o) => {
      const p = o.prompt ?? '';
      asked.push(`input: ${p}`);
      if (/REST URL/.test(p)) return a.restUrl;
      if (/Push endpoint/.test(p)) return a.push;
      if (/^(Username|API key id)$/.test(p)) return a.user;
      if (/^(Password|API key secret) for /.test(p)) return a.secret;
      return undefined;
    },
    confirm: async (message) => {
      asked.push(`confirm: ${message}`);
      return true;
    },
  };
}

describe('Digi Push Monitor: no secret in the log channel', () => {
  let sim: SimulatorHandle;
  const accountIds: string[] = [];

  before(async () => {
    sim = await startSimulator({
      seed: 55,
      accounts: [{ username: USER, password: PASSWORD, apiKeyId: KEY_ID, apiKeySecret: API_SECRET, customerId: 5151, company: 'LogSecrets_Co' }],
    });
  });
  after(async () => {
    const t = await api();
    t.setPrompter(undefined);
    for (const accountId of accountIds) await vscode.commands.executeCommand(COMMANDS.signOut, { accountId });
    await sim?.close();
  });

  async function signIn(kind: 'password' | 'apiKey', user: string, secret: string) {
    const t = await api();
    const asked: string[] = [];
    t.setPrompter(signInPrompter({ restUrl: sim.restUrl, push: `127.0.0.1:${sim.pushPort}`, kind: kind === 'password' ? /^Username and password$/ : /^API key$/, user, secret }, asked));
    try {
      const account = (await vscode.commands.executeCommand(COMMANDS.signIn)) as { id: string } | undefined;
      return { account, asked };
    } finally {
      t.setPrompter(undefined);
    }
  }

  it('sign-in, sessions and their error paths write no secret to the log channel', async () => {
    const t = await api();
    const reportedBefore = t.services.reported.length;

    // Wrong password and wrong API secret: refused at the connection test, nothing saved.
    for (const [kind, user, secret] of [['password', USER, WRONG_PASSWORD], ['apiKey', KEY_ID, WRONG_SECRET]] as const) {
      const { account, asked } = await signIn(kind, user, secret);
      assert.equal(account, undefined, `${kind}: refused (${asked.join(' | ')})`);
      assert.equal(t.services.reported.at(-1)?.code, 'AUTH', JSON.stringify(t.services.reported.at(-1)));
    }

    // The right ones: a live session each, then faults that drop and restore it.
    for (const [kind, user, secret] of [['password', USER, PASSWORD], ['apiKey', KEY_ID, API_SECRET]] as const) {
      const { account, asked } = await signIn(kind, user, secret);
      assert.ok(account, `${kind}: signed in (${asked.join(' | ')}; ${JSON.stringify(t.services.reported.at(-1))})`);
      accountIds.push(account.id);
      const created = (await vscode.commands.executeCommand(COMMANDS.createMonitor, {
        accountId: account.id,
        topics: ['DataPoint', 'DeviceCore'],
        batchSize: 1,
        batchDuration: 0,
        start: true,
      })) as { monitorId: number } | undefined;
      assert.ok(created, `created (${JSON.stringify(t.services.reported.at(-1))})`);
      const src = await waitFor('the session to be live', () => {
        const s = t.services.manager.get(`${account.id}/${created.monitorId}`);
        return s?.state.kind === 'live' ? s : undefined;
      });
      const events = () => t.eventLines().filter((l) => l.includes(`#${created.monitorId}`)).length;
      sim.generate(5);
      await waitFor('event lines', () => events() >= 1);
      for (const fault of [{ corruptZlib: true, unknownFrameType: true }, { closeMidFrame: true }]) {
        const lines = t.logLines().length;
        sim.faults.set({ monitorId: created.monitorId, ...fault });
        const seen = events();
        sim.generate(5);
        await waitFor(`a reconnect after ${JSON.stringify(fault)}`, () => t.logLines().slice(lines).some((l) => /reconnect/i.test(l)));
        sim.faults.clear();
        await waitFor('live again', () => src.state.kind === 'live');
        sim.generate(5);
        await waitFor('events after the reconnect', () => events() > seen);
      }
      // Credentials refused on the push connection (ConnectResponse 403): the session ends with AUTH.
      sim.faults.set({ monitorId: created.monitorId, connectStatus: 403 });
      sim.disconnect(created.monitorId);
      await waitFor('the session to fail with AUTH', () => src.state.kind === 'error' && src.error?.code === 'AUTH');
      sim.faults.clear();
    }

    // REST 500 on a refresh, then the server gone.
    sim.faults.set({ restStatus: { status: 500, count: 20 } });
    await vscode.commands.executeCommand(COMMANDS.refresh);
    await waitFor('the REST 500 in the log', () => t.logLines().some((l) => /\b500\b/.test(l)), 20_000);
    sim.faults.clear();
    await sim.close();
    await vscode.commands.executeCommand(COMMANDS.refresh);
    await waitFor('the unreachable server in the log', () => t.logLines().some((l) => /ECONNREFUSED|cannot reach|unreachable|refused/i.test(l)), 20_000);

    const lines = t.logLines();
    // Not vacuous: the channel got the error paths above.
    assert.ok(lines.length > 30, `only ${lines.length} log lines recorded`);
    for (const [what, re] of [
      ['the corrupt block', /inflat/i],
      ['the cut frame', /inside a frame/],
      ['the push 403', /403|refused/],
    ] as const) {
      assert.ok(lines.some((l) => re.test(l)), `${what} was logged (${re})`);
    }
    assert.deepEqual(leaks(lines), [], 'secrets in the log channel');
    // And the other texts the user sees.
    assert.deepEqual(leaks(t.services.reported.slice(reportedBefore).map((r) => r.message)), [], 'secrets in reported errors');
    assert.deepEqual(leaks(t.eventLines()), [], 'secrets in the events channel');
    assert.deepEqual(leaks([JSON.stringify(t.globalState())]), [], 'secrets in global state');
  });
});
