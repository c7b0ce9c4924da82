"""Links from the portal's list pages to the same list as open data."""

from django import template

from api.exports import EXPORT_ROW_LIMIT

register = template.Library()


@register.inclusion_tag("api/_csv_link.html", takes_context=True)
def csv_export_link(context, url_name: str):
    """ "Download CSV" for the list as filtered now (every filter kept, the page number dropped)."""
    return {"request": context.get("request"), "url_name": url_name, "row_limit": EXPORT_ROW_LIMIT}
