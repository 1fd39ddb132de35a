"""Settings for `make bench`: production settings plus the raw baseline routes.

The raw baseline views live outside the product's URLconf so production never serves them.
"""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
DEBUG = False
BRIEFINGS_THROTTLE_ANON = None
BRIEFINGS_THROTTLE_USER = None
