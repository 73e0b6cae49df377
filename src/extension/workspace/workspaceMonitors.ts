// .vscode/digi-monitors.json of each workspace folder, applied. Activation only constructs
// this (a diagnostic collection, the schema's content provider); start() reads the files
// once activation has returned, then a watcher re-reads a file when it changes. Each file's
// problems go to the Problems view, on the offending value. In a trusted workspace each
// definition that resolved is created or reused (ensureMonitor) and the autoStart ones are
// started; Restricted Mode reads and checks the file but never touches a server.
//
// Decision (issue 13 §3 leaves it open): creating the monitors is automatic in a trusted
// workspace, with or without autoStart, because opening the project should give the user
// its monitors; starting a session is opt-in per definition (autoStart). Only monitors of
// ours are reused, only signed-in accounts are used (an unknown account is a problem, never
// a sign-in prompt), and a monitor created on a real account is announced once.

import * as vscode from 'vscode';
import { describeError, type Logger } from '../../core';
import { isSimulator } from '../accounts/accountModel';
import type { AccountStore } from '../accounts/accountStore';
import type { Translate } from '../l10n';
import { DisposableStore, type DisposableLike } from '../lifecycle';
import type { SessionManager } from '../sessions/sessionManager';
import type { Prompter } from '../ui/prompter';
import { applyDefinition, needsApply, outcomeProblems, type ApplyDeps, type DefinitionOutcome } from './applyDefinitions';
import { DEFINITIONS_TEMPLATE, SCHEMA_FILE, SCHEMA_SCHEME } from './definitionsTemplate';
import {
  DEFINITIONS_PATH,
  MAX_DEFINITIONS_BYTES,
  parseDefinitions,
  positionsIn,
  resolveDefinitions,
  tooLarge,
  type DefinitionProblem,
  type ResolvedDefinition,
} from './monitorDefinitions';

export interface WorkspaceMonitorsDeps extends ApplyDeps {
  t: Translate;
  log: Logger;
  accounts: Pick<AccountStore, 'list' | 'onDidChange'>;
  manager: Pick<SessionManager, 'start' | 'find'>;
  prompter: Prompter;
  extensionUri: vscode.Uri;
}

type Reason = 'open' | 'change' | 'trust' | 'accounts' | 'command';

interface FolderState {
  folder: vscode.WorkspaceFolder;
  file: vscode.Uri;
  resolved: ResolvedDefinition[];
  /** By ResolvedDefinition.key. */
  outcomes: Map<string, DefinitionOutcome>;
  problems: DefinitionProblem[];
  at: (offset: number) => { line: number; character: number };
}

/** What one folder's file gave, for the test API and the Apply command's summary. */
export interface WorkspaceFolderSnapshot {
  folder: string;
  file: string;
  definitions: {
    index: number;
    name?: string;
    account: string;
    accountId: string;
    autoStart: boolean;
    monitorId?: number;
    created?: boolean;
    started?: boolean;
    /** The session's state now (live, connecting, stopped…), if there is one. */
    session?: string;
    error?: string;
    startError?: string;
  }[];
  problems: { severity: DefinitionProblem['severity']; message: string; line: number; character: number }[];
}

export interface WorkspaceMonitorsSnapshot {
  trusted: boolean;
  folders: WorkspaceFolderSnapshot[];
}

const SEVERITY: Record<DefinitionProblem['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
};

const DEBOUNCE_MS = 300;

export class WorkspaceMonitors implements DisposableLike {
  private readonly disposables = new DisposableStore();
  private readonly diagnostics: vscode.DiagnosticCollection;
  private readonly states = new Map<string, FolderState>();
  private readonly watchers = new Map<string, DisposableLike>();
  private readonly timers = new Map<string, { timer: ReturnType<typeof setTimeout>; reason: Reason }>();
  /** Every read-and-apply runs after the one before: two never create the same monitor twice. */
  private queue: Promise<unknown> = Promise.resolve();
  private starting: Promise<void> | undefined;

  constructor(private readonly d: WorkspaceMonitorsDeps) {
    this.diagnostics = this.disposables.add(vscode.languages.createDiagnosticCollection('digi-monitors'));
    // The template's "$schema" names this URI; the JSON language features ask for it like a document.
    this.disposables.add(
      vscode.workspace.registerTextDocumentContentProvider(SCHEMA_SCHEME, {
        provideTextDocumentContent: async () => new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(d.extensionUri, SCHEMA_FILE))),
      }),
    );
  }

  /** Reads the files after activation has returned (never on its path), then follows changes. */
  start(): void {
    this.starting = new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        void this.begin()
          .catch((e: unknown) => this.d.log.error(`workspace monitors: ${describeError(e)}`))
          .finally(resolve);
      }, 0);
      this.disposables.add({
        dispose: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  private async begin(): Promise<void> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    this.disposables.add(
      vscode.workspace.onDidChangeWorkspaceFolders((e) => {
        for (const f of e.removed) this.forget(f);
        for (const f of e.added) {
          this.watch(f);
          this.schedule(f, 'open');
        }
      }),
    );
    this.disposables.add(vscode.workspace.onDidGrantWorkspaceTrust(() => this.scheduleAll('trust')));
    // A sign-in can make a definition's account known; definitions already applied are left alone.
    this.disposables.add(this.d.accounts.onDidChange(() => this.scheduleAll('accounts')));
    // Besides the watcher (which some remote file systems do not feed): saving the file in the editor.
    this.disposables.add(
      vscode.workspace.onDidSaveTextDocument((doc) => {
        const folder = this.folderOfFile(doc.uri);
        if (folder) this.schedule(folder, 'change');
      }),
    );
    for (const f of folders) this.watch(f);
    await Promise.all(folders.map((f) => this.refresh(f, 'open')));
  }

  private watch(folder: vscode.WorkspaceFolder): void {
    const key = folder.uri.toString();
    if (this.watchers.has(key)) return;
    const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, DEFINITIONS_PATH));
    const changed = () => this.schedule(folder, 'change');
    const store = new DisposableStore();
    store.add(w);
    store.add(w.onDidCreate(changed));
    store.add(w.onDidChange(changed));
    store.add(w.onDidDelete(changed));
    this.watchers.set(key, store);
  }

  private forget(folder: vscode.WorkspaceFolder): void {
    const key = folder.uri.toString();
    this.watchers.get(key)?.dispose();
    this.watchers.delete(key);
    const state = this.states.get(key);
    if (state) this.diagnostics.delete(state.file);
    this.states.delete(key);
  }

  private folderOfFile(uri: vscode.Uri): vscode.WorkspaceFolder | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return undefined;
    return vscode.Uri.joinPath(folder.uri, DEFINITIONS_PATH).toString() === uri.toString() ? folder : undefined;
  }

  /** Several events in a row (save + watcher, an account change) give one read. */
  private schedule(folder: vscode.WorkspaceFolder, reason: Reason): void {
    const key = folder.uri.toString();
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending.timer);
    // A trust grant stays a trust grant when a change follows it: it decides what is announced.
    const kept = pending && pending.reason !== 'accounts' ? pending.reason : reason;
    const timer = setTimeout(() => {
      this.timers.delete(key);
      // A failure was logged where the queue catches it.
      this.refresh(folder, kept).catch(() => undefined);
    }, DEBOUNCE_MS);
    this.timers.set(key, { timer, reason: kept });
  }

  private scheduleAll(reason: Reason): void {
    for (const f of vscode.workspace.workspaceFolders ?? []) this.schedule(f, reason);
  }

  private refresh(folder: vscode.WorkspaceFolder, reason: Reason): Promise<FolderState | undefined> {
    const run = this.queue.then(() => this.refreshNow(folder, reason));
    this.queue = run.catch((e: unknown) => this.d.log.error(`workspace monitors of ${folder.name}: ${describeError(e)}`));
    return run;
  }

  private async refreshNow(folder: vscode.WorkspaceFolder, reason: Reason): Promise<FolderState | undefined> {
    if (this.disposables.isDisposed) return undefined;
    const { t } = this.d;
    const key = folder.uri.toString();
    const file = vscode.Uri.joinPath(folder.uri, DEFINITIONS_PATH);
    const read = await this.read(file);
    if (read.kind === 'missing') {
      this.diagnostics.delete(file);
      this.states.delete(key);
      return undefined;
    }
    const text = read.kind === 'text' ? read.text : '';
    const parsed = read.kind === 'text' ? parseDefinitions(text, t) : { definitions: [], problems: [read.problem], monitorsAt: { offset: 0, length: 0 } };
    const { resolved, problems: unresolved } = resolveDefinitions(parsed.definitions, this.d.accounts.list(), folder.name, t, this.d.delivery?.());
    const problems = [...parsed.problems, ...unresolved];
    const previous = this.states.get(key)?.outcomes ?? new Map<string, DefinitionOutcome>();
    const outcomes = new Map<string, DefinitionOutcome>();
    const fresh: DefinitionOutcome[] = [];
    if (!vscode.workspace.isTrusted) {
      if (resolved.length > 0) {
        problems.push({
          severity: 'information',
          ...parsed.monitorsAt,
          message: t('Restricted Mode: the monitors of this file are not created or started until you trust this workspace.'),
        });
      }
    } else {
      for (const r of resolved) {
        const before = previous.get(r.key);
        let o: DefinitionOutcome;
        if (before && !needsApply(before, reason === 'command')) o = { ...before, index: r.definition.index };
        else {
          o = await applyDefinition(this.d, r);
          fresh.push(o);
        }
        outcomes.set(r.key, o);
        problems.push(...outcomeProblems(o, r.definition, t));
      }
    }
    if (this.disposables.isDisposed) return undefined;
    const state: FolderState = { folder, file, resolved, outcomes, problems, at: positionsIn(text) };
    this.states.set(key, state);
    this.diagnostics.set(file, problems.map((p) => this.diagnostic(p, state.at)));
    this.log(folder, reason, resolved.length, problems, fresh);
    this.announce(folder, reason, problems, fresh);
    return state;
  }

  private async read(file: vscode.Uri): Promise<{ kind: 'missing' } | { kind: 'text'; text: string } | { kind: 'problem'; problem: DefinitionProblem }> {
    const { t } = this.d;
    const problem = (message: string) => ({ kind: 'problem' as const, problem: { severity: 'error' as const, offset: 0, length: 0, message } });
    try {
      const stat = await vscode.workspace.fs.stat(file);
      if (stat.type & vscode.FileType.Directory) return problem(t('{0} is a folder; it should be a JSON file.', DEFINITIONS_PATH));
      if (stat.size > MAX_DEFINITIONS_BYTES) return { kind: 'problem', problem: tooLarge(stat.size, t) };
      const bytes = await vscode.workspace.fs.readFile(file);
      if (bytes.byteLength > MAX_DEFINITIONS_BYTES) return { kind: 'problem', problem: tooLarge(bytes.byteLength, t) };
      try {
        return { kind: 'text', text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
      } catch {
        return problem(t('The file is not UTF-8 text.'));
      }
    } catch (e) {
      if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') return { kind: 'missing' };
      return problem(t('Could not read the file: {0}', describeError(e)));
    }
  }

  private diagnostic(p: DefinitionProblem, at: FolderState['at']): vscode.Diagnostic {
    const from = at(p.offset);
    const to = at(p.offset + p.length);
    const d = new vscode.Diagnostic(new vscode.Range(from.line, from.character, to.line, to.character), p.message, SEVERITY[p.severity]);
    d.source = 'Digi Push Monitor';
    return d;
  }

  private log(folder: vscode.WorkspaceFolder, reason: Reason, count: number, problems: DefinitionProblem[], fresh: DefinitionOutcome[]): void {
    const done = fresh.filter((o) => o.error === undefined);
    this.d.log.info(
      `workspace monitors of ${folder.name} (${reason}): ${count} definition(s), ${problems.length} problem(s)` +
        (done.length ? `; ${done.map((o) => `#${o.monitorId} on ${o.accountLabel} ${o.created ? 'created' : 'reused'}${o.started ? ', started' : ''}`).join('; ')}` : ''),
    );
  }

  /**
   * At most one notification per read: monitors that could not be created; when the workspace
   * opens or is trusted, a file with errors (later, while the file is being edited, the
   * Problems view says it); otherwise monitors created on a real account (a server change the
   * user did not click for). A session that did not start is reported by the session itself.
   */
  private announce(folder: vscode.WorkspaceFolder, reason: Reason, problems: DefinitionProblem[], fresh: DefinitionOutcome[]): void {
    if (reason === 'command') return;
    const { t } = this.d;
    const failed = fresh.filter((o) => o.error !== undefined);
    const errors = problems.filter((p) => p.severity === 'error');
    const createdReal = fresh.filter((o) => o.created && !isSimulator({ id: o.accountId }));
    if (failed.length > 0 || ((reason === 'open' || reason === 'trust') && errors.length > 0)) {
      const show = t('Show Problems');
      const message = t('{0}: {1} problem(s) in {2}; the monitor definitions with problems were not applied.', folder.name, errors.length, DEFINITIONS_PATH);
      void vscode.window.showWarningMessage(message, show).then((c) => c === show && vscode.commands.executeCommand('workbench.actions.view.problems'));
    } else if (createdReal.length > 0) {
      const list = createdReal.map((o) => t('monitor {0} on {1}', o.monitorId ?? '?', o.accountLabel)).join(', ');
      void vscode.window.showInformationMessage(t('{0}: created {1} from {2}.', folder.name, list, DEFINITIONS_PATH));
    }
  }

  /** Apply Workspace Monitors: every folder's file, each definition applied again. */
  async applyCommand(): Promise<WorkspaceMonitorsSnapshot> {
    const { t } = this.d;
    await this.idle();
    const folders = vscode.workspace.workspaceFolders ?? [];
    const states = (await Promise.all(folders.map((f) => this.refresh(f, 'command')))).filter((s): s is FolderState => !!s);
    if (states.length === 0) {
      const create = t('Create File');
      const choice = await vscode.window.showInformationMessage(t('No workspace folder has a {0}.', DEFINITIONS_PATH), create);
      if (choice === create) await this.openFileCommand();
    } else if (!vscode.workspace.isTrusted) {
      const manage = t('Manage Workspace Trust');
      const choice = await vscode.window.showWarningMessage(t('This workspace is not trusted: its monitor definitions are checked but not applied.'), manage);
      if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
    } else {
      const outcomes = states.flatMap((s) => [...s.outcomes.values()]);
      const problems = states.reduce((n, s) => n + s.problems.filter((p) => p.severity === 'error').length, 0);
      const message = t(
        'Workspace monitors: {0} ready ({1} created, {2} reused), {3} session(s) running, {4} problem(s).',
        outcomes.filter((o) => o.error === undefined).length,
        outcomes.filter((o) => o.created).length,
        outcomes.filter((o) => o.created === false).length,
        outcomes.filter((o) => o.started).length,
        problems,
      );
      if (problems > 0) {
        const show = t('Show Problems');
        void vscode.window.showWarningMessage(message, show).then((c) => c === show && vscode.commands.executeCommand('workbench.actions.view.problems'));
      } else void vscode.window.showInformationMessage(message);
    }
    return this.snapshot();
  }

  /** Opens the folder's file, or a new unsaved one with the template: nothing is applied until it is saved. */
  async openFileCommand(): Promise<vscode.TextDocument | undefined> {
    const { t } = this.d;
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length === 0) {
      void vscode.window.showInformationMessage(t('Open a folder first: monitor definitions belong to a workspace folder ({0}).', DEFINITIONS_PATH));
      return undefined;
    }
    const folder =
      folders.length === 1
        ? folders[0]
        : (await this.d.prompter.pick(folders.map((f) => ({ label: f.name, description: f.uri.fsPath || f.uri.toString(), folder: f })), { title: t('Workspace Monitors File'), placeHolder: t('Workspace folder') }))?.folder;
    if (!folder) return undefined;
    const file = vscode.Uri.joinPath(folder.uri, DEFINITIONS_PATH);
    const exists = await vscode.workspace.fs.stat(file).then(
      () => true,
      () => false,
    );
    if (exists) {
      const doc = await vscode.workspace.openTextDocument(file);
      await vscode.window.showTextDocument(doc);
      return doc;
    }
    // Untitled with the file's path: saving writes it there (in a remote window too).
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'untitled', path: file.path }));
    const editor = await vscode.window.showTextDocument(doc);
    if (doc.getText() === '') await editor.edit((b) => b.insert(new vscode.Position(0, 0), DEFINITIONS_TEMPLATE));
    return vscode.languages.setTextDocumentLanguage(doc, 'jsonc').then(
      (d) => d,
      () => doc,
    );
  }

  /** Resolves when the first read is done and no read is pending or running. */
  async idle(): Promise<void> {
    for (;;) {
      await this.starting;
      await this.queue;
      if (this.timers.size === 0) return;
      await new Promise((r) => setTimeout(r, DEBOUNCE_MS));
    }
  }

  snapshot(): WorkspaceMonitorsSnapshot {
    const folders = [...this.states.values()].map((s): WorkspaceFolderSnapshot => ({
      folder: s.folder.name,
      file: s.file.toString(),
      definitions: s.resolved.map((r) => {
        const o = s.outcomes.get(r.key);
        const session = o?.monitorId !== undefined ? this.d.manager.find(r.account.id, o.monitorId)?.state.kind : undefined;
        return {
          index: r.definition.index,
          name: r.definition.name,
          account: r.account.label,
          accountId: r.account.id,
          autoStart: r.definition.autoStart,
          monitorId: o?.monitorId,
          created: o?.created,
          started: o?.started,
          session,
          error: o?.error,
          startError: o?.startError,
        };
      }),
      problems: s.problems.map((p) => ({ severity: p.severity, message: p.message, ...s.at(p.offset) })),
    }));
    return { trusted: vscode.workspace.isTrusted, folders };
  }

  dispose(): void {
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const w of this.watchers.values()) w.dispose();
    this.watchers.clear();
    this.disposables.dispose();
  }
}
