"""The private storage of resumes, looked up at each use.

A FileField evaluates its storage callable once, at import; this proxy asks `storages["private"]` on
every call instead, so a change of settings (tests, another deployment) is always honoured.
Files here have no public URL: views that check permission stream them.
"""

from django.core.files.storage import Storage, storages
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateStorage(Storage):
    @property
    def backend(self) -> Storage:
        return storages["private"]

    def _open(self, name, mode="rb"):
        return self.backend.open(name, mode)

    def save(self, name, content, max_length=None):
        return self.backend.save(name, content, max_length=max_length)

    def delete(self, name):
        return self.backend.delete(name)

    def exists(self, name):
        return self.backend.exists(name)

    def size(self, name):
        return self.backend.size(name)

    def path(self, name):
        return self.backend.path(name)

    def listdir(self, path):
        return self.backend.listdir(path)

    def generate_filename(self, filename):
        return self.backend.generate_filename(filename)

    def get_available_name(self, name, max_length=None):
        return self.backend.get_available_name(name, max_length=max_length)

    def url(self, name):
        raise ValueError("Private files have no URL; serve them through a view that checks permission.")


def private_storage() -> Storage:
    return PrivateStorage()
