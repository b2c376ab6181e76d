"""Library models -> the plain documents that ``document.py`` lays out.

The PDF prints the same stored, sanitized HTML (body, introduction, exchanges) as the read
page, so the two never disagree. Queries are fixed in number whatever the item's size.
"""

import html

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format

from articles.models import Article, ArticleAuthor, Exchange, Series
from articles.pdf.document import ItemDoc, Person, SeriesDoc, Turn


def article_queryset(base=None):
    """Everything a PDF prints, for ``base`` (published items by default), in 5 queries."""
    base = Article.objects.published() if base is None else base
    return base.select_related("series", "interviewer").prefetch_related(
        Prefetch(
            "author_links",
            queryset=ArticleAuthor.objects.select_related("author").order_by("position", "id"),
        ),
        Prefetch("exchanges", queryset=Exchange.objects.order_by("position", "id")),
        "tags",
    )


def series_totals(series_ids) -> dict[int, int]:
    """How many parts each series has published (what "Part 2 of N" counts)."""
    totals: dict[int, int] = {}
    rows = (
        Article.objects.published()
        .filter(series_id__in=[pk for pk in series_ids if pk])
        .values_list("series_id", "part_number")
    )
    counts: dict[int, list[int]] = {}
    for series_id, part_number in rows:
        counts.setdefault(series_id, []).append(part_number or 0)
    for series_id, numbers in counts.items():
        # A gap in the numbering (part 3 of 2 published) still reads sensibly.
        totals[series_id] = max(len(numbers), max(numbers))
    return totals


def series_line(article: Article, total: int | None) -> str:
    if not article.series_id or not article.part_number:
        return ""
    total = max(total or 0, article.part_number)
    return f"Part {article.part_number} of {total} \u00b7 {article.series.title}"


def _published_date(article: Article) -> str:
    if not article.published_at:
        return "Not yet published"
    when = timezone.localtime(article.published_at)
    return f"Published {date_format(when, 'F j, Y')}"


def _speaker(article: Article, exchange: Exchange) -> str:
    if exchange.is_interviewer:
        return article.interviewer.name if article.interviewer else "Interviewer"
    return article.interviewee_name or "Interviewee"


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def article_doc(article: Article, *, series_total: int | None = None) -> ItemDoc:
    """The printable document of one item (loaded with ``article_queryset()``)."""
    conversation = article.is_conversation
    turns = (
        [
            Turn(
                speaker=_speaker(article, exchange),
                is_interviewer=exchange.is_interviewer,
                html=exchange.text,
            )
            for exchange in article.exchanges.all()
        ]
        if conversation
        else []
    )
    return ItemDoc(
        title=article.title,
        kind_label=article.get_kind_display(),
        summary=article.summary,
        part_number=article.part_number,
        authors=[Person(author.name, author.role) for author in article.author_list],
        date_text=_published_date(article),
        series_line=series_line(article, series_total),
        interviewee=(
            Person(article.interviewee_name, article.interviewee_role)
            if conversation and article.interviewee_name
            else None
        ),
        interviewer=article.interviewer.name if conversation and article.interviewer else "",
        introduction_html=article.introduction,
        body_html=article.body,
        turns=turns,
        source_outlet=article.source_name,
        source_url=article.source_url,
        tags=sorted((tag.name for tag in article.tags.all()), key=str.lower),
        url=absolute(article.get_absolute_url()),
        year=timezone.localtime(article.published_at).year if article.published_at else None,
    )


def _description_html(series: Series) -> str:
    field = Series._meta.get_field("description")
    if field.__class__.__name__ == "ProseEditorField":
        return series.description
    # Plain text: blank lines separate paragraphs; escaped so that html.parser reads it as text.
    paragraphs = [part.strip() for part in series.description.split("\n\n") if part.strip()]
    return "".join(f"<p>{html.escape(part)}</p>" for part in paragraphs)


def series_doc(series: Series, parts: list[Article]) -> SeriesDoc:
    total = max([len(parts)] + [part.part_number or 0 for part in parts])
    years = [timezone.localtime(part.published_at).year for part in parts if part.published_at]
    return SeriesDoc(
        title=series.title,
        description_html=_description_html(series),
        parts=[article_doc(part, series_total=total) for part in parts],
        url=absolute(series.get_absolute_url()),
        year=max(years) if years else None,
    )


def published_parts(series: Series) -> list[Article]:
    return list(
        article_queryset().filter(series=series).order_by("part_number", "published_at", "id")
    )
