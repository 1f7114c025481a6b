import type * as Comlink from 'comlink';

import type { WorkerApi } from './worker/api.js';

/** How main-side objects reach the worker: through the engine, which fails fast once it is closed. */
export type WorkerCall = <T>(f: (api: Comlink.Remote<WorkerApi>) => Promise<T>) => Promise<T>;
