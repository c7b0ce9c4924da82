from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from courses import services
from courses.models import Child, Course, Enrollment, EnrollmentEvent, Group, Slot
from imoscow.admin import AuditTrailInline
from imoscow.errors import DomainError


class GroupInline(admin.TabularInline):
    model = Group
    extra = 0
    fields = ["name", "teacher", "capacity", "starts_on", "ends_on"]
    show_change_link = True


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = [
        "title_ru",
        "organization",
        "topic",
        "min_age",
        "max_age",
        "price_per_month",
        "okrug",
        "is_published",
    ]
    list_filter = ["topic", "level", "format", "okrug", "is_published"]
    list_select_related = ["organization"]
    search_fields = ["title_ru", "title_en", "organization__name_ru"]
    autocomplete_fields = ["organization"]
    readonly_fields = ["created", "updated"]
    inlines = [GroupInline]
    actions = ["publish", "unpublish"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("search")

    @admin.action(description=_("Publish the selected courses"))
    def publish(self, request, queryset):
        self._set_published(request, queryset, True)

    @admin.action(description=_("Hide the selected courses from the finder"))
    def unpublish(self, request, queryset):
        self._set_published(request, queryset, False)

    def _set_published(self, request, queryset, value):
        for course in queryset:
            services.course_update(course=course, user=request.user, is_published=value)
        self.message_user(request, _("Done."), messages.SUCCESS)


class SlotInline(admin.TabularInline):
    model = Slot
    extra = 1


class EnrollmentInline(admin.TabularInline):
    model = Enrollment
    extra = 0
    fields = ["child", "status", "enrolled_at", "cancelled_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False  # enrollments are made by the service, which keeps capacity and the waitlist order


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "course", "teacher", "capacity", "starts_on", "ends_on"]
    list_filter = ["starts_on", "course__topic"]
    list_select_related = ["course__organization"]
    search_fields = ["name", "teacher", "course__title_ru", "course__organization__name_ru"]
    raw_id_fields = ["course"]
    inlines = [SlotInline, EnrollmentInline]


class EnrollmentEventInline(AuditTrailInline):
    model = EnrollmentEvent
    fields = ["created", "actor", "from_status", "to_status", "comment"]


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = ["child", "group", "status", "enrolled_at", "created"]
    list_filter = ["status"]
    list_select_related = ["child", "group__course"]
    search_fields = ["child__name", "child__parent__email", "group__course__title_ru"]
    raw_id_fields = ["child", "group"]
    readonly_fields = ["child", "group", "status", "enrolled_at", "cancelled_at", "created", "updated"]
    inlines = [EnrollmentEventInline]
    actions = ["cancel"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Cancel the selected enrollments (the waitlist moves up)"))
    def cancel(self, request, queryset):
        done = 0
        for enrollment in queryset.filter(status__in=Enrollment.ACTIVE).order_by("pk"):
            try:
                services.enrollment_cancel(enrollment=enrollment, user=request.user, comment="cancelled by staff")
            except DomainError as error:
                self.message_user(request, f"{enrollment}: {error.message}", messages.ERROR)
            else:
                done += 1
        self.message_user(
            request,
            ngettext("%(count)d enrollment cancelled.", "%(count)d enrollments cancelled.", done) % {"count": done},
            messages.SUCCESS,
        )


@admin.register(Child)
class ChildAdmin(admin.ModelAdmin):
    list_display = ["name", "birth_date", "parent"]
    list_select_related = ["parent"]
    search_fields = ["name", "parent__email"]
    raw_id_fields = ["parent"]
