"""newsclean.datatrove: a datatrove step that cleans as the library does."""
from __future__ import annotations

import json
import pickle

import pytest

pytest.importorskip("datatrove")
from datatrove.data import Document  # noqa: E402
from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.base import PipelineStep  # noqa: E402

from newsclean import Cleaner  # noqa: E402
from newsclean.datatrove import NewscleanStep  # noqa: E402
from newsclean.records import learn_records, record_plan  # noqa: E402
from newsclean.store import Store  # noqa: E402
from test_templates import site_records  # noqa: E402


def test_the_step_cleans_each_document_as_the_library_does(tmp_path):
    site_records(tmp_path / "pages.jsonl", {"Harbour News": 5})
    records = [json.loads(line) for line in (tmp_path / "pages.jsonl").read_text().splitlines()]
    with Store.create_or_open(tmp_path / "s") as store:
        learn_records(store, records, record_plan())
    documents = [Document(text=r["text"], id=r["id"], metadata={"url": "https://www.example.com/" + r["id"]})
                 for r in records] + [Document(text="Share\n", id="empty", metadata={})]
    step = pickle.loads(pickle.dumps(NewscleanStep(store=tmp_path / "s")))   # as an executor ships it
    out = list(step.run(iter(documents)))
    cleaner = Cleaner(store=Store.open(tmp_path / "s"))
    assert [d.id for d in out] == [r["id"] for r in records]   # the empty one dropped
    for document, record in zip(out, records):
        expected = cleaner.clean(record["text"], site="example.com")
        assert document.text == expected.text and document.metadata["title"] == expected.title
        assert document.metadata["newsclean_removed"] == len(expected.removed) > 0


class Collect(PipelineStep):
    """The documents that reach it, written to a JSON Lines file."""

    name = "collect"

    def __init__(self, path):
        super().__init__()
        self.path = str(path)

    def run(self, data, rank: int = 0, world_size: int = 1):
        with open(self.path, "a", encoding="utf-8") as out:
            for document in data:
                out.write(json.dumps({"id": document.id, "text": document.text, "metadata": document.metadata}) + "\n")
                yield document


def test_the_step_runs_in_a_datatrove_pipeline(tmp_path):
    text = "Share\n\nThe talks in Geneva ended on Monday without an agreement, officials said.\n"
    documents = [Document(text=text, id=str(n), metadata={}) for n in range(3)]
    LocalPipelineExecutor(pipeline=[documents, NewscleanStep(keep_removed=True), Collect(tmp_path / "out.jsonl")],
                          tasks=1, logging_dir=str(tmp_path / "logs")).run()
    written = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [w["text"] for w in written] == [Cleaner().clean(text).text] * 3
    assert written[0]["metadata"]["newsclean_removed"][0]["reason"] == "share.share-buttons"
