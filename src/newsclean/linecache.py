"""A bounded cache for results computed from a line's text.

A site prints the same menus, footers and buttons on every page, so in a folder of pages
most short lines have been seen before, while the article's lines are new on every page.
Emptying a full cache would throw away the recurring lines with the rest; this one keeps
two generations instead: when the young one is full it becomes the old one, and a line
found in the old one moves back to the young one. Lines in use stay; memory is bounded by
two generations, each of at most ``size`` lines and ``max_chars`` characters of them (the
article lines of a stream of long pages are many and long). Results never depend on the cache.

>>> cache = LineCache(2)
>>> cache.put("Home", 1); cache.put("News", 2); cache.put("Sport", 3)   # "Home", "News" now old
>>> cache.get("Home"), cache.get("Weather")
(1, None)
"""
from __future__ import annotations

from typing import Generic, Hashable, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class LineCache(Generic[K, V]):
    def __init__(self, size: int, max_chars: int = 2_000_000):
        self.size = size
        self.max_chars = max_chars
        self.young: dict[K, V] = {}
        self.old: dict[K, V] = {}
        self.chars = 0   # of the young generation's lines

    def _turn(self) -> None:
        self.old, self.young = self.young, {}
        self.chars = 0

    def get(self, key: K) -> V | None:
        value = self.young.get(key)
        if value is None:
            value = self.old.get(key)
            if value is not None:
                self.put(key, value)
        return value

    def get_many(self, keys: list[K]) -> list[V | None]:
        """``get`` for each key; the young generation is looked up at C speed."""
        found = list(map(self.young.get, keys))
        if self.old:
            old = self.old.get
            for i, value in enumerate(found):
                if value is None:
                    value = old(keys[i])
                    if value is not None:
                        found[i] = value
                        self.put(keys[i], value)
        return found

    def put_many(self, keys: list[K], values: list[V]) -> None:
        """``put`` for each pair (the young generation turns old, if it must, before them all).

        >>> cache = LineCache(3)
        >>> cache.put_many(["Home", "News"], [1, 2]); cache.put_many(["Sport", "Weather"], [3, 4])
        >>> cache.get("Home"), cache.get("Weather"), len(cache.young)
        (1, 4, 3)
        >>> cache.put_many(list("abcdefgh"), list(range(8))); sorted(cache.young), len(cache.old)
        (['f', 'g', 'h'], 3)
        """
        if len(keys) > self.size:   # a document of more lines than the cache holds: its last ones
            keys, values = keys[-self.size:], values[-self.size:]
        chars = sum(map(len, keys))
        if len(self.young) + len(keys) > self.size or self.chars + chars > self.max_chars:
            self._turn()
        self.young.update(zip(keys, values))
        self.chars += chars

    def put(self, key: K, value: V) -> None:
        """(A bound of characters counts the key's length: keys are lines.)

        >>> cache = LineCache(100, max_chars=10)
        >>> cache.put("Home", 1); cache.put("Weather", 2)   # 11 characters: turned before "Weather"
        >>> cache.put("Sport", 3)                            # ...and again before "Sport"
        >>> sorted(cache.young), sorted(cache.old)
        (['Sport'], ['Weather'])
        """
        if len(self.young) >= self.size or self.chars + len(key) > self.max_chars:
            self._turn()
        self.young[key] = value
        self.chars += len(key)
