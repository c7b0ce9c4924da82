from django.apps import AppConfig


class ImoscowConfig(AppConfig):
    """The project package is an app too: shared template tags, error pages and the demo command."""

    name = "imoscow"
    verbose_name = "iMoscow"
