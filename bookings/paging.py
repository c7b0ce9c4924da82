"""Pages of a list whose filter is costly: the rows and the total come from one query."""

import math

from django.core.paginator import Page, Paginator
from django.db.models import Count, Window


def page_of(queryset, number, per_page: int) -> Page:
    """Like `Paginator(queryset, per_page).get_page(number)`, but the total rides on the page's own rows
    as `COUNT(*) OVER ()`, so the filter runs once instead of twice (once to count, once for the page)."""
    try:
        number = max(int(number), 1)
    except (TypeError, ValueError):
        number = 1
    counted = queryset.annotate(total_rows=Window(Count("pk")))
    rows = list(counted[(number - 1) * per_page : number * per_page])
    if rows:
        total = rows[0].total_rows
    else:
        total = queryset.count() if number > 1 else 0
        last = max(math.ceil(total / per_page), 1)
        if number > last:  # past the end: the last page, as get_page() does
            number = last
            rows = list(counted[(number - 1) * per_page : number * per_page])
    paginator = Paginator(queryset, per_page)
    paginator.count = total  # a cached property: set, it is never queried
    return Page(rows, number, paginator)
