from django import forms
from django.utils.translation import gettext_lazy as _

from alerts.models import SavedSearch


class SaveSearchForm(forms.Form):
    """Posted from a catalogue's search page: which catalogue, the page's query string, how often."""

    area = forms.CharField(widget=forms.HiddenInput, max_length=40)
    query = forms.CharField(widget=forms.HiddenInput, required=False, max_length=2000)
    frequency = forms.ChoiceField(
        label=_("Email me new results"), choices=SavedSearch.Frequency.choices, initial=SavedSearch.Frequency.DAILY
    )


class SavedSearchSettingsForm(forms.Form):
    frequency = forms.ChoiceField(label=_("Email frequency"), choices=SavedSearch.Frequency.choices)
    is_subscribed = forms.BooleanField(label=_("Send me emails"), required=False)
