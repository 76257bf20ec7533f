/**
 * Classifies IB's `info` and `error` codes into what they mean for Robo — link state, data farms,
 * client-side failures, rates and pacing, order problems — with a sentence a person understands.
 * Sources: IB's message codes, the API guide's error table, the historical-data limitations page.
 */
export type NoticeKind =
  | 'link-lost'
  | 'link-restored-data-lost'
  | 'link-restored'
  | 'farm-broken'
  | 'farm-ok'
  | 'farm-inactive'
  | 'client'
  | 'client-id-in-use'
  | 'rate'
  | 'pacing'
  | 'market-data'
  | 'order'
  | 'order-warning'
  | 'other';

export type Severity = 'info' | 'warn' | 'error';

export interface Notice {
  readonly code: number;
  readonly kind: NoticeKind;
  readonly severity: Severity;
  /** The request or order the message is about; undefined for connection-wide messages (id -1). */
  readonly reqId: number | undefined;
  /** IB's own text, unchanged. */
  readonly ibMessage: string;
  /** What it means for Robo, in full words. */
  readonly explanation: string;
}

interface Rule {
  readonly kind: NoticeKind;
  readonly severity: Severity;
  readonly explanation: string;
}

const RULES: ReadonlyMap<number, Rule> = new Map<number, Rule>([
  [1100, { kind: 'link-lost', severity: 'warn', explanation: 'TWS / IB Gateway lost its connection to IB\'s servers; new orders are refused until it is restored' }],
  [2110, { kind: 'link-lost', severity: 'warn', explanation: 'the link between TWS / IB Gateway and IB\'s servers is broken and will be restored automatically; new orders are refused until then' }],
  [1101, { kind: 'link-restored-data-lost', severity: 'info', explanation: 'the link to IB\'s servers is back but market-data subscriptions were lost; Robo requests them again' }],
  [1102, { kind: 'link-restored', severity: 'info', explanation: 'the link to IB\'s servers is back and market data was kept' }],
  [1300, { kind: 'client', severity: 'error', explanation: 'TWS reset its API socket port; restart Robo against the new port' }],
  [2103, { kind: 'farm-broken', severity: 'warn', explanation: 'a market data farm is disconnected; bars may stop until it reconnects' }],
  [2105, { kind: 'farm-broken', severity: 'warn', explanation: 'a historical data farm is disconnected' }],
  [2157, { kind: 'farm-broken', severity: 'warn', explanation: 'the security definition farm is disconnected' }],
  [2104, { kind: 'farm-ok', severity: 'info', explanation: 'a market data farm is connected' }],
  [2106, { kind: 'farm-ok', severity: 'info', explanation: 'a historical data farm is connected' }],
  [2158, { kind: 'farm-ok', severity: 'info', explanation: 'the security definition farm is connected' }],
  [2107, { kind: 'farm-inactive', severity: 'info', explanation: 'a historical data farm is idle and will connect on demand' }],
  [2108, { kind: 'farm-inactive', severity: 'info', explanation: 'a market data farm is idle and will connect on demand' }],
  [2119, { kind: 'farm-inactive', severity: 'info', explanation: 'a market data farm is connecting' }],
  [501, { kind: 'client', severity: 'error', explanation: 'the IB client was already connected' }],
  [502, { kind: 'client', severity: 'error', explanation: 'could not connect to TWS / IB Gateway: is it running, is the API socket enabled on this port, and is this host trusted?' }],
  [503, { kind: 'client', severity: 'error', explanation: 'TWS / IB Gateway is too old for this request; update it' }],
  [504, { kind: 'client', severity: 'error', explanation: 'the IB client is not connected, so the request was not sent' }],
  [505, { kind: 'client', severity: 'error', explanation: 'the IB client could not decode a message from TWS (a protocol mismatch); the message was dropped' }],
  [506, { kind: 'client', severity: 'error', explanation: 'TWS / IB Gateway speaks an API version this client does not support' }],
  [326, { kind: 'client-id-in-use', severity: 'error', explanation: 'another program is connected with the same clientId; stop it or choose another broker.clientId' }],
  [100, { kind: 'rate', severity: 'warn', explanation: 'Robo sent more than 50 messages per second and TWS complained; lower broker.maxRequestsPerSecond' }],
  [162, { kind: 'pacing', severity: 'warn', explanation: 'the historical data service refused a request (pacing violation or no data)' }],
  [366, { kind: 'pacing', severity: 'info', explanation: 'a historical data request had already finished when it was cancelled' }],
  [420, { kind: 'pacing', severity: 'warn', explanation: 'a real-time bar request was invalid or paced' }],
  [354, { kind: 'market-data', severity: 'error', explanation: 'the account has no market data subscription for this instrument' }],
  [10167, { kind: 'market-data', severity: 'warn', explanation: 'live market data is not subscribed; delayed data is shown instead' }],
  [103, { kind: 'order', severity: 'error', explanation: 'IB refused the order: its id was already used' }],
  [104, { kind: 'order', severity: 'error', explanation: 'IB refused to modify a filled order' }],
  [110, { kind: 'order', severity: 'error', explanation: 'IB refused the order: its price is not on the instrument\'s tick grid' }],
  [161, { kind: 'order-warning', severity: 'warn', explanation: 'the order is not in a state that can be cancelled' }],
  [200, { kind: 'order', severity: 'error', explanation: 'IB does not know the instrument (no security definition)' }],
  [201, { kind: 'order', severity: 'error', explanation: 'IB rejected the order' }],
  [202, { kind: 'order-warning', severity: 'info', explanation: 'the order was cancelled' }],
  [399, { kind: 'order-warning', severity: 'warn', explanation: 'IB attached a warning to the order; it is still working' }],
  [10147, { kind: 'order-warning', severity: 'warn', explanation: 'the order to cancel was not found at IB (already filled or cancelled)' }],
  [10148, { kind: 'order-warning', severity: 'warn', explanation: 'the order cannot be cancelled in its current state' }],
]);

export function classify(code: number, ibMessage: string, reqId: number | undefined): Notice {
  const rule = RULES.get(code) ?? fallback(code);
  return { code, reqId, ibMessage, ...rule };
}

function fallback(code: number): Rule {
  // IB documents 2100-2999 as warnings that need no action (stoqey's isNonFatalError agrees).
  if (code >= 2100 && code < 3000) return { kind: 'other', severity: 'info', explanation: 'an informational message from TWS' };
  return { kind: 'other', severity: 'error', explanation: 'an error reported by TWS' };
}

/** Whether an error about a pending order means IB refused it (as opposed to a warning or a cancel notice). */
export function isOrderRefusal(notice: Notice): boolean {
  if (notice.kind === 'order-warning' || notice.kind === 'farm-ok' || notice.kind === 'farm-inactive') return false;
  return notice.severity === 'error' || notice.kind === 'order';
}

/** One log line: what happened in Robo's words, then IB's code and text. */
export function describeNotice(notice: Notice): string {
  const about = notice.reqId === undefined || notice.reqId < 0 ? '' : ` (request ${notice.reqId})`;
  return `IB ${notice.code}${about}: ${notice.explanation} — TWS said "${notice.ibMessage}"`;
}
