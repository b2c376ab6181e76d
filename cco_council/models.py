from django.db import models

from cco_council.core.validators import validate_single_line


class StoredFile(models.Model):
    """An uploaded file (headshot, logo, cover image), kept in PostgreSQL.

    App servers share nothing but PostgreSQL and Redis, so uploads live in the database rather
    than on one server's disk; they are small (at most 10 MB, checked on upload) and few.
    """

    name = models.CharField(max_length=255, unique=True, validators=[validate_single_line])
    content = models.BinaryField()
    content_type = models.CharField(max_length=100, validators=[validate_single_line])
    size = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "stored file"

    def __str__(self):
        return self.name
