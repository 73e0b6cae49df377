// For plain-Node tests of src/extension/workspace/workspaceMonitors.ts: import this module
// first, and `require('vscode')` returns a small fake of what that file uses — workspace
// folders over an in-memory file system, workspace trust, file watchers the test fires,
// a diagnostic collection it can read, and recorded notifications.
import Module from 'node:module';

type Listener<T> = (e: T) => unknown;

class Emitter<T> {
  private listeners = new Set<Listener<T>>();
  readonly event = (l: Listener<T>) => {
    this.listeners.add(l);
    return { dispose: () => this.listeners.delete(l) };
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly path: string,
  ) {}
  static file(p: string): Uri {
    return new Uri('file', p);
  }
  static from(c: { scheme: string; path: string }): Uri {
    return new Uri(c.scheme, c.path);
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return new Uri(base.scheme, [base.path.replace(/\/$/, ''), ...parts].join('/'));
  }
  get fsPath(): string {
    return this.path;
  }
  toString(): string {
    return `${this.scheme}://${this.path}`;
  }
}

class FileSystemError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}

class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(sl: number, sc: number, el: number, ec: number) {
    this.start = new Position(sl, sc);
    this.end = new Position(el, ec);
  }
}

const DiagnosticSeverity = { Error: 0, Warning: 1, Information: 2, Hint: 3 } as const;

class Diagnostic {
  source?: string;
  constructor(
    readonly range: Range,
    readonly message: string,
    readonly severity: number,
  ) {}
}

class RelativePattern {
  constructor(
    readonly base: { uri: Uri },
    readonly pattern: string,
  ) {}
}

export interface FakeFolder {
  uri: Uri;
  name: string;
  index: number;
}

/** The fake's state, for the test to arrange and read. */
export const fake = {
  files: new Map<string, string>(),
  folders: [] as FakeFolder[],
  trusted: true,
  diagnostics: new Map<string, Diagnostic[]>(),
  messages: [] as { kind: 'info' | 'warning'; text: string }[],
  watchers: [] as { pattern: RelativePattern; created: Emitter<Uri>; changed: Emitter<Uri>; deleted: Emitter<Uri>; disposed: boolean }[],
  reads: 0,
  grantTrust: new Emitter<void>(),
  folderChange: new Emitter<{ added: FakeFolder[]; removed: FakeFolder[] }>(),
  saved: new Emitter<{ uri: Uri }>(),
  folder(name: string): FakeFolder {
    const f = { uri: Uri.file(`/ws/${name}`), name, index: this.folders.length };
    this.folders.push(f);
    return f;
  },
  /** Writes a file and tells the watchers of its folder, as the file system would. */
  write(uri: Uri, text: string): void {
    const existed = this.files.has(uri.toString());
    this.files.set(uri.toString(), text);
    for (const w of this.watchers) {
      if (!w.disposed && uri.path.startsWith(w.pattern.base.uri.path + '/')) (existed ? w.changed : w.created).fire(uri);
    }
  },
  reset(): void {
    this.files.clear();
    this.folders.length = 0;
    this.trusted = true;
    this.diagnostics.clear();
    this.messages.length = 0;
    this.watchers.length = 0;
    this.reads = 0;
  },
};

const stub = {
  Uri,
  Position,
  Range,
  Diagnostic,
  DiagnosticSeverity,
  RelativePattern,
  FileSystemError,
  FileType: { File: 1, Directory: 2 },
  languages: {
    createDiagnosticCollection: () => ({
      set: (uri: Uri, d: Diagnostic[]) => void fake.diagnostics.set(uri.toString(), d),
      delete: (uri: Uri) => void fake.diagnostics.delete(uri.toString()),
      dispose: () => undefined,
    }),
    setTextDocumentLanguage: async (doc: unknown) => doc,
  },
  window: {
    showInformationMessage: async (text: string) => void fake.messages.push({ kind: 'info', text }),
    showWarningMessage: async (text: string) => void fake.messages.push({ kind: 'warning', text }),
  },
  commands: { executeCommand: async () => undefined },
  workspace: {
    get workspaceFolders() {
      return fake.folders.length ? [...fake.folders] : undefined;
    },
    get isTrusted() {
      return fake.trusted;
    },
    onDidGrantWorkspaceTrust: fake.grantTrust.event,
    onDidChangeWorkspaceFolders: fake.folderChange.event,
    onDidSaveTextDocument: fake.saved.event,
    registerTextDocumentContentProvider: () => ({ dispose: () => undefined }),
    getWorkspaceFolder: (uri: Uri) => fake.folders.find((f) => uri.path.startsWith(f.uri.path + '/')),
    createFileSystemWatcher(pattern: RelativePattern) {
      const w = { pattern, created: new Emitter<Uri>(), changed: new Emitter<Uri>(), deleted: new Emitter<Uri>(), disposed: false };
      fake.watchers.push(w);
      return { onDidCreate: w.created.event, onDidChange: w.changed.event, onDidDelete: w.deleted.event, dispose: () => void (w.disposed = true) };
    },
    fs: {
      async stat(uri: Uri) {
        const text = fake.files.get(uri.toString());
        if (text === undefined) throw new FileSystemError(`${uri.path} not found`, 'FileNotFound');
        return { type: 1, size: Buffer.byteLength(text) };
      },
      async readFile(uri: Uri) {
        fake.reads++;
        const text = fake.files.get(uri.toString());
        if (text === undefined) throw new FileSystemError(`${uri.path} not found`, 'FileNotFound');
        return new Uint8Array(Buffer.from(text));
      },
    },
  },
};

const loader = Module as unknown as { _load(request: string, ...rest: unknown[]): unknown };
const load = loader._load;
loader._load = function (request: string, ...rest: unknown[]) {
  return request === 'vscode' ? stub : load.call(this, request, ...rest);
};
