from django.http import QueryDict

from alerts import services
from alerts.models import SavedSearch


def saved_search(user, query: str = "", *, area: str = "jobs", frequency=SavedSearch.Frequency.DAILY, language="ru"):
    return services.saved_search_create(
        user=user, area=area, query=QueryDict(query), frequency=frequency, language=language
    )
