// Every question the extension asks goes through a Prompter. The default one is VS Code's
// quick input and modal dialogs; the extension-host tests swap in a scripted one (through
// the test API) because the workbench skips modal dialogs while tests run.

import * as vscode from 'vscode';

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
