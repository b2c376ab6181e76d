"""The library's demo content, read from ``articles/demo_data/`` and saved through the services.

Authors, series, articles (Markdown, the text being the body) and conversations (TOML, with
their exchanges), one file per item named after its slug; the format is described in
docs/DEMO_CONTENT.md. Every date is in the files, so a second run changes nothing.
"""

from pathlib import Path

from django.db import transaction

from articles import services
from articles.models import Article, ArticleAuthor, Author, Exchange, Series
from cco_council.core.demo import (
    DemoDataError,
    aware,
    check_keys,
    lookup,
    markdown_to_html,
    read_items,
    upsert,
)

DATA = Path(__file__).resolve().parent / "demo_data"

AUTHOR = {"required": {"name"}, "optional": {"job_title", "organisation", "bio", "link"}}
SERIES = {"required": {"title"}, "optional": {"description"}}
_ITEM_REQUIRED = {"title", "summary", "tags"}
_ITEM_OPTIONAL = {
    "published_at", "status", "authors", "series", "part", "source_name", "source_url",
    "featured",
}  # fmt: skip
ARTICLE = {"required": _ITEM_REQUIRED | {"body"}, "optional": _ITEM_OPTIONAL | {"kind"}}
CONVERSATION = {
    "required": _ITEM_REQUIRED | {"interviewer", "interviewee_name", "exchanges"},
    "optional": _ITEM_OPTIONAL | {"interviewee_title", "interviewee_organisation", "introduction"},
}


def _item(path: Path, spec: dict, authors: dict, series: dict) -> tuple[Article, str]:
    """Save one item with its credits, tags and exchanges: "created", "changed" or ""."""
    conversation = "exchanges" in spec
    values = {
        "title": spec["title"],
        "kind": Article.Kind.CONVERSATION if conversation else spec.get("kind", "article"),
        "summary": spec["summary"],
        "body": markdown_to_html(spec.get("body", "")),
        "status": spec.get("status", Article.Status.PUBLISHED),
        "published_at": aware(spec.get("published_at"), where=path),
        "series": lookup(series, spec["series"], where=path) if "series" in spec else None,
        "part_number": spec.get("part"),
        "source_name": spec.get("source_name", ""),
        "source_url": spec.get("source_url", ""),
        "featured": spec.get("featured", False),
    }
    if values["status"] == Article.Status.PUBLISHED and values["published_at"] is None:
        # save() would fill in "now": a different date on every machine and every run.
        raise DemoDataError(f"{path}: a published item needs its published_at.")
    if conversation:
        values.update(
            interviewee_name=spec["interviewee_name"],
            interviewee_title=spec.get("interviewee_title", ""),
            interviewee_organisation=spec.get("interviewee_organisation", ""),
            interviewer=lookup(authors, spec["interviewer"], where=path),
            introduction=markdown_to_html(spec.get("introduction", "")),
        )
    article, outcome = upsert(Article, {"slug": path.stem}, values)

    wanted = [lookup(authors, slug, where=path).pk for slug in spec.get("authors", [])]
    if [link.author_id for link in article.author_links.order_by("position")] != wanted:
        article.author_links.all().delete()
        for position, author_id in enumerate(wanted):
            ArticleAuthor.objects.create(article=article, author_id=author_id, position=position)
        outcome = outcome or "changed"

    if sorted(article.tags.names()) != sorted(spec["tags"]):
        article.tags.set(spec["tags"])
        outcome = outcome or "changed"

    if conversation:
        for exchange in spec["exchanges"]:
            check_keys(exchange, required={"speaker", "text"}, optional=(), where=path)
        # bulk_create skips Exchange.save(): markdown_to_html is what sanitizes the text here.
        wanted = [(x["speaker"], markdown_to_html(x["text"])) for x in spec["exchanges"]]
        if list(article.exchanges.values_list("speaker", "text")) != wanted:
            article.exchanges.all().delete()
            Exchange.objects.bulk_create(
                Exchange(article=article, speaker=speaker, text=text, position=i)
                for i, (speaker, text) in enumerate(wanted, start=1)
            )
            outcome = outcome or "changed"
    return article, outcome


@transaction.atomic
def seed(directory: Path = DATA) -> str:
    """Create or update the demo content from ``directory``; return a one-line summary.

    Only what differs from the files is saved, and only the items that changed go through
    ``services.item_changed()`` (search vectors, cached pages), so a second run touches nothing.
    """
    authors, series, new, changed, stale = {}, {}, 0, set(), False
    for path, spec in read_items(directory / "authors", **AUTHOR):
        authors[path.stem], outcome = upsert(Author, {"slug": path.stem}, spec)
        new += outcome == "created"
        if outcome == "changed":  # the name is in each of their items' search text
            changed.update(services.author_article_ids(author_id=authors[path.stem].pk))
    for path, spec in read_items(directory / "series", **SERIES):
        series[path.stem], outcome = upsert(Series, {"slug": path.stem}, spec)
        new += outcome == "created"
        stale = stale or bool(outcome)
    for kind, keys in (("articles", ARTICLE), ("conversations", CONVERSATION)):
        for path, spec in read_items(directory / kind, **keys):
            article, outcome = _item(path, spec, authors, series)
            new += outcome == "created"
            if outcome:
                changed.add(article.pk)
    if changed:
        services.item_changed(article_ids=changed)
    elif stale:
        services.library_changed()
    total = Article.objects.published().count()
    return f"Library: {total} published items ({new} new rows)."
