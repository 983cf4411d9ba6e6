"""Import the official ESCO CSV export (one language at a time) as a framework."""

import re
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from competencies.importers.errors import ImportFileError
from competencies.importers.esco import esco_read, esco_write
from competencies.importers.progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Import ESCO from its CSV export folder (skills_<lang>.csv, occupations_<lang>.csv, …). "
        "Idempotent; a bad file changes nothing; a second language adds labels to the same concepts."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("folder")
        parser.add_argument("--language", default="en", help="Language code of the label files (default en)")
        parser.add_argument(
            "--esco-version",
            dest="esco_version",
            help="ESCO version (default: from the folder name, e.g. esco-v1.1.1)",
        )
        parser.add_argument("--no-progress", action="store_true", help="Do not draw progress bars")

    def handle(
        self,
        *args: Any,
        folder: str,
        language: str,
        esco_version: str | None,
        no_progress: bool,
        **options: Any,
    ) -> None:
        path = Path(folder)
        if not path.is_dir():
            raise CommandError(f"{path}: not a folder")
        if not esco_version:
            match = re.search(r"v?(\d+(?:\.\d+)+)", path.resolve().name)
            if not match:
                raise CommandError(
                    "Give the ESCO version with --esco-version (it is not in the folder name)."
                )
            esco_version = match.group(1)

        def bar(label: str, total: int) -> ProgressBar:
            write = (lambda text: None) if no_progress else (lambda text: self.stdout.write(text, ending=""))
            return ProgressBar(label, total, write)

        started = time.monotonic()
        try:
            data = esco_read(path, language=language, version=esco_version, progress=bar)
            framework, report = esco_write(data, progress=bar)
        except ImportFileError as error:
            raise CommandError(f"{error.message} Nothing was imported.") from error
        if report.changes and connection.vendor == "postgresql" and not connection.in_atomic_block:
            # After a bulk load: reclaim the updated rows' old versions and refresh the statistics.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE competencies_competence")
                cursor.execute("VACUUM ANALYZE competencies_association")
        kinds: dict[str, int] = {}
        for concept in data.concepts.values():
            kinds[concept.kind] = kinds.get(concept.kind, 0) + 1
        self.stdout.write(
            f"{framework} [{language}]: "
            + ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))
            + f", {len(data.relations)} occupation-skill relations"
        )
        if report.dangling:
            self.stdout.write(
                self.style.WARNING(
                    f"{report.dangling} references point to concepts missing from the export; they are kept as URIs."
                )
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.changes} changes ({report.created} created, {report.updated} updated, {report.moved} moved, "
                f"{report.associations_created} relations added, {report.associations_deleted} removed) "
                f"in {time.monotonic() - started:.1f} s"
            )
        )
