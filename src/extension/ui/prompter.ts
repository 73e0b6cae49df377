// Every question the extension asks goes through a Prompter. The default one is VS Code's
// quick input and modal dialogs; the extension-host tests swap in a scripted one (through
// the test API) because the workbench skips modal dialogs while tests run.

import * as vscode from 'vscode';
import type { Translate } from '../l10n';

export interface Prompter {
  pick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T | undefined>;
  pickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<readonly T[] | undefined>;
  input(options: vscode.InputBoxOptions): Promise<string | undefined>;
  /** A modal warning with one confirming button; true only when that button was chosen. */
  confirm(message: string, detail: string, confirmLabel: string): Promise<boolean>;
}

export const vscodePrompter: Prompter = {
  async pick(items, options) {
    return vscode.window.showQuickPick(items, { ...options, canPickMany: false });
  },
  async pickMany(items, options) {
    return vscode.window.showQuickPick(items, { ...options, canPickMany: true });
  },
  async input(options) {
    return vscode.window.showInputBox(options);
  },
  async confirm(message, detail, confirmLabel) {
    const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, confirmLabel);
    return choice === confirmLabel;
  },
};

/** The Prompter the extension is given: VS Code's, until the test API hands it another one. */
export class SwitchablePrompter implements Prompter {
  private current: Prompter = vscodePrompter;

  /** Asks through `prompter` from now on; undefined restores VS Code's. */
  use(prompter: Prompter | undefined): void {
    this.current = prompter ?? vscodePrompter;
  }

  pick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T | undefined> {
    return this.current.pick(items, options);
  }

  pickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<readonly T[] | undefined> {
    return this.current.pickMany(items, options);
  }

  input(options: vscode.InputBoxOptions): Promise<string | undefined> {
    return this.current.input(options);
  }

  confirm(message: string, detail: string, confirmLabel: string): Promise<boolean> {
    return this.current.confirm(message, detail, confirmLabel);
  }
}

/** What every question-asking flow needs: the words and someone to ask. */
export interface Asking {
  t: Translate;
  prompter: Prompter;
}
