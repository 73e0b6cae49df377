// Every user-visible string goes through a Translate function. The vscode layer passes
// `vscode.l10n.t`; pure modules (tree model, line formatting) take it as a parameter so
// they stay importable from plain Node tests, where `formatOnly` fills the placeholders.

export type Translate = (message: string, ...args: Array<string | number | boolean>) => string;

/** Fills `{0}`, `{1}`… like vscode.l10n.t does, without translating. */
export const formatOnly: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const v = args[Number(index)];
    return v === undefined ? whole : String(v);
  });
