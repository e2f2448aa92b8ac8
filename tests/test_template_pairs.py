"""Template discovery's pair counting in arrays (newsclean.template_pairs) against the plain
page-at-a-time count it replaces: the same components on any pages, in any batches."""
from __future__ import annotations

from collections import defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsclean import template_pairs
from newsclean.template_pairs import linked_components


def counted_a_pair_at_a_time(pages, weights, rank, min_weight, min_share, anchors):
    """Each page's component (its smallest page), counting shared weight a pair at a time."""
    postings = defaultdict(list)
    for page, forms in enumerate(pages):
        for form in forms:
            postings[form].append(page)
    partners = {form: sorted(members, key=rank.__getitem__)[:anchors] for form, members in postings.items()
                if len(members) > 1}
    own = [sum(weights[f] for f in forms) for forms in pages]
    parent = list(range(len(pages)))

    def root(x):
        while parent[x] != x:
            x = parent[x]
        return x

    for page, forms in enumerate(pages):
        shared = defaultdict(float)
        for form in forms:
            for other in partners.get(form, ()):
                shared[other] += weights[form]
        shared.pop(page, None)
        for other, value in shared.items():
            if value >= min_weight and value >= min_share * min(own[page], own[other]):
                a, b = root(page), root(other)
                parent[max(a, b)] = min(a, b)
    return [root(page) for page in range(len(pages))]


def as_arrays(pages):
    forms, ends = [], []
    for page in pages:
        forms.extend(sorted(page))
        ends.append(len(forms))
    return forms, ends


drawn_pages = st.integers(1, 30).flatmap(lambda count: st.tuples(
    st.lists(st.frozensets(st.integers(0, 11), max_size=9), min_size=count, max_size=count),
    st.permutations(range(count)),
    st.lists(st.sampled_from([0.25, 0.5, 0.75, 1.0]), min_size=12, max_size=12),
    st.sampled_from([0.5, 1.0, 2.0]), st.sampled_from([0.0, 0.3, 0.8]), st.integers(1, 6)))


@settings(max_examples=150, deadline=None)
@given(drawn_pages, st.sampled_from([(1, 1), (7, 5), (1 << 19, 1 << 20)]))
def test_components_are_those_of_counting_a_pair_at_a_time(drawn, budgets):
    pages, rank, weights, min_weight, min_share, anchors = drawn
    expected = counted_a_pair_at_a_time(pages, weights, rank, min_weight, min_share, anchors)
    forms, ends = as_arrays(pages)
    with pytest.MonkeyPatch.context() as patch:   # tiny budgets: many batches, tables of one row
        patch.setattr(template_pairs, "_PAIRS", budgets[0])
        patch.setattr(template_pairs, "_CELLS", budgets[1])
        found = linked_components(forms, ends, weights, rank, min_weight=min_weight, min_share=min_share,
                                  anchors=anchors).tolist()
    assert found == expected


def test_a_chain_of_pages_is_one_component():
    # page i shares forms i and i+1 with its neighbours only: linked end to end
    pages = [frozenset({i, i + 1}) for i in range(40)]
    forms, ends = as_arrays(pages)
    found = linked_components(forms, ends, [1.0] * 41, list(range(40)), min_weight=1.0, min_share=0.0, anchors=50)
    assert found.tolist() == [0] * 40


def test_pages_sharing_too_little_stay_apart():
    pages = [frozenset({0, 1, 2, 3}), frozenset({0, 4, 5, 6}), frozenset()]
    forms, ends = as_arrays(pages)
    found = linked_components(forms, ends, [1.0] * 7, [2, 0, 1], min_weight=2.0, min_share=0.3, anchors=50)
    assert found.tolist() == [0, 1, 2]
