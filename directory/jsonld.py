"""schema.org JSON-LD for organization profiles, so search engines read who and where an organization is."""

import json

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

from directory.models import Okrug, Organization

# The characters that could close the <script> element or start markup, written as JSON escapes
# (the same rule as Django's json_script, which only emits type="application/json").
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

SCHEMA_TYPES = {
    Organization.Kind.UNIVERSITY: "CollegeOrUniversity",
    Organization.Kind.RESEARCH_CENTRE: "ResearchOrganization",
    Organization.Kind.LABORATORY: "ResearchOrganization",
}


def organization_json_ld(organization: Organization, *, request) -> dict:
    """The profile as a schema.org Organization (or a more precise subtype), with absolute URLs."""
    data = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES.get(organization.kind, "Organization"),
        "name": organization.name,
        "url": request.build_absolute_uri(organization.get_absolute_url()),
    }
    other_name = organization.name_en if organization.name == organization.name_ru else organization.name_ru
    if other_name and other_name != organization.name:
        data["alternateName"] = other_name
    if organization.description:
        data["description"] = organization.description
    if organization.address or organization.okrug:
        address = {"@type": "PostalAddress", "addressLocality": "Москва", "addressCountry": "RU"}
        if organization.address:
            address["streetAddress"] = organization.address
        if organization.okrug:
            address["addressRegion"] = str(Okrug(organization.okrug).label)
        data["address"] = address
    if organization.latitude is not None and organization.longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(organization.latitude),
            "longitude": float(organization.longitude),
        }
    if organization.logo:
        data["logo"] = request.build_absolute_uri(organization.logo.url)
    if organization.website:
        data["sameAs"] = [organization.website]
    if organization.phone:
        data["telephone"] = organization.phone
    if organization.email:
        data["email"] = organization.email
    if organization.founded_year:
        data["foundingDate"] = str(organization.founded_year)
    if organization.headcount:
        data["numberOfEmployees"] = {"@type": "QuantitativeValue", "value": organization.headcount}
    if organization.park_id:
        data["memberOf"] = {
            "@type": "Organization",
            "name": organization.park.name,
            "url": request.build_absolute_uri(organization.park.get_absolute_url()),
        }
    if organization.capabilities:
        data["knowsAbout"] = [str(label) for label in organization.capability_labels]
    return data


def json_ld_script_content(data: dict) -> SafeString:
    """JSON safe to put between <script type="application/ld+json"> and </script>."""
    text = json.dumps(data, ensure_ascii=False, indent=None if not settings.DEBUG else 2)
    return mark_safe(text.translate(_ESCAPES))  # noqa: S308 (escaped above: no <, > or & remains)
