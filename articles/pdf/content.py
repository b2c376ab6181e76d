"""Library items -> the plain documents that ``document.py`` lays out.

The PDF prints the same stored, sanitized HTML (body, introduction, exchanges) as the read
page, so the two never disagree. An item is read in one query (``printed()``: its row, its
series' title and interviewer's name, its credits, exchanges and tags as arrays), plus one for
its place in its series when it is a part of one, and one for its cover's picture when it has
one. A single item's query is compiled by the ORM once per process (``load_item()``):
compiling it costs three times what running it does.
"""

import html
import json
from functools import cache

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.core.files.storage import default_storage
from django.db import connections, router
from django.db.models import F, OuterRef
from django.db.models.functions import JSONObject
from django.utils import timezone
from django.utils.formats import date_format
from taggit.models import TaggedItem

from articles import selectors
from articles.models import Article, ArticleAuthor, Author, Exchange, Series
from articles.pdf.document import ItemDoc, Person, SeriesDoc, Turn

_ARTICLE_FIELDS = (
    "id",
    "slug",
    "title",
    "kind",
    "summary",
    "body",
    "introduction",
    "published_at",
    "series_id",
    "part_number",
    "interviewee_name",
    "interviewee_title",
    "interviewee_organisation",
    "source_name",
    "source_url",
    "cover_image",
    "cover_image_renditions",
)
_AUTHOR_FIELDS = ("name", "job_title", "organisation")
_EXCHANGE_FIELDS = ("speaker", "text")
_ARRAYS = ("credits", "turns")  # arrays of JSON objects


def printed(queryset):
    """``queryset`` as rows (dicts) of everything a PDF prints, one query whatever the number
    of authors, exchanges and tags."""
    return queryset.values(
        *_ARTICLE_FIELDS,
        series_title=F("series__title"),
        interviewer_name=F("interviewer__name"),
        credits=ArraySubquery(
            ArticleAuthor.objects.filter(article=OuterRef("pk"))
            .order_by("position", "id")
            .values(json=JSONObject(**{name: f"author__{name}" for name in _AUTHOR_FIELDS}))
        ),
        turns=ArraySubquery(
            Exchange.objects.filter(article=OuterRef("pk"))
            .order_by("position", "id")
            .values(json=JSONObject(**{name: name for name in _EXCHANGE_FIELDS}))
        ),
        tag_names=ArraySubquery(
            TaggedItem.objects.filter(
                object_id=OuterRef("pk"),
                content_type__app_label=Article._meta.app_label,
                content_type__model=Article._meta.model_name,
            ).values("tag__name")
        ),
    )


# Stands for the item's id in the SQL compiled once (any id no item has would do).
_PLACEHOLDER_ID = 987_654_321_012


@cache
def _item_sql(alias: str) -> tuple[str, list, int]:
    """The SQL of ``printed()`` for one item, its parameters, and where the item's id goes."""
    query = printed(Article.objects.using(alias).filter(pk=_PLACEHOLDER_ID)).query
    sql, params = query.get_compiler(using=alias).as_sql()
    places = [index for index, value in enumerate(params) if value == _PLACEHOLDER_ID]
    if len(places) != 1:
        raise RuntimeError(f"the item's id appears {len(places)} times in its compiled query")
    return sql, list(params), places[0]


def load_item(pk: int) -> dict | None:
    """The row of ``printed()`` for the item with this id, whatever its status (visibility is
    the caller's business); None if there is none."""
    alias = router.db_for_read(Article)
    sql, params, place = _item_sql(alias)
    params = params.copy()
    params[place] = pk
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchone()
        if found is None:
            return None
        row = dict(zip((column.name for column in cursor.description), found, strict=True))
    # What the ORM would have decoded: JSON arrives as text (Django leaves decoding to
    # JSONField), and an empty array may arrive as None.
    for name in _ARRAYS:
        row[name] = [json.loads(value) if isinstance(value, str) else value
                     for value in row[name] or ()]  # fmt: skip
    row["tag_names"] = list(row["tag_names"] or ())
    if isinstance(row["cover_image_renditions"], str):
        row["cover_image_renditions"] = json.loads(row["cover_image_renditions"])
    return row


def series_line(title: str, index: int | None, total: int) -> str:
    if not title or not index:
        return ""
    return f"Part {index} of {total} \u00b7 {title}"


def _published_date(article: Article) -> str:
    if not article.published_at:
        return "Not yet published"
    when = timezone.localtime(article.published_at)
    return f"Published {date_format(when, 'F j, Y')}"


def cover_bytes(picture) -> bytes:
    """The cover's 3:2 crop at its widest (1600 pixels, sharp in print), or b"" without one."""
    rendition = picture.rendition("wide", width=1600) if picture else None
    if rendition is None:
        return b""
    try:
        with default_storage.open(rendition.name, "rb") as file:
            return file.read()
    except FileNotFoundError:
        return b""


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _article(row: dict, alias: str) -> Article:
    """The item of ``row`` as a model instance (fields it does not hold deferred), so that its
    own rules (labels, roles, its address) apply."""
    fields = [field.attname for field in Article._meta.concrete_fields if field.attname in row]
    return Article.from_db(alias, fields, [row[name] for name in fields])


def item_doc(row: dict, *, series_index: int | None = None, series_total: int = 0,
             alias: str = "default") -> ItemDoc:  # fmt: skip
    """The printable document of one row of ``printed()``."""
    article = _article(row, alias)
    conversation = article.is_conversation
    interviewer = row["interviewer_name"] or ""
    interviewee = article.interviewee_name or "Interviewee"
    turns = []
    if conversation:
        for values in row["turns"]:
            asks = values["speaker"] == Exchange.Speaker.INTERVIEWER
            speaker = (interviewer or "Interviewer") if asks else interviewee
            turns.append(Turn(speaker=speaker, is_interviewer=asks, html=values["text"]))
    authors = [Author(**values) for values in row["credits"]]
    return ItemDoc(
        title=article.title,
        kind_label=article.get_kind_display(),
        summary=article.summary,
        part_number=series_index,
        authors=[Person(author.name, author.role) for author in authors],
        date_text=_published_date(article),
        series_line=series_line(row["series_title"] or "", series_index, series_total),
        interviewee=(
            Person(article.interviewee_name, article.interviewee_role)
            if conversation and article.interviewee_name
            else None
        ),
        interviewer=interviewer if conversation else "",
        introduction_html=article.introduction,
        body_html=article.body,
        turns=turns,
        source_outlet=article.source_name,
        source_url=article.source_url,
        tags=sorted(row["tag_names"], key=str.lower),
        url=absolute(article.get_absolute_url()),
        year=timezone.localtime(article.published_at).year if article.published_at else None,
        cover=cover_bytes(article.cover),
    )


def article_doc(pk: int) -> ItemDoc | None:
    """The printable document of the item with this id (any status), or None."""
    row = load_item(pk)
    if row is None:
        return None
    index, total = (None, 0)
    if row["series_id"] is not None:
        index, total = selectors.series_place(row["id"], row["series_id"])
    return item_doc(row, series_index=index, series_total=total, alias=router.db_for_read(Article))


def _description_html(series: Series) -> str:
    field = Series._meta.get_field("description")
    if field.__class__.__name__ == "ProseEditorField":
        return series.description
    # Plain text: blank lines separate paragraphs; escaped so that html.parser reads it as text.
    paragraphs = [part.strip() for part in series.description.split("\n\n") if part.strip()]
    return "".join(f"<p>{html.escape(part)}</p>" for part in paragraphs)


def series_doc(series: Series) -> SeriesDoc:
    """Every published part of ``series``, in order, as one printable document."""
    queryset = selectors.published_parts(series)
    rows = list(printed(queryset))
    alias = queryset.db
    parts = [
        item_doc(row, series_index=index, series_total=len(rows), alias=alias)
        for index, row in enumerate(rows, start=1)
    ]
    years = [timezone.localtime(row["published_at"]).year for row in rows if row["published_at"]]
    return SeriesDoc(
        title=series.title,
        description_html=_description_html(series),
        parts=parts,
        url=absolute(series.get_absolute_url()),
        year=max(years) if years else None,
        cover=cover_bytes(series.cover),
    )
