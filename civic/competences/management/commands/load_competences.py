"""Create or update the citizen competence framework from its data file.

    python manage.py load_competences [--file PATH] [--update]

Creates what the database lacks; ``--update`` also writes the file's texts and quizzes over
the existing items (after the file was edited). Idempotent: a second run writes nothing.
The logic is ``civic.competences.loader``, which ``load_demo`` also calls.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from civic.competences.loader import CONTENT, ContentError, load_competences


class Command(BaseCommand):
    help = "Create or update the competence areas, competences and quizzes from their data file."

    def add_arguments(self, parser):
        parser.add_argument(
            "--file",
            default=str(CONTENT),
            help="The YAML file to load (default: the framework shipped with civic).",
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help="Also write the file's texts and quizzes over existing items (staff edits "
            "to them are replaced).",
        )

    def handle(self, *args, file: str, update: bool, **options):
        try:
            report = load_competences(file, update=update)
        except ContentError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Competences: {report}")
        if not report.changed:
            self.stdout.write("Nothing changed.")
