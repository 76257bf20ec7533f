/**
 * The host's hook table, declared once and frozen. One grammar: `before*` may veto or amend,
 * `after*` only observes, `on*` marks lifecycle events. Each hook documents When / Kind / Previous / Next.
 */
import { AsyncSeriesBailHook, AsyncSeriesHook, SyncHook } from 'tapable';
import type { Anomaly, Bar, BrokerRequest, BrokerRequestOutcome, CommissionReport, ConnectInfo, DisconnectInfo, FaultInfo, Fill, OrderOutcome, OrderRequest, OrderUpdate, ShutdownInfo, TradingResumeInfo, TradingStateChange, Veto } from './events.js';

/** Named stages so mandatory safety taps always run before third-party taps. */
export const STAGE = Object.freeze({ SAFETY: -1000, THROTTLE: -500, DEFAULT: 0, ACCOUNTING: 1000 });

export const createHooks = () =>
  Object.freeze({
    /** When: a strategy asked for an order. Kind: async series bail — the first veto wins; return undefined to allow.
     *  Taps may amend through `request.amend`. A tap that throws or times out vetoes the order (fail closed).
     *  Previous: strategy signal. Next: order id, journal, broker submit, then afterOrder. */
    beforeOrder: new AsyncSeriesBailHook<[OrderRequest], Veto | undefined>(['request'], 'beforeOrder'),
    /** When: the host is about to send any request to the broker — an order, a cancel, a data request, a time probe.
     *  Kind: async series bail — a veto refuses the request; a tap may wait (the rate limiter does) before allowing it.
     *  Previous: beforeOrder (for orders), a cancel, a subscription or a heartbeat. Next: the broker call. */
    beforeBrokerRequest: new AsyncSeriesBailHook<[BrokerRequest], Veto | undefined>(['request'], 'beforeBrokerRequest'),
    /** When: a request left the gate — handed to the broker in this very step (`sent`), or refused (at the gate, or by the journal).
     *  Kind: sync, observe only: nothing may wait between it and the broker call. Previous: beforeBrokerRequest. Next: the broker call. */
    afterBrokerRequest: new SyncHook<[BrokerRequestOutcome]>(['outcome'], 'afterBrokerRequest'),
    /** When: the order was vetoed, acknowledged by the broker, or rejected by it. Kind: async series, observe only.
     *  Previous: beforeOrder and broker submit. Next: orderUpdate / afterFill as the broker reports. */
    afterOrder: new AsyncSeriesHook<[OrderOutcome]>(['outcome'], 'afterOrder'),
    /** When: an order changed state (submitted, partially filled, filled, cancelled, rejected). Kind: async series, observe only; called directly, as onBar.
     *  Previous: a broker event. Next: afterFill for executions. */
    orderUpdate: new AsyncSeriesHook<[OrderUpdate]>(['update'], 'orderUpdate'),
    /** When: one execution was booked (once per execution id) into the order and the portfolio. Kind: async series, observe only; called directly, as onBar.
     *  Previous: orderUpdate. Next: the strategy's onFill. */
    afterFill: new AsyncSeriesHook<[Fill]>(['fill'], 'afterFill'),
    /** When: the broker reported the actual commission of an execution (IB's commission report). Kind: async series, observe only.
     *  Previous: the execution's afterFill, or before it — brokers send the two in either order. Next: cost reconciliation. */
    afterCommission: new AsyncSeriesHook<[CommissionReport]>(['report'], 'afterCommission'),
    /** When: a guard moved the host between ACTIVE, REDUCING and HALTED. Kind: async series, observe only.
     *  Previous: a trip or a reset. Next: orders are vetoed or allowed by the new state. */
    onTradingState: new AsyncSeriesHook<[TradingStateChange]>(['change'], 'onTradingState'),
    /** When: a bar closed and the portfolio was marked at its close. Kind: async series, observe only; the host calls
     *  its taps directly (series.ts), so a tap that finishes at once costs no promise: tap it with `tap` and return
     *  a promise only when there is something to wait for (a `tapPromise` tap works too, at the price of a promise per bar).
     *  Previous: the broker's fills for that bar. Next: strategies' onBar, which may place orders. */
    onBar: new AsyncSeriesHook<[Bar]>(['bar'], 'onBar'),
    /** When: the broker link is ready for the first time. Kind: async series. Previous: start. Next: subscriptions, then bars. */
    onConnect: new AsyncSeriesHook<[ConnectInfo]>(['info'], 'onConnect'),
    /** When: the broker link was lost. Kind: async series. Previous: a broker event or a failed heartbeat. Next: onReconnect. */
    onDisconnect: new AsyncSeriesHook<[DisconnectInfo]>(['info'], 'onDisconnect'),
    /** When: the link is back. Kind: async series. Previous: onDisconnect. Next: beforeTrading (state recovery), then trading resumes. */
    onReconnect: new AsyncSeriesHook<[ConnectInfo]>(['info'], 'onReconnect'),
    /** When: the broker link is up — at start, or after a reconnect — and new orders are still refused. Kind: async series bail —
     *  the first veto keeps trading halted: at start the host refuses to start (ROBO_ERR_RECONCILE), after a reconnect orders stay
     *  refused until the next one. A tap that throws or hangs vetoes (fail closed). State recovery reconciles here.
     *  Previous: onConnect or onReconnect. Next: trading resumes, cancels asked for while the link was down are sent. */
    beforeTrading: new AsyncSeriesBailHook<[TradingResumeInfo], Veto | undefined>(['info'], 'beforeTrading'),
    /** When: something was booked that could not be accounted for the normal way: an overfill, a fill whose costs are unknown.
     *  It is already journaled. Kind: async series, observe only. The circuit breaker counts a cost-unknown fill as a failed order
     *  and moves to REDUCING on an overfill. Previous: the fill's afterFill. Next: the run goes on; the summary names it. */
    onAnomaly: new AsyncSeriesHook<[Anomaly]>(['anomaly'], 'onAnomaly'),
    /** When: an error escaped every hook and task — an unhandled promise rejection or an uncaught exception in a plugin,
     *  a strategy or the broker adapter — and the host is about to stop; new orders are already refused. Kind: async
     *  series, observe only. The circuit breaker latches HALTED here. Previous: the escaped error. Next: onShutdown. */
    onFault: new AsyncSeriesHook<[FaultInfo]>(['fault'], 'onFault'),
    /** When: the host is stopping (signal, end of data, fatal error). Kind: async series, in reverse order of start.
     *  Previous: the last bar. Next: open orders cancelled, subscriptions and tasks released, broker disconnected. */
    onShutdown: new AsyncSeriesHook<[ShutdownInfo]>(['info'], 'onShutdown'),
  });

export type Hooks = ReturnType<typeof createHooks>;
export type HookName = keyof Hooks;
