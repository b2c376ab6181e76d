"""(Re)build the PDF of every published item and series into the shared cache."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from articles.models import Article, Series


class _Unterminated:
    """The command's stderr as tqdm needs it: its redraws end with no newline."""

    def __init__(self, wrapper):
        self.wrapper = wrapper

    def write(self, text):
        self.wrapper.write(text, ending="")

    def flush(self):
        self.wrapper.flush()


class Command(BaseCommand):
    help = (
        "Build the PDF of every published library item and of every series with published "
        "parts into the cache, so no reader waits for one. A progress bar goes to stderr."
    )

    def handle(self, *args, **options):
        from articles.pdf import cache as pdf_cache

        articles = list(Article.objects.published().order_by("pk").only("pk", "slug"))
        series = list(Series.objects.published().order_by("pk").only("pk", "slug"))
        built = total_bytes = 0
        with tqdm(
            total=len(articles) + len(series),
            desc="PDFs",
            unit="pdf",
            file=_Unterminated(self.stderr),
            disable=options["verbosity"] == 0,
            dynamic_ncols=True,
        ) as bar:
            for article in articles:
                bar.set_postfix_str(article.slug[:40], refresh=False)
                data = pdf_cache.rebuild_article_pdf(article)
                if data:
                    built, total_bytes = built + 1, total_bytes + len(data)
                bar.update()
            for one in series:
                bar.set_postfix_str(f"series {one.slug[:33]}", refresh=False)
                data = pdf_cache.rebuild_series_pdf(one)
                if data:
                    built, total_bytes = built + 1, total_bytes + len(data)
                bar.update()
        self.stdout.write(
            f"Built {built} PDFs ({len(articles)} items, {len(series)} series), "
            f"{total_bytes / 1024:.0f} KiB in the cache."
        )
