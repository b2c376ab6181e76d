from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cco_council.permissions import sync_editors_group


class Command(BaseCommand):
    help = (
        "Fill the site with demo content drawn from the seed documents. Idempotent: a second "
        "run changes nothing. Refuses to run with DEBUG off (a production database) unless "
        "--force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--editor-password",
            help="Also create (or reset) the demo editor account 'editor' with this password.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off, i.e. against what may be a production database.",
        )
        parser.add_argument(
            "--without-pictures",
            action="store_true",
            help="Skip drawing the covers, portraits and press-kit pictures (a faster seed, "
            "for tests that do not look at pictures).",
        )

    def handle(self, *args, editor_password=None, force=False, without_pictures=False, **options):
        if not settings.DEBUG and not force:
            # Demo articles on the public site, and an 'editor' account whose password is
            # reset to a known one, are not what a production database should get by mistake.
            raise CommandError(
                "seed_demo adds demo content and can reset the 'editor' account's password; "
                "with DEBUG off this looks like a production database, so nothing was changed. "
                "Run it with DEBUG=1 on a development database, or add --force if you mean it."
            )
        self.seed(editor_password=editor_password, pictures=not without_pictures)
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))

    @transaction.atomic
    def seed(self, *, editor_password, pictures=True):
        # Lower floors first: events point at articles, the press room at both.
        from articles import demo as articles_demo
        from cco_council import demo_pictures
        from events import demo as events_demo
        from media_relations import demo as media_demo
        from members import demo as members_demo

        # Pictures last: they are drawn for whatever the apps' loaders made.
        modules = [articles_demo, events_demo, media_demo, members_demo]
        if pictures:
            modules.append(demo_pictures)
        for module in modules:
            summary = module.seed()
            if summary:
                self.stdout.write(summary)
        # The demo content's first version, so an editor's first change can be compared with
        # it and undone; rows that already have a history are left as they are.
        call_command("createinitialrevisions", verbosity=0)

        if editor_password:
            group = sync_editors_group()
            user, _ = get_user_model().objects.get_or_create(
                username="editor",
                defaults={
                    "first_name": "Demo",
                    "last_name": "Editor",
                    "email": "editor@example.org",
                },
            )
            user.is_staff = True
            user.is_active = True
            user.set_password(editor_password)
            user.save()
            user.groups.add(group)
