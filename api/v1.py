"""The public read-only API, version 1: one NinjaAPI gathering the areas' routers.

Every operation is anonymous-friendly and read-only. Each answer carries ETag and Last-Modified and turns
into a 304 when the client already has it (api.http.conditional); anonymous clients are rate-limited.
"""

from django.http import Http404
from ninja import NinjaAPI, Router
from ninja.openapi.docs import Swagger
from ninja.renderers import JSONRenderer

from api.areas import area_modules
from api.common import ErrorOut, Label, labels
from api.http import CacheRateThrottle, conditional, cors, drop_empty_parameters

DESCRIPTION = """\
Open data of iMoscow, the portal of Moscow's innovation economy: organizations of the directory, industries,
accreditations, support measures, programs, participants of the innovation cluster, children's courses and
open vacancies.

* Read-only, no key needed. Texts come in both languages (`_ru` and `_en` fields); codes are explained by
  `/vocabularies`.
* Lists are paginated with `page` and `page_size` (at most 100) and report the total `count`.
* Every answer has an `ETag` and a `Last-Modified` header: send them back as `If-None-Match` or
  `If-Modified-Since` and an unchanged answer comes back as `304 Not Modified` with no body.
* Anonymous clients may make a limited number of requests per minute; past it the answer is
  `429 Too Many Requests` with a `Retry-After` header (seconds). Signed-in users have a higher limit.
"""


class CompactJSON(JSONRenderer):
    """UTF-8 text as it is (Cyrillic is most of it) and no spaces after separators."""

    json_dumps_params = {"ensure_ascii": False, "separators": (",", ":")}


def build_api() -> NinjaAPI:
    api = NinjaAPI(
        title="iMoscow open data API",
        version="1",
        description=DESCRIPTION,
        urls_namespace="api",
        docs=Swagger(settings={"deepLinking": True, "defaultModelsExpandDepth": 0}),
        docs_url="/docs",
        throttle=[CacheRateThrottle()],
        renderer=CompactJSON(),
    )

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, {"detail": "Not found."}, status=404)

    api.add_decorator(conditional, mode="view")
    api.add_decorator(cors, mode="view")
    api.add_decorator(drop_empty_parameters, mode="view")

    modules = area_modules()
    vocabularies = {}
    for module in modules:
        vocabularies.update(getattr(module, "VOCABULARIES", {}))

    common = Router(tags=["Code lists"])

    @common.get(
        "/vocabularies",
        response={200: dict[str, list[Label]], 304: None, 429: ErrorOut},
        summary="Code lists",
        description="The codes every area uses (kinds, okrugs, topics, ...) with their names in Russian and English.",
        url_name="vocabularies",
    )
    def vocabulary_list(request):
        return {name: labels(choices) for name, choices in sorted(vocabularies.items())}

    for module in modules:
        api.add_router("", module.router)
    api.add_router("", common)
    return api


api = build_api()
