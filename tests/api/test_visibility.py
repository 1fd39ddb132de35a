"""Who sees what: anonymous callers and users without view permission see published briefs, their
claims and analysis comments, and all actors and locations; viewer/analyst/editor see everything.
Invisible records are 404 in detail and absent from lists. Writes follow model permissions."""

import pytest

from briefings.choices import BriefStatus
from briefings.models import ClaimLink
from tests.api.conftest import assert_error, url
from tests.factories import make_actor, make_brief, make_claim, make_comment, make_location

pytestmark = pytest.mark.django_db

HIDDEN_STATUSES = [BriefStatus.DRAFT, BriefStatus.REVIEW, BriefStatus.RETRACTED]
PRIVILEGED = ["viewer_client", "analyst_client", "editor_client"]
UNPRIVILEGED = ["anonymous_client", "outsider_client"]


@pytest.fixture
def records():
    """One published and one hidden brief of each hidden status, each with a claim, an analysis and a note."""
    made = {}
    for status in [BriefStatus.PUBLISHED, *HIDDEN_STATUSES]:
        brief = make_brief(status=status)
        made[status] = {
            "brief": brief,
            "claim": make_claim(brief=brief),
            "analysis": make_comment(brief=brief, kind="analysis"),
            "note": make_comment(brief=brief, kind="note"),
        }
    return made


def list_ids(client, resource) -> set[str]:
    response = client.get(url(resource), {"limit": 500})
    assert response.status_code == 200
    return {item["id"] for item in response.json()["results"]}


@pytest.mark.parametrize("client_name", UNPRIVILEGED)
def test_unprivileged_callers_see_only_published_records(request, records, client_name):
    client = request.getfixturevalue(client_name)
    published = records[BriefStatus.PUBLISHED]

    assert list_ids(client, "briefs") == {str(published["brief"].pk)}
    assert list_ids(client, "claims") == {str(published["claim"].pk)}
    assert list_ids(client, "comments") == {str(published["analysis"].pk)}
    for status in HIDDEN_STATUSES:
        for key, resource in [("brief", "briefs"), ("claim", "claims"), ("analysis", "comments"), ("note", "comments")]:
            assert_error(client.get(url(resource, records[status][key].pk)), status=404, code="not_found")
    assert_error(client.get(url("comments", published["note"].pk)), status=404)


@pytest.mark.parametrize("client_name", UNPRIVILEGED)
def test_unprivileged_brief_detail_embeds_no_notes(request, records, client_name):
    client = request.getfixturevalue(client_name)
    published = records[BriefStatus.PUBLISHED]
    body = client.get(url("briefs", published["brief"].pk)).json()
    assert [comment["id"] for comment in body["comments"]] == [str(published["analysis"].pk)]
    assert body["comment_count"] == 1
    assert [claim["id"] for claim in body["claims"]] == [str(published["claim"].pk)]


@pytest.mark.parametrize("client_name", PRIVILEGED)
def test_staff_groups_see_everything(request, records, client_name):
    client = request.getfixturevalue(client_name)
    assert list_ids(client, "briefs") == {str(record["brief"].pk) for record in records.values()}
    assert list_ids(client, "claims") == {str(record["claim"].pk) for record in records.values()}
    assert len(list_ids(client, "comments")) == 8
    draft = records[BriefStatus.DRAFT]
    body = client.get(url("briefs", draft["brief"].pk)).json()
    assert {comment["kind"] for comment in body["comments"]} == {"analysis", "note"}
    assert body["comment_count"] == 2
    assert client.get(url("comments", draft["note"].pk)).status_code == 200


@pytest.mark.parametrize("client_name", [*UNPRIVILEGED, *PRIVILEGED])
def test_everyone_reads_actors_and_locations(request, client_name):
    client = request.getfixturevalue(client_name)
    actor, location = make_actor(), make_location()
    assert list_ids(client, "actors") == {str(actor.pk)}
    assert list_ids(client, "locations") == {str(location.pk)}
    assert client.get(url("actors", actor.pk)).status_code == 200


def test_hidden_records_are_absent_from_filtered_lists(anonymous_client, records):
    draft = records[BriefStatus.DRAFT]["brief"]
    body = anonymous_client.get(url("claims"), {"brief": str(draft.pk)}).json()
    assert body["count"] == 0


def test_links_to_hidden_claims_are_not_shown(anonymous_client, viewer_client, records):
    published = records[BriefStatus.PUBLISHED]["claim"]
    hidden = records[BriefStatus.DRAFT]["claim"]
    ClaimLink.objects.create(source=published, target=hidden, kind="updates")
    assert anonymous_client.get(url("claims", published.pk)).json()["links"] == []
    assert len(viewer_client.get(url("claims", published.pk)).json()["links"]) == 1


def test_anonymous_read_can_be_switched_off(settings, anonymous_client, viewer_client):
    settings.BRIEFINGS_ANONYMOUS_READ = False
    actor = make_actor()
    response = anonymous_client.get(url("actors", actor.pk))
    assert_error(response, status=401, code="not_authenticated")
    assert viewer_client.get(url("actors", actor.pk)).status_code == 200


# Writes


def test_anonymous_write_is_401_with_www_authenticate(anonymous_client):
    response = anonymous_client.post(url("actors"), {"name": "X", "kind": "person"}, format="json")
    assert_error(response, status=401, code="not_authenticated")
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize("client_name", ["outsider_client", "viewer_client"])
def test_users_without_add_permission_get_403(request, client_name):
    client = request.getfixturevalue(client_name)
    response = client.post(url("actors"), {"name": "X", "kind": "person"}, format="json")
    assert_error(response, status=403, code="permission_denied")


def test_analyst_writes_but_cannot_delete(analyst_client):
    actor = make_actor()
    assert analyst_client.patch(url("actors", actor.pk), {"description": "x"}, format="json").status_code == 200
    assert_error(analyst_client.delete(url("actors", actor.pk)), status=403)


def test_outsider_cannot_change_published_records_it_can_read(outsider_client, records):
    brief = records[BriefStatus.PUBLISHED]["brief"]
    assert outsider_client.get(url("briefs", brief.pk)).status_code == 200
    assert_error(outsider_client.patch(url("briefs", brief.pk), {"title": "x"}, format="json"), status=403)
