"""Reads the library's views, feeds and the site-wide search share.

Every function starts from ``Article.objects.published()`` unless given a queryset that did.
"""

import html
import re
from dataclasses import dataclass
from functools import reduce
from operator import and_

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import mark_safe
from taggit.models import Tag, TaggedItem

from articles.models import MEMBERS_ONLY, Article, Series

MAX_QUERY_LENGTH = 200
# Ranking every match of a word nearly every item contains ("customer") means reading and
# scoring the whole table; ranks are computed among this many most recent matches instead.
MAX_SEARCH_CANDIDATES = 500
RELATED_CANDIDATES = 30
MAX_QUERY_WORDS = 12
# Typo corrections: the lowest trigram similarity accepted (pg_trgm's default threshold).
MIN_SIMILARITY = 0.3

# ts_headline marks matches with these; they are turned into <mark> after escaping the rest.
_START, _STOP = "\x02", "\x03"


def query_words(query: str) -> list[str]:
    """The words of a reader's query: letters and digits only, so no tsquery syntax gets in."""
    query = (query or "").replace("\x00", "")[:MAX_QUERY_LENGTH].lower()
    return [word[:64] for word in re.findall(r"[^\W_]+", query)][:MAX_QUERY_WORDS]


def build_search_query(words: list[str]) -> SearchQuery | None:
    """Every word must match (stemmed, English); the last one may be a prefix of a word.

    A stemmed prefix misses ("engageme" stems to "engagem", not a prefix of "engag"), so the
    last word also matches as an unstemmed prefix of the title's words.
    """
    if not words:
        return None
    *head, last = words
    last_query = SearchQuery(f"{last}:*", config="english", search_type="raw") | SearchQuery(
        f"{last}:*", config="simple", search_type="raw"
    )
    parts = [SearchQuery(word, config="english", search_type="raw") for word in head]
    return reduce(and_, [*parts, last_query])


def search_articles(query: str, queryset: QuerySet | None = None) -> QuerySet:
    """Published items matching ``query``, best first, annotated with ``rank`` and ``headline``.

    ``headline`` is a snippet of the summary and body with the matches marked; render it with
    ``highlight()`` (or the ``articles_tags.highlight`` filter), which escapes the rest. The
    ranked set is the ``MAX_SEARCH_CANDIDATES`` most recent matches (all of them, unless the
    words are very common).
    """
    queryset = Article.objects.published() if queryset is None else queryset
    search_query = build_search_query(query_words(query))
    if search_query is None:
        return queryset.none()
    candidates = search_candidates(search_query, queryset)
    # ts_headline's parser leaves the body's HTML tags out of the snippet. A members-only
    # item's snippet is cut from its public text (summary and teaser), never its body: the
    # results page is the same for every reader and may be cached.
    text = Case(
        When(
            MEMBERS_ONLY,
            then=Concat(F("summary"), Value(" … "), F("preview_html"), output_field=TextField()),
        ),
        default=Concat(F("summary"), Value(" … "), F("body"), output_field=TextField()),
        output_field=TextField(),
    )
    return (
        queryset.filter(pk__in=candidates)
        .annotate(
            rank=SearchRank(F("search_vector"), search_query),
            headline=SearchHeadline(
                text,
                search_query,
                config="english",
                start_sel=_START,
                stop_sel=_STOP,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .order_by("-rank", "-published_at", "-id")
    )


def search_candidates(search_query: SearchQuery, queryset: QuerySet) -> QuerySet:
    """The ids of the most recent matches, at most ``MAX_SEARCH_CANDIDATES`` of them."""
    return (
        queryset.filter(search_vector=search_query)
        .order_by("-published_at", "-id")
        .values("pk")[:MAX_SEARCH_CANDIDATES]
    )


def count_matches(query: str, queryset: QuerySet | None = None) -> int:
    """How many items ``search_articles`` ranks for ``query`` (capped, so always cheap)."""
    queryset = Article.objects.published() if queryset is None else queryset
    search_query = build_search_query(query_words(query))
    if search_query is None:
        return 0
    # Unordered, so that the planner may stop at the cap or use the GIN index, whichever is
    # cheaper; the count is the same.
    matches = queryset.filter(search_vector=search_query).order_by().values("pk")
    return matches[:MAX_SEARCH_CANDIDATES].count()


def highlight(headline: str | None) -> str:
    """A headline as safe HTML: everything escaped, the matches in <mark>."""
    if not headline:
        return ""
    text = escape(" ".join(html.unescape(headline).split()))
    return mark_safe(text.replace(_START, "<mark>").replace(_STOP, "</mark>"))  # noqa: S308


SENTENCE_ENDS = (".", "!", "?", "…", ":", ";", "”", '"', ")")
_TAG = re.compile(r"<[^>]*>")


def snippet(article) -> str:
    """The search headline of ``article`` as safe HTML, with an ellipsis wherever it starts
    or stops inside a sentence of the item's text (PostgreSQL cuts it between words, and says
    nothing of what it left out)."""
    headline = getattr(article, "headline", None)
    if not headline:
        return ""
    text = " ".join(html.unescape(headline).split())
    plain = text.replace(_START, "").replace(_STOP, "")
    source = " ".join(html.unescape(_TAG.sub(" ", f"{article.summary} … {article.body}")).split())
    fragments = plain.split(" … ")
    first, last = fragments[0], fragments[-1]
    start = source.find(first)
    if start < 0:  # the texts differ in some way: judge by the snippet alone
        leading = first[:1].islower()
    else:
        leading = start > 0 and not source[:start].rstrip().endswith(SENTENCE_ENDS)
    end = source.rfind(last)
    rest = source[end + len(last) :].strip() if end >= 0 else ""
    ending = ""
    if end < 0:
        ending = "" if last.endswith(SENTENCE_ENDS) else " …"
    elif rest and all(character in "".join(SENTENCE_ENDS) for character in rest):
        ending = escape(rest)  # only the closing full stop was left out: put it back
    elif rest and not last.endswith(SENTENCE_ENDS):
        ending = " …"
    marked = escape(text).replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(  # noqa: S308 - escaped above; only our own <mark> tags are added
        ("… " if leading else "") + marked + ending
    )


_CORRECTION_SQL = """
SELECT q.w, best.word
FROM unnest(%s::text[]) WITH ORDINALITY AS q(w, i)
CROSS JOIN LATERAL (
    SELECT ARRAY(SELECT DISTINCT substr('  ' || q.w || ' ', g, 3)
                 FROM generate_series(1, length(q.w) + 1) AS g)::varchar[] AS tri
) AS t
LEFT JOIN LATERAL (
    SELECT tw.word, s.shared::float
        / (cardinality(tw.trigrams) + cardinality(t.tri) - s.shared) AS sim
    FROM articles_titleword AS tw
    CROSS JOIN LATERAL (
        SELECT count(*) AS shared
        FROM (SELECT unnest(tw.trigrams) INTERSECT SELECT unnest(t.tri)) AS x
    ) AS s
    WHERE tw.trigrams && t.tri
      AND length(tw.word) BETWEEN length(q.w) - 2 AND length(q.w) + 2
    ORDER BY sim DESC, tw.word
    LIMIT 1
) AS best ON best.sim >= %s
ORDER BY q.i
"""


def correct_query(query: str) -> str | None:
    """The query with each word replaced by the most similar title word, or None if unchanged.

    Similarity is pg_trgm's (shared trigrams over all trigrams), computed in plain SQL over the
    ``TitleWord`` lexicon, so it behaves the same on a server without the extension.
    """
    words = query_words(query)
    candidates = [w for w in words if len(w) >= 3 and not w.isdigit()]
    if not candidates:
        return None
    with connection.cursor() as cursor:
        cursor.execute(_CORRECTION_SQL, [candidates, MIN_SIMILARITY])
        best = {word: match for word, match in cursor.fetchall() if match}
    corrected = [best.get(word, word) for word in words]
    return " ".join(corrected) if corrected != words else None


@dataclass
class SearchResult:
    """What a search page shows: the ranked results, how many, and the typo fix if any."""

    query: str
    results: QuerySet
    count: int = 0
    corrected_query: str | None = None

    @property
    def capped(self) -> bool:
        """More items match than are ranked (see ``MAX_SEARCH_CANDIDATES``)."""
        return self.count >= MAX_SEARCH_CANDIDATES


def search_with_correction(query: str, queryset: QuerySet | None = None) -> SearchResult:
    """``search_articles``; when nothing matches, the same search with typos corrected.

    ``count`` is computed here once, so a paginator can reuse it.
    """
    query = (query or "").replace("\x00", "")[:MAX_QUERY_LENGTH].strip()
    results = search_articles(query, queryset)
    if not query_words(query):
        return SearchResult(query=query, results=results)
    count = count_matches(query, queryset)
    if count == 0:
        corrected = correct_query(query)
        if corrected:
            fixed = search_articles(corrected, queryset)
            fixed_count = count_matches(corrected, queryset)
            if fixed_count:
                return SearchResult(query, fixed, fixed_count, corrected_query=corrected)
    return SearchResult(query=query, results=results, count=count)


def related_articles(article: Article, *, limit: int = 3) -> list[Article]:
    """Published items sharing the most tags with ``article`` (newest first among equals).

    Shared tags are counted on the tag links alone and only the best candidates are fetched and
    checked for visibility (one query), so the cost does not grow with the whole library.
    """
    tag_ids = [tag.pk for tag in article.tags.all()]
    if not tag_ids:
        return []
    links = TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(Article), tag_id__in=tag_ids
    )
    best = (
        links.exclude(object_id=article.pk)
        .values("object_id")
        .annotate(shared=Count("id"))
        .order_by("-shared", "-object_id")
        .values("object_id")[:RELATED_CANDIDATES]
    )
    shared = links.filter(object_id=OuterRef("pk")).values("object_id").annotate(n=Count("id"))
    return list(
        Article.objects.published()
        .filter(pk__in=best)
        .annotate(shared=Subquery(shared.values("n")))
        .order_by("-shared", "-published_at", "-id")
        .only("title", "slug", "kind", "summary", "published_at")[:limit]
    )


@dataclass
class SeriesNavigation:
    series: Series
    parts: list[Article]
    index: int | None  # 1-based place of the current item among the published parts

    @property
    def total(self) -> int:
        return len(self.parts)

    @property
    def previous(self) -> Article | None:
        if self.index is None or self.index < 2:
            return None
        return self.parts[self.index - 2]

    @property
    def next(self) -> Article | None:
        if self.index is None or self.index >= self.total:
            return None
        return self.parts[self.index]


def published_parts(series: Series | int) -> QuerySet:
    """The published parts of a series (or of the series with this id), in part order: the
    order "Part 2 of 3" counts in, on the read page and in PDFs."""
    return Article.objects.published().filter(series=series).order_by("part_number", "published_at")


def series_parts(series: Series) -> list[Article]:
    """The published parts of a series, in part order."""
    return list(
        published_parts(series).only(
            "title", "slug", "kind", "part_number", "published_at", "series_id"
        )
    )


def series_place(article_id: int, series_id: int) -> tuple[int | None, int]:
    """(place of the item among its series' published parts, 1-based, or None when it is not
    one of them; how many there are), in one query of ids."""
    ids = list(published_parts(series_id).values_list("pk", flat=True))
    return (ids.index(article_id) + 1 if article_id in ids else None), len(ids)


def series_navigation(article: Article) -> SeriesNavigation | None:
    if article.series_id is None:
        return None
    parts = series_parts(article.series)
    ids = [part.pk for part in parts]
    index = ids.index(article.pk) + 1 if article.pk in ids else None
    return SeriesNavigation(series=article.series, parts=parts, index=index)


def published_tags() -> QuerySet:
    """Tags of published items only: a draft's tags are not shown to the public.

    One EXISTS per tag (it stops at the first published item) rather than a join of every
    tagged item with every item. Tags are django-taggit's model, so the rule lives here
    rather than on a queryset of ours.
    """
    return Tag.objects.filter(
        Exists(Article.objects.published().filter(tags=OuterRef("pk")))
    ).order_by("name")
