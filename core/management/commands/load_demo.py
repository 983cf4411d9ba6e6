"""Load the demo content of every app (idempotent: a second run changes nothing)."""

import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.demo import load_all

DEFAULT_DEBUG_PASSWORD = "demo"  # noqa: S105 - documented development-only default


class Command(BaseCommand):
    help = (
        "Load demo content and one demo user per role. The password comes from DEMO_PASSWORD; "
        "with DEBUG on and no DEMO_PASSWORD it is 'demo'. With DEBUG off DEMO_PASSWORD is required."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        password = os.environ.get("DEMO_PASSWORD", "")
        if not password:
            if not settings.DEBUG:
                raise CommandError("DEMO_PASSWORD must be set to load demo users when DEBUG is off.")
            password = DEFAULT_DEBUG_PASSWORD
            self.stdout.write(
                self.style.WARNING(f"DEMO_PASSWORD is not set: demo users get the password '{password}'.")
            )
        load_all(password=password, log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Demo content is loaded."))
