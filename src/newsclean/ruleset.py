"""YAML rules: load, validate and match.

A rule file holds a top-level ``rules:`` list. Each rule names a kind of chrome and says what
it matches::

    rules:
      - id: comments.hide-comments
        kind: comments
        description: Controls of a comment widget.
        phrases: [hide comments, show comments]     # the whole line, case/space-insensitive
        pattern: '^\\d+ comments?$'                  # RE2 syntax, searched in the line
        scope: line                                  # line | block | head | tail
        max_words: 6                                 # only lines this short
        examples:
          match: [Hide Comments]
          keep: [The senator refused to comment on the vote.]

Patterns use RE2 (linear-time matching), so no pattern can hang a run however it is
written. A file with any problem is refused as a whole, each problem named with its file,
rule id and line, so that nothing is ever cleaned with half a rule set.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import re2
import yaml

from .linecache import LineCache
from .shape import normalise_phrase, word_count

SCOPES = ("line", "block", "head", "tail")
_FIELDS = {"id", "kind", "description", "phrases", "pattern", "scope", "max_words", "examples"}
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)+$")
_KIND = re.compile(r"^[a-z][a-z0-9-]*$")


class RuleFileError(Exception):
    """One or more problems in rule files; each a line ``file:line: rule 'id': problem``."""

    def __init__(self, problems: Sequence[str]):
        super().__init__("\n".join(problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    description: str
    phrases: tuple[str, ...]
    pattern: str | None
    scope: str
    max_words: int | None
    match_examples: tuple[str, ...]
    keep_examples: tuple[str, ...]
    source: str
    line: int
    program_size: int = 0   # RE2 instructions of the compiled pattern (what it costs in memory)

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}"


def _options() -> re2.Options:
    options = re2.Options()
    options.log_errors = False  # RE2 would print parse errors to stderr itself
    return options


# Patterns are matched through RE2's FilteredRE2 (re2.Filter): it first looks for the literal
# words each pattern cannot match without, and runs only the patterns whose words are in the
# line. (An RE2::Set costs far more per call: it prepares state in proportion to the size of
# all the patterns together, on every line.) Lines are also matched only against the patterns
# that can apply to a line of their length (max_words), so long prose lines run few of them;
# lines are sorted into these length bands.
_WORD_BANDS = (8, 32, 96)

# The most RE2 instructions all patterns may compile to together. Memory and compile time grow
# with it (about 90 bytes and 3 microseconds an instruction, over the length bands): this bound
# keeps a rule set under about 700 MB and 30 s. The shipped rules use about 28,000; 10,000
# simple patterns about 5 million.
PATTERN_BUDGET = 8_000_000


class RuleSet:
    """Rules in priority order (first match wins), with fast matching of a line."""

    def __init__(self, rules: Iterable[Rule]):
        self.rules: list[Rule] = list(rules)
        self.scopes = frozenset(r.scope for r in self.rules)
        self._by_phrase: dict[str, int] = {}
        for order, rule in enumerate(self.rules):
            for phrase in rule.phrases:
                self._by_phrase.setdefault(phrase, order)
        # Longest phrase in words: a longer line cannot equal any phrase.
        self._phrase_words = max((word_count(p) for p in self._by_phrase), default=0)
        self._bands = [self._band(low) for low in (0,) + _WORD_BANDS]
        # Matches by line text: a site prints the same menus, footers and buttons on every page.
        self._seen: LineCache[str, list[Rule]] = LineCache(20_000)

    def _band(self, low: int) -> tuple[re2.Filter, list[int]] | None:
        """A compiled filter of the patterns that may match a line of more than ``low`` words."""
        orders = [order for order, rule in enumerate(self.rules)
                  if rule.pattern is not None and (rule.max_words is None or rule.max_words > low)]
        if not orders:
            return None
        patterns = re2.Filter()
        options = _options()
        try:
            for order in orders:
                patterns.Add(self.rules[order].pattern, options)
            patterns.Compile()
        except Exception as error:  # RE2 refuses patterns that together outgrow its memory budget
            raise RuleFileError([f"the {len(orders):,} patterns together cannot be compiled into one matcher "
                                 f"({error}): fewer or simpler patterns"]) from None
        return patterns, orders

    def __reduce__(self):
        # Pickled as its rules (plain data): the compiled matchers are rebuilt where it lands.
        return RuleSet, (self.rules,)

    def __len__(self) -> int:
        return len(self.rules)

    def matching(self, text: str, words: float | None = None) -> list[Rule]:
        """Every rule matching ``text`` (scope aside), in priority order.

        ``words`` is the line's :func:`~newsclean.shape.word_count`, if already known.

        >>> rs = RuleSet([make_rule("share.button", "share", phrases=["share"])])
        >>> [r.id for r in rs.matching("  • Share")]
        ['share.button']
        >>> rs.matching("Share prices fell sharply on Monday.")
        []
        """
        found = self._seen.get(text)
        if found is not None:
            return found
        if words is None:
            words = word_count(text)
        found = self._match(text, words)
        self._seen.put(text, found)
        return found

    def matching_many(self, texts: list[str], words: list[float]) -> list[list[Rule]]:
        """:meth:`matching` for many lines at once (the known ones looked up together).

        >>> rs = RuleSet([make_rule("share.button", "share", phrases=["share"])])
        >>> [[r.id for r in found] for found in rs.matching_many(["Share", "Share prices fell."], [1, 3])]
        [['share.button'], []]
        """
        found = self._seen.get_many(texts)
        for i, rules in enumerate(found):
            if rules is None:
                found[i] = rules = self._match(texts[i], words[i])
                self._seen.put(texts[i], rules)
        return found

    def _match(self, text: str, words: float) -> list[Rule]:
        orders: set[int] = set()
        if words <= self._phrase_words:
            phrase_order = self._by_phrase.get(normalise_phrase(text))
            if phrase_order is not None:
                orders.add(phrase_order)
        band = self._bands[bisect_left(_WORD_BANDS, words)]
        if band is not None:
            patterns, band_orders = band
            hits = patterns._filter.Match(text.encode(), False)  # the C call, without the wrapper's checks
            if hits:
                orders.update(band_orders[i] for i in hits)
        return [self.rules[order] for order in sorted(orders)
                if self.rules[order].max_words is None or words <= self.rules[order].max_words]

    def check_examples(self) -> list[str]:
        """Run every rule's examples; one message per example that does not behave."""
        failures = []
        for rule in self.rules:
            single = RuleSet([rule])
            for example in rule.match_examples:
                if not single.matching(example):
                    failures.append(f"{rule.where}: rule '{rule.id}': should match but does not: {example!r}")
            for example in rule.keep_examples:
                if single.matching(example):
                    failures.append(f"{rule.where}: rule '{rule.id}': should keep but matches: {example!r}")
        return failures


def default_rules_dir() -> Path:
    """The shipped rules: inside the installed package, or the source tree's ``rules/``."""
    packaged = resources.files("newsclean") / "rules"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "rules"


def default_rule_files() -> list[Path]:
    return sorted(default_rules_dir().glob("*.yaml"))


def load_rules(paths: Sequence[Path | str], *, defaults: bool = True) -> RuleSet:
    """The shipped rules (unless ``defaults`` is False) followed by the files in ``paths``.

    Raises :class:`RuleFileError` naming every problem found in any file.
    """
    files = (default_rule_files() if defaults else []) + [Path(p) for p in paths]
    problems: list[str] = []
    rules: list[Rule] = []
    seen: dict[str, Rule] = {}
    program_size = 0
    for path in files:
        for rule in _load_file(path, problems):
            if rule.id in seen:
                problems.append(f"{rule.where}: rule '{rule.id}': id already used at {seen[rule.id].where}")
                continue
            program_size += rule.program_size
            if program_size > PATTERN_BUDGET:
                problems.append(f"{rule.where}: rule '{rule.id}': the patterns up to this one need "
                                f"{program_size:,} RE2 instructions together, more than the {PATTERN_BUDGET:,} "
                                f"newsclean compiles (this one alone {rule.program_size:,}; bounded repeats "
                                f"of wide classes such as [\\p{{L}}]{{1,30}} are the costly kind): "
                                f"fewer or simpler patterns")
                break
            seen[rule.id] = rule
            rules.append(rule)
        if program_size > PATTERN_BUDGET:
            break
    if problems:
        raise RuleFileError(problems)
    return RuleSet(rules)


# libyaml's parser when PyYAML was built with it (much faster); the pure-Python one otherwise.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeLoader):
    """A safe YAML loader that remembers the line of every mapping and of its keys."""

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        mapping["__key_lines__"] = {
            key.value: key.start_mark.line + 1 for key, _ in node.value if isinstance(key, yaml.ScalarNode)
        }
        return mapping


def _first_alias(text: str) -> int | None:
    """The line of the first alias in ``text``, or None (also for text that is not YAML:
    loading it says why).

    Aliases are refused: a rule file has no use for them, and nested ones (a "billion
    laughs" file) expand into more data, and error messages, than any memory holds.

    >>> _first_alias("a: &x [1, 2]\\nb: *x\\n")
    2
    >>> _first_alias("rules: []\\n") is None
    True
    """
    try:
        for event in yaml.parse(text, Loader=_SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                return event.start_mark.line + 1
    except yaml.YAMLError:
        return None
    return None


def _load_file(path: Path, problems: list[str]) -> Iterator[Rule]:
    """The file's valid rules, parsed as they are taken (a caller that stops early parses no more)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        problems.append(f"{path}: cannot read rule file: {getattr(error, 'strerror', None) or error}")
        return
    alias = _first_alias(text)
    if alias is not None:
        problems.append(f"{path}:{alias}: YAML aliases (*name) are not allowed in rule files: write the value out")
        return
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        problems.append(f"{path}{line}: invalid YAML: {getattr(error, 'problem', None) or error}")
        return
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        problems.append(f"{path}:1: expected a top-level 'rules:' list")
        return
    for number, entry in enumerate(data["rules"], start=1):
        rule = _parse_rule(path, number, entry, data["__line__"], problems)
        if rule is not None:
            yield rule


def _parse_rule(path: Path, number: int, entry: object, file_line: int, problems: list[str]) -> Rule | None:
    if not isinstance(entry, dict):
        problems.append(f"{path}:{file_line}: rule #{number} is not a mapping of fields")
        return None
    line = entry["__line__"]
    key_lines = entry["__key_lines__"]
    rule_id = entry.get("id")
    label = f"rule '{rule_id}'" if isinstance(rule_id, str) else f"rule #{number}"
    before = len(problems)

    def problem(key: str | None, message: str) -> None:
        problems.append(f"{path}:{key_lines.get(key, line)}: {label}: {message}")

    for key in sorted((k for k in entry if not (isinstance(k, str) and k.startswith("__"))), key=str):
        if not isinstance(key, str):
            problem(str(key), f"a field name must be a word, not {type(key).__name__} {key!r} (known: "
                          f"{', '.join(sorted(_FIELDS))})")
        elif key not in _FIELDS:
            problem(key, f"unknown field '{key}' (known: {', '.join(sorted(_FIELDS))})")
    if not isinstance(rule_id, str) or not _ID.match(rule_id):
        problem("id", "'id' must be dotted lower-case words, like 'comments.hide-comments'")
    kind = entry.get("kind")
    if not isinstance(kind, str) or not _KIND.match(kind):
        problem("kind", "'kind' must be one lower-case word, like 'comments'")
    description = entry.get("description")
    if not isinstance(description, str) or not description.strip():
        problem("description", "'description' must be a sentence saying what the rule removes")

    phrases = _string_list(entry.get("phrases", []))
    if phrases is None:
        problem("phrases", _list_problem("phrases", entry.get("phrases")))
        phrases = []
    normalised = tuple(normalise_phrase(p) for p in phrases)
    if any(not p for p in normalised):
        problem("phrases", "a phrase is empty once punctuation and spaces are dropped")
    pattern = entry.get("pattern")
    program_size = 0
    if pattern is not None:
        if not isinstance(pattern, str) or not pattern:
            problem("pattern", "'pattern' must be a non-empty string")
            pattern = None
        else:
            try:
                compiled = re2.compile(pattern, _options())
            except re2.error as error:
                message = error.args[0].decode() if error.args and isinstance(error.args[0], bytes) else str(error)
                problem("pattern", f"bad pattern (RE2 syntax: no look-around or back-references): {message}")
                pattern = None
            else:
                if compiled.search("") is not None:   # '.*', '^', '(?:)': it would remove every line
                    problem("pattern", "the pattern matches an empty string, so it matches every line: "
                                       "make it require some text")
                    pattern = None
                else:
                    program_size = compiled.programsize
    if not phrases and "pattern" not in entry:
        problem(None, "needs 'phrases' or 'pattern' (or both)")

    scope = entry.get("scope", "line")
    if scope not in SCOPES:
        problem("scope", f"'scope' must be one of {', '.join(SCOPES)}")
    max_words = entry.get("max_words")
    if max_words is not None and (not isinstance(max_words, int) or isinstance(max_words, bool) or max_words < 1):
        problem("max_words", "'max_words' must be a positive whole number")

    examples = entry.get("examples", {})
    match_examples: list[str] = []
    keep_examples: list[str] = []
    if not isinstance(examples, dict):
        problem("examples", "'examples' must be a mapping with 'match' and/or 'keep' lists")
    else:
        unknown = sorted(str(k) for k in examples if not (isinstance(k, str) and k.startswith("__"))
                         and k not in ("match", "keep"))
        if unknown:
            problem("examples", f"unknown examples field(s): {', '.join(unknown)}")
        for key, bucket in (("match", match_examples), ("keep", keep_examples)):
            values = _string_list(examples.get(key, []))
            if values is None:
                problem("examples", _list_problem(f"examples.{key}", examples.get(key)))
            else:
                bucket.extend(values)

    if len(problems) > before:
        return None
    return Rule(
        id=rule_id, kind=kind, description=description.strip(), phrases=normalised,
        pattern=pattern, scope=scope, max_words=max_words,
        match_examples=tuple(match_examples), keep_examples=tuple(keep_examples),
        source=str(path), line=line, program_size=program_size,
    )


def _list_problem(name: str, value: object) -> str:
    """Say what is wrong with a field that should be a list of strings."""
    if not isinstance(value, list):
        return f"'{name}' must be a list of strings, not {type(value).__name__}"
    number, item = next((n, v) for n, v in enumerate(value, start=1) if not isinstance(v, str))
    if isinstance(item, dict):
        return (f"'{name}' item {number} must be a string, but YAML read it as a mapping "
                f"(an unquoted ': ' or a trailing ':'): put it in quotes")
    return (f"'{name}' item {number} must be a string, but YAML read {item!r} as "
            f"{type(item).__name__}: put it in quotes")


def _string_list(value: object) -> list[str] | None:
    if isinstance(value, str):
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return None
    return value


def make_rule(rule_id: str, kind: str, description: str = "", *, phrases: Sequence[str] = (),
              pattern: str | None = None, scope: str = "line", max_words: int | None = None) -> Rule:
    """A rule built in code rather than read from a file; validated the same way.

    >>> make_rule("share.button", "share", phrases=["Share"]).phrases
    ('share',)
    """
    entry = {"id": rule_id, "kind": kind, "description": description or f"{kind} rule {rule_id}",
             "phrases": list(phrases), "scope": scope, "__line__": 0, "__key_lines__": {}}
    if pattern is not None:
        entry["pattern"] = pattern
    if max_words is not None:
        entry["max_words"] = max_words
    problems: list[str] = []
    rule = _parse_rule(Path("<code>"), 1, entry, 0, problems)
    if rule is None:
        raise RuleFileError(problems)
    return rule
