"""Import a GIFT or Moodle XML question file into the bank, with a report per question."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from competencies.models import Competence, Framework
from core.errors import ApplicationError
from curriculum.question_bank import FORMATS, questions_import


class Command(BaseCommand):
    help = (
        "Import questions from a GIFT or Moodle XML file. Categories name competences by code; "
        "--competence applies one competence to every question. Re-importing changes nothing."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")
        parser.add_argument("--format", required=True, choices=FORMATS, dest="fmt")
        parser.add_argument(
            "--author", required=True, help="Email address of the trainer the questions belong to"
        )
        parser.add_argument(
            "--framework", default="", help="Slug of the framework whose competence codes the categories use"
        )
        parser.add_argument("--competence", default="", help="Code of one competence for every question")
        parser.add_argument("--language", default="en", help="Language of the file's texts (default en)")
        parser.add_argument("--activate", action="store_true", help="Put the questions in use at once")

    def handle(self, *args: Any, file: str, fmt: str, author: str, **options: Any) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        user = User.objects.filter(email__iexact=author).first()
        if user is None:
            raise CommandError(f"{author}: no such user")
        frameworks = Framework.objects.filter(status=Framework.Status.PUBLISHED)
        framework = (
            frameworks.filter(slug=options["framework"]).first()
            if options["framework"]
            else frameworks.filter(key="smart-city").order_by("-published_at").first()
        )
        if framework is None:
            raise CommandError("no such published framework; give --framework SLUG")
        competence = None
        if options["competence"]:
            competence = Competence.objects.filter(
                framework=framework, code__iexact=options["competence"]
            ).first()
            if competence is None:
                raise CommandError(f"{options['competence']}: no such competence in {framework.slug}")
        try:
            report = questions_import(
                data=path.read_bytes(),
                fmt=fmt,
                author=user,
                framework=framework,
                competence=competence,
                language=options["language"],
                activate=options["activate"],
            )
        except ApplicationError as error:
            raise CommandError(f"{path.name}: {error.message} Nothing was imported.") from error
        where = "line" if fmt == "gift" else "question"
        for row in report.rows:
            detail = f": {row.reason}" if row.reason else ""
            self.stdout.write(f"{where} {row.position:>4}  {row.outcome:<9} {row.name}{detail}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.count('imported')} imported, {report.count('duplicate')} already in the bank, "
                f"{report.count('skipped')} skipped"
            )
        )
