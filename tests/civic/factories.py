"""Factories of the civic app: citizens (the one user model)."""

import factory
from django.utils import timezone

from civic.models import Citizen, DataExport

PASSWORD = "correct horse battery staple"


class CitizenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citizen
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"citizen{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Citizen {n}")
    preferred_language = "en"
    date_joined = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def platform_staff(self, create, extracted, **kwargs):
        """``platform_staff=True``: staff in the "Platform staff" group (act everywhere)."""
        if create and extracted:
            from django.contrib.auth.models import Group

            from civic.rules import PLATFORM_STAFF_GROUP

            if not self.is_staff:
                self.is_staff = True
                self.save(update_fields=["is_staff"])
            group, _created = Group.objects.get_or_create(name=PLATFORM_STAFF_GROUP)
            self.groups.add(group)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """Citizens can log in: their email address is verified (allauth's EmailAddress)."""
        if create and extracted is not False:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class DataExportFactory(factory.django.DjangoModelFactory):
    """An archive asked for and not built yet (``civic.services.data_export_build`` builds)."""

    class Meta:
        model = DataExport

    citizen = factory.SubFactory(CitizenFactory)
