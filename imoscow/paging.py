"""Pages of a list whose filter is costly: the rows and the total come from one query."""

import math

from django.core.paginator import Page, Paginator
from django.db.models import Count, Window


def page_of(queryset, number, per_page: int) -> Page:
    """Like `Paginator(queryset, per_page).get_page(number)`, but the total rides on the page's ids as
    `COUNT(*) OVER ()`, so the filter runs once instead of twice (once to count, once for the page).

    The ids are sorted and cut on narrow rows (the sort keys and the id, which indexes can answer);
    only the page's own rows are then read whole, with what the queryset joins and prefetches:
    sorting thousands of full rows spilled to disk."""
    try:
        number = max(int(number), 1)
    except (TypeError, ValueError):
        number = 1
    counted = queryset.prefetch_related(None).annotate(total_rows=Window(Count("pk"))).values_list("pk", "total_rows")
    ids = list(counted[(number - 1) * per_page : number * per_page])
    if ids:
        total = ids[0][1]
    else:
        total = queryset.count() if number > 1 else 0
        last = max(math.ceil(total / per_page), 1)
        if number > last:  # past the end: the last page, as get_page() does
            number = last
            ids = list(counted[(number - 1) * per_page : number * per_page])
    by_id = queryset.filter(pk__in=[pk for pk, _total in ids]).in_bulk()
    rows = [by_id[pk] for pk, _total in ids if pk in by_id]
    paginator = Paginator(queryset, per_page)
    paginator.count = total  # a cached property: set, it is never queried
    return Page(rows, number, paginator)
