from django.contrib import admin


class AuditTrailInline(admin.TabularInline):
    """A row's recorded history (who, when, from, to): staff read it; nobody adds, edits or deletes it."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields  # every column is history

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
