from django.utils.translation import gettext_lazy as _

# The header's navigation: (URL name, label). Every area of the portal is one click away.
NAVIGATION = [
    ("directory:list", _("Directory")),
    ("bookings:index", _("Spaces and equipment")),
    ("jobs:index", _("Jobs")),
    ("programs:index", _("Incentives and programs")),
    ("courses:index", _("Courses for children")),
]


def portal(request):
    return {"navigation": NAVIGATION}
