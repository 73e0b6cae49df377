// Shared by the extension-host suites: activation, the test API, polling, and a scripted
// Prompter that answers quick picks, input boxes and confirmations in order (the
// workbench skips modal dialogs while tests run, so the real ones cannot be used).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../../src/extension/commandIds';
import type { DigiPushMonitorTestApi } from '../../../src/extension/testApi';
import type { TreeNode } from '../../../src/extension/tree/treeModel';
import type { Prompter } from '../../../src/extension/ui/prompter';

export async function api(): Promise<DigiPushMonitorTestApi> {
  const ext = vscode.extensions.getExtension<DigiPushMonitorTestApi | undefined>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  const exported = await ext.activate();
  assert.ok(exported, 'the test API is exported in ExtensionMode.Test');
  return exported;
}

export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 45_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

type Kind = 'pick' | 'pickMany' | 'input' | 'confirm';
export interface Asked {
  kind: Kind;
  title?: string;
  prompt?: string;
  password?: boolean;
  items?: string[];
}
type Answer = { kind: Kind; answer: (asked: Asked, request: unknown) => unknown };

/** Answers in order; anything asked beyond the script or of another kind is recorded as unexpected. */
export class ScriptedPrompter {
  readonly asked: Asked[] = [];
  readonly unexpected: string[] = [];
  private readonly queue: Answer[] = [];

  /** Picks the first item whose label matches (undefined = Escape). */
  pick(match: RegExp | undefined): this {
    this.queue.push({
      kind: 'pick',
      answer: (_a, items) => {
        if (!match) return undefined;
        const found = (items as vscode.QuickPickItem[]).find((i) => i.kind !== vscode.QuickPickItemKind.Separator && match.test(i.label));
        if (!found) this.unexpected.push(`no item matches ${match}: ${(items as vscode.QuickPickItem[]).map((i) => i.label).join(' | ')}`);
        return found;
      },
    });
    return this;
  }

  pickMany(matches: RegExp[]): this {
    this.queue.push({ kind: 'pickMany', answer: (_a, items) => (items as vscode.QuickPickItem[]).filter((i) => matches.some((m) => m.test(i.label))) });
    return this;
  }

  /** Types `value`; it must pass the box's validation unless `invalid` names the expected message. */
  type(value: string | undefined, invalid?: RegExp): this {
    this.queue.push({
      kind: 'input',
      answer: async (_a, options) => {
        const v = (options as vscode.InputBoxOptions).validateInput;
        if (value !== undefined && v) {
          const res = await v(value);
          const message = typeof res === 'string' ? res : res?.message;
          if (invalid) {
            if (!message || !invalid.test(message)) this.unexpected.push(`"${value}" should be refused with ${invalid}, got ${message}`);
            return undefined;
          }
          if (message) this.unexpected.push(`"${value}" was refused: ${message}`);
        }
        return value;
      },
    });
    return this;
  }

  confirm(yes: boolean): this {
    this.queue.push({ kind: 'confirm', answer: () => yes });
    return this;
  }

  get pending(): number {
    return this.queue.length;
  }

  private next(asked: Asked, request: unknown): unknown {
    this.asked.push(asked);
    const a = this.queue.shift();
    if (!a) {
      this.unexpected.push(`unscripted ${asked.kind}: ${asked.title ?? ''} ${asked.prompt ?? ''}`);
      return undefined;
    }
    if (a.kind !== asked.kind) {
      this.unexpected.push(`expected ${a.kind}, was asked ${asked.kind}: ${asked.title ?? ''} ${asked.prompt ?? ''}`);
      return undefined;
    }
    return a.answer(asked, request);
  }

  async pickItem<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T | undefined> {
    return (await this.next({ kind: 'pick', title: options.title, prompt: options.placeHolder, items: items.map((i) => i.label) }, items)) as T | undefined;
  }

  readonly asPrompter: Prompter = {
    pick: (items, options) => this.pickItem(items, options),
    pickMany: async (items, options) =>
      (await this.next({ kind: 'pickMany', title: options.title, prompt: options.placeHolder, items: items.map((i) => i.label) }, items)) as never,
    input: async (options) => (await this.next({ kind: 'input', title: options.title, prompt: options.prompt, password: options.password }, options)) as string | undefined,
    confirm: async (message, detail) => (await this.next({ kind: 'confirm', title: message, prompt: detail }, undefined)) as boolean,
  };
}

/**
 * Signs in through the real flow (scripted answers) to the in-process simulator entered as a
 * "custom URL" with its API key: an account stored like any Remote Manager account.
 */
export async function signInCustomToSimulator(t: DigiPushMonitorTestApi, keyId = 'demo-key-id', keySecret = 'demo-key-secret') {
  const sim = await t.services.simulator.ensure();
  const p = new ScriptedPrompter()
    .pick(/Custom URL/)
    .type(sim.restUrl)
    .type(`127.0.0.1:${t.simulator()?.pushPort}`)
    .pick(/^API key$/)
    .type(keyId)
    .type(keySecret);
  t.setPrompter(p.asPrompter);
  try {
    const account = (await vscode.commands.executeCommand('digiPushMonitor.account.signIn')) as { id: string; kind: string; username: string } | undefined;
    return { account, prompter: p };
  } finally {
    t.setPrompter(undefined);
  }
}

/**
 * The Local simulator running with no background events (a random connect or disconnect must
 * not undo what a test does); the returned function puts the rate setting back.
 */
export async function quietSimulator(t: DigiPushMonitorTestApi): Promise<() => Promise<void>> {
  const settings = () => vscode.workspace.getConfiguration('digiPushMonitor');
  await settings().update('simulator.eventsPerSecond', 0, vscode.ConfigurationTarget.Global);
  await t.services.simulator.ensure();
  t.services.simulator.setRate(0);
  return () => Promise.resolve(settings().update('simulator.eventsPerSecond', undefined, vscode.ConfigurationTarget.Global));
}

/** The tree node with this id, searched depth first. */
export function find(nodes: TreeNode[], id: string): TreeNode | undefined {
  for (const n of nodes) {
    if (n.id === id) return n;
    const c = find(n.children, id);
    if (c) return c;
  }
  return undefined;
}
