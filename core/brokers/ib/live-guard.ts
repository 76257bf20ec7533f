/**
 * The live-trading guard. IB paper accounts start with "DU"; any other managed account trades real
 * money. Robo trades such a login only when the config says `account.mode: live` AND the command line
 * confirms the exact account (`--live --confirm-account <id>`). The port never decides: 7497 and 4002
 * are only conventions, and a live TWS can listen on any port.
 */
export interface LiveGuardInput {
  /** The accounts TWS reports for this login (managedAccounts). */
  readonly accounts: readonly string[];
  readonly mode: 'paper' | 'live';
  /** `account.id` from the config, if set. */
  readonly configuredAccount?: string | undefined;
  /** `--live` was given. */
  readonly live: boolean;
  /** `--confirm-account`, if given. */
  readonly confirmedAccount?: string | undefined;
}

export type LiveGuardVerdict =
  | { readonly ok: true; readonly account: string; readonly paper: boolean }
  | { readonly ok: false; readonly reason: string; readonly details: readonly string[] };

export function isPaperAccount(account: string): boolean {
  return account.startsWith('DU');
}

/** Account ids are personal: logs and messages show the letter prefix (DU, U, F, …) and the last four characters. */
export function maskAccount(account: string): string {
  const prefix = /^[A-Za-z]*/.exec(account)?.[0] ?? '';
  return account.length - prefix.length <= 4 ? `${prefix}…` : `${prefix}…${account.slice(-4)}`;
}

export function checkLiveGuard(input: LiveGuardInput): LiveGuardVerdict {
  const { accounts } = input;
  const shown = accounts.map(maskAccount).join(', ');
  if (accounts.length === 0) return refuse('TWS reported no managed accounts for this login, so Robo cannot tell paper from live', []);
  let account: string;
  if (input.configuredAccount !== undefined) {
    if (!accounts.includes(input.configuredAccount)) {
      return refuse(`account.id (${maskAccount(input.configuredAccount)}) is not one of the accounts this login manages (${shown})`, ['  set IB_ACCOUNT to the account you mean to trade']);
    }
    account = input.configuredAccount;
  } else if (accounts.length === 1 && accounts[0] !== undefined) {
    account = accounts[0];
  } else {
    return refuse(`this login manages several accounts (${shown}), and account.id does not say which one to trade`, ['  set account.id: ${IB_ACCOUNT} in the config and export IB_ACCOUNT']);
  }

  const live = accounts.filter((a) => !isPaperAccount(a));
  if (live.length === 0) {
    if (input.mode === 'live' || input.live) {
      return refuse(`account.mode is live${input.live ? ' and --live was given' : ''}, but ${maskAccount(account)} is a paper account`, ['  use account.mode: paper (and no --live) for a paper account']);
    }
    return { ok: true, account, paper: true };
  }

  const how = [
    `  to trade real money on purpose: set account.mode: live and run robo start <config> --live --confirm-account <the exact account id>`,
    '  to trade on paper: log TWS / IB Gateway in with your paper account (its id starts with DU)',
  ];
  const which = `TWS is logged in to a live (real-money) account: ${live.map(maskAccount).join(', ')}`;
  if (input.mode !== 'live') return refuse(`${which}, and account.mode is paper`, how);
  if (!input.live) return refuse(`${which}; account.mode is live, but the command line did not confirm it with --live`, how);
  if (input.confirmedAccount !== account) {
    const given = input.confirmedAccount === undefined ? 'no --confirm-account was given' : `--confirm-account ${maskAccount(input.confirmedAccount)} is not the traded account ${maskAccount(account)}`;
    return refuse(`${which}; ${given}`, how);
  }
  return { ok: true, account, paper: false };
}

function refuse(reason: string, details: readonly string[]): LiveGuardVerdict {
  return { ok: false, reason, details };
}
