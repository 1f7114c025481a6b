"""The `implicit` side of `npm run bench:implicit` (examples/bench/implicit.ts).

Reads a training set written by the Node side (`events.bin`: n, then n user
indices u32, n item indices u32, n event values f32, all little-endian),
trains `implicit`'s CPU ALS (conjugate gradient, `cg_steps=3`) for each
configuration of `configs.json`, and writes per configuration the factors
(`user_factors.npy`, `item_factors.npy`, with the dense ids and `meta.json`
that `engine.modelFromNpyFiles` reads) and the seconds per iteration. With a
`history.bin` (held-out users' events, the same layout, items in the training
set's indices) it also folds those users in by `recalculate_user` and writes
their factors (`new_user_factors.npy`): strong generalization.

The confidences `1 + alpha·r` are passed as the data with `alpha=1`: `implicit` weighs an
observed pair by its data value `C` (and 1 for the others), so `C = 1 + alpha·r`
gives exactly the loss of als-wasm's implicit model with a constant ridge.
"""
import json
import os
import sys

import numpy as np
import scipy.sparse as sp
from implicit.cpu.als import AlternatingLeastSquares


def read_events(path):
    raw = np.fromfile(path, dtype="<u4")
    n = int(raw[0])
    users = raw[1 : 1 + n]
    items = raw[1 + n : 1 + 2 * n]
    conf = raw[1 + 2 * n : 1 + 3 * n].view("<f4")
    return users, items, conf


def history_matrix(work, ni):
    """Held-out users' events (`history.bin`) as a users × items CSR of values, or None."""
    path = os.path.join(work, "history.bin")
    if not os.path.exists(path):
        return None
    users, items, values = read_events(path)
    n_new = int(users.max()) + 1 if len(users) else 0
    return sp.csr_matrix((values, (users, items)), shape=(n_new, ni), dtype=np.float32)


def main(work):
    spec = json.load(open(os.path.join(work, "configs.json")))
    users, items, values = read_events(os.path.join(work, "events.bin"))
    nu, ni = spec["users"], spec["items"]
    history = history_matrix(work, ni)
    results = []
    for c in spec["configs"]:
        conf = (1.0 + c["alpha"] * values).astype(np.float32)
        ui = sp.csr_matrix((conf, (users, items)), shape=(nu, ni), dtype=np.float32)
        model = AlternatingLeastSquares(
            factors=c["factors"],
            regularization=c["reg"],
            alpha=1.0,
            iterations=c["iterations"],
            use_cg=True,
            num_threads=spec["threads"],
            random_state=c["seed"],
            calculate_training_loss=False,
        )
        # Per-iteration times from implicit's own callback: the transpose and
        # the factor initialisation before the first iteration are left out, as
        # they are on the als-wasm side.
        elapsed = []
        model.fit(ui, show_progress=False, callback=lambda _it, secs, _loss: elapsed.append(secs))
        seconds = sum(elapsed) / len(elapsed)
        out = os.path.join(work, c["name"])
        os.makedirs(out, exist_ok=True)
        np.save(os.path.join(out, "user_factors.npy"), np.ascontiguousarray(model.user_factors, dtype="<f4"))
        np.save(os.path.join(out, "item_factors.npy"), np.ascontiguousarray(model.item_factors, dtype="<f4"))
        np.save(os.path.join(out, "user_ids.npy"), np.arange(nu, dtype="<u4"))
        np.save(os.path.join(out, "item_ids.npy"), np.arange(ni, dtype="<u4"))
        json.dump({"mu": 0.0, "k": c["factors"]}, open(os.path.join(out, "meta.json"), "w"))
        if history is not None:
            # The same confidences as in training (the model's alpha is 1).
            h = history.copy()
            h.data = (1.0 + c["alpha"] * h.data).astype(np.float32)
            new = model.recalculate_user(np.arange(h.shape[0]), h)
            np.save(os.path.join(out, "new_user_factors.npy"), np.ascontiguousarray(new, dtype="<f4"))
        results.append({"name": c["name"], "secondsPerIteration": seconds})
    json.dump(results, open(os.path.join(work, "results.json"), "w"))


if __name__ == "__main__":
    main(sys.argv[1])
