"""`manage.py generate_data --briefs N --seed S`: synthetic records at scale for benchmarks.

Deterministic per seed (ids included). Running the same seed twice on one database is refused
with a message and exit status 1; use another seed or a fresh database.
"""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from briefings.services.generate import AlreadyGenerated, data_check_seed, data_generate


class Command(BaseCommand):
    help = (
        "Generate N synthetic briefs (~10 claims and ~3 comments each) with actors (N/50, min 20) and a "
        "location tree (N/30, min 30), deterministically from --seed, in bulk inserts; briefs, claims, "
        "comments, actors and locations get a creation history row."
    )

    def add_arguments(self, parser):
        parser.add_argument("--briefs", type=int, required=True, help="Number of briefs to generate (>= 1).")
        parser.add_argument("--seed", type=int, default=0, help="Random seed: same seed, same records and ids.")
        parser.add_argument(
            "--no-history", action="store_true", help="Skip the creation history rows (faster; for measurements)."
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar on stderr.")

    def handle(self, *args, briefs: int, seed: int, no_history: bool, no_progress: bool, **options):
        if briefs < 1:
            raise CommandError(f"--briefs must be at least 1 (got {briefs}).")
        try:
            data_check_seed(seed=seed)  # before the progress bar, so a refusal prints only its message
        except AlreadyGenerated as error:
            raise CommandError(str(error)) from error
        with tqdm(total=briefs, unit="brief", file=sys.stderr, disable=no_progress, dynamic_ncols=True) as bar:
            try:
                result = data_generate(briefs=briefs, seed=seed, history=not no_history, on_progress=bar.update)
            except AlreadyGenerated as error:
                raise CommandError(str(error)) from error
        self.stdout.write(result.summary())
