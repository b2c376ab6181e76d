from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Resource library"

    def ready(self):
        from articles import (
            signals,  # noqa: F401 - connects the receivers
            views,
        )
        from articles.models import Article, Series
        from cco_council.core import previews

        previews.register(Article, views.shared_article_preview)
        previews.register(Series, views.shared_series_preview)
