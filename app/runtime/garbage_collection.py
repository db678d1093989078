"""The garbage collector of a serving process: collected less often, with the directory out of its walks.

Both tricks are for a long-running process under load, and only a serving process opts in: the
`switchboard serve` web processes (the app factory `app.main.create_served_app`) and `switchboard
worker` call `tune_for_serving()` once at start-up. Everything else — CLI commands, scripts, each
test's app — keeps CPython's defaults, and `freeze_long_lived()` does nothing there.

**Pace.** CPython collects its youngest generation once 700 more container objects are alive than
at the last collection. A lookup waiting on a geocoder holds a few thousand (httpx's request,
response and streams, the ASGI scope, the task), so at a campaign peak collections ran about 100
times a second. Each promoted what was in flight to an older generation, and the older generations'
collections walked it again: 12% of the process's CPU (scripts/bench_lookup.py, cold), with full
collections of 90 ms. Collected every 20,000 objects, most of them die young, by reference
counting, before any collection sees them: about 5% of the CPU. The garbage left between
collections stays a few MB, and no pause measured was longer than before (60-80 ms).

**Freeze.** The directory read model is a few hundred thousand long-lived objects: a full
collection walked them all (75 ms measured), stopping every request in the process. Frozen
(`gc.freeze`) after each rebuild, they cost collections nothing; they are still freed by reference
counting once no view holds them. Unfreezing and collecting first lets cycles that died since the
last rebuild go. The read models call `freeze_long_lived()` because only they know when a rebuild
happened; the campaigns are too few to matter, and saved too often to pay a full collection each time.
"""

import gc
import threading

YOUNGEST_GENERATION_THRESHOLD = 20_000


class ServingProcess:
    """Whether this process was tuned for serving (by `tune_for_serving`): GC state is per process."""

    serving = False
    lock = threading.Lock()


def tune_for_serving() -> None:
    """Collect the youngest generation every YOUNGEST_GENERATION_THRESHOLD objects (older ones as
    before), and let `freeze_long_lived` freeze from now on. Idempotent."""
    _youngest, middle, oldest = gc.get_threshold()
    gc.set_threshold(YOUNGEST_GENERATION_THRESHOLD, middle, oldest)
    ServingProcess.serving = True


def freeze_long_lived() -> None:
    """In a serving process, move every object alive now out of the collector's sight (after a
    full collection of what died since the last freeze); elsewhere, nothing."""
    if not ServingProcess.serving:
        return
    with ServingProcess.lock:  # two read models rebuilt at once must not unfreeze each other's freeze
        gc.unfreeze()
        gc.collect()
        gc.freeze()
