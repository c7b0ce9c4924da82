"""Pages of lists whose rows are wide: sort and cut on ids, then read only the page's rows."""

from django.core.paginator import Page, Paginator


def page_of(queryset, number, per_page: int) -> Page:
    """Like `Paginator(queryset, per_page).get_page(number)`, but the sorting and cutting run on narrow
    rows (the id and the sort keys, which indexes can answer, and a LIMIT the planner can stop early
    for); only the page's own rows are then read whole, with what the queryset joins and prefetches.
    Sorting thousands of full rows to show twenty spilled to disk."""
    page = Paginator(queryset.prefetch_related(None).values_list("pk", flat=True), per_page).get_page(number)
    by_id = queryset.in_bulk(list(page.object_list))
    page.object_list = [by_id[pk] for pk in page.object_list if pk in by_id]
    return page
