"""seed_demo: demo content for a development database, never by mistake for production."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles.models import Article
from tests.cco_council.servers import manage, server_env

REFUSAL = (
    "CommandError: seed_demo adds demo content and can reset the 'editor' account's password; "
    "with DEBUG off this looks like a production database, so nothing was changed. "
    "Run it with DEBUG=1 on a development database, or add --force if you mean it."
)


@pytest.mark.django_db(transaction=True)
def test_seed_demo_refuses_with_production_settings():
    env = server_env(
        DEBUG="0",
        SECRET_KEY="a-long-production-secret-key-with-enough-entropy-" + "x" * 20,
        ALLOWED_HOSTS="ccocouncil.example",
    )
    result = manage("seed_demo", "--editor-password", "reset-by-mistake", env=env)
    assert result.returncode == 1
    assert [line for line in result.stderr.splitlines() if "Error" in line] == [REFUSAL]
    assert Article.objects.count() == 0
    assert get_user_model().objects.filter(username="editor").count() == 0


@pytest.mark.django_db
def test_seed_demo_with_force_seeds_without_debug(settings):
    settings.DEBUG = False
    call_command("seed_demo", force=True, editor_password="demo-pass-123", verbosity=0)
    assert Article.objects.published().count() > 0
    editor = get_user_model().objects.get(username="editor")
    assert editor.check_password("demo-pass-123")
    assert list(editor.groups.values_list("name", flat=True)) == ["Editors"]


@pytest.mark.django_db
def test_seed_demo_runs_in_debug_without_force(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    assert Article.objects.published().count() > 0


@pytest.mark.django_db
def test_seed_demo_gives_the_demo_content_a_first_version_once(settings):
    from reversion.models import Version

    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    article = Article.objects.published().first()
    assert Version.objects.get_for_object(article).count() == 1
    call_command("seed_demo", verbosity=0)
    assert Version.objects.get_for_object(article).count() == 1
