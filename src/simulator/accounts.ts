// Simulated Remote Manager accounts: Basic-auth credentials, an optional API key, and the
// customer (cstId) that owns monitors, devices and events.

export interface SimAccount {
  username: string;
  password: string;
  /** Optional API key (REST headers X-API-KEY-ID / X-API-KEY-SECRET; also accepted as TCP user/password). */
  apiKeyId?: string;
  apiKeySecret?: string;
  /** Customer id: `cstId` of monitors and events, first element of event topics. */
  customerId: number;
  /** Company name used in the FileData storage root `/db/<cstId>_<company>/`. */
  company?: string;
}

export const DEMO_USERNAME = 'demo';
export const DEMO_PASSWORD = 'demo-password';
export const DEMO_API_KEY_ID = 'demo-key-id';
export const DEMO_API_KEY_SECRET = 'demo-key-secret';
export const DEMO_CUSTOMER_ID = 1001;

/** The documented default account of the simulator. */
export const DEMO_ACCOUNT: Readonly<SimAccount> = Object.freeze({
  username: DEMO_USERNAME,
  password: DEMO_PASSWORD,
  apiKeyId: DEMO_API_KEY_ID,
  apiKeySecret: DEMO_API_KEY_SECRET,
  customerId: DEMO_CUSTOMER_ID,
  company: 'Demo_Company',
});

export class AccountBook {
  readonly list: readonly SimAccount[];

  constructor(accounts: readonly SimAccount[]) {
    if (accounts.length === 0) throw new RangeError('at least one account is required');
    const names = new Set<string>();
    for (const a of accounts) {
      if (!a.username) throw new RangeError('account without username');
      if (names.has(a.username)) throw new RangeError(`duplicate account username "${a.username}"`);
      names.add(a.username);
    }
    this.list = accounts.map((a) => ({ ...a }));
  }

  /** The account events go to when no username is given: the first one. */
  get primary(): SimAccount {
    return this.list[0];
  }

  byUsername(username: string): SimAccount | undefined {
    return this.list.find((a) => a.username === username);
  }

  /** Username/password, or an API key id/secret pair given in their place. */
  verify(user: string, secret: string): SimAccount | undefined {
    return this.list.find(
      (a) => (a.username === user && a.password === secret) || (a.apiKeyId !== undefined && a.apiKeyId === user && a.apiKeySecret === secret),
    );
  }

  verifyApiKey(id: string, secret: string): SimAccount | undefined {
    return this.list.find((a) => a.apiKeyId !== undefined && a.apiKeyId === id && a.apiKeySecret === secret);
  }

  /** Storage root of FileData paths, without leading slash: `db/<cstId>_<company>`. */
  static storageRoot(a: SimAccount): string {
    return `db/${a.customerId}_${a.company ?? 'Company'}`;
  }

  /** Every password and secret, for log redaction. */
  secrets(): string[] {
    return this.list.flatMap((a) => [a.password, a.apiKeySecret ?? '']).filter(Boolean);
  }
}
