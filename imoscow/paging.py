"""Pages of lists whose rows are wide: sort and cut on ids, then read only the page's rows."""

from django.core.paginator import Page, Paginator


def page_of(matching, number, per_page: int, *, rows=None) -> Page:
    """Like `Paginator(matching, per_page).get_page(number)`, but the sorting and cutting run on narrow
    rows (the id and the sort keys, which indexes can answer, and a LIMIT the planner can stop early
    for); only the page's own rows are then read whole. Sorting thousands of full rows to show twenty
    spilled to disk.

    `rows` reads the page's rows by id, with what they display joined and prefetched; by default
    `matching` itself, whose conditions then run again on those ids. Pass it when they are costly."""
    page = Paginator(matching.prefetch_related(None).values_list("pk", flat=True), per_page).get_page(number)
    by_id = (matching if rows is None else rows).in_bulk(list(page.object_list))
    page.object_list = [by_id[pk] for pk in page.object_list if pk in by_id]
    return page
