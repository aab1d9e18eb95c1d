"""Benchmark: the pledge follow-through event study, as a user meets it in a fresh process.

Target: one conference's event study under 2 s on this machine, counted from a fresh Python
process that has imported pkanalysis (the import of pyfixest and its first, compiling fit are
counted; reading the snapshot is shown apart).  Each figure is the median of 3 fresh processes:

* load: ``load_contributions()``, ``load_pledges()``, ``load_conferences()``, ``load_missions()``
* one conference: the first ``event_study()`` of the process (2015 New York)
* all eight: ``event_study()`` for every cycle-opening conference that has a deployment pledge,
  in a process that has already run one (the conferences without one are listed)
* staggered: ``staggered()`` over all conferences
* placebo: ``placebo(n=200)`` for 2015 New York

    python benchmarks/followthrough_speed.py
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys

ROUNDS = 3

RUN = """
import json, time
t0 = time.perf_counter()
import pkanalysis as pk
from pkanalysis import followthrough as ft
c = pk.load_contributions(); p = pk.load_pledges(); conf = pk.load_conferences()
m = pk.load_missions()
t1 = time.perf_counter()
ft.event_study("2015 New York", c, p, conf, missions=m)
t2 = time.perf_counter()
done, skipped = [], []
for cid in conf.loc[conf["opens_cycle"], "conference_id"]:
    if ft.deployment_pledgers(p, cid):
        ft.event_study(cid, c, p, conf, missions=m)
        done.append(cid)
    else:
        skipped.append(cid)
t3 = time.perf_counter()
ft.staggered(c, p, conf)
t4 = time.perf_counter()
ft.placebo("2015 New York", c, p, conf, missions=m, n=200, seed=1)
t5 = time.perf_counter()
print(json.dumps({"load": t1 - t0, "one": t2 - t1, "all": t3 - t2, "staggered": t4 - t3,
                  "placebo": t5 - t4, "done": done, "skipped": skipped}))
"""


def main() -> None:
    runs = []
    for _ in range(ROUNDS):
        out = subprocess.run(
            [sys.executable, "-c", RUN], capture_output=True, text=True, check=True
        )
        runs.append(json.loads(out.stdout))
    timed = [k for k in runs[0] if k not in ("done", "skipped")]
    med = {k: statistics.median(r[k] for r in runs) for k in timed}
    print(f"fresh processes: {ROUNDS}; medians in seconds")
    print(f"  import pkanalysis + load four tables      {med['load']:6.2f}")
    print(f"  one conference, first event study         {med['one']:6.2f}  (target < 2 s)")
    print(f"  {len(runs[0]['done'])} conferences with a deployment pledge     {med['all']:6.2f}")
    print(f"  staggered (Sun-Abraham, all conferences)  {med['staggered']:6.2f}")
    print(f"  placebo, 200 draws (2015 New York)        {med['placebo']:6.2f}")
    print(f"  conferences without a deployment pledge:  {', '.join(runs[0]['skipped']) or '-'}")


if __name__ == "__main__":
    main()
