"""`manage.py import_stix FILE [--user USERNAME]`: create or update records from a STIX 2.1 bundle."""

import json
import sys

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from briefings.services.stix import StixImportError, stix_bundle_import


class Command(BaseCommand):
    help = (
        "Import a STIX 2.1 bundle (idempotent by STIX id, all or nothing) and print what was created, "
        "updated or unchanged."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the bundle (JSON), or - for stdin.")
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="Record the changes as this user (history, authorship); status changes then need their "
            "publish permission. Without it the import runs as the operator, with no user.",
        )

    def handle(self, *args, file: str, user: str | None, **options):
        acting_user = self._user(user)
        bundle = self._read(file)
        try:
            result = stix_bundle_import(bundle=bundle, user=acting_user)
        except StixImportError as exc:
            raise CommandError(f"Invalid bundle, nothing was imported: {exc}") from exc
        except PermissionDenied as exc:
            raise CommandError(f"Nothing was imported: {exc}") from exc
        for record_type, counts in result.counts.items():
            summary = ", ".join(f"{count} {state}" for state, count in counts.items())
            self.stdout.write(f"{record_type}: {summary}")
        self.stdout.write(f"skipped STIX objects: {result.skipped}")

    def _user(self, username: str | None):
        if username is None:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None

    def _read(self, path: str):
        try:
            if path == "-":
                return json.load(sys.stdin)
            with open(path, encoding="utf-8") as file:
                return json.load(file)
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}.") from exc
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
            raise CommandError(f"{path} is not a JSON document: {exc}.") from exc
