from django.utils.text import slugify

_LATIN = "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya".split()
_CYRILLIC = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя", [s.strip("_") for s in _LATIN], strict=True))


def transliterated_slug(text: str, max_length: int = 80) -> str:
    """An ASCII slug for Russian or English text: "Технопарк Мосгормаш" -> "tekhnopark-mosgormash"."""
    latin = "".join(_CYRILLIC.get(char, char) for char in text.lower())
    return slugify(latin)[:max_length].strip("-")
