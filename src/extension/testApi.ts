// TEST-ONLY API. activate() returns this object only when VS Code runs the extension for
// its integration tests (ExtensionMode.Test); in normal use the extension exports nothing,
// so no other extension can reach accounts or sessions through it. Not a stable API.

import * as vscode from 'vscode';
import type { SimulatorHandle } from '../simulator';
import type { Services } from './services';
import type { SessionStatusBar } from './statusBar/sessionStatusBar';
import type { TreeSnapshot } from './tree/treeController';
import type { ViewerHub } from './viewer/viewerHub';
import { vscodePrompter, type Prompter } from './ui/prompter';

export interface DigiPushMonitorTestApi {
  /** Internals (session manager, catalog, accounts, output…), for assertions. */
  readonly services: Services;
  /** The tree model both views render, rebuilt now. */
  treeSnapshot(): TreeSnapshot;
  /** The last lines written to the events output channel (the channel itself cannot be read back). */
  eventLines(): string[];
  statusBar(): { text: string; visible: boolean };
  /** The in-process simulator, once the Local simulator account started it. */
  simulator(): SimulatorHandle | undefined;
  /** Scripted answers instead of quick picks, input boxes and modal dialogs; undefined restores VS Code's. */
  setPrompter(prompter: Prompter | undefined): void;
  /** Everything this extension keeps in globalState. */
  globalState(): Record<string, unknown>;
  /** Runs what deactivate() runs (stop sessions, on-exit policy, close the simulator). */
  shutdown(): Promise<void>;
  /** The event viewer's buffers (read-only use: received/evicted/length per session), for the viewer benchmark. */
  viewerHub(): ViewerHub | undefined;
}

export function createTestApi(s: Services, statusBar: SessionStatusBar, shutdown: () => Promise<void>, viewerHub?: ViewerHub): DigiPushMonitorTestApi {
  return {
    services: s,
    treeSnapshot() {
      s.tree.redraw();
      return s.tree.current();
    },
    eventLines: () => s.eventsOutput.recentLines(),
    statusBar() {
      statusBar.update();
      return { text: statusBar.text, visible: statusBar.visible };
    },
    simulator: () => s.simulator.running,
    setPrompter(prompter) {
      s.prompter = prompter ?? vscodePrompter;
    },
    globalState() {
      const out: Record<string, unknown> = {};
      for (const k of s.context.globalState.keys()) out[k] = s.context.globalState.get(k);
      return out;
    },
    shutdown,
    viewerHub: () => viewerHub,
  };
}

export const isTestMode = (context: vscode.ExtensionContext) => context.extensionMode === vscode.ExtensionMode.Test;
