"""Checks for uploaded files: by their content, never by their name or the browser's content type.

Every refusal is a `ValidationError` with a message a person can act on; forms show it beside the field.
"""

import io
import uuid
import warnings
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

IMAGE_FORMATS = ("JPEG", "PNG", "WEBP")


def _refuse_if_larger_than(upload, max_bytes: int) -> None:
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
            code="too_large",
        )


def clean_image(
    upload,
    *,
    max_bytes: int = 2 * 1024 * 1024,
    min_side: int = 16,
    max_side: int = 4000,
    max_pixels: int = 16_000_000,
) -> ContentFile:
    """Open an uploaded image as JPEG, PNG or WebP only, refuse anything odd, and re-encode it.

    The returned file has a server-chosen name and holds only pixels: no metadata, no trailing payload.
    """
    _refuse_if_larger_than(upload, max_bytes)
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload, formats=IMAGE_FORMATS)
            width, height = image.size  # read from the header, before any pixel is decoded
            if width * height > max_pixels or max(width, height) > max_side:
                raise ValidationError(
                    _("The image is %(width)s×%(height)s pixels; at most %(max)s pixels a side are accepted.")
                    % {"width": width, "height": height, "max": max_side},
                    code="too_big_dimensions",
                )
            if min(width, height) < min_side:
                raise ValidationError(
                    _("The image is too small: at least %(min)s pixels a side are needed.") % {"min": min_side},
                    code="too_small_dimensions",
                )
            image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("The image has far too many pixels; at most %(max)s pixels a side are accepted.") % {"max": max_side},
            code="too_big_dimensions",
        ) from None
    except UnidentifiedImageError:
        raise ValidationError(
            _("This file is not a JPEG, PNG or WebP image we can read."), code="not_an_image"
        ) from None
    except (OSError, SyntaxError, ValueError):
        raise ValidationError(_("The image is damaged and cannot be read."), code="damaged_image") from None
    finally:
        upload.seek(0)

    has_alpha = image.mode in ("RGBA", "LA", "P")
    image = image.convert("RGBA" if has_alpha else "RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.png")


# Office documents are ZIP files; these entries tell them apart from any other ZIP.
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"

DOCUMENT_LABELS = {"pdf": "PDF", "docx": "DOCX", "odt": "ODT"}


def sniff_document_type(upload) -> str | None:
    """'pdf', 'docx' or 'odt' from the file's bytes, or None when it is none of them."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return "docx"
            if "mimetype" in names and archive.read("mimetype").strip() == _ODT_MIMETYPE:
                return "odt"
    except (zipfile.BadZipFile, KeyError, OSError):
        return None
    finally:
        upload.seek(0)
    return None


def clean_document(upload, *, allowed: tuple[str, ...] = ("pdf", "docx", "odt"), max_bytes: int) -> str:
    """Refuse a document that is too large or is not truly one of `allowed`; return its type."""
    _refuse_if_larger_than(upload, max_bytes)
    kind = sniff_document_type(upload)
    if kind not in allowed:
        raise ValidationError(
            _("Only %(types)s files are accepted, and this file is not one of them.")
            % {"types": ", ".join(DOCUMENT_LABELS[k] for k in allowed)},
            code="wrong_type",
        )
    if kind == "pdf":
        upload.seek(-1024, io.SEEK_END) if upload.size > 1024 else upload.seek(0)
        tail = upload.read()
        upload.seek(0)
        if b"%%EOF" not in tail:
            raise ValidationError(_("The PDF file is incomplete or damaged."), code="damaged_document")
    return kind


def private_file_name(kind: str) -> str:
    """A name nobody can guess, for files served only through permission-checking views."""
    return f"{uuid.uuid4().hex}.{kind}"
