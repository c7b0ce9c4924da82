"""The eligibility rules: pure functions, no database."""

from decimal import Decimal

import pytest
from django.utils import translation

from programs.eligibility import Criteria, Criterion, Profile, Question, describe, evaluate, match

YEAR = 2026
EVERYTHING = Profile(
    founded_year=2020,
    headcount=40,
    revenue=Decimal("120"),
    industries=frozenset({"software", "robotics"}),
    is_resident=True,
    registered_in_moscow=True,
    okrug="zelao",
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_no_rules_fits_everyone_even_with_no_answers():
    assert Criteria().is_open_to_all
    assert evaluate(Criteria(), Profile(), year=YEAR).fits
    assert evaluate(Criteria(), EVERYTHING, year=YEAR) == evaluate(Criteria(), Profile(), year=YEAR)


@pytest.mark.parametrize(
    ("founded", "fits"),
    [(2024, False), (2023, True), (2021, True), (2020, False)],  # ages 2, 3, 5, 6 against 3..5
)
def test_company_age_counts_whole_years_inclusive(founded, fits):
    criteria = Criteria(min_age=3, max_age=5)
    verdict = evaluate(criteria, Profile(founded_year=founded), year=YEAR)
    assert verdict.fits is fits
    if not fits:
        assert verdict.missed.criterion == Criterion.AGE


def test_age_message_says_what_is_required_and_what_the_company_has():
    verdict = evaluate(Criteria(max_age=3), Profile(founded_year=2020), year=YEAR)
    assert str(verdict.missed) == "The company must be at most 3 years old (you: 6 years)"
    verdict = evaluate(Criteria(min_age=2), Profile(founded_year=2025), year=YEAR)
    assert str(verdict.missed) == "The company must be at least 2 years old (you: 1 year)"


@pytest.mark.parametrize(("headcount", "fits"), [(9, False), (10, True), (250, True), (251, False)])
def test_headcount_bounds_are_inclusive(headcount, fits):
    criteria = Criteria(min_headcount=10, max_headcount=250)
    assert evaluate(criteria, Profile(headcount=headcount), year=YEAR).fits is fits


def test_headcount_message_gives_the_range():
    verdict = evaluate(Criteria(min_headcount=10, max_headcount=250), Profile(headcount=3), year=YEAR)
    assert str(verdict.missed) == "The company must have from 10 employees to 250 employees (you: 3 employees)"


@pytest.mark.parametrize(("revenue", "fits"), [("9.9", False), ("10", True), ("2000", True), ("2000.1", False)])
def test_revenue_in_millions(revenue, fits):
    criteria = Criteria(min_revenue=Decimal("10"), max_revenue=Decimal("2000"))
    assert evaluate(criteria, Profile(revenue=Decimal(revenue)), year=YEAR).fits is fits


def test_industries_any_of_them_qualifies():
    criteria = Criteria(industries={"medtech": "Medical devices", "robotics": "Robotics"})
    assert evaluate(criteria, EVERYTHING, year=YEAR).fits  # robotics
    verdict = evaluate(criteria, Profile(industries=frozenset({"fintech"})), year=YEAR)
    assert verdict.missed.criterion == Criterion.INDUSTRY
    assert "Medical devices, Robotics" in str(verdict.missed)


def test_residency_and_moscow_registration_are_required_flags():
    criteria = Criteria(requires_residency=True, requires_moscow_registration=True)
    assert evaluate(criteria, EVERYTHING, year=YEAR).fits
    verdict = evaluate(criteria, Profile(is_resident=False, registered_in_moscow=True), year=YEAR)
    assert verdict.missed.criterion == Criterion.RESIDENCY
    verdict = evaluate(criteria, Profile(is_resident=True, registered_in_moscow=False), year=YEAR)
    assert verdict.missed.criterion == Criterion.MOSCOW_REGISTRATION


def test_okrug_names_the_company_okrug_when_missed():
    criteria = Criteria(okrugs={"zelao": "Zelenogradsky"})
    assert evaluate(criteria, EVERYTHING, year=YEAR).fits
    verdict = evaluate(criteria, Profile(okrug="cao"), year=YEAR)
    assert verdict.missed.criterion == Criterion.OKRUG
    assert str(verdict.missed) == "The company must be located in one of these okrugs: Zelenogradsky (you: Central)"


def test_unanswered_criteria_are_unknown_not_missed():
    criteria = Criteria(
        min_age=1,
        min_headcount=5,
        min_revenue=Decimal(1),
        industries={"x": "X"},
        requires_residency=True,
        requires_moscow_registration=True,
        okrugs={"cao": "Central"},
    )
    verdict = evaluate(criteria, Profile(), year=YEAR)
    assert verdict.fits
    assert verdict.unknown == (
        Criterion.AGE,
        Criterion.HEADCOUNT,
        Criterion.REVENUE,
        Criterion.INDUSTRY,
        Criterion.RESIDENCY,
        Criterion.MOSCOW_REGISTRATION,
        Criterion.OKRUG,
    )
    assert evaluate(criteria, Profile(industries=frozenset()), year=YEAR).unknown.count(Criterion.INDUSTRY) == 1


def test_a_near_miss_is_exactly_one_missed_criterion():
    one = evaluate(Criteria(max_headcount=10), EVERYTHING, year=YEAR)
    assert not one.fits and one.is_near_miss and one.missed.criterion == Criterion.HEADCOUNT
    two = evaluate(Criteria(max_headcount=10, requires_residency=True, max_age=1), EVERYTHING, year=YEAR)
    assert not two.is_near_miss and two.missed is None
    assert [miss.criterion for miss in two.misses] == [Criterion.AGE, Criterion.HEADCOUNT]
    assert not evaluate(Criteria(), EVERYTHING, year=YEAR).is_near_miss


def test_screening_questions_need_the_qualifying_answer():
    questions = [
        Question("q1", "Do you make things in Moscow?", True),
        Question("q2", "Do you owe taxes?", False, "Companies with tax debts cannot take part."),
    ]
    assert evaluate(Criteria(), Profile(), year=YEAR, questions=questions, answers={"q1": True, "q2": False}).fits
    verdict = evaluate(Criteria(), Profile(), year=YEAR, questions=questions, answers={"q1": True, "q2": True})
    assert verdict.missed.criterion == Criterion.QUESTION
    assert str(verdict.missed) == "Companies with tax debts cannot take part. (you: yes)"
    verdict = evaluate(Criteria(), Profile(), year=YEAR, questions=questions, answers={"q1": False, "q2": False})
    assert verdict.missed.requirement == "Do you make things in Moscow?"  # no explanation: the question itself
    unanswered = evaluate(Criteria(), Profile(), year=YEAR, questions=questions, answers={})
    assert unanswered.fits and unanswered.unknown == (Criterion.QUESTION, Criterion.QUESTION)


def test_match_splits_fits_and_near_misses_and_drops_the_rest_in_order():
    items = {
        "open": Criteria(),
        "small-only": Criteria(max_headcount=10),
        "young-small": Criteria(max_headcount=10, max_age=1),
        "residents": Criteria(requires_residency=True),
        "revenue-unknown": Criteria(min_revenue=Decimal(1)),
    }
    result = match(items, items.get, Profile(headcount=40, founded_year=2020, is_resident=True), year=YEAR)
    assert [m.item for m in result.fits] == ["open", "residents", "revenue-unknown"]
    assert [m.item for m in result.near_misses] == ["small-only"]
    assert result.fits[2].verdict.unknown == (Criterion.REVENUE,)


def test_describe_lists_each_rule_for_people():
    criteria = Criteria(
        min_age=2,
        max_headcount=100,
        min_revenue=Decimal(10),
        industries={"a": "Robotics"},
        requires_residency=True,
        okrugs={"zelao": "Zelenogradsky"},
    )
    assert describe(criteria) == [
        ("Company age", "at least 2 years"),
        ("Number of employees", "at most 100 employees"),
        ("Annual revenue", "at least 10 million roubles"),
        ("Industry", "Robotics"),
        ("Resident of a technology park or special economic zone", "required"),
        ("Okrug", "Zelenogradsky"),
    ]
    assert describe(Criteria()) == []


def test_messages_are_in_russian_by_default():
    with translation.override("ru"):
        verdict = evaluate(Criteria(max_age=3), Profile(founded_year=2020), year=YEAR)
        assert verdict.missed.label == "Возраст компании"
