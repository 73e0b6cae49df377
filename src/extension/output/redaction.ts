// Every secret the extension has handled this session, so that anything written to the
// log, a notification or a tree item can be scrubbed of it (defence in depth: the core
// already keeps credentials out of its messages).

import { redact } from '../../core/logger';
import type { Logger } from '../../core/logger';

export class SecretRegistry {
  private readonly secrets = new Set<string>();

  add(secret: string | undefined): void {
    if (secret && secret.length >= 3) this.secrets.add(secret);
  }

  redact(text: string): string {
    return this.secrets.size ? redact(text, [...this.secrets]) : text;
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
