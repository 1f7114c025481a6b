import { AlsError } from '../errors.js';

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

  /** Forget `id`, calling the value's `free()` (wasm-bindgen objects) if it has one. */
  free(id: number): void {
    const entry = this.#items.get(id);
    this.#items.delete(id);
    (entry?.value as { free?: () => void } | undefined)?.free?.();
  }
}
