"""Equipment lines of `make bench` (called from bookings.bench): 10,000 items and 5,000 open requests."""

from accounts.demo import COMPANY_ADMIN_EMAIL
from accounts.models import User
from bookings.equipment import demo
from bookings.equipment.models import Category, EquipmentItem, EquipmentRequest
from directory.models import Membership, Organization

ITEMS = 10_000
OPEN_REQUESTS = 5_000


def top_up(rng, stdout) -> str:
    if not Category.objects.exists():
        demo.seed_categories(Category)
    missing = ITEMS - EquipmentItem.objects.count()
    if missing > 0:
        owners = list(Organization.objects.filter(kind__in=demo.OWNER_KINDS).order_by("pk"))
        demo.make_items(owners, rng, count=missing)
        stdout.write(f"equipment bench: {missing} items added\n")
    missing = OPEN_REQUESTS - EquipmentRequest.objects.filter(status="open").count()
    if missing > 0:
        users = list(User.objects.filter(email__endswith="@demo.imoscow.example").order_by("pk")[:2000])
        demo.make_requests(users, rng, count=missing)
        stdout.write(f"equipment bench: {missing} requests added\n")
    open_count = EquipmentRequest.objects.filter(status="open").count()
    return f"{EquipmentItem.objects.count()} equipment items, {open_count} open equipment requests"


def _owner_slug() -> str | None:
    membership = (
        Membership.objects.filter(user__email=COMPANY_ADMIN_EMAIL, organization__equipment_items__isnull=False)
        .values_list("organization__slug", flat=True)
        .first()
    )
    return membership


def cases() -> list[dict]:
    climate = Category.objects.filter(slug="climate").values_list("pk", flat=True).first()
    rows = [
        {"page": "equipment_search_text", "path": "/spaces/equipment/?q=климатическая+камера", "login": None},
        {"page": "equipment_search_english", "path": "/spaces/equipment/?q=microscope", "login": None},
        {
            "page": "equipment_search_filters",
            "path": f"/spaces/equipment/?category={climate}&with_operator=on&okrug=cao&price_max=5000",
            "login": None,
        },
        {"page": "equipment_catalogue_page_5", "path": "/spaces/equipment/?page=5", "login": None},
        {"page": "equipment_requests", "path": "/spaces/equipment/requests/", "login": None},
    ]
    slug = _owner_slug()
    if slug:
        rows.append(
            {"page": "equipment_matching", "path": f"/spaces/equipment/org/{slug}/", "login": COMPANY_ADMIN_EMAIL}
        )
    return rows
