"""`manage.py export_stix BRIEF_ID [--output FILE]`: one brief as a STIX 2.1 bundle (JSON)."""

import json
import uuid

from django.core.management.base import BaseCommand, CommandError

from briefings.models import Brief
from briefings.services.stix import brief_to_stix_bundle


class Command(BaseCommand):
    help = "Write the STIX 2.1 bundle of a brief (and everything it references) to stdout or a file."

    def add_arguments(self, parser):
        parser.add_argument("brief_id", help="Id (UUID) of the brief.")
        parser.add_argument("--output", "-o", metavar="FILE", help="Write to FILE instead of stdout.")

    def handle(self, *args, brief_id: str, output: str | None, **options):
        try:
            brief = Brief.objects.get(pk=uuid.UUID(brief_id))
        except (ValueError, Brief.DoesNotExist):
            raise CommandError(f"No brief with id {brief_id!r}.") from None
        bundle = brief_to_stix_bundle(brief=brief)
        document = json.dumps(bundle, ensure_ascii=False, indent=2) + "\n"
        if output is None:
            self.stdout.write(document, ending="")
            return
        try:
            with open(output, "w", encoding="utf-8") as file:
                file.write(document)
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc.strerror}.") from exc
        self.stderr.write(f"Wrote {len(bundle['objects'])} STIX objects to {output}.")
