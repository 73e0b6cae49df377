// The event viewer's file I/O in VS Code: the save dialog behind Export and Save Capture,
// the open dialog for a capture, and reading a capture by URI (bounded: captureFile.ts).
// The folder last saved to is where the next dialog starts.

import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../../core';
import type { Translate } from '../l10n';
import { CAPTURE_EXTENSION, type ParsedCapture } from './capture';
import { checkCaptureSize, readCaptureBytes, readCaptureFile } from './captureFile';
import type { SaveKind } from './controller';

export class ViewerFiles {
  private lastDir: vscode.Uri | undefined;
  private readonly filters: Record<SaveKind, Record<string, string[]>>;

  constructor(
    private readonly log: Logger,
    private readonly t: Translate,
  ) {
    this.filters = {
      ndjson: { [t('NDJSON (one event per line)')]: ['ndjson', 'jsonl'] },
      csv: { [t('CSV')]: ['csv'] },
      chart: { [t('CSV')]: ['csv'] },
      capture: { [t('Push Monitor capture')]: [CAPTURE_EXTENSION, 'ndjson'] },
    };
  }

  private defaultDir(): vscode.Uri | undefined {
    return this.lastDir ?? vscode.workspace.workspaceFolders?.[0]?.uri;
  }

  /** Asks where to save; builds the content only once a file was chosen. Returns what to show for it, or undefined if cancelled. */
  async save(kind: SaveKind, defaultName: string, content: () => string): Promise<string | undefined> {
    const t = this.t;
    const dir = this.defaultDir();
    const uri = await vscode.window.showSaveDialog({
      title: kind === 'capture' ? t('Save Capture') : kind === 'chart' ? t('Export Chart') : t('Export Events'),
      saveLabel: kind === 'capture' ? t('Save Capture') : t('Export'),
      defaultUri: dir ? vscode.Uri.joinPath(dir, defaultName) : undefined,
      filters: this.filters[kind],
    });
    if (!uri) return undefined;
    this.lastDir = vscode.Uri.joinPath(uri, '..');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(content(), 'utf8'));
    this.log.info(`event viewer: wrote ${uri.toString(true)}`);
    return displayPath(uri);
  }

  /** Asks for a capture file; undefined when cancelled. */
  async pickCapture(): Promise<vscode.Uri | undefined> {
    const t = this.t;
    const picked = await vscode.window.showOpenDialog({
      title: t('Open Capture'),
      openLabel: t('Open Capture'),
      canSelectMany: false,
      defaultUri: this.defaultDir(),
      filters: { [t('Push Monitor capture or NDJSON')]: [CAPTURE_EXTENSION, 'ndjson', 'jsonl', 'json'], [t('All files')]: ['*'] },
    });
    return picked?.[0];
  }

  /**
   * Reads a capture, bounded (captureFile.ts): the size is checked first and a local file is
   * streamed. Other file system providers only hand out whole files, so those are read only
   * when under the size cap.
   */
  async read(uri: vscode.Uri): Promise<ParsedCapture> {
    if (uri.scheme === 'file') return readCaptureFile(uri.fsPath);
    checkCaptureSize((await vscode.workspace.fs.stat(uri)).size);
    return readCaptureBytes(await vscode.workspace.fs.readFile(uri));
  }
}

/** A local path for file URIs, the URI text otherwise. */
export const displayPath = (uri: vscode.Uri): string => (uri.scheme === 'file' ? uri.fsPath : uri.toString(true));

/** The file name of a URI. */
export const fileName = (uri: vscode.Uri): string => path.posix.basename(uri.path);
