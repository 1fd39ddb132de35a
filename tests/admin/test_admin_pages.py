"""The admin through HTTP: every page answers with bounded queries; forms, inlines, stale saves and actions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from briefings.admin.base import STALE_MESSAGE
from briefings.choices import (
    ActorRelationKind,
    BriefStatus,
    ClaimActorRole,
    ClaimLinkKind,
    CommentKind,
    LocationKind,
)
from briefings.models import (
    Actor,
    ActorDesignation,
    ActorRelation,
    Brief,
    BriefActor,
    BriefLocation,
    Claim,
    ClaimActor,
    ClaimLink,
    ClaimLocation,
    Comment,
    Location,
)
from tests.admin.conftest import (
    BODY,
    FIRST_QUOTE,
    REGISTERED_MODELS,
    admin_url,
    build_graph,
    make_actor,
    make_location,
)
from tests.admin.html_forms import form_data
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

# Measured: changelists 4-8 queries, add pages 3-7, change pages 5-13 (the brief page with its four
# inlines is the largest), history pages 5-9. The limits leave a little room, not a lot.
QUERY_LIMITS = {"changelist": 9, "add": 8, "change": 14, "history": 10}


def model_id(model) -> str:
    return model.__name__


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_every_briefings_model_is_registered():
    assert {model.__name__ for model in REGISTERED_MODELS} == {
        "Actor",
        "ActorDesignation",
        "ActorRelation",
        "Brief",
        "Claim",
        "ClaimLink",
        "Comment",
        "Location",
    }


@pytest.mark.parametrize("view", ["changelist", "add", "change", "history"])
@pytest.mark.parametrize("model", REGISTERED_MODELS, ids=model_id)
def test_page_answers_with_bounded_queries(admin_client, graph, django_assert_max_num_queries, model, view):
    args = () if view in {"changelist", "add"} else (graph.record_of(model).pk,)
    with django_assert_max_num_queries(QUERY_LIMITS[view]):
        response = admin_client.get(admin_url(model, view, *args))
    assert response.status_code == 200


@pytest.mark.parametrize("model", REGISTERED_MODELS, ids=model_id)
def test_changelist_query_count_does_not_grow_with_rows(admin_client, admin_user, model):
    build_graph(author=admin_user)
    with CaptureQueriesContext(connection) as one_graph:
        response = admin_client.get(admin_url(model, "changelist"))
    assert len(response.context["cl"].result_list) == model.objects.count()

    for number in range(29):
        build_graph(f" {number}", author=admin_user)
    with CaptureQueriesContext(connection) as thirty_graphs:
        response = admin_client.get(admin_url(model, "changelist"))

    assert len(response.context["cl"].result_list) == model.objects.count() >= 30
    assert len(thirty_graphs.captured_queries) == len(one_graph.captured_queries)


def add_inline_rows(graph, number: int, *, start: int = 0) -> None:
    """Give the brief, the brigades actor, the first claim and the province `number` more rows in each inline."""
    for index in range(start, start + number):
        actor = make_actor(f"Local council {index}", aliases=(f"LC{index}",))
        location = make_location(f"Hamlet {index}", kind=LocationKind.VILLAGE, parent=graph.province)
        claim = Claim.objects.create(brief=graph.brief, statement=f"Claim {index}", claimant=actor)
        Comment.objects.create(brief=graph.brief, claim=claim, body=f"Note {index}", kind=CommentKind.NOTE)
        BriefActor.objects.create(brief=graph.brief, actor=actor)
        BriefLocation.objects.create(brief=graph.brief, location=location)
        ActorRelation.objects.create(source=graph.brigades, target=actor, kind=ActorRelationKind.ALLIED_WITH)
        ActorDesignation.objects.create(actor=graph.brigades, authority=actor, label=f"List {index}")
        ClaimActor.objects.create(claim=graph.claim, actor=actor, role=ClaimActorRole.TARGET)
        ClaimLocation.objects.create(claim=graph.claim, location=location)
        ClaimLink.objects.create(source=graph.claim, target=claim, kind=ClaimLinkKind.UPDATES)
        graph.brigades.aliases.create(name=f"Brigade alias {index}")
        graph.province.aliases.create(name=f"Sarwan alias {index}")


@pytest.mark.parametrize("record", ["brief", "brigades", "claim", "province"])
def test_change_page_query_count_does_not_grow_with_inline_rows(admin_client, graph, record):
    """Inline rows render their autocomplete labels from one query per column, not one per row."""
    instance = getattr(graph, record)
    url = admin_url(type(instance), "change", instance.pk)
    add_inline_rows(graph, 1)  # every inline has at least one row: its label query runs in both counts
    admin_client.get(url)  # warm the per-process caches (content types) so both counts start equal
    with CaptureQueriesContext(connection) as few_rows:
        admin_client.get(url)

    add_inline_rows(graph, 20, start=1)
    with CaptureQueriesContext(connection) as many_rows:
        response = admin_client.get(url)

    assert response.status_code == 200
    assert all(len(formset.formset.forms) >= 20 for formset in response.context["inline_admin_formsets"])
    assert len(many_rows.captured_queries) == len(few_rows.captured_queries)


def test_inline_autocomplete_shows_the_selected_records(admin_client, graph):
    response = admin_client.get(admin_url(Brief, "change", graph.brief.pk))

    data = form_data(response, "brief_form")
    assert (data["claims-0-claimant"], data["claims-1-claimant"], data["comments-0-claim"]) == (
        str(graph.publisher.pk),  # claims are ordered by where their quote starts
        str(graph.brigades.pk),
        str(graph.claim.pk),
    )
    html = response.content.decode()
    assert f'<option value="{graph.publisher.pk}" selected>Riverside Wire</option>' in html
    assert f'<option value="{graph.claim.pk}" selected>{graph.claim.statement}</option>' in html


def test_brief_changelist_shows_status_publisher_and_claim_count(admin_client, graph):
    response = admin_client.get(admin_url(Brief, "changelist"))

    (brief,) = response.context["cl"].result_list
    assert (brief.title, brief.status, brief.publisher.name, brief.claim_count) == (
        "Brigades take a village west of Sarwan",
        "draft",
        "Riverside Wire",
        2,
    )
    assert response.context["cl"].show_full_result_count is False


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("NVB", ["Northern Valley Brigades"]),  # alias "N.V.B." by its normalized form
        ("valley brigades", ["Northern Valley Brigades"]),  # name and alias both match: still one row
        ("Riverside", ["Riverside Wire"]),
        ("nothing like it", []),
    ],
)
def test_actor_search_counts_aliases_without_duplicates(admin_client, graph, term, expected):
    response = admin_client.get(admin_url(Actor, "changelist"), {"q": term})

    assert [actor.name for actor in response.context["cl"].result_list] == expected


def test_autocomplete_finds_publisher_by_alias(admin_client, graph):
    response = admin_client.get(
        "/admin/autocomplete/",
        {"app_label": "briefings", "model_name": "brief", "field_name": "publisher", "term": "rw"},
    )

    assert response.json() == {
        "results": [{"id": str(graph.publisher.pk), "text": "Riverside Wire"}],
        "pagination": {"more": False},
    }


# Add forms


def test_add_actor_with_aliases_inline(admin_client, admin_user):
    url = admin_url(Actor, "add")
    data = form_data(admin_client.get(url), "actor_form")
    data.update(
        {
            "name": "Eastern Ridge Front",
            "kind": "armed_group",
            "country": "IQ",
            "aliases-TOTAL_FORMS": "2",
            "aliases-0-name": "E.R.F.",
            "aliases-1-name": "Ridge Front",
        }
    )

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    actor = Actor.objects.get(name="Eastern Ridge Front")
    assert sorted(actor.aliases.values_list("name", "normalized")) == [
        ("E.R.F.", "erf"),
        ("Ridge Front", "ridge front"),
    ]
    assert actor.version == 1
    assert actor.history.get().history_user == admin_user
    assert {alias.history.get().history_user for alias in actor.aliases.all()} == {admin_user}


def test_add_brief_with_inline_claim_and_comment(admin_client, admin_user, graph):
    url = admin_url(Brief, "add")
    data = form_data(admin_client.get(url), "brief_form")
    data.update(
        {
            "title": "Ridge road changes hands",
            "body": BODY,
            "published_at_0": "2024-06-07",
            "published_at_1": "08:00:00",
            "publisher": str(graph.publisher.pk),
            "language": "en",
            "status": "published",  # read-only: must be ignored
            "claims-TOTAL_FORMS": "1",
            "claims-0-statement": "The brigades took a village and a depot.",
            "claims-0-kind": "territorial_change",
            "claims-0-quote": FIRST_QUOTE,  # no span given: the model locates the quote
            "claims-0-claimant": str(graph.publisher.pk),
            "claims-0-assessment": "reported",
            "claims-0-occurred_start": "2024-06-04",
            "claims-0-occurred_end": "2024-06-04",
            "comments-TOTAL_FORMS": "1",
            "comments-0-kind": "analysis",
            "comments-0-body": "Holding the depot gives the brigades leverage before winter.",
        }
    )

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["errors"]
    brief = Brief.objects.get(title="Ridge road changes hands")
    assert (brief.status, brief.created_by, brief.updated_by, brief.publisher) == (
        BriefStatus.DRAFT,
        admin_user,
        admin_user,
        graph.publisher,
    )
    assert brief.slug.startswith("ridge-road-changes-hands-")
    claim = brief.claims.get()
    assert (claim.span_start, claim.span_end) == (BODY.index(FIRST_QUOTE), BODY.index(FIRST_QUOTE) + len(FIRST_QUOTE))
    assert claim.claimant == graph.publisher
    comment = brief.comments.get()
    assert (comment.author, comment.kind) == (admin_user, "analysis")


def test_inline_claim_with_a_quote_not_in_the_body_is_an_error_not_a_crash(admin_client):
    url = admin_url(Brief, "add")
    data = form_data(admin_client.get(url), "brief_form")
    data.update(
        {
            "title": "A brief",
            "body": BODY,
            "language": "en",
            "claims-TOTAL_FORMS": "1",
            "claims-0-statement": "Something",
            "claims-0-kind": "other",
            "claims-0-assessment": "reported",
            "claims-0-quote": "words the body never says",
        }
    )

    response = admin_client.post(url, data)

    assert response.status_code == 200
    (claim_formset,) = [
        formset for formset in response.context["inline_admin_formsets"] if formset.formset.prefix == "claims"
    ]
    assert claim_formset.formset.errors == [{"quote": ["The quote does not occur in the brief body."]}]
    assert not Brief.objects.exists()


def test_comment_edited_by_another_user_keeps_its_author(client, admin_user, graph):
    other_admin = make_user("second-admin", is_staff=True, is_superuser=True)
    client.force_login(other_admin)
    url = admin_url(Comment, "change", graph.comment.pk)
    data = form_data(client.get(url), "comment_form")
    data["body"] = "Reworded by a second editor."

    assert client.post(url, data).status_code == 302

    graph.comment.refresh_from_db()
    assert (graph.comment.body, graph.comment.author, graph.comment.version) == (
        "Reworded by a second editor.",
        admin_user,
        2,
    )
    assert graph.comment.history.first().history_user == other_admin


# Stale saves


def test_change_form_carries_the_version_it_was_opened_with(admin_client, graph):
    graph.brigades.save()  # version 2

    data = form_data(admin_client.get(admin_url(Actor, "change", graph.brigades.pk)), "actor_form")

    assert data["expected_version"] == "2"
    assert data["aliases-0-expected_version"] == "1"


def test_fresh_change_form_saves(admin_client, graph):
    url = admin_url(Actor, "change", graph.brigades.pk)
    data = form_data(admin_client.get(url), "actor_form")
    data["description"] = "Militia coalition active along the ridge road."

    assert admin_client.post(url, data).status_code == 302

    graph.brigades.refresh_from_db()
    assert (graph.brigades.description, graph.brigades.version) == ("Militia coalition active along the ridge road.", 2)


def test_stale_change_form_is_refused_and_nothing_is_written(admin_client, graph):
    url = admin_url(Actor, "change", graph.brigades.pk)
    data = form_data(admin_client.get(url), "actor_form")
    elsewhere = Actor.objects.get(pk=graph.brigades.pk)
    elsewhere.description = "Saved by a colleague meanwhile."
    elsewhere.save()
    data["name"] = "Overwritten name"
    data["aliases-0-name"] = "Overwritten alias"

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [STALE_MESSAGE]
    assert STALE_MESSAGE in response.content.decode()
    graph.brigades.refresh_from_db()
    assert (graph.brigades.name, graph.brigades.description, graph.brigades.version) == (
        "Northern Valley Brigades",
        "Saved by a colleague meanwhile.",
        2,
    )
    assert sorted(graph.brigades.aliases.values_list("name", flat=True)) == ["N.V.B.", "Valley Brigades"]


def test_stale_inline_row_is_refused_and_nothing_is_written(admin_client, graph):
    url = admin_url(Brief, "change", graph.brief.pk)
    data = form_data(admin_client.get(url), "brief_form")
    elsewhere = Comment.objects.get(pk=graph.comment.pk)
    elsewhere.body = "A colleague's wording."
    elsewhere.save()
    data["summary"] = "A new summary."
    data["comments-0-body"] = "My wording."

    response = admin_client.post(url, data)

    assert response.status_code == 200
    (comments,) = [
        formset for formset in response.context["inline_admin_formsets"] if formset.formset.prefix == "comments"
    ]
    assert comments.formset.forms[0].non_field_errors() == [STALE_MESSAGE]
    graph.brief.refresh_from_db()
    graph.comment.refresh_from_db()
    assert (graph.brief.summary, graph.brief.version) == ("", 1)
    assert (graph.comment.body, graph.comment.version) == ("A colleague's wording.", 2)


def test_inline_row_changed_elsewhere_refuses_the_save_even_if_untouched_here(admin_client, graph):
    """The form still holds the row's old values: saving them would silently undo the colleague's edit."""
    url = admin_url(Brief, "change", graph.brief.pk)
    data = form_data(admin_client.get(url), "brief_form")
    mention = graph.brief_actor
    mention.spans = [[12, 40]]
    mention.save()
    data["summary"] = "A new summary."

    response = admin_client.post(url, data)

    assert response.status_code == 200
    (mentions,) = [
        formset for formset in response.context["inline_admin_formsets"] if formset.formset.prefix == "actor_mentions"
    ]
    assert mentions.formset.forms[0].non_field_errors() == [STALE_MESSAGE]
    mention.refresh_from_db()
    graph.brief.refresh_from_db()
    assert (mention.spans, graph.brief.summary) == ([[12, 40]], "")


def test_history_cannot_revert(admin_client, graph):
    record = graph.brief.history.get()
    url = f"/admin/briefings/brief/{graph.brief.pk}/history/{record.history_id}/"

    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, {"title": "Old title"}).status_code == 403


# Workflow actions


def run_action(client, action: str, *briefs: Brief):
    return client.post(
        admin_url(Brief, "changelist"),
        {"action": action, "_selected_action": [str(brief.pk) for brief in briefs], "index": "0"},
        follow=True,
    )


def test_publish_action_publishes_through_the_service(admin_client, admin_user, graph):
    response = run_action(admin_client, "publish_selected", graph.brief)

    assert messages_of(response) == ["Published: “Brigades take a village west of Sarwan”."]
    graph.brief.refresh_from_db()
    assert (graph.brief.status, graph.brief.updated_by, graph.brief.version) == (BriefStatus.PUBLISHED, admin_user, 2)
    latest = graph.brief.history.first()
    assert (latest.history_user, latest.history_change_reason) == (admin_user, "publish")


def test_action_reports_each_brief(admin_client, graph):
    other = build_graph(" two").brief
    Brief.objects.filter(pk=other.pk).update(status=BriefStatus.PUBLISHED)

    response = run_action(admin_client, "retract_selected", graph.brief, other)

    assert sorted(messages_of(response)) == [
        "Retracted: “Brigades take a village west of Sarwan two”.",
        "“Brigades take a village west of Sarwan” was not changed: "
        "Cannot retract a brief in status 'draft' (allowed from: published).",
    ]
    assert dict(Brief.objects.values_list("title", "status")) == {
        "Brigades take a village west of Sarwan": BriefStatus.DRAFT,
        "Brigades take a village west of Sarwan two": BriefStatus.RETRACTED,
    }


def test_submit_action_moves_draft_to_review(admin_client, graph):
    response = run_action(admin_client, "submit_selected", graph.brief)

    assert messages_of(response) == ["Submitted for review: “Brigades take a village west of Sarwan”."]
    graph.brief.refresh_from_db()
    assert graph.brief.status == BriefStatus.REVIEW


@pytest.fixture
def staff_analyst(client):
    """A staff member in the analyst group: may edit and submit, may not publish or retract."""
    user = make_user("desk-analyst", groups=("analyst",), is_staff=True)
    client.force_login(user)
    return client


def test_analyst_is_offered_submit_but_not_publish_or_retract(staff_analyst, graph):
    response = staff_analyst.get(admin_url(Brief, "changelist"))

    offered = [name for name, _label in response.context["action_form"].fields["action"].choices if name]
    assert offered == ["submit_selected"]


def test_analyst_posting_publish_anyway_changes_nothing(staff_analyst, graph):
    response = run_action(staff_analyst, "publish_selected", graph.brief)

    assert response.status_code == 200
    graph.brief.refresh_from_db()
    assert (graph.brief.status, graph.brief.version) == (BriefStatus.DRAFT, 1)


def test_analyst_can_submit(staff_analyst, graph):
    run_action(staff_analyst, "submit_selected", graph.brief)

    graph.brief.refresh_from_db()
    assert graph.brief.status == BriefStatus.REVIEW


def test_permission_refused_by_the_service_is_a_message(rf, graph):
    """Should the action list and the service ever disagree, the service's refusal is reported, not a 500."""
    from django.contrib.admin.sites import site
    from django.contrib.messages.storage.fallback import FallbackStorage

    request = rf.post("/admin/briefings/brief/")
    request.user = make_user("no-publisher", is_staff=True)
    request.session = {}
    request._messages = FallbackStorage(request)

    site._registry[Brief].publish_selected(request, Brief.objects.all())

    assert [str(message) for message in request._messages] == [
        "“Brigades take a village west of Sarwan” was not changed: Publishing needs the publish_brief permission."
    ]
    graph.brief.refresh_from_db()
    assert graph.brief.status == BriefStatus.DRAFT


# Model rules surface as form errors (one validation path with the API), never as 500s


def test_location_parent_cycle_is_a_form_error(admin_client, graph):
    url = admin_url(Location, "change", graph.province.pk)
    data = form_data(admin_client.get(url), "location_form")
    data["parent"] = str(graph.village.pk)

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "parent": ["This parent is inside this location: that would make a cycle."]
    }
    graph.province.refresh_from_db()
    assert (graph.province.parent, graph.province.version) == (None, 1)


def test_comment_on_a_claim_of_another_brief_is_a_form_error(admin_client, graph):
    other_claim = build_graph(" other").claim
    url = admin_url(Comment, "change", graph.comment.pk)
    data = form_data(admin_client.get(url), "comment_form")
    data["claim"] = str(other_claim.pk)

    response = admin_client.post(url, data)

    assert response.context["adminform"].form.errors == {"claim": ["The claim belongs to another brief."]}
    graph.comment.refresh_from_db()
    assert graph.comment.claim == graph.claim


def test_deleting_an_actor_still_referenced_is_refused_with_a_page(admin_client, graph):
    url = admin_url(Actor, "delete", graph.publisher.pk)

    response = admin_client.post(url, {"post": "yes"})

    assert response.status_code == 200
    assert "would require deleting the following protected related objects" in response.content.decode()
    assert Actor.objects.filter(pk=graph.publisher.pk).exists()
