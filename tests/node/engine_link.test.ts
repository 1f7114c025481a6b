// The engine's link to its worker, with a fake worker: only a trap (or the
// worker's death) stops it, and then every call rejects with the same error.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import * as Comlink from 'comlink';

import { WorkerLink, type WorkerHandle } from '../../ts/engine_link.ts';
import { AlsError, toPayload } from '../../ts/errors.ts';

/** A fake worker whose `run(what)` resolves, rejects with a coded payload, traps, or hangs. */
function fakeWorker() {
  const state = { terminated: 0, released: 0, refs: [] as boolean[] };
  let die!: (e: AlsError) => void;
  const remote = {
    run(what: string): Promise<string> {
      if (what === 'ok') return Promise.resolve('ok');
      if (what === 'hang') return new Promise(() => {});
      const code = what === 'trap' ? 'WASM_TRAP' : 'PARSE_ERROR';
      return Promise.reject(toPayload(new AlsError(code, `${what} happened`, { what })));
    },
    [Comlink.releaseProxy]() {
      state.released++;
    },
  };
  const handle: WorkerHandle = {
    remote: remote as unknown as WorkerHandle['remote'],
    died: new Promise((resolve) => (die = resolve)),
    terminate: () => void state.terminated++,
    keepAlive: (on) => void state.refs.push(on),
  };
  return { handle, state, die };
}

type Run = { run(what: string): Promise<string> };

test('a coded rejection keeps the link; a trap stops it and every call rejects with that error', async () => {
  const { handle, state } = fakeWorker();
  const link = new WorkerLink(handle);
  const run = (what: string) => link.call((api) => (api as unknown as Run).run(what));
  await assert.rejects(run('bad'), (e: unknown) => e instanceof AlsError && e.code === 'PARSE_ERROR' && e.details.what === 'bad');
  assert.equal(await run('ok'), 'ok');
  const pending = run('hang');
  const trap = await run('trap').catch((e: unknown) => e);
  assert.ok(trap instanceof AlsError && trap.code === 'WASM_TRAP');
  assert.equal(await pending.catch((e: unknown) => e), trap, 'a pending call rejects with the trap');
  assert.equal(await run('ok').catch((e: unknown) => e), trap, 'a later call rejects with the trap');
  assert.equal(state.terminated, 1);
  assert.equal(state.released, 1);
  link.stop(new AlsError('ENGINE_CLOSED', 'closed'));
  assert.equal(state.terminated, 1, 'stopping twice terminates once');
  assert.equal(link.stopped, trap);
});

test('the worker is kept alive only while a call is pending', async () => {
  const { handle, state } = fakeWorker();
  const link = new WorkerLink(handle);
  const run = (what: string) => link.call((api) => (api as unknown as Run).run(what));
  await Promise.all([run('ok'), run('ok')]);
  await run('bad').catch(() => {});
  assert.deepEqual(state.refs, [false, true, false, true, false]);
});

test('a worker that dies rejects pending calls with its error', async () => {
  const { handle, die } = fakeWorker();
  const link = new WorkerLink(handle);
  const pending = link.call((api) => (api as unknown as Run).run('hang'));
  die(new AlsError('WASM_TRAP', 'the engine worker failed: out of memory'));
  await assert.rejects(pending, (e: unknown) => e instanceof AlsError && e.code === 'WASM_TRAP');
});
