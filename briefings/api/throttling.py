"""Throttles whose rates are read from settings at request time.

DRF binds rates when the throttle class is defined; reading them per request lets the
environment (and tests) change them without re-importing DRF.
"""

from django.conf import settings
from rest_framework import throttling


class AnonymousRateThrottle(throttling.AnonRateThrottle):
    def get_rate(self):
        return settings.BRIEFINGS_THROTTLE_ANON or None


class UserRateThrottle(throttling.UserRateThrottle):
    def get_rate(self):
        return settings.BRIEFINGS_THROTTLE_USER or None
