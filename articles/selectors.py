"""Reads the library's views, feeds and the site-wide search share.

Every function starts from ``Article.objects.published()`` unless given a queryset that did.
"""

import datetime
import html
import json
import re
import zoneinfo
from dataclasses import dataclass
from functools import reduce
from operator import and_

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import (
    Case,
    Exists,
    F,
    OuterRef,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from taggit.models import Tag

from articles.models import (
    _BY_AUTHOR_SQL,
    _BYLINE_SQL,
    _TAGS_SQL,
    LISTING_FIELDS,
    MEMBERS_ONLY,
    Article,
    Author,
    Exchange,
    Facet,
    Series,
)
from cco_council.core.addresses import SlugUrls
from cco_council.core.models import published_sql
from cco_council.core.rows import fetch_instances, from_json, json_object_sql

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


# One statement for a page of results over the whole library: the most recent matches
# (at most MAX_SEARCH_CANDIDATES, read once), how many, and the page of them ranked, with
# their headlines. The total comes back even for a page past the end.
_RANKED_PAGE_SQL = """
WITH candidates AS MATERIALIZED (
    SELECT a.id, a.published_at FROM articles_article a
    WHERE {published} {condition} AND a.search_vector @@ ({tsquery})
    ORDER BY a.published_at DESC, a.id DESC
    LIMIT %s
)
SELECT total.n, page.id, page.headline, page.body
FROM (SELECT count(*) AS n FROM candidates) AS total
LEFT JOIN LATERAL (
    SELECT ranked.id, a.body,
           -- A members-only item's snippet comes from its public text (MEMBERS_ONLY).
           ts_headline('english', a.summary || ' … ' || CASE
                           WHEN a.members_only OR coalesce(s.members_only, false)
                           THEN a.preview_html ELSE a.body END,
                       ({tsquery}), %s) AS headline
    FROM (
        SELECT c.id, c.published_at, ts_rank(a.search_vector, ({tsquery})) AS rank
        FROM candidates c JOIN articles_article a ON a.id = c.id
        ORDER BY rank DESC, c.published_at DESC, c.id DESC
        LIMIT %s OFFSET %s
    ) AS ranked
    JOIN articles_article a ON a.id = ranked.id
    LEFT JOIN articles_series s ON s.id = a.series_id
    ORDER BY ranked.rank DESC, ranked.published_at DESC, ranked.id DESC
) AS page ON true
"""
_HEADLINE_OPTIONS = {
    "StartSel": _START,
    "StopSel": _STOP,
    "MaxWords": 35,
    "MinWords": 15,
    "MaxFragments": 2,
    "FragmentDelimiter": " … ",
}


def _tsquery_sql(words: list[str]) -> tuple[str, list[str]]:
    """``build_search_query(words)`` as SQL: every word stemmed, the last also a prefix."""
    *head, last = words
    parts = ["to_tsquery('english'::regconfig, %s)" for _ in head]
    parts.append("(to_tsquery('english'::regconfig, %s) || to_tsquery('simple'::regconfig, %s))")
    return " && ".join(parts), [*head, f"{last}:*", f"{last}:*"]


def _ranked_page(
    words: list[str], *, offset: int, limit: int, facet=("all", "")
) -> tuple[int, list[Article]]:
    tsquery, query_params = _tsquery_sql(words)
    condition, facet_params = _facet_condition(*facet)
    published, published_params = published_sql("a")
    options = ", ".join(
        connection.ops.compose_sql(f"{name}=%s", [value])
        for name, value in _HEADLINE_OPTIONS.items()
    )
    # The query is written out where it is used (not once in a WITH): the planner then knows
    # how common its words are and picks the index that suits them.
    sql = _RANKED_PAGE_SQL.format(tsquery=tsquery, published=published, condition=condition)
    params = [
        *published_params,
        *facet_params,
        *query_params,
        MAX_SEARCH_CANDIDATES,
        *query_params,
        options,
        *query_params,
        limit,
        offset,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    total = rows[0][0] if rows else 0
    found = {pk: (headline, body) for _total, pk, headline, body in rows if pk is not None}
    items = listing(list(found))
    for item in items:
        # The snippet (``snippet()``) reads the body to mark where the headline cuts.
        item.headline, item.body = found[item.pk]
    return total, items


def search_page(
    query: str, *, page: int = 1, per_page: int = 20, facet=("all", "")
) -> SearchResult:
    """One page of ``search_with_correction(query, items)`` where the items are the whole
    library or one facet of it (``facet``: a kind, tag, author, series or year, as
    ``facet_page_ids`` reads it): the same matches, ranks, headlines and typo fix, in one
    statement (two with a fix) and the page's entries by ``listing()``; ``results`` is that
    page's list of items."""
    query = (query or "").replace("\x00", "")[:MAX_QUERY_LENGTH].strip()
    words = query_words(query)
    if not words:
        return SearchResult(query=query, results=[])
    offset = (page - 1) * per_page
    count, items = _ranked_page(words, offset=offset, limit=per_page, facet=facet)
    if count == 0:
        corrected = correct_query(query)
        if corrected:
            fixed_count, fixed = _ranked_page(
                query_words(corrected), offset=offset, limit=per_page, facet=facet
            )
            if fixed_count:
                return SearchResult(query, fixed, fixed_count, corrected_query=corrected)
    return SearchResult(query=query, results=items, count=count)


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


_SERIES_WITH_PARTS_SQL = """
SELECT s.*,
       ARRAY(SELECT a.id FROM articles_article a WHERE a.series_id = s.id AND {parts}
             ORDER BY a.part_number, a.published_at) AS part_ids
FROM articles_series s WHERE s.slug = %s
"""  # noqa: S608 - no input in the text; every value is a parameter


def series_with_parts(slug: str, *, preview: bool = False) -> Series | None:
    """The series at ``slug`` (or None) with ``part_list``: its published parts (every part, for a
    shared ``preview``) in the order ``published_parts()`` gives, as list entries
    (``listing()``). Two statements, whatever the number of parts; the ORM's version of the
    parts' query cost more to compile than the page's markup."""
    parts, params = ("TRUE", []) if preview else published_sql("a")
    found = fetch_instances(Series, _SERIES_WITH_PARTS_SQL.format(parts=parts), [*params, slug])
    if not found:
        return None
    series = found[0]
    series.part_list = listing(series.part_ids)
    return series


def series_place(article_id: int, series_id: int) -> tuple[int | None, int]:
    """(place of the item among its series' published parts, 1-based, or None when it is not
    one of them; how many there are), in one query of ids."""
    ids = list(published_parts(series_id).values_list("pk", flat=True))
    return (ids.index(article_id) + 1 if article_id in ids else None), len(ids)


def _series_navigation(article: Article, parts: list[Article]) -> SeriesNavigation | None:
    if article.series_id is None:
        return None
    ids = [part.pk for part in parts]
    index = ids.index(article.pk) + 1 if article.pk in ids else None
    return SeriesNavigation(series=article.series, parts=parts, index=index)


# Every column of an item but its search vector (large, and for the database's eyes only).
_ITEM_COLUMNS = ", ".join(
    f"articles_article.{field.column}"
    for field in Article._meta.concrete_fields
    if field.name != "search_vector"
)
_PART_COLUMNS = ", ".join(
    f"'{name}', p.{name}" for name in ("id", "title", "slug", "kind", "part_number", "published_at")
)
_RELATED_COLUMNS = ", ".join(
    f"'{name}', r.{name}" for name in ("id", "title", "slug", "kind", "summary", "published_at")
)
_READ_SQL = f"""
SELECT {_ITEM_COLUMNS},
       (SELECT {json_object_sql(Series, "s")} FROM articles_series s
        WHERE s.id = articles_article.series_id) AS series_data,
       (SELECT {json_object_sql(Author, "i", exclude=("bio",))} FROM articles_author i
        WHERE i.id = articles_article.interviewer_id) AS interviewer_data,
       (SELECT jsonb_agg({json_object_sql(Author, "au", exclude=("bio",))}
               ORDER BY aa.position, aa.id)
        FROM articles_articleauthor aa JOIN articles_author au ON au.id = aa.author_id
        WHERE aa.article_id = articles_article.id) AS authors_data,
       (SELECT jsonb_agg(jsonb_build_object('id', t.id, 'name', t.name, 'slug', t.slug)
               ORDER BY ti.id)
        FROM taggit_taggeditem ti JOIN taggit_tag t ON t.id = ti.tag_id
        WHERE ti.object_id = articles_article.id AND ti.content_type_id = %s) AS tags_data,
       (SELECT jsonb_agg(jsonb_build_array(e.speaker, e.text) ORDER BY e.position, e.id)
        FROM articles_exchange e WHERE e.article_id = articles_article.id) AS exchanges_data,
       -- the series' published parts, in the order "Part 2 of 3" counts them
       (SELECT jsonb_agg(jsonb_build_object({_PART_COLUMNS})
               ORDER BY p.part_number, p.published_at)
        FROM articles_article p
        WHERE p.series_id = articles_article.series_id AND {{parts_published}}) AS parts_data,
       -- published items sharing the most tags with it (newest first among equals): shared
       -- tags counted on the tag links alone, only the best candidates checked for visibility
       (SELECT jsonb_agg(jsonb_build_object({_RELATED_COLUMNS})
               ORDER BY r.shared DESC, r.published_at DESC, r.id DESC)
        FROM (SELECT a.*, best.shared FROM (
                SELECT object_id, count(*) AS shared FROM taggit_taggeditem
                WHERE content_type_id = %s AND object_id <> articles_article.id AND tag_id IN (
                    SELECT tag_id FROM taggit_taggeditem
                    WHERE content_type_id = %s AND object_id = articles_article.id)
                GROUP BY object_id
                ORDER BY shared DESC, object_id DESC
                LIMIT %s) AS best
              JOIN articles_article a ON a.id = best.object_id
              WHERE {{related_published}}
              ORDER BY best.shared DESC, a.published_at DESC, a.id DESC
              LIMIT %s) AS r) AS related_data
FROM articles_article
WHERE articles_article.slug = %s
"""  # noqa: S608 - column names from the models; every value is a parameter


@dataclass
class TurnToRead:
    """One exchange of a conversation as its read page shows it: a long conversation has forty,
    and a model instance each cost more than the rest of the page."""

    speaker: str
    text: str
    speaker_name: str = ""  # who speaks, as the page names them

    @property
    def is_interviewer(self) -> bool:
        return self.speaker == Exchange.Speaker.INTERVIEWER


@dataclass
class ItemToRead:
    """An item with everything its read page shows, from one statement."""

    article: Article
    authors: list[Author]
    tags: list[Tag]
    exchanges: list[TurnToRead]
    series_nav: SeriesNavigation | None
    related: list[Article]


def item_to_read(slug: str, *, preview: bool = False, related: int = 3) -> ItemToRead | None:
    """The published item at ``slug`` (any item, for an editor's ``preview``), or None.

    The item, its series and interviewer, authors in byline order, tags, exchanges, the
    series' published parts and up to ``related`` published related items come in one
    statement; through the ORM they were six queries and most of the page's time.
    """
    ct = ContentType.objects.get_for_model(Article).pk
    parts_published, parts_rule = published_sql("p")
    related_published, related_rule = published_sql("a")
    sql = _READ_SQL.format(parts_published=parts_published, related_published=related_published)
    params = [ct, *parts_rule, ct, ct, RELATED_CANDIDATES, *related_rule, related, slug]
    if not preview:
        published, rule = published_sql("articles_article")
        sql, params = f"{sql} AND {published}", [*params, *rule]
    found = fetch_instances(Article, sql, params)
    if not found:
        return None
    article = found[0]
    if article.series_id:
        article.series = from_json(Series, json.loads(article.series_data))
    if article.interviewer_id:
        article.interviewer = from_json(Author, json.loads(article.interviewer_data))
    parts = [from_json(Article, part) for part in _json_list(article.parts_data)]
    return ItemToRead(
        article=article,
        authors=[from_json(Author, author) for author in _json_list(article.authors_data)],
        tags=[Tag(**tag) for tag in _json_list(article.tags_data)],
        exchanges=[TurnToRead(*turn) for turn in _json_list(article.exchanges_data)],
        series_nav=_series_navigation(article, parts),
        related=[from_json(Article, item) for item in _json_list(article.related_data)],
    )


def _json_list(value) -> list:
    # A raw statement leaves jsonb as the text it came as.
    return json.loads(value) if value else []


def published_tags() -> QuerySet:
    """Tags of published items only: a draft's tags are not shown to the public.

    One EXISTS per tag (it stops at the first published item) rather than a join of every
    tagged item with every item. Tags are django-taggit's model, so the rule lives here
    rather than on a queryset of ours.
    """
    return Tag.objects.filter(
        Exists(Article.objects.published().filter(tags=OuterRef("pk")))
    ).order_by("name")


_FILTER_CHOICES_SQL = """
SELECT kind, slug, label FROM articles_facet
WHERE listed_from <= %s AND kind IN ('tag', 'author', 'series', 'year')
ORDER BY kind, label, key
"""


def filter_choices() -> dict[str, list[tuple[str, str]]]:
    """What the library's filters offer now: (slug, label) pairs for each kind of ``Facet``.

    Tags, authors and series by name, years newest first: one query on a table of a few
    hundred rows (``services.refresh_facets()`` keeps it), whatever the size of the library.
    Values carried only by scheduled items appear at their time.
    """
    choices: dict[str, list[tuple[str, str]]] = {kind: [] for kind in Facet.CHOICES}
    with connection.cursor() as cursor:
        # Plain SQL: on a list page the ORM's compiling of this took longer than running it.
        cursor.execute(_FILTER_CHOICES_SQL, [timezone.now()])
        for kind, slug, label in cursor.fetchall():
            choices[kind].append((slug, label))
    choices[Facet.Kind.YEAR].sort(reverse=True)
    return choices


def _html_escape_sql(column: str) -> str:
    """``html.escape(column)`` in SQL: the same five characters, ``&`` first."""
    for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;")):
        column = f"replace({column}, '{char}', '{entity}')"
    return f"replace({column}, '''', '&#x27;')"


# Years newest first, the rest by name (as ``filter_choices()`` orders them).
_FILTER_ORDER = "ORDER BY CASE WHEN f.kind = 'year' THEN f.slug END DESC, f.label, f.key"
# The pairs go with the options only when asked for or a chosen value is unknown (a form then
# says so).
_FILTER_OPTIONS_SQL = f"""
WITH chosen AS (SELECT key AS kind, value AS slug FROM jsonb_each_text(%s::jsonb)),
unknown AS (
    SELECT EXISTS (
        SELECT 1 FROM chosen c WHERE NOT EXISTS (
            SELECT 1 FROM articles_facet f
            WHERE f.kind = c.kind AND f.slug = c.slug AND f.listed_from <= %s)) AS found
)
SELECT f.kind,
       string_agg('<option value="' || {_html_escape_sql("f.slug")} || '">'
                  || {_html_escape_sql("f.label")} || '</option>', '' {_FILTER_ORDER}),
       coalesce(bool_or(f.slug = c.slug), false),
       coalesce(json_agg(json_build_array(f.slug, f.label) {_FILTER_ORDER})
                FILTER (WHERE %s OR (SELECT found FROM unknown)), '[]')::text
FROM articles_facet f LEFT JOIN chosen c ON c.kind = f.kind
WHERE f.listed_from <= %s AND f.kind IN ('tag', 'author', 'series', 'year')
GROUP BY f.kind
"""  # noqa: S608 - no input in the text


@dataclass
class FilterOptions:
    """One facet filter's choices (those of ``filter_choices()``) written as the select's
    ``<option>`` elements, none selected, and whether the value asked for is among them."""

    html: str
    known: bool
    choices_json: str  # the (slug, label) pairs, sent only when a chosen value is unknown

    @property
    def choices(self) -> list[tuple[str, str]]:
        return [(slug, label) for slug, label in json.loads(self.choices_json)]


def filter_options(chosen: dict[str, str], *, pairs: bool = False) -> dict[str, FilterOptions]:
    """The filters' choices as a list page shows them, with whether each value in ``chosen``
    (facet kind: slug) is among them: one query, like ``filter_choices()``.

    A large library offers a thousand series and hundreds of authors; fetched as rows and
    written out option by option in Python, they cost more than the rest of the page. The
    database writes the options (escaped as ``html.escape`` does); the pairs come, as one
    JSON text, only with ``pairs`` or when a chosen value is unknown, for the form that says
    so.
    """
    options = {kind: FilterOptions("", False, "[]") for kind in Facet.CHOICES}
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(_FILTER_OPTIONS_SQL, [json.dumps(chosen), now, pairs, now])
        for kind, markup, known, pairs in cursor.fetchall():
            options[kind] = FilterOptions(markup, known, pairs)
    return options


_LISTING_COLUMNS = ", ".join(
    f"articles_article.{Article._meta.get_field(name).column}"
    for name in ("id", *LISTING_FIELDS, "updated_at")
)
_LISTING_SQL = f"""
SELECT {_LISTING_COLUMNS},
       s.title AS series_title, s.slug AS series_slug, s.members_only AS series_members_only,
       ({_BYLINE_SQL}) AS byline_data, ({_TAGS_SQL}) AS tag_data
FROM articles_article LEFT JOIN articles_series s ON s.id = articles_article.series_id
WHERE articles_article.id = ANY(%s)
"""  # noqa: S608 - no input in the text; ids and the content type are parameters


def listing(ids: list[int]) -> list[Article]:
    """The items with these ids, in this order, with what ``for_listing`` gives each.

    For a page of a list whose ids were picked from a ``published()`` queryset (see
    ``core.pagination.DeferredJoinPaginator``): the same row as ``for_listing()`` in one
    statement written once, where the ORM would compile a query with two correlated
    subqueries for every page shown.
    """
    if not ids:
        return []
    content_type = ContentType.objects.get_for_model(Article).pk
    rows = fetch_instances(Article, _LISTING_SQL, [content_type, ids], keep_rows=True)
    found = {item.pk: item for item in rows}
    urls = SlugUrls()
    for item in found.values():
        item.slug_urls = urls  # for ``Article.card``: one per page, not one per entry
    return [found[pk] for pk in ids if pk in found]


_FRONT_PAGE_SQL = """
(SELECT a.id, a.featured FROM articles_article a WHERE {published} AND a.featured
 ORDER BY a.published_at DESC, a.id DESC LIMIT %s)
UNION ALL
(SELECT a.id, false FROM articles_article a WHERE {published}
 ORDER BY a.published_at DESC, a.id DESC LIMIT %s)
"""


def front_page_items(*, featured: int = 3, latest: int = 6) -> tuple[list, list]:
    """The newest featured items, and the newest items besides those, for the home page.

    Both lists' ids come from one statement and their entries from ``listing()``.
    """
    published, params = published_sql("a")
    sql = _FRONT_PAGE_SQL.format(published=published)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, featured, *params, featured + latest])
        rows = cursor.fetchall()
    featured_ids = [pk for pk, picked in rows if picked]
    latest_ids = [pk for pk, picked in rows if not picked and pk not in featured_ids][:latest]
    items = {item.pk: item for item in listing(featured_ids + latest_ids)}
    return [items[pk] for pk in featured_ids], [items[pk] for pk in latest_ids if pk in items]


_PUBLIC_AUTHOR_SQL = """
SELECT au.* FROM articles_author au
WHERE au.slug = %s AND (
    EXISTS (SELECT 1 FROM articles_articleauthor aa JOIN articles_article a ON a.id = aa.article_id
            WHERE aa.author_id = au.id AND {published})
    OR EXISTS (SELECT 1 FROM articles_article a WHERE a.interviewer_id = au.id AND {published}))
"""


def public_author(slug: str) -> Author | None:
    """The author at ``slug`` if ``Author.objects.published()`` has them, else None: the same
    rule, written as one statement for the author's page."""
    published, params = published_sql("a")
    found = list(
        fetch_instances(
            Author, _PUBLIC_AUTHOR_SQL.format(published=published), [slug, *params, *params]
        )
    )
    return found[0] if found else None


# Items published since a facet was counted that carry it: a range of the published-items
# index, a handful of rows however large the library. Each with the parameter it needs.
_SINCE_COUNTED = {
    Facet.Kind.ALL: ("", None),
    Facet.Kind.KIND: ("AND a.kind = f.slug", None),
    Facet.Kind.SERIES: ("AND a.series_id = f.key", None),
    Facet.Kind.YEAR: ("AND EXTRACT(YEAR FROM a.published_at AT TIME ZONE %s) = f.key", "tz"),
    Facet.Kind.AUTHOR: (
        "AND (a.interviewer_id = f.key OR EXISTS (SELECT 1 FROM articles_articleauthor aa "
        "WHERE aa.article_id = a.id AND aa.author_id = f.key))",
        None,
    ),
    Facet.Kind.TAG: (
        "AND EXISTS (SELECT 1 FROM taggit_taggeditem ti WHERE ti.object_id = a.id "
        "AND ti.content_type_id = %s AND ti.tag_id = f.key)",
        "ct",
    ),
}
_FACET_COUNT_SQL = """
SELECT f.counted_at, f.items + (
    SELECT count(*) FROM articles_article a
    WHERE {published} AND a.published_at > f.counted_at {since})
FROM articles_facet f WHERE f.kind = %s AND f.slug = %s
"""


def facet_count(kind: str, slug: str = "") -> int | None:
    """How many published items have this facet (``Facet.Kind``; the whole library with
    ``Facet.Kind.ALL``), or None when it cannot be told from the facets (the clock is behind
    the count: a count from scratch is then needed).

    The count kept at the last change plus the items gone live since: exact, and it costs a
    few index entries rather than a count of the library.
    """
    published, params = published_sql("a")
    since, needs = _SINCE_COUNTED[kind]
    if needs == "tz":
        params.append(settings.TIME_ZONE)
    elif needs == "ct":
        params.append(ContentType.objects.get_for_model(Article).pk)
    sql = _FACET_COUNT_SQL.format(published=published, since=since)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, kind, slug])
        found = cursor.fetchone()
    if found is None:
        return 0
    counted_at, count = found
    now = params[1]
    return None if now < counted_at else count


# The published items of one facet, newest first (as the list pages order them), by facet.
_FACET_ITEMS = {
    Facet.Kind.ALL: ("", 0),
    Facet.Kind.KIND: ("AND a.kind = %s", 1),
    Facet.Kind.SERIES: ("AND a.series_id = (SELECT id FROM articles_series WHERE slug = %s)", 1),
    # The year in the site's time zone, as a range of the index (as Django's __year does).
    Facet.Kind.YEAR: ("AND a.published_at >= %s AND a.published_at < %s", 2),
    Facet.Kind.TAG: (
        "AND a.id IN (SELECT ti.object_id FROM taggit_taggeditem ti "
        "JOIN taggit_tag t ON t.id = ti.tag_id WHERE t.slug = %s AND ti.content_type_id = %s)",
        2,
    ),
    Facet.Kind.AUTHOR: (f"AND a.id IN ({_BY_AUTHOR_SQL})", 2),
}
_FACET_PAGE_SQL = """
SELECT a.id FROM articles_article a WHERE {published} {condition}
ORDER BY a.published_at DESC, a.id DESC LIMIT %s OFFSET %s
"""


def _year_range(year: int) -> list[datetime.datetime]:
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return [
        datetime.datetime(year, 1, 1, tzinfo=zone),
        datetime.datetime(year + 1, 1, 1, tzinfo=zone),
    ]


def _facet_condition(kind: str, slug: str) -> tuple[str, list]:
    """The SQL condition on an item ``a`` that it has this facet, with its parameters."""
    condition, _count = _FACET_ITEMS[kind]
    values = {
        Facet.Kind.ALL: [],
        Facet.Kind.KIND: [slug],
        Facet.Kind.SERIES: [slug],
        Facet.Kind.YEAR: _year_range(int(slug)) if kind == Facet.Kind.YEAR else [],
        Facet.Kind.TAG: [slug, ContentType.objects.get_for_model(Article).pk],
        Facet.Kind.AUTHOR: [slug, slug],
    }[kind]
    return condition, values


_FILTERED_COUNT_SQL = "SELECT count(*) FROM articles_article a WHERE {published} {condition}"


def _filtered(facets: dict[str, str]) -> tuple[str, list]:
    """The condition that an item ``a`` is published and has every one of these facets
    (kind: slug), and its parameters."""
    published, params = published_sql("a")
    conditions = [published]
    for kind, slug in facets.items():
        condition, values = _facet_condition(kind, slug)
        conditions.append(condition)
        params += values
    return " ".join(conditions), params


def facet_page_ids(kind: str, slug: str, *, offset: int, limit: int) -> list[int]:
    """The ids of one page of the published items with this facet, newest first: what
    ``Article.objects.published()`` filtered by it gives, in one statement written once."""
    return filtered_page_ids({kind: slug}, offset=offset, limit=limit)


def filtered_page_ids(facets: dict[str, str], *, offset: int, limit: int) -> list[int]:
    """The ids of one page of the published items with all of these facets (the library's
    filters combined: a kind, tag, author, series, year), newest first."""
    condition, params = _filtered(facets)
    with connection.cursor() as cursor:
        cursor.execute(
            _FACET_PAGE_SQL.format(published=condition, condition=""), [*params, limit, offset]
        )
        return [row[0] for row in cursor.fetchall()]


def filtered_count(facets: dict[str, str]) -> int:
    """How many published items have all of these facets: a count, for the combinations
    the facets do not keep (``facet_count()`` knows each one alone)."""
    condition, params = _filtered(facets)
    with connection.cursor() as cursor:
        cursor.execute(_FILTERED_COUNT_SQL.format(published=condition, condition=""), params)
        return cursor.fetchone()[0]


_PUBLIC_TAG_SQL = """
SELECT t.id, t.name, t.slug FROM taggit_tag t
WHERE t.slug = %s AND EXISTS (
    SELECT 1 FROM taggit_taggeditem ti JOIN articles_article a ON a.id = ti.object_id
    WHERE ti.tag_id = t.id AND ti.content_type_id = %s AND {published})
"""


def public_tag(slug: str) -> Tag | None:
    """The tag at ``slug`` if ``published_tags()`` has it, else None: the same rule, in one
    statement written once, for the tag's page and feed."""
    published, params = published_sql("a")
    content_type = ContentType.objects.get_for_model(Article).pk
    sql = _PUBLIC_TAG_SQL.format(published=published)
    found = fetch_instances(Tag, sql, [slug, content_type, *params])
    return found[0] if found else None


_SERIES_PAGE_SQL = """
SELECT s.*, f.items + (
    SELECT count(*) FROM articles_article a
    WHERE {published} AND a.published_at > f.counted_at AND a.series_id = s.id) AS part_count
FROM articles_facet f JOIN articles_series s ON s.id = f.key
WHERE f.kind = 'series' AND f.listed_from <= %s
ORDER BY s.title, s.id
LIMIT %s OFFSET %s
"""


def series_page(*, offset: int, limit: int) -> list[Series]:
    """One page of ``Series.objects.published()`` (title order, each with ``part_count``),
    from the series facets: no count of every part of every series."""
    published, params = published_sql("a")
    sql = _SERIES_PAGE_SQL.format(published=published)
    return fetch_instances(Series, sql, [*params, params[1], limit, offset])


def series_count() -> int:
    """How many series have a published part (``Series.objects.published().count()``)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM articles_facet WHERE kind = 'series' AND listed_from <= %s",
            [timezone.now()],
        )
        return cursor.fetchone()[0]


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """What a feed says of an item: authors and tags by name, in byline and tagging order."""

    slug: str
    title: str
    summary: str
    published_at: datetime.datetime
    updated_at: datetime.datetime
    authors: list[str]
    tags: list[str]


_FEED_SQL = """
SELECT a.slug, a.title, a.summary, a.published_at, a.updated_at,
       ARRAY(SELECT au.name FROM articles_articleauthor aa
             JOIN articles_author au ON au.id = aa.author_id
             WHERE aa.article_id = a.id ORDER BY aa.position, aa.id),
       ARRAY(SELECT t.name FROM taggit_taggeditem ti JOIN taggit_tag t ON t.id = ti.tag_id
             WHERE ti.object_id = a.id AND ti.content_type_id = %s ORDER BY ti.id)
FROM articles_article a
WHERE {published} {tagged}
ORDER BY a.published_at DESC, a.id DESC
LIMIT %s
"""
_FEED_TAGGED = """AND EXISTS (SELECT 1 FROM taggit_taggeditem ft WHERE ft.object_id = a.id
                              AND ft.content_type_id = %s AND ft.tag_id = %s)"""


def feed_entries(*, limit: int, tag: Tag | None = None) -> list[FeedEntry]:
    """The newest ``limit`` items of ``Article.objects.published()`` (with ``tag`` only, if
    given), newest first, as a feed shows them: one statement written once, where the ORM
    compiled two and made a model instance of each row."""
    published, params = published_sql("a")
    content_type = ContentType.objects.get_for_model(Article).pk
    tagged, tag_params = (_FEED_TAGGED, [content_type, tag.pk]) if tag is not None else ("", [])
    sql = _FEED_SQL.format(published=published, tagged=tagged)
    with connection.cursor() as cursor:
        cursor.execute(sql, [content_type, *params, *tag_params, limit])
        return [FeedEntry(*row) for row in cursor.fetchall()]
