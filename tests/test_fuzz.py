"""Random input to the command (issue 13): random bytes as a text, page or JSON Lines file,
random JSON Lines records, random YAML rule files. Whatever comes in, the command ends with
a documented exit code (0, 1 or 2), no traceback and no "internal error", within a deadline.

The suite runs a few dozen examples of each; ``make fuzz`` runs many more
(NEWSCLEAN_FUZZ_EXAMPLES, default there 2,000).
"""
from __future__ import annotations

import json
import os
from datetime import timedelta

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsclean.cli import cli

EXAMPLES = int(os.environ.get("NEWSCLEAN_FUZZ_EXAMPLES", "30"))
FUZZ = settings(max_examples=EXAMPLES, deadline=timedelta(seconds=20), derandomize=EXAMPLES <= 30,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])
WORDS = ["The", "storm", "hit", "the", "coast", "Share", "Home", "Read more", "Advertisement", "said", ".",
         "<p>", "</p>", "<div>", "<a href='/x'>", "</a>", "<script>", "&amp;", "\u2028", "\r", "\n", "\n\n", "\t",
         "\x00", "\ufeff", "é", "中文", "{", "}", "[", "]", '"', ":", ","]


def run(*args, input=None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)


def assert_ends_well(result) -> None:
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.stderr[-500:])
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr[-500:]


texty = st.lists(st.sampled_from(WORDS), max_size=200).map(" ".join)
noise = st.one_of(st.binary(max_size=4000), texty.map(lambda t: t.encode("utf-8", "surrogatepass")))


@FUZZ
@given(data=noise, suffix=st.sampled_from([".txt", ".html", ".jsonl", ".txt.gz", ".json"]))
def test_random_bytes_as_a_file(tmp_path_factory, data, suffix):
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / f"input{suffix}"
    path.write_bytes(data)
    assert_ends_well(run("clean", path, "-o", folder / "out"))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20)
records = st.dictionaries(st.sampled_from(["text", "html", "site", "url", "domain", "id", "x"]),
                          json_values | texty, max_size=5)


@FUZZ
@given(lines=st.lists(records.map(json.dumps) | texty, max_size=12))
def test_random_json_lines_on_standard_input(lines):
    assert_ends_well(run("clean", "-", "--format", "jsonl", input="\n".join(lines).encode("utf-8", "surrogatepass")))


yaml_scalars = st.one_of(st.text(max_size=30), st.integers(), st.booleans(), st.none(),
                         st.sampled_from(["'.*'", "'^'", "'(?:'", "'[a-z]+'", "*x", "&x a", "~", "!!binary eHg="]))
rule_fields = st.dictionaries(st.sampled_from(["id", "kind", "description", "pattern", "phrases", "examples",
                                               "scope", "max_words", "1", "__line__"]),
                              yaml_scalars | st.lists(yaml_scalars, max_size=3), max_size=7)


def as_yaml(rules: list[dict]) -> str:
    lines = ["rules:"]
    for rule in rules:
        lines.append("  -")
        for key, value in rule.items():
            lines.append(f"    {key}: {json.dumps(value) if not isinstance(value, str) else value}")
    return "\n".join(lines) + "\n"


@FUZZ
@given(rules=st.lists(rule_fields, max_size=4), raw=st.booleans(), junk=texty)
def test_random_rule_files(tmp_path_factory, rules, raw, junk):
    path = tmp_path_factory.mktemp("rules") / "rules.yaml"
    path.write_text(junk if raw else as_yaml(rules), encoding="utf-8", errors="surrogatepass")
    for command in (("rules", "check", path), ("clean", "-", "--rules", path)):
        assert_ends_well(run(*command, input="The storm hit the coast on Monday.\n"))
