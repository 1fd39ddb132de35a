"""The staff's daily path through the admin in a real browser (Playwright driving Debian's chromium).

Log in, create an actor with aliases, write a brief with an inline claim and comment (picking
actors in the autocomplete widgets), publish it with the changelist action, read its history.
"""

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect, sync_playwright

from briefings.choices import ActorKind, BriefStatus
from briefings.models import Actor, Brief
from tests.admin.conftest import BODY, FIRST_QUOTE, admin_url
from tests.conftest import make_user

# Playwright's sync API runs the test in greenlets with their own context variables, where Django's
# connection handler hands out a connection that does not know the serialized test data; Django then
# re-creates content types after the flush, under new ids, and every later serialized-rollback test
# fails to restore its data. Declaring `available_apps` makes the flush skip that re-creation.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True, available_apps=settings.INSTALLED_APPS),
]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "correct-horse-battery"  # tests.conftest.make_user's password


@pytest.fixture(scope="module")
def chromium():
    # Playwright's sync API runs an event loop in this thread; Django then refuses ORM calls here
    # unless told that this (test-only) thread may make them.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            yield browser
            browser.close()


@pytest.fixture
def page(chromium, live_server) -> Page:
    context = chromium.new_context(base_url=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def staff_page(page) -> Page:
    make_user("chief", is_staff=True, is_superuser=True)
    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_be_visible()
    expect(page.locator("#user-tools")).to_contain_text("chief")
    return page


def pick_autocomplete(page: Page, field: str, term: str, option: str) -> None:
    """Open the select2 widget inside `field`, type `term`, choose the result reading `option`."""
    page.click(f"{field} .select2-selection")
    page.fill(".select2-container--open .select2-search__field", term)
    page.click(f".select2-container--open .select2-results__option:text-is('{option}')")
    expect(page.locator(f"{field} .select2-selection__rendered")).to_contain_text(option)


def test_staff_create_publish_and_read_history(staff_page):
    page = staff_page
    Actor.objects.create(name="Riverside Wire", kind=ActorKind.MEDIA_OUTLET)

    # An actor with two aliases, added as inline rows.
    page.goto(admin_url(Actor, "add"))
    page.fill("#id_name", "Eastern Ridge Front")
    page.select_option("#id_kind", "armed_group")
    page.click("#aliases-group .add-row a")
    page.click("#aliases-group .add-row a")
    page.fill("#id_aliases-0-name", "E.R.F.")
    page.fill("#id_aliases-1-name", "Ridge Front")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_contain_text("Eastern Ridge Front")

    # A brief with one inline claim and one inline comment; actors chosen through autocomplete.
    page.goto(admin_url(Brief, "add"))
    page.fill("#id_title", "Ridge road changes hands")
    page.fill("#id_body", BODY)
    page.fill("#id_published_at_0", "2024-06-07")
    page.fill("#id_published_at_1", "08:00:00")
    pick_autocomplete(page, ".field-publisher", "Riverside", "Riverside Wire")
    page.click("#claims-group .add-row a")
    page.fill("#id_claims-0-statement", "The front took a village and a depot.")
    page.select_option("#id_claims-0-kind", "territorial_change")
    page.fill("#id_claims-0-quote", FIRST_QUOTE)
    pick_autocomplete(page, "#claims-0 .field-claimant", "ERF", "Eastern Ridge Front")  # found by its alias
    page.click("#comments-group .add-row a")
    page.fill("#id_comments-0-body", "Holding the depot gives the front leverage before winter.")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_contain_text("Ridge road changes hands")

    brief = Brief.objects.get(title="Ridge road changes hands")
    claim = brief.claims.get()
    assert (claim.claimant.name, claim.span_start) == ("Eastern Ridge Front", BODY.index(FIRST_QUOTE))
    assert (brief.created_by.username, brief.comments.get().author.username) == ("chief", "chief")

    # Publish with the changelist action.
    page.goto(admin_url(Brief, "changelist"))
    page.check(f"input[name=_selected_action][value='{brief.pk}']")
    page.select_option("select[name=action]", "publish_selected")
    page.click("button[name=index]")
    expect(page.locator(".messagelist .success")).to_have_text("Published: “Ridge road changes hands”.")
    expect(page.locator("#result_list td.field-status")).to_have_text("Published")

    # The history page lists the creation and the publication, by whom and why.
    page.goto(admin_url(Brief, "history", brief.pk))
    rows = page.locator("#change-history tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("publish")
    expect(rows.nth(0)).to_contain_text("chief")
    expect(rows.nth(0)).to_contain_text("Changed")
    expect(rows.nth(1)).to_contain_text("Created")
    brief.refresh_from_db()
    assert brief.status == BriefStatus.PUBLISHED


def test_stale_save_shows_the_message_in_the_browser(staff_page):
    page = staff_page
    actor = Actor.objects.create(name="Sarwan Tribal Council", kind=ActorKind.ORGANIZATION)
    page.goto(admin_url(Actor, "change", actor.pk))

    actor.description = "Saved by a colleague meanwhile."
    actor.save()
    page.fill("#id_name", "Sarwan Council")
    page.click("input[name=_save]")

    expect(page.locator(".errornote")).to_be_visible()
    expect(page.locator("#actor_form")).to_contain_text(
        "Someone else saved this record since you opened it: reload to see their changes."
    )
    actor.refresh_from_db()
    assert (actor.name, actor.version) == ("Sarwan Tribal Council", 2)
