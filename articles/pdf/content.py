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


def series_position(article: Article) -> tuple[int | None, int]:
    """(place among the series' published parts, how many there are), as the read page says."""
    from articles.selectors import series_navigation

    navigation = series_navigation(article)
    if navigation is None:
        return None, 0
    return navigation.index, navigation.total


def series_line(article: Article, index: int | None, total: int) -> str:
    if not article.series_id or not index:
        return ""
    return f"Part {index} of {total} \u00b7 {article.series.title}"


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


def article_doc(
    article: Article, *, series_index: int | None = None, series_total: int = 0
) -> ItemDoc:
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
        part_number=series_index,
        authors=[Person(author.name, author.role) for author in article.author_list],
        date_text=_published_date(article),
        series_line=series_line(article, series_index, series_total),
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
    years = [timezone.localtime(part.published_at).year for part in parts if part.published_at]
    return SeriesDoc(
        title=series.title,
        description_html=_description_html(series),
        parts=[
            article_doc(part, series_index=index, series_total=len(parts))
            for index, part in enumerate(parts, start=1)
        ],
        url=absolute(series.get_absolute_url()),
        year=max(years) if years else None,
    )


def published_parts(series: Series) -> list[Article]:
    return list(article_queryset().filter(series=series).order_by("part_number", "published_at"))
