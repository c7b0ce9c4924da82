from django.db import models


class TimeStampedModel(models.Model):
    """Every table of the portal says when a row was made and last changed."""

    created = models.DateTimeField(auto_now_add=True, db_index=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
