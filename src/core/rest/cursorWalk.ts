// Following pageCursor from page to page (DataStream, DataPoint), with the guards a server
// that never says "last page" needs: a cursor seen before, or more pages than allowed, is an
// error naming the call instead of a loop without end.

import { describeValue, PushMonitorError } from '../errors';
import type { RestConnection } from './restConnection';

export class CursorWalk {
  private readonly seen = new Set<string>();
  private pages = 0;
  private next: string | undefined;
  private done = false;

  constructor(
    /** The call, for messages (`GET /ws/DataStream`). */
    private readonly what: string,
    private readonly connection: RestConnection,
    private readonly maxPages: number,
    startCursor?: string,
  ) {
    this.next = startCursor;
    if (startCursor !== undefined) this.seen.add(startCursor);
  }

  /** The cursor to send for the next page (undefined for the first page). */
  get cursor(): string | undefined {
    return this.next;
  }

  get more(): boolean {
    return !this.done;
  }

  /** After a page: `cursor` continues, undefined ends. Throws when the walk would go round in circles or on for ever. */
  advance(cursor: string | undefined): void {
    this.pages += 1;
    if (cursor === undefined) {
      this.done = true;
      return;
    }
    if (this.seen.has(cursor)) {
      this.done = true;
      throw this.fail(`sent page cursor ${describeValue(this.connection.redact(cursor))} a second time after ${this.pages} pages; stopped instead of going round in circles`);
    }
    if (this.pages >= this.maxPages) {
      this.done = true;
      throw this.fail(`still had more after ${this.maxPages} pages; stopped`);
    }
    this.seen.add(cursor);
    this.next = cursor;
  }

  /** `why` quotes server text already redacted (quoting cuts it short, which could cut a secret past recognition). */
  private fail(why: string): PushMonitorError {
    return new PushMonitorError('MALFORMED_RESPONSE', this.connection.redact(`${this.what} from ${this.connection.target}: ${why}`));
  }
}
