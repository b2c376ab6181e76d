import mimetypes

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.urls import reverse
from django.utils.deconstruct import deconstructible

from cco_council.core.images import strip_metadata


@deconstructible
class DatabaseStorage(Storage):
    """Django storage over ``StoredFile`` rows, so every app server sees every upload."""

    def _model(self):
        from cco_council.models import StoredFile

        return StoredFile

    def _open(self, name, mode="rb"):
        row = self._model().objects.filter(name=name).only("content").first()
        if row is None:
            raise FileNotFoundError(name)
        file = ContentFile(bytes(row.content), name=name)
        return file

    def _save(self, name, content):
        content.seek(0)
        data = content.read()
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if content_type.startswith("image/"):
            # Every upload is served to anyone: a photo's GPS position, camera serial number
            # and editing history must not go with it.
            data = strip_metadata(data)
        self._model().objects.create(
            name=name, content=data, content_type=content_type, size=len(data)
        )
        return name

    def exists(self, name):
        return self._model().objects.filter(name=name).exists()

    def delete(self, name):
        self._model().objects.filter(name=name).delete()

    def size(self, name):
        row = self._model().objects.filter(name=name).only("size").first()
        if row is None:
            raise FileNotFoundError(name)
        return row.size

    def url(self, name):
        return reverse("media", kwargs={"name": name})

    def get_created_time(self, name):
        return self._model().objects.values_list("created_at", flat=True).get(name=name)

    get_modified_time = get_created_time
    get_accessed_time = get_created_time
