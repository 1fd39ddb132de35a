"""The workflow services: the only code that changes a brief's status."""

import pytest
from django.core.exceptions import PermissionDenied

from briefings.choices import BriefStatus
from briefings.services.workflow import InvalidTransition, brief_publish, brief_retract, brief_submit
from tests.factories import make_brief

pytestmark = pytest.mark.django_db

STEPS = {"submit": brief_submit, "publish": brief_publish, "retract": brief_retract}

ALLOWED = {
    ("submit", BriefStatus.DRAFT): BriefStatus.REVIEW,
    ("publish", BriefStatus.DRAFT): BriefStatus.PUBLISHED,
    ("publish", BriefStatus.REVIEW): BriefStatus.PUBLISHED,
    ("retract", BriefStatus.PUBLISHED): BriefStatus.RETRACTED,
}


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("status", BriefStatus.values)
def test_transition_table(step, status, editor):
    brief = make_brief(status=status)
    expected = ALLOWED.get((step, status))
    if expected is None:
        with pytest.raises(InvalidTransition):
            STEPS[step](brief=brief, user=editor)
        brief.refresh_from_db()
        assert brief.status == status
    else:
        assert STEPS[step](brief=brief, user=editor).status == expected


def test_a_transition_records_who_when_and_why(editor):
    brief = make_brief()
    published = brief_publish(brief=brief, user=editor)
    record = published.history.first()
    assert (record.status, record.history_user, record.history_change_reason) == ("published", editor, "publish")
    assert published.updated_by == editor
    assert published.version == brief.version + 1


@pytest.mark.parametrize("step", ["publish", "retract"])
def test_publish_and_retract_need_the_publish_permission(step, analyst):
    brief = make_brief(status=BriefStatus.PUBLISHED if step == "retract" else BriefStatus.REVIEW)
    with pytest.raises(PermissionDenied):
        STEPS[step](brief=brief, user=analyst)


def test_analysts_may_submit(analyst):
    assert brief_submit(brief=make_brief(), user=analyst).status == BriefStatus.REVIEW
