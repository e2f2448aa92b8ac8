"""newsclean as a datatrove pipeline step (``pip install 'newsclean[datatrove]'``).

A second engine over the same contract: each ``Document``'s text (a page's scraped text,
or its HTML with ``html=True``) is cleaned; the document goes on with the article body as
its text and, in its metadata, the ``title``, the ``newsclean_confidence`` and the number
of blocks removed (or every removal, with ``keep_removed=True``). Its site, for learned
chrome, is its metadata's ``site``, ``domain`` or ``url`` host, as for a JSON Lines record.
A document left empty is dropped (``drop_empty=False`` keeps it)::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from newsclean.datatrove import NewscleanStep

    LocalPipelineExecutor(pipeline=[JsonlReader("crawl/"), NewscleanStep(store="chrome.sqlite"),
                                    JsonlWriter("clean/")], tasks=16).run()

The store (learned first with ``newsclean learn``) is opened by its path in each task.
"""
from __future__ import annotations

from datatrove.pipeline.base import PipelineStep


class NewscleanStep(PipelineStep):
    name = "🧹 newsclean"
    type = "🛢 - EXTRAC"

    def __init__(self, store: str | None = None, *, html: bool = False, keep_removed: bool = False,
                 drop_empty: bool = True, settings=None):
        super().__init__()
        self.store = str(store) if store is not None else None
        self.html = html
        self.keep_removed = keep_removed
        self.drop_empty = drop_empty
        self.settings = settings
        self._cleaner = None

    def cleaner(self):
        """The cleaner of this task, built when first needed (a step is pickled to its tasks)."""
        if self._cleaner is None:
            from .pipeline import Cleaner
            from .settings import DEFAULT_SETTINGS
            from .store import Store

            self._cleaner = Cleaner(settings=self.settings or DEFAULT_SETTINGS,
                                    store=Store.open(self.store) if self.store else None)
        return self._cleaner

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_cleaner"] = None   # each task builds its own
        return state

    def run(self, data, rank: int = 0, world_size: int = 1):
        from .io import site_of_record

        cleaner = self.cleaner()
        for document in data:
            self.stat_update("documents")
            with self.track_time():
                result = cleaner.clean(document.text, site=site_of_record(document.metadata), html=self.html)
            document.text = result.text
            document.metadata["title"] = result.title
            document.metadata["newsclean_confidence"] = result.confidence
            document.metadata["newsclean_removed"] = result.removed if self.keep_removed else len(result.removed)
            if self.drop_empty and not result.text.strip():
                self.stat_update("dropped_empty")
                continue
            self.stat_update("kept")
            yield document
