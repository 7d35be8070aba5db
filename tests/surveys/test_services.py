"""surveys.services: the survey's life, ballots and the aggregates closing computes."""
import pytest
from django.core.exceptions import ValidationError

from evaluations.models import PoliticalReview, SurveyScore
from surveys import services
from surveys.models import Ballot, BallotCode, Survey, SurveyResult
from surveys.services import BallotUnavailable

from .conftest import rate


def test_a_new_survey_rates_the_districts_principal_officials_with_default_scale_and_settings(world, survey):
    assert set(survey.officials.all()) == {world.own_official, world.other_official}
    assert survey.settings["min_turnout"] == 0.6667 and survey.scale[0] == {"label": "好", "points": 100}
    assert [i.code for i in survey.items.all()] == ["de", "neng"]
    assert survey.state == Survey.State.DRAFT


def test_issued_codes_are_returned_once_and_only_their_hash_is_stored(world, survey):
    codes = services.codes_issue(actor=world.users["staff"], survey=survey, rater_group="peer", count=3)
    assert len(set(codes)) == 3 and all(len(c) == 16 for c in codes)
    stored = set(BallotCode.objects.values_list("code_hash", flat=True))
    assert not stored & set(codes)
    assert stored == {services.code_hash(c) for c in codes}
    assert survey.history.first().history_change_reason == "发放票码：同级 3 张"


def test_a_ballot_spends_its_code_and_a_second_submission_is_refused_like_an_unknown_code(world, survey):
    staff = world.users["staff"]
    code, = services.codes_issue(actor=staff, survey=survey, rater_group="peer", count=1)
    services.survey_open(actor=staff, survey=survey)
    services.ballot_submit(code=code, answers=rate(world.own_official, de=100, neng=85))
    with pytest.raises(BallotUnavailable) as spent:
        services.ballot_submit(code=code, answers=[])
    with pytest.raises(BallotUnavailable) as unknown:
        services.ballot_submit(code="a" * 16, answers=[])
    assert spent.value.status == unknown.value.status == 404
    assert spent.value.message == unknown.value.message


def test_a_ballot_with_fewer_than_half_known_answers_is_invalid(world, survey):
    staff = world.users["staff"]
    good, bad = services.codes_issue(actor=staff, survey=survey, rater_group="peer", count=2)
    services.survey_open(actor=staff, survey=survey)
    # 4 answers each (2 officials × 2 items): 2 known is valid, 1 known is not
    assert services.ballot_submit(code=good, answers=rate(world.own_official, de=100, neng=85)).valid
    assert not services.ballot_submit(code=bad, answers=rate(world.own_official, de=100)).valid


def test_bad_answers_write_nothing_and_name_each_problem(world, survey):
    staff = world.users["staff"]
    code, = services.codes_issue(actor=staff, survey=survey, rater_group="peer", count=1)
    services.survey_open(actor=staff, survey=survey)
    with pytest.raises(ValidationError) as bad:
        services.ballot_submit(code=code, answers=rate(world.own_official, de=99, zz=100)
                               + rate(world.foreign_official, de=100))
    assert len(bad.value.message_dict["answers"]) == 3
    assert not Ballot.objects.exists() and not BallotCode.objects.get().spent


def test_close_and_confirm_write_survey_scores_of_the_groups_that_count(world, survey):
    """Peer: 3 codes, 2 valid ballots → 2 ≥ 2/3 × 3 counts; de (100 + 85)/2 = 92.5, neng (70 + 85)/2
    = 77.5 → 85.00. Subordinate: 3 codes, 1 ballot → does not count, no SurveyScore."""
    staff = world.users["staff"]
    peer = services.codes_issue(actor=staff, survey=survey, rater_group="peer", count=3)
    sub = services.codes_issue(actor=staff, survey=survey, rater_group="subordinate", count=3)
    services.survey_open(actor=staff, survey=survey)
    services.ballot_submit(code=peer[0], answers=rate(world.own_official, de=100, neng=70))
    services.ballot_submit(code=peer[1], answers=rate(world.own_official, de=85, neng=85))
    services.ballot_submit(code=sub[0], answers=rate(world.own_official, de=50, neng=50))
    services.survey_close(actor=staff, survey=survey)
    peer_result = SurveyResult.objects.get(official=world.own_official, rater_group="peer")
    assert (peer_result.codes_issued, peer_result.valid_ballots, peer_result.counted) == (3, 2, True)
    assert str(peer_result.score) == "85.00" and peer_result.item_scores == {"de": "92.50", "neng": "77.50"}
    sub_result = SurveyResult.objects.get(official=world.own_official, rater_group="subordinate")
    assert (sub_result.counted, sub_result.why_not) == (False, "turnout")
    world.own_cycle.state = "evaluating"
    world.own_cycle.save()
    services.survey_confirm(actor=staff, survey=survey)
    scores = {(s.official_id, s.rater_group): str(s.score) for s in SurveyScore.objects.all()}
    assert scores == {(world.own_official.pk, "peer"): "85.00"}
    assert "2026 年度多维测评" in SurveyScore.objects.get().history.first().history_change_reason


def test_political_proposal_from_pooled_groups_and_negative_shares(world, political):
    """Superior 2 codes 2 ballots, peer 1 code 1 ballot, all count. Own official pooled:
    p1 100, 85, 70 → 85; p2 50, 50, 70 → 56.67; score (85 + 56.67)/2 = 70.83 (exact 425/6);
    r1: 是, 否, 否 → 1/3, not over the limit → qualified proposed. Other official: r1 是 是 否
    → 2/3 > 1/3 → not qualified; staff change it with a reason, confirm writes it."""
    staff, own, other = world.users["staff"], world.own_official, world.other_official
    sup = services.codes_issue(actor=staff, survey=political, rater_group="superior", count=2)
    peer = services.codes_issue(actor=staff, survey=political, rater_group="peer", count=1)
    services.survey_open(actor=staff, survey=political)
    services.ballot_submit(code=sup[0], answers=rate(own, p1=100, p2=50, r1="yes") + rate(other, p1=85, r1="yes"))
    services.ballot_submit(code=sup[1], answers=rate(own, p1=85, p2=50, r1="no") + rate(other, p1=85, r1="yes"))
    services.ballot_submit(code=peer[0], answers=rate(own, p1=70, p2=70, r1="no") + rate(other, p1=85, r1="no"))
    services.survey_close(actor=staff, survey=political)
    own_p = political.proposals.get(official=own)
    assert str(own_p.score) == "70.83" and own_p.negative_shares == {"r1": "0.3333"}
    assert own_p.proposed_qualified is True
    other_p = political.proposals.get(official=other)
    assert other_p.negative_shares == {"r1": "0.6667"} and other_p.proposed_qualified is False
    with pytest.raises(ValidationError):
        services.proposal_change(actor=staff, proposal=other_p, qualified=True, reason=" ")
    services.proposal_change(actor=staff, proposal=other_p, qualified=True, reason="经核实为误解")
    world.own_cycle.state = "evaluating"
    world.own_cycle.save()
    services.survey_confirm(actor=staff, survey=political)
    reviews = {r.official_id: r.qualified for r in PoliticalReview.objects.all()}
    assert reviews == {own.pk: True, other.pk: True}
    assert "经核实为误解" in PoliticalReview.objects.get(official=other).note
