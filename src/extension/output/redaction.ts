// Every secret the extension has handled this session, so that anything written to the
// log, a notification or a tree item can be scrubbed of it (defence in depth: the core
// already keeps credentials out of its messages).

import { redact, type Logger } from '../../core';

export class SecretRegistry {
  private readonly secrets = new Set<string>();

  add(secret: string | undefined): void {
    if (secret && secret.length >= 3) this.secrets.add(secret);
  }

  /**
   * `text` without any secret. With `transform`, also without the secrets as transformed
   * (say Markdown-escaped for a tooltip, where `a=b` is written `a\\=b`).
   */
  redact(text: string, transform?: (secret: string) => string): string {
    if (!this.secrets.size) return text;
    const all = [...this.secrets];
    return redact(text, transform ? [...all, ...all.map(transform)] : all);
  }

  /** A logger that redacts every message before `sink` sees it. */
  wrap(sink: Logger): Logger {
    const r = (fn: (m: string) => void) => (m: string) => fn(this.redact(m));
    return {
      trace: r((m) => sink.trace(m)),
      debug: r((m) => sink.debug(m)),
      info: r((m) => sink.info(m)),
      warn: r((m) => sink.warn(m)),
      error: r((m) => sink.error(m)),
    };
  }
}
