from django.contrib.postgres.search import SearchRank
from django.db.models import F, Prefetch
from django.utils import timezone

from directory.extensions import SearchHit
from directory.models import Industry, Membership, Okrug
from imoscow.paging import page_of
from programs import eligibility, formspec
from programs.filters import MeasureFilter, ParticipantFilter, text_query
from programs.models import Application, ApplicationChange, ApplicationEvent, ClusterParticipant, Measure, Program

# --- Measures --------------------------------------------------------------------------------------


def published_measures():
    return Measure.objects.filter(is_published=True)


def measure_list(params) -> MeasureFilter:
    """The catalogue: `filterset.qs` is the page's rows, `filterset.form` its filter form."""
    return MeasureFilter(params or None, queryset=published_measures().order_by("title_ru"))


def measure_detail(slug: str) -> Measure:
    return published_measures().prefetch_related("industries").get(slug=slug)


def measures_for_profile(profile: eligibility.Profile, *, year: int | None = None) -> eligibility.Matches:
    """The measures that fit a company, and those it misses by one criterion."""
    year = year or timezone.localdate().year
    measures = published_measures().prefetch_related("industries").order_by("title_ru")
    return eligibility.match(measures, lambda measure: measure.criteria(), profile, year=year)


# --- Programs --------------------------------------------------------------------------------------


def program_list():
    return Program.objects.filter(is_published=True).order_by("closes_at")


def program_detail(slug: str) -> Program:
    return program_list().prefetch_related("fields", "screening_questions", "industries").get(slug=slug)


# --- Applications ----------------------------------------------------------------------------------


def applications_of(user, *, limit: int | None = None):
    """Applications of the organizations the user belongs to, with their timelines."""
    if not user.is_authenticated:
        return Application.objects.none()
    organizations = Membership.objects.filter(user=user).values("organization_id")
    queryset = (
        Application.objects.filter(organization__in=organizations)
        .select_related("program", "organization")
        .prefetch_related(
            Prefetch("events", queryset=ApplicationEvent.objects.order_by("created", "pk").select_related("actor"))
        )
        .order_by("-updated")
    )
    return queryset[:limit] if limit else queryset


def application_detail(pk: int) -> Application:
    return (
        Application.objects.select_related("program", "organization", "created_by")
        .prefetch_related(
            "program__fields",
            Prefetch("events", queryset=ApplicationEvent.objects.order_by("created", "pk").select_related("actor")),
            "documents",
        )
        .get(pk=pk)
    )


def application_changes(application, *, limit: int = 100):
    return (
        ApplicationChange.objects.filter(application=application)
        .select_related("user")
        .order_by("-created", "-pk")[:limit]
    )


def application_answers(application) -> list[dict]:
    """Each question of the form with the answer as a person reads it (for the summary and the admin)."""
    industries = {industry.slug: industry.name for industry in Industry.objects.all()}
    documents = {document.field_id: document for document in application.documents.all()}
    rows = []
    for spec in application.program.fields.all():
        value = application.data.get(spec.key)
        rows.append(
            {
                "spec": spec,
                "label": spec.label,
                "value": formspec.display_value(spec, value, industries=industries, documents=documents),
                "document": documents.get(spec.pk),
            }
        )
    return rows


def applications_for_export(queryset):
    return queryset.select_related("program", "organization").prefetch_related("program__fields").order_by("pk")


# --- Cluster registry ------------------------------------------------------------------------------


PARTICIPANTS_PER_PAGE = 30


def participant_list(params) -> ParticipantFilter:
    """The registry, filtered: newest members first."""
    return ParticipantFilter(params or None, queryset=ClusterParticipant.objects.order_by("-joined_at", "-pk"))


# What a registry row shows (the page and the API), and nothing more.
PARTICIPANT_FIELDS = (
    "role",
    "okrug",
    "joined_at",
    "organization__slug",
    "organization__name_ru",
    "organization__name_en",
    "industry__slug",
    "industry__name_ru",
    "industry__name_en",
)


def participant_rows():
    """Registry rows as lists show them, with their organization and industry joined."""
    return ClusterParticipant.objects.select_related("organization", "industry").only(*PARTICIPANT_FIELDS)


def participant_page(params, page_number, *, per_page: int = PARTICIPANTS_PER_PAGE):
    """One page of the registry in constant queries, fast on any page.

    The page's ids come from the index alone (a deep page skips index entries, not joined rows); then only
    those rows are loaded with their organization and industry. Labels of roles and okrugs are looked up
    once per page rather than once per row.
    """
    filterset = participant_list(params)
    page = page_of(filterset.qs, page_number, per_page, rows=participant_rows())
    roles = {value: str(label) for value, label in ClusterParticipant.Role.choices}
    okrugs = {value: str(label) for value, label in Okrug.choices}
    for row in page:
        row.role_label, row.okrug_label = roles.get(row.role, row.role), okrugs.get(row.okrug, "")
    return filterset, page


def participant_for_profile(organization, user=None) -> dict | None:
    participant = ClusterParticipant.objects.select_related("industry").filter(organization=organization).first()
    return None if participant is None else {"participant": participant}


# --- Site search -----------------------------------------------------------------------------------


def search_measures_and_programs(query: str, limit: int) -> tuple[list[SearchHit], int]:
    """For the portal's search: measures and open programs, best matches first."""
    if not query.strip():
        return [], 0
    search = text_query(query)
    measures = (
        published_measures()
        .filter(search=search)
        .annotate(rank=SearchRank(F("search"), search))
        .only("slug", "title_ru", "title_en", "summary_ru", "summary_en")
    )
    programs = (
        program_list()
        .filter(search=search)
        .annotate(rank=SearchRank(F("search"), search))
        .only("slug", "title_ru", "title_en", "summary_ru", "summary_en")
    )
    found = sorted([*programs[:limit], *measures[:limit]], key=lambda row: -row.rank)[:limit]
    total = measures.count() + programs.count()
    return [SearchHit(title=row.title, url=row.get_absolute_url(), summary=row.summary) for row in found], total
