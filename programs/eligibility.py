"""Who qualifies for a support measure or a program: the one place where eligibility is decided.

Pure functions over plain values: no database, no request, no clock (the caller passes the year).
Measures and programs store their rules as data (see `programs.models.EligibilityRules.criteria()`);
the incentive finder, the catalogue and the screening before an application all call `evaluate()`.

A criterion a company has not answered is *unknown*, neither met nor missed: the finder still lists the
measure and says what to check. A measure with exactly one missed criterion is a *near miss*.
"""

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from directory.models import Okrug


class Criterion(enum.StrEnum):
    AGE = "age"
    HEADCOUNT = "headcount"
    REVENUE = "revenue"
    INDUSTRY = "industry"
    RESIDENCY = "residency"
    MOSCOW_REGISTRATION = "moscow_registration"
    OKRUG = "okrug"
    QUESTION = "question"

    @property
    def label(self):
        return CRITERION_LABELS[self]


CRITERION_LABELS = {
    Criterion.AGE: gettext_lazy("Company age"),
    Criterion.HEADCOUNT: gettext_lazy("Number of employees"),
    Criterion.REVENUE: gettext_lazy("Annual revenue"),
    Criterion.INDUSTRY: gettext_lazy("Industry"),
    Criterion.RESIDENCY: gettext_lazy("Resident of a technology park or special economic zone"),
    Criterion.MOSCOW_REGISTRATION: gettext_lazy("Registered in Moscow"),
    Criterion.OKRUG: gettext_lazy("Okrug"),
    Criterion.QUESTION: gettext_lazy("Screening question"),
}


@dataclass(frozen=True)
class Criteria:
    """A measure's or program's rules. None or empty means "no rule on this"."""

    min_age: int | None = None
    max_age: int | None = None
    min_headcount: int | None = None
    max_headcount: int | None = None
    min_revenue: Decimal | None = None  # millions of roubles a year
    max_revenue: Decimal | None = None
    industries: Mapping[str, str] = field(default_factory=dict)  # slug -> display name; any of them
    requires_residency: bool = False
    requires_moscow_registration: bool = False
    okrugs: Mapping[str, str] = field(default_factory=dict)  # code -> display name; any of them

    @property
    def is_open_to_all(self) -> bool:
        return not any(
            (
                self.min_age is not None,
                self.max_age is not None,
                self.min_headcount is not None,
                self.max_headcount is not None,
                self.min_revenue is not None,
                self.max_revenue is not None,
                self.industries,
                self.requires_residency,
                self.requires_moscow_registration,
                self.okrugs,
            )
        )


@dataclass(frozen=True)
class Profile:
    """What a company says about itself. None means "not answered"."""

    founded_year: int | None = None
    headcount: int | None = None
    revenue: Decimal | None = None  # millions of roubles a year
    industries: frozenset[str] | None = None  # slugs
    is_resident: bool | None = None
    registered_in_moscow: bool | None = None
    okrug: str | None = None


@dataclass(frozen=True)
class Question:
    """A yes/no screening question of a program and the answer that qualifies."""

    key: str
    text: str
    required_answer: bool
    explanation: str = ""


@dataclass(frozen=True)
class Miss:
    """A criterion the company does not meet: what is required and what the company has."""

    criterion: Criterion
    requirement: str
    answer: str = ""

    @property
    def label(self):
        return self.criterion.label

    def __str__(self):
        if self.answer:
            return _("%(requirement)s (you: %(answer)s)") % {"requirement": self.requirement, "answer": self.answer}
        return self.requirement


@dataclass(frozen=True)
class Verdict:
    misses: tuple[Miss, ...] = ()
    unknown: tuple[Criterion, ...] = ()

    @property
    def fits(self) -> bool:
        return not self.misses

    @property
    def is_near_miss(self) -> bool:
        return len(self.misses) == 1

    @property
    def missed(self) -> Miss | None:
        """The one criterion of a near miss."""
        return self.misses[0] if self.is_near_miss else None


def _range_text(low, high, unit_text) -> str:
    if low is not None and high is not None:
        return _("from %(low)s to %(high)s") % {"low": unit_text(low), "high": unit_text(high)}
    if low is not None:
        return _("at least %(low)s") % {"low": unit_text(low)}
    return _("at most %(high)s") % {"high": unit_text(high)}


def _years(n) -> str:
    return ngettext("%(n)s year", "%(n)s years", n) % {"n": n}


def _people(n) -> str:
    return ngettext("%(n)s employee", "%(n)s employees", n) % {"n": n}


def _millions(amount) -> str:
    return _("%(amount)s million roubles") % {"amount": number_format(amount, force_grouping=True)}


def _outside(value, low, high) -> bool:
    return (low is not None and value < low) or (high is not None and value > high)


def _check_range(criterion, value, low, high, unit_text, requirement_text, misses, unknown):
    if low is None and high is None:
        return
    if value is None:
        unknown.append(criterion)
    elif _outside(value, low, high):
        misses.append(
            Miss(criterion, requirement_text % {"range": _range_text(low, high, unit_text)}, unit_text(value))
        )


def _check_choice(criterion, answer, allowed: Mapping[str, str], requirement, answer_text, misses, unknown):
    if not allowed:
        return
    if not answer:
        unknown.append(criterion)
    elif not (set(answer) if isinstance(answer, frozenset) else {answer}) & set(allowed):
        misses.append(
            Miss(criterion, requirement % {"choices": ", ".join(str(name) for name in allowed.values())}, answer_text)
        )


def _check_flag(criterion, required: bool, answer: bool | None, requirement, misses, unknown):
    if not required:
        return
    if answer is None:
        unknown.append(criterion)
    elif not answer:
        misses.append(Miss(criterion, requirement, _("no")))


def evaluate(
    criteria: Criteria,
    profile: Profile,
    *,
    year: int,
    questions: Sequence[Question] = (),
    answers: Mapping[str, bool | None] | None = None,
) -> Verdict:
    """Check every rule of `criteria` (and each screening question) against what the company said."""
    misses: list[Miss] = []
    unknown: list[Criterion] = []
    age = None if profile.founded_year is None else year - profile.founded_year
    _check_range(
        Criterion.AGE,
        age,
        criteria.min_age,
        criteria.max_age,
        _years,
        _("The company must be %(range)s old"),
        misses,
        unknown,
    )
    _check_range(
        Criterion.HEADCOUNT,
        profile.headcount,
        criteria.min_headcount,
        criteria.max_headcount,
        _people,
        _("The company must have %(range)s"),
        misses,
        unknown,
    )
    _check_range(
        Criterion.REVENUE,
        profile.revenue,
        criteria.min_revenue,
        criteria.max_revenue,
        _millions,
        _("Annual revenue must be %(range)s"),
        misses,
        unknown,
    )
    _check_choice(
        Criterion.INDUSTRY,
        profile.industries,
        criteria.industries,
        _("The company must work in one of these industries: %(choices)s"),
        _("other industries"),
        misses,
        unknown,
    )
    _check_flag(
        Criterion.RESIDENCY,
        criteria.requires_residency,
        profile.is_resident,
        _("The company must be a resident of a technology park or special economic zone"),
        misses,
        unknown,
    )
    _check_flag(
        Criterion.MOSCOW_REGISTRATION,
        criteria.requires_moscow_registration,
        profile.registered_in_moscow,
        _("The company must be registered in Moscow"),
        misses,
        unknown,
    )
    _check_choice(
        Criterion.OKRUG,
        profile.okrug,
        criteria.okrugs,
        _("The company must be located in one of these okrugs: %(choices)s"),
        str(dict(Okrug.choices).get(profile.okrug, profile.okrug or "")),
        misses,
        unknown,
    )
    answers = answers or {}
    for question in questions:
        answer = answers.get(question.key)
        if answer is None:
            unknown.append(Criterion.QUESTION)
        elif answer != question.required_answer:
            misses.append(
                Miss(Criterion.QUESTION, question.explanation or question.text, _("yes") if answer else _("no"))
            )
    return Verdict(tuple(misses), tuple(unknown))


@dataclass(frozen=True)
class Match:
    item: object
    verdict: Verdict


@dataclass(frozen=True)
class Matches:
    fits: list[Match]
    near_misses: list[Match]


def match(items: Iterable, criteria_of, profile: Profile, *, year: int) -> Matches:
    """Split `items` into those that fit `profile` and the near misses (one criterion missed), in order."""
    fits, near = [], []
    for item in items:
        verdict = evaluate(criteria_of(item), profile, year=year)
        if verdict.fits:
            fits.append(Match(item, verdict))
        elif verdict.is_near_miss:
            near.append(Match(item, verdict))
    return Matches(fits, near)


def describe(criteria: Criteria) -> list[tuple[str, str]]:
    """Each rule as (criterion label, requirement) for pages that list who qualifies."""
    lines = []
    if criteria.min_age is not None or criteria.max_age is not None:
        lines.append((Criterion.AGE.label, _range_text(criteria.min_age, criteria.max_age, _years)))
    if criteria.min_headcount is not None or criteria.max_headcount is not None:
        lines.append((Criterion.HEADCOUNT.label, _range_text(criteria.min_headcount, criteria.max_headcount, _people)))
    if criteria.min_revenue is not None or criteria.max_revenue is not None:
        lines.append((Criterion.REVENUE.label, _range_text(criteria.min_revenue, criteria.max_revenue, _millions)))
    if criteria.industries:
        lines.append((Criterion.INDUSTRY.label, ", ".join(criteria.industries.values())))
    if criteria.requires_residency:
        lines.append((Criterion.RESIDENCY.label, _("required")))
    if criteria.requires_moscow_registration:
        lines.append((Criterion.MOSCOW_REGISTRATION.label, _("required")))
    if criteria.okrugs:
        lines.append((Criterion.OKRUG.label, ", ".join(str(name) for name in criteria.okrugs.values())))
    return lines
