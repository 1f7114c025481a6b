import { AlsError } from '../errors.js';

interface Freeable { free?: () => void }

/** @internal Objects the worker keeps between calls, addressed by number from the main side. */
export class Handles {
  #next = 1;
  readonly #items = new Map<number, { kind: string; value: unknown }>();

  add(kind: string, value: unknown): number {
    const id = this.#next++;
    this.#items.set(id, { kind, value });
    return id;
  }

  get<T>(id: number, kind: string): T {
    const entry = this.#items.get(id);
    if (!entry || entry.kind !== kind) {
      const reason = entry ? 'kind' : 'disposed';
      const why = entry ? `handle ${id} is a ${entry.kind}, not a ${kind}` : `no ${kind} with handle ${id}: it was disposed`;
      throw new AlsError('INVALID_HANDLE', why, { kind, id, reason });
    }
    return entry.value as T;
  }

  /**
   * Forget `id`, calling the value's `free()` (wasm-bindgen objects) if it has one, or that of
   * the core object it wraps (`core`, e.g. a held model): its memory, and the training layouts
   * it shares, go at once rather than when the garbage collector runs.
   */
  free(id: number): void {
    const entry = this.#items.get(id);
    this.#items.delete(id);
    const value = entry?.value as (Freeable & { core?: Freeable }) | undefined;
    if (value?.free) value.free();
    else value?.core?.free?.();
  }
}
