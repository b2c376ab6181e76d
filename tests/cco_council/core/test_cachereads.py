"""The read-ahead of cache entries every page reads: one round trip, then answers from it."""

import pytest
from django.core.cache import cache

from cco_council.core import cachereads

pytestmark = pytest.mark.django_db  # the cache is the database's without REDIS_URL

FIRST, SECOND = "test-cachereads:first", "test-cachereads:second"


@pytest.fixture
def registered():
    for key in (FIRST, SECOND):
        cachereads.read_on_every_page(key)
    yield
    for key in (FIRST, SECOND):
        cachereads._keys.remove(key)
        cache.delete(key)


def test_the_first_read_of_a_registered_key_reads_them_all(registered):
    cache.set_many({FIRST: "one", SECOND: "two"})
    with cachereads.read_ahead():
        first = cachereads.get(FIRST)
        cache.delete(SECOND)  # as another server might: this request already read it
        second = cachereads.get(SECOND)

    assert (first, second) == ("one", "two")
    assert cachereads.get(SECOND) is None  # outside a request's read-ahead: the cache itself


def test_nothing_is_read_before_a_registered_key_is_asked_for(registered):
    with cachereads.read_ahead():
        cache.set(SECOND, "set after the request began")
        second = cachereads.get(SECOND)

    assert second == "set after the request began"


def test_what_the_request_sets_or_deletes_is_what_it_reads_next(registered):
    cache.set(FIRST, "old")
    with cachereads.read_ahead():
        assert cachereads.get(FIRST) == "old"
        cache.set(FIRST, "new")
        cachereads.remember(FIRST, "new")
        after_set = cachereads.get(FIRST)
        cache.delete(FIRST)
        cachereads.forget(FIRST)
        after_delete = cachereads.get(FIRST)

    assert (after_set, after_delete) == ("new", None)


def test_keys_a_page_asks_for_first_come_with_the_registered_ones(registered):
    cache.set_many({FIRST: "one", "test-cachereads:own": "mine"})
    with cachereads.read_ahead():
        own = cachereads.get_many(["test-cachereads:own", "test-cachereads:missing"])
        cache.delete(FIRST)  # read already, in the same round trip
        first = cachereads.get(FIRST)
    cache.delete("test-cachereads:own")

    assert own == {"test-cachereads:own": "mine"}
    assert first == "one"
