"""SPEC section 10's anonymity, as properties of the schema: nothing joins a ballot back to its
code, a rater, an address or a time finer than the day; codes are random enough and hashed."""
import math

from django.db import models

from surveys import services
from surveys.models import Answer, Ballot, BallotCode

IDENTIFYING_NAMES = ("ip", "addr", "agent", "user", "session", "code", "token", "respondent", "voter", "time",
                     "created", "updated")


def _forward_models(model, seen=None):
    """Every model reachable from `model` by following forward relations (FK, one-to-one, M2M)."""
    seen = set() if seen is None else seen
    for field in model._meta.get_fields():
        if field.is_relation and (field.many_to_one or field.one_to_one or field.many_to_many) \
                and not field.auto_created and field.related_model not in seen:
            seen.add(field.related_model)
            _forward_models(field.related_model, seen)
    return seen


def test_no_join_path_leads_from_a_ballot_or_answer_to_its_code():
    for model in (Ballot, Answer):
        assert BallotCode not in _forward_models(model)
    # …nor from the code to a ballot: a code has no relation but to its survey and unit
    assert {f.related_model for f in BallotCode._meta.get_fields() if f.is_relation} <= {
        BallotCode._meta.get_field("survey").related_model, BallotCode._meta.get_field("unit").related_model}


def test_ballots_and_answers_store_no_account_address_or_time_finer_than_the_day():
    from django.contrib.auth import get_user_model

    for model in (Ballot, Answer):
        for field in model._meta.concrete_fields:
            assert not isinstance(field, models.DateTimeField | models.TimeField | models.GenericIPAddressField), field
            assert not (field.is_relation and field.related_model is get_user_model()), field
            assert not any(word in field.name for word in IDENTIFYING_NAMES), field
        assert not hasattr(model, "history"), f"{model.__name__} must have no audit history (exact times)"
    assert not any(isinstance(f, models.DateTimeField) for f in BallotCode._meta.concrete_fields)
    assert not hasattr(BallotCode, "history")


def test_ballot_ids_are_random_so_their_order_is_not_the_order_of_submission():
    assert isinstance(Ballot._meta.pk, models.UUIDField) and isinstance(Answer._meta.pk, models.UUIDField)


def test_codes_carry_at_least_64_random_bits_and_are_stored_only_as_a_hash(world, survey):
    assert services.CODE_BYTES * 8 >= 64
    codes = services.codes_issue(actor=world.users["staff"], survey=survey, rater_group="public", count=50)
    alphabet = set("abcdefghijklmnopqrstuvwxyz234567")
    assert all(set(code) <= alphabet for code in codes)
    assert min(len(code) for code in codes) * math.log2(len(alphabet)) >= 64
    stored = list(BallotCode.objects.values_list("code_hash", flat=True))
    assert all(len(h) == 64 for h in stored) and not set(stored) & set(codes)
    # a code is found whatever case, spaces or dashes it is typed with
    typed = "-".join(codes[0][i:i + 4] for i in range(0, 16, 4)).upper()
    assert services.code_hash(typed) == services.code_hash(codes[0])


def test_a_ballot_row_holds_only_the_survey_group_unit_source_day_and_validity(world, survey):
    code, = services.codes_issue(actor=world.users["staff"], survey=survey, rater_group="peer", count=1)
    services.survey_open(actor=world.users["staff"], survey=survey)
    services.ballot_submit(code=code, answers=[])
    assert {f.name for f in Ballot._meta.concrete_fields} == {
        "id", "survey", "rater_group", "unit", "source", "submitted_on", "valid"}
