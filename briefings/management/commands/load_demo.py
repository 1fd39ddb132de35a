"""`manage.py load_demo`: load (or refresh) the demo brief and everything it refers to; idempotent."""

from django.core.management.base import BaseCommand

from briefings.demo import demo_load


class Command(BaseCommand):
    help = "Load the demo brief (the product's example report) with its actors, locations, claims and comment."

    def handle(self, *args, **options):
        counts = demo_load()
        self.stdout.write(counts.summary())
