from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from jobs import selectors


class VacancySearchFeed(Feed):
    """An Atom feed of any job search: the search page's query string on /jobs/feed/."""

    feed_type = Atom1Feed

    def get_object(self, request):
        return request.GET.copy()

    def title(self, params):
        return _("iMoscow vacancies: %(search)s") % {"search": selectors.describe_search(params)}

    def link(self, params):
        query = params.urlencode()
        return reverse("jobs:index") + (f"?{query}" if query else "")

    def subtitle(self, params):
        return _("New vacancies of Moscow's technology companies matching this search.")

    def items(self, params):
        return selectors.vacancies_for_feed(params)

    def item_title(self, vacancy):
        return f"{vacancy.title} — {vacancy.company.name}"

    def item_description(self, vacancy):
        parts = [vacancy.work_format_label, vacancy.employment_type_label, vacancy.salary_text]
        return " · ".join(str(part) for part in parts if part) + "\n\n" + vacancy.description_html

    def item_link(self, vacancy):
        return vacancy.get_absolute_url()

    def item_pubdate(self, vacancy):
        return vacancy.published_at

    def item_updateddate(self, vacancy):
        return vacancy.updated

    def item_author_name(self, vacancy):
        return vacancy.company.name

    def item_categories(self, vacancy):
        return [vacancy.profile_label]
