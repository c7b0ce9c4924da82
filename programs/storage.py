"""Where application documents are kept: `storages["private"]`, looked up at each use.

A FileField calls its storage callable once, at import; this proxy asks Django's storage registry every time
instead, so a change of settings (another location in production, a temporary folder in each test) applies.
"""

from django.core.files.storage import Storage, storages

_DELEGATED = frozenset(
    {
        "open",
        "save",
        "delete",
        "exists",
        "size",
        "path",
        "url",
        "listdir",
        "generate_filename",
        "get_valid_name",
        "get_available_name",
        "get_alternative_name",
        "get_accessed_time",
        "get_created_time",
        "get_modified_time",
    }
)


class PrivateStorage(Storage):
    def __getattribute__(self, name):
        if name in _DELEGATED:
            return getattr(storages["private"], name)
        return super().__getattribute__(name)


_private = PrivateStorage()


def private_storage() -> Storage:
    return _private
