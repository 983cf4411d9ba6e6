"""Write a framework version as a CASE 1.0 CFPackage (JSON)."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from competencies.case import case_package
from competencies.models import Framework


class Command(BaseCommand):
    help = "Export a framework version as a CASE 1.0 CFPackage to standard output or a file."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("slug", help="Framework version slug, e.g. smart-city-1-0")
        parser.add_argument("--language", default="en")
        parser.add_argument("--output", "-o", help="File to write (default: standard output)")
        parser.add_argument(
            "--base-url", default="http://127.0.0.1:8000/", help="Base of the URIs of items made here"
        )

    def handle(
        self, *args: Any, slug: str, language: str, output: str | None, base_url: str, **options: Any
    ) -> None:
        framework = Framework.objects.filter(slug=slug).first()
        if framework is None:
            raise CommandError(f"No framework version with the slug {slug!r}.")
        with translation.override(language):
            package = case_package(framework=framework, base_url=base_url)
        text = json.dumps(package, ensure_ascii=False, indent=2)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
            self.stdout.write(self.style.SUCCESS(f"{output}: {len(package['CFItems'])} items"))
        else:
            self.stdout.write(text)
