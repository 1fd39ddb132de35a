"""Shared fixtures: API clients per role, and test-friendly settings."""

import pytest
from django.contrib.auth.models import Group, User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # No collectstatic in tests: plain storage instead of the manifest one.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Throttling has its own tests; elsewhere it would make results depend on test order.
    settings.BRIEFINGS_THROTTLE_ANON = None
    settings.BRIEFINGS_THROTTLE_USER = None
    settings.BRIEFINGS_ANONYMOUS_READ = True
    # Password hashing is deliberately slow; tests create many users and never attack them.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_user(username: str, *, groups: tuple[str, ...] = (), **extra) -> User:
    user = User.objects.create_user(username=username, password="correct-horse-battery", **extra)
    if groups:
        user.groups.add(*Group.objects.filter(name__in=groups))
    return user


def token_client(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def anonymous_client() -> APIClient:
    return APIClient()


@pytest.fixture
def viewer(db) -> User:
    return make_user("viewer", groups=("viewer",))


@pytest.fixture
def analyst(db) -> User:
    return make_user("analyst", groups=("analyst",))


@pytest.fixture
def editor(db) -> User:
    return make_user("editor", groups=("editor",))


@pytest.fixture
def outsider(db) -> User:
    """Authenticated, but in no group: no model permissions at all."""
    return make_user("outsider")


@pytest.fixture
def admin_user(db) -> User:
    return make_user("admin", is_staff=True, is_superuser=True)


@pytest.fixture
def viewer_client(viewer) -> APIClient:
    return token_client(viewer)


@pytest.fixture
def analyst_client(analyst) -> APIClient:
    return token_client(analyst)


@pytest.fixture
def editor_client(editor) -> APIClient:
    return token_client(editor)


@pytest.fixture
def outsider_client(outsider) -> APIClient:
    return token_client(outsider)
