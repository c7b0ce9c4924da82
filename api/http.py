"""HTTP behaviour every API answer shares: conditional requests (ETag / Last-Modified / 304) and rate limits.

Conditional requests. The ETag is a hash of the JSON body, so it is exact: seats left in a group, an
organization's accreditations or a park's name change what an answer says without touching the row's own
`updated`, and a hash of the body sees every change. Last-Modified is the moment this URL's answer was
last seen to change: the cache keeps (ETag, since) per URL and moves `since` to now whenever the ETag
differs. If the cache forgets, `since` becomes now, which only ever makes a client fetch again.

Rate limits. A fixed window per client in the Django cache (Redis in production: `add` + `incr` are
atomic there), API_THROTTLE_ANON for anonymous clients by address, API_THROTTLE_USER for signed-in users
by id, none for staff. Over the limit: 429 with Retry-After (seconds to the next window).
"""

import datetime
import hashlib
import threading
import time
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from ninja.throttling import BaseThrottle

LAST_MODIFIED_SECONDS = 7 * 24 * 3600
MAX_AGE_SECONDS = 60

DEFAULT_ANON_RATE = "120/min"
DEFAULT_USER_RATE = "1200/min"
PERIODS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}


# --- Conditional requests ----------------------------------------------------------------------------


def _url_key(request) -> str:
    query = sorted((key, value) for key in request.GET for value in request.GET.getlist(key))
    identity = f"{request.path}?{urlencode(query)}"
    return "api:lm:" + hashlib.sha256(identity.encode()).hexdigest()[:40]


def last_modified_for(request, etag: str) -> datetime.datetime:
    """When this URL's answer last changed, as far as the cache has seen (whole seconds, as HTTP dates are)."""
    key = _url_key(request)
    seen = cache.get(key)
    if seen and seen[0] == etag:
        return datetime.datetime.fromtimestamp(seen[1], tz=datetime.UTC)
    now = int(timezone.now().timestamp())
    cache.set(key, (etag, now), LAST_MODIFIED_SECONDS)
    return datetime.datetime.fromtimestamp(now, tz=datetime.UTC)


def conditional(run):
    """A ninja view decorator: ETag, Last-Modified and caching headers on 200 answers, 304 when the client
    already has this answer (If-None-Match, or If-Modified-Since when no ETag is sent)."""

    @wraps(run)
    def wrapper(request, *args, **kwargs):
        response = run(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.streaming:
            return response
        etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
        last_modified = last_modified_for(request, etag)
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified.timestamp())
        patch_cache_control(response, public=True, max_age=MAX_AGE_SECONDS)
        return get_conditional_response(
            request, etag=etag, last_modified=int(last_modified.timestamp()), response=response
        )

    return wrapper


def cors(run):
    """Open data: any web page may read the API (no credentials are ever honoured cross-site)."""

    @wraps(run)
    def wrapper(request, *args, **kwargs):
        response = run(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Retry-After, X-Total-Count, X-Row-Limit"
        return response

    return wrapper


def drop_empty_parameters(run):
    """`?org=&q=` (what a page's GET form sends for fields left empty) means no filter, as on the pages."""

    @wraps(run)
    def wrapper(request, *args, **kwargs):
        if any(value == "" for key in request.GET for value in request.GET.getlist(key)):
            kept = request.GET.copy()
            for key in list(kept):
                values = [value for value in kept.getlist(key) if value != ""]
                if values:
                    kept.setlist(key, values)
                else:
                    del kept[key]
            request.GET = kept
        return run(request, *args, **kwargs)

    return wrapper


# --- Rate limits -------------------------------------------------------------------------------------


def parse_rate(rate: str | None) -> tuple[int, int] | None:
    """'120/min' -> (120, 60); None or '' -> no limit."""
    if not rate:
        return None
    count, _, period = rate.partition("/")
    digits = "".join(ch for ch in period if ch.isdigit())
    unit = period[len(digits) :] if period.startswith(digits) else period
    return int(count), int(digits or 1) * PERIODS[unit]


def client_address(request) -> str:
    """REMOTE_ADDR, or the address NINJA_NUM_PROXIES trusted proxies put in X-Forwarded-For."""
    proxies = getattr(settings, "NINJA_NUM_PROXIES", None) or 0
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if proxies and forwarded:
        addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
        if addresses:
            return addresses[-min(proxies, len(addresses))]
    return request.META.get("REMOTE_ADDR") or "unknown"


class CacheRateThrottle(BaseThrottle):
    """Fixed-window counters in the Django cache: anonymous clients by address, users by id, staff free."""

    def __init__(self):
        self._local = threading.local()  # wait() has no request: keep the last answer per thread

    def limit_for(self, request) -> tuple[str, tuple[int, int] | None]:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if user.is_staff:
                return "staff", None
            return f"user:{user.pk}", parse_rate(getattr(settings, "API_THROTTLE_USER", DEFAULT_USER_RATE))
        return f"addr:{client_address(request)}", parse_rate(getattr(settings, "API_THROTTLE_ANON", DEFAULT_ANON_RATE))

    def allow_request(self, request) -> bool:
        ident, limit = self.limit_for(request)
        if limit is None:
            return True
        allowed, period = limit
        now = time.time()
        window = int(now // period)
        key = f"api:throttle:{ident}:{period}:{window}"
        cache.add(key, 0, period + 5)
        try:
            count = cache.incr(key)
        except ValueError:  # evicted between add and incr
            cache.set(key, 1, period + 5)
            count = 1
        self._local.wait = (window + 1) * period - now
        return count <= allowed

    def wait(self) -> float | None:
        return max(getattr(self._local, "wait", 1.0), 1.0)
