/**
 * The typed event emitter under `FineTuneJob`, with every listener guarded: one that throws (or
 * rejects) is reported to the job's `onListenerError` and never stops following or the other
 * listeners (see `listener-guard.ts`).
 *
 * @module
 */
import { EventEmitter } from 'eventemitter3';
import type { FineTuneJobEventMap, FineTuneJobEventName } from './job-events.js';
import { type ListenerErrorHandler, ListenerGuards } from './listener-guard.js';

// biome-ignore lint/suspicious/noExplicitAny: eventemitter3's listener signature.
type AnyListener = (...args: any[]) => void;

/** An `EventEmitter` of {@link FineTuneJobEventMap} whose listeners are guarded. */
export class JobEmitter extends EventEmitter<FineTuneJobEventMap> {
  readonly #guards: ListenerGuards;

  /** @param report - Returns the handler of listener errors (read lazily). */
  constructor(report: () => ListenerErrorHandler) {
    super();
    this.#guards = new ListenerGuards(report);
  }

  override on<T extends FineTuneJobEventName>(
    event: T,
    fn: (...args: FineTuneJobEventMap[T]) => void,
    context?: unknown,
  ): this {
    return super.on(event, this.#guards.wrap(event, fn as AnyListener) as never, context);
  }

  override addListener<T extends FineTuneJobEventName>(
    event: T,
    fn: (...args: FineTuneJobEventMap[T]) => void,
    context?: unknown,
  ): this {
    return this.on(event, fn, context);
  }

  override once<T extends FineTuneJobEventName>(
    event: T,
    fn: (...args: FineTuneJobEventMap[T]) => void,
    context?: unknown,
  ): this {
    return super.once(event, this.#guards.wrap(event, fn as AnyListener) as never, context);
  }

  override off<T extends FineTuneJobEventName>(
    event: T,
    fn?: (...args: FineTuneJobEventMap[T]) => void,
    context?: unknown,
    once?: boolean,
  ): this {
    return super.off(
      event,
      (fn === undefined ? undefined : this.#guards.find(event, fn as AnyListener)) as never,
      context,
      once,
    );
  }

  override removeListener<T extends FineTuneJobEventName>(
    event: T,
    fn?: (...args: FineTuneJobEventMap[T]) => void,
    context?: unknown,
    once?: boolean,
  ): this {
    return this.off(event, fn, context, once);
  }

  override listeners<T extends FineTuneJobEventName>(
    event: T,
  ): ((...args: FineTuneJobEventMap[T]) => void)[] {
    return super.listeners(event).map((listener) => this.#guards.unwrap(listener as AnyListener)) as never;
  }
}
