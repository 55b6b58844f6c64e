"""Load the demo world (idempotent): places, organisations, rules, bodies and demo logins."""

from __future__ import annotations

import os

from allauth.account.models import EmailAddress
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import override_settings

from challenges import demo as challenges_demo
from chapters import demo as chapters_demo
from civic.competences.loader import load_competences
from civic.models import Citizen
from jurisdictions import demo as jurisdictions_demo
from jurisdictions.demo import resolve
from jurisdictions.loader import load_jurisdictions
from jurisdictions.models import Body, Mandate
from jurisdictions.services import home_set, mandate_assign
from proposals import demo as proposals_demo

DEMO_COUNTRIES = ["FR", "CA", "BE"]

# email, display name, role description, home, (body reference, body name, role, title) or None
ACCOUNTS = [
    ("citizen@civic.localhost", "Camille Martin", "citizen", "city:FR-IDF:Paris", None),
    (
        "paris@civic.localhost",
        "Inès Laurent",
        "decision maker, City of Paris",
        "city:FR-IDF:Paris",
        ("city:FR-IDF:Paris", "Mairie de Paris", Mandate.Role.ELECTED, "Deputy mayor"),
    ),
    (
        "idf@civic.localhost",
        "Paul Besson",
        "decision maker, Île-de-France region",
        "city:FR-IDF:Paris",
        ("FR-IDF", "Conseil régional d'Île-de-France", Mandate.Role.LEGISLATOR, "Councillor"),
    ),
    (
        "montreal@civic.localhost",
        "Sophie Tremblay",
        "decision maker, City of Montréal",
        "city:CA-QC:Montréal",
        (
            "city:CA-QC:Montréal",
            "Service de l'environnement",
            Mandate.Role.ADMINISTRATOR,
            "Director",
        ),
    ),
    (
        "organiser@civic.localhost",
        "Amadou Diallo",
        "chapter organiser (organisers' admin at /organisers/)",
        "city:FR-ARA:Lyon",
        None,
    ),
]
ADMIN = ("admin@civic.localhost", "Civic Admin")


class Command(BaseCommand):
    help = "Load demo data: France, Canada and Belgium, organisations, rules and demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--countries",
            default=",".join(DEMO_COUNTRIES),
            help="Comma-separated ISO codes of the countries to load (default: FR,CA,BE).",
        )

    def handle(self, *args, **options):
        # The demo's citizens are fictional: their notifications are not emailed.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            self._load(**options)

    def _load(self, *, countries: str, **options):
        password = os.environ.get("DEMO_PASSWORD", "civic-demo")
        codes = [c.strip().upper() for c in countries.split(",") if c.strip()]
        report = load_jurisdictions(codes, stdout=self.stdout)
        self.stdout.write(f"Places: {report}")
        counts = jurisdictions_demo.load()
        counts.update(challenges_demo.load())
        counts.update(load_competences().created_counts())
        self.stdout.write("Demo content: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        with transaction.atomic():
            logins = [self._account(password, *row) for row in ACCOUNTS]
            admin = self._citizen(ADMIN[0], ADMIN[1], password)
            if not admin.is_superuser:
                admin.is_staff = admin.is_superuser = True
                admin.save(update_fields=["is_staff", "is_superuser"])
            logins.append((ADMIN[0], "administrator (Django admin at /admin/)"))
        counts = chapters_demo.load()
        counts.update(proposals_demo.load())
        self.stdout.write(
            "Chapters and participation: " + ", ".join(f"{k} {v}" for k, v in counts.items())
        )
        self.stdout.write(self.style.SUCCESS(f"\nDemo logins (password: {password})"))
        for email, role in logins:
            self.stdout.write(f"  {email:<28} {role}")
        self.stdout.write("")

    def _citizen(self, email: str, name: str, password: str) -> Citizen:
        citizen = Citizen.objects.filter(email=email).first()
        if citizen is None:
            citizen = Citizen.objects.create_user(email=email, password=password, display_name=name)
        EmailAddress.objects.get_or_create(
            user=citizen, email=email, defaults={"verified": True, "primary": True}
        )
        return citizen

    def _account(self, password, email, name, role, home_ref, mandate):
        citizen = self._citizen(email, name, password)
        home = resolve(home_ref)
        if home is not None and citizen.home_id != home.pk:
            home_set(citizen=citizen, city=home)
        if mandate is not None:
            space_ref, body_name, mandate_role, title = mandate
            body = Body.objects.filter(space=resolve(space_ref), name=body_name).first()
            if body is not None:
                mandate_assign(citizen=citizen, body=body, role=mandate_role, title=title)
        return email, role
