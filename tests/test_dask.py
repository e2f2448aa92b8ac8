"""newsclean.dask: the two phases on a Dask cluster give what the command gives."""
from __future__ import annotations

import json

import pytest

dask_bag = pytest.importorskip("dask.bag")
distributed = pytest.importorskip("distributed")

from newsclean import dask as newsclean_dask  # noqa: E402
from test_templates import site_records, write_folder  # noqa: E402


def corpus(tmp_path) -> list[dict]:
    """Records of a site with two templates, pages without a site of two templates, and a
    record that cannot be cleaned."""
    site_records(tmp_path / "sited.jsonl", {"Harbour News": 8, "Harbour Blogs": 3})
    records = [json.loads(line) for line in (tmp_path / "sited.jsonl").read_text().splitlines()]
    write_folder(tmp_path / "flat", ["Valley Echo", "Coast Times"], per_site=4)
    records += [{"id": path.stem, "text": path.read_text()} for path in sorted((tmp_path / "flat").glob("*.txt"))]
    records.insert(5, {"id": "bad", "body": "no text field"})
    return records


def test_on_a_local_cluster_the_records_are_the_commands_record_for_record(run, tmp_path):
    records = corpus(tmp_path)
    path = tmp_path / "all.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    command = [json.loads(line) for line in run("clean", path).stdout.splitlines()]
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster):
        bag = dask_bag.from_sequence(records, npartitions=5)
        learned, _ = newsclean_dask.learn(bag, tmp_path / "chrome.sqlite", group=2)
        assert learned == len(records) - 1
        cleaned = newsclean_dask.clean(bag, tmp_path / "chrome.sqlite", drop_errors=True).compute()
    assert cleaned == command
    assert any(r["removed"] and any(x["reason"] == "fingerprint" for x in r["removed"]) for r in cleaned)


def test_a_shipped_store_cleans_alike_and_errors_stay_in_place(tmp_path):
    records = corpus(tmp_path)
    bag = dask_bag.from_sequence(records, npartitions=3)
    newsclean_dask.learn(bag, tmp_path / "chrome.sqlite")
    by_path = newsclean_dask.clean(bag, tmp_path / "chrome.sqlite").compute(scheduler="processes", num_workers=2)
    shipped = newsclean_dask.clean(bag, tmp_path / "chrome.sqlite", ship_store=True).compute(scheduler="sync")
    assert shipped == by_path and len(shipped) == len(records)
    assert shipped[5]["id"] == "bad" and shipped[5]["error"] == "record bad: record has no 'text' field"
