"""Import a CASE 1.0 CFPackage (JSON) as a framework version."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from competencies.case import case_import
from competencies.importers.errors import ImportFileError


class Command(BaseCommand):
    help = "Import a CASE 1.0 CFPackage JSON file. Re-importing the same package changes nothing."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")
        parser.add_argument("--language", default="en", help="Language of the package's texts (default en)")

    def handle(self, *args: Any, file: str, language: str, **options: Any) -> None:
        path = Path(file)
        try:
            package = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as error:
            raise CommandError(f"{path}: no such file") from error
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"{path.name}: not a JSON document: {error}") from error
        try:
            framework, changes = case_import(
                package, name=path.name, language=language, log=self.stdout.write
            )
        except ImportFileError as error:
            raise CommandError(str(error.message)) from error
        self.stdout.write(self.style.SUCCESS(f"{framework} ({framework.slug}): {changes} changes"))
