from django.apps import apps
from django.core.management.base import BaseCommand
from django.db.models import Q

from cco_council.core.pictures import picture_slots, refresh_renditions


class Command(BaseCommand):
    help = (
        "Make the renditions of every stored picture that lacks current ones (after an "
        "upgrade that changes how renditions are made, or for pictures stored before they "
        "existed). Pictures whose renditions are current are left alone; --force makes all "
        "of them again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Make every rendition again.")

    def handle(self, *args, force=False, **options):
        made = 0
        for model in apps.get_models():
            slots = picture_slots(model)
            if not slots:
                continue
            # Only rows with a picture, or with renditions of one since removed.
            with_pictures = Q()
            for slot in slots:
                with_pictures |= ~Q(**{slot.field: ""}) | ~Q(**{slot.renditions_field: {}})
            rows = model._base_manager.filter(with_pictures).order_by("pk")
            for instance in rows.iterator(chunk_size=200):
                if refresh_renditions(instance, force=force):
                    made += 1
        self.stdout.write(f"Renditions made for {made} row(s).")
