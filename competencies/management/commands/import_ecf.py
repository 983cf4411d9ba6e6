"""Import e-CF 4.0 as a framework: from the platform's translated data (default) or an index CSV."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from competencies.importers import ecf
from competencies.importers.errors import ImportFileError
from competencies.models import ProficiencyScale


class Command(BaseCommand):
    help = "Import the 41 e-CF 4.0 competences (areas A-E, codes, titles, level ranges) as a framework."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "file",
            nargs="?",
            default=str(ecf.DEFAULT_FILE),
            help="ecf4.yaml (six languages, the default) or a CSV with code,area,area_title,title,levels",
        )

    def handle(self, *args: Any, file: str, **options: Any) -> None:
        path = Path(file)
        if not path.exists():
            raise CommandError(f"{path}: no such file")
        if not ProficiencyScale.objects.filter(slug="ecf").exists():
            raise CommandError("The e-CF proficiency scale is missing: run load_demo first.")
        try:
            data = ecf.read_csv(path) if path.suffix.lower() == ".csv" else ecf.read_yaml(path)
            framework, changes = ecf.ecf_import(data, log=self.stdout.write)
        except ImportFileError as error:
            raise CommandError(str(error.message)) from error
        self.stdout.write(
            self.style.SUCCESS(f"{framework}: {len(data.competences)} competences, {changes} changes")
        )
