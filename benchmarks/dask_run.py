#!/usr/bin/env python3
"""newsclean.dask measured: the two phases on a LocalCluster, against the command.

    python benchmarks/dask_run.py [--pages 20000] [--workers 2]

The synthetic corpus of benchmarks/sites.py (many sites, wire stories across them) as a
bag of records: phase 1 (`newsclean.dask.learn`: pages folded on the workers, counted by
the client) and phase 2 (`newsclean.dask.clean`, the store by its path), timed; the
bytes the folded pages carry to the client (the shuffle of learning), the client's and
each worker's peak memory; and `newsclean clean corpus.jsonl` on the same records, whose
output the cluster's must equal record for record.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from sites import NEWSCLEAN, synthetic, write_jsonl  # noqa: E402


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    import dask.bag as db
    import distributed

    from newsclean import dask as newsclean_dask
    from newsclean.dask import _folded_partition
    from newsclean.records import record_plan

    # The cluster first: its workers are forked from this process, whose peak memory a
    # forked process inherits in its own figure.
    with tempfile.TemporaryDirectory() as tmp, \
            distributed.LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                                     dashboard_address=None, memory_limit=0) as cluster, \
            distributed.Client(cluster) as client:
        records = synthetic(args.pages)[0]
        work = Path(tmp)
        path = work / "corpus.jsonl"
        write_jsonl(records, path)
        started = time.perf_counter()
        done = subprocess.run([str(NEWSCLEAN), "clean", str(path)], capture_output=True, text=True, check=True)
        command_seconds = time.perf_counter() - started
        command = [json.loads(line) for line in done.stdout.splitlines()]
        bag = db.read_text(str(path), blocksize="8MB").map(json.loads)
        partitions = bag.npartitions
        shuffle = sum(bag.map_partitions(lambda part: [sum(len(b) + 16 for _, _, b in
                                                           _folded_partition(part, record_plan()))]).compute())
        started = time.perf_counter()
        newsclean_dask.learn(bag, work / "chrome.sqlite")
        learn_seconds = time.perf_counter() - started
        started = time.perf_counter()   # written by the workers, as the recipe does
        newsclean_dask.clean(bag, work / "chrome.sqlite", drop_errors=True).map(json.dumps).to_textfiles(
            str(work / "clean-*.jsonl"))
        clean_seconds = time.perf_counter() - started
        cleaned = [json.loads(line) for part in sorted(work.glob("clean-*.jsonl"), key=lambda p: int(p.stem[6:]))
                   for line in part.read_text(encoding="utf-8").splitlines()]
        workers = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        same = cleaned == command
        pages = len(records)
        print(f"{pages:,} synthetic pages, {partitions} partitions, {args.workers} workers of one thread:")
        print(f"  learn (fold on the workers, count on the client): {learn_seconds:.1f} s ({pages / learn_seconds:,.0f}/s); "
              f"folded pages sent to the client: {shuffle / 1e6:.0f} MB ({shuffle / pages:,.0f} bytes a page)")
        print(f"  clean: {clean_seconds:.1f} s ({pages / clean_seconds:,.0f}/s); "
              f"the command in one process, learning included: {command_seconds:.1f} s ({pages / command_seconds:,.0f}/s)")
        print(f"  peak memory: client {_peak_mb():.0f} MB (the records of the command's run included), workers "
              + ", ".join(f"{mb:.0f}" for mb in workers.values()) + " MB")
        print(f"  the cluster's records equal the command's: {same}")
        return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
