"""Fuzz every public route and query parameter: nothing a client sends may cause a 500."""

import os
from urllib.parse import quote

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.routes import fill, known_values, route_templates

pytestmark = pytest.mark.django_db

PARAMETERS = [
    "page", "q", "kind", "tag", "author", "series", "year", "preview", "sort", "topic",
    "next", "format", "month", "when", "speaker", "event", "type",
]  # fmt: skip

nasty_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "\x00",
            "%00",
            "-1",
            "0",
            "99999999999999999999",
            "1e309",
            "NaN",
            "' OR 1=1 --",
            "<script>alert(1)</script>",
            "../../etc/passwd",
            "a" * 5000,
            "%",
            "%zz",
            "%c3%28",
            "\ud7ff\ue000\U0010ffff",
            "ǅ\u202e\u200b",
            "1.5",
            " 2 ",
            "２",
            "𝟗",
            "&",
            "=",
            "+",
        ]
    ),  # fmt: skip
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)


@pytest.fixture
def urls(db):
    # Pictures change nothing a malformed request reaches; drawing them takes a while.
    call_command("seed_demo", force=True, without_pictures=True, verbosity=0)
    values = known_values()
    return [url for template in route_templates() for url in fill(template, values)]


def encode_query(pairs, raw_tail):
    query = "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in pairs)
    return f"{query}&{raw_tail}" if raw_tail else query


@settings(
    # A few hundred requests locally, so ./dev test stays quick; CI (.ci/run) sets FUZZ_EXAMPLES
    # higher and bench/fuzz.py runs 20,000 and more.
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
@given(
    data=st.data(),
    pairs=st.lists(st.tuples(st.sampled_from(PARAMETERS), nasty_text), max_size=4),
    raw_tail=st.sampled_from(["", "page=%zz", "q=%", "q=%c3%28", "page=1&page=2", "=x", "&&"]),
)
def test_no_route_or_parameter_gives_500(client, urls, data, pairs, raw_tail):
    url = data.draw(st.sampled_from(urls))
    response = client.get(url, QUERY_STRING=encode_query(pairs, raw_tail))
    assert response.status_code < 500, (url, pairs, raw_tail, response.status_code)


def test_every_route_is_fuzzed(urls):
    # The routes without parameters at least; a route left out would go unfuzzed.
    assert "/library/" in urls
    assert "/events/" in urls
    assert "/press/" in urls
