"""The Citizen: civic's user model. Email is the login."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def _exports_storage():
    return storages["exports"]


class CitizenManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields) -> Citizen:
        if not email:
            raise ValueError("A citizen needs an email address.")
        citizen = self.model(email=self.normalize_email(email).lower(), **fields)
        citizen.set_password(password)
        citizen.save(using=self._db)
        return citizen

    def create_user(self, email: str, password: str | None = None, **fields) -> Citizen:
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields) -> Citizen:
        fields.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **fields)

    def get_by_natural_key(self, username: str) -> Citizen:
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class Citizen(AbstractBaseUser, PermissionsMixin):
    class Gender(models.TextChoices):
        WOMAN = "woman", _("Woman")
        MAN = "man", _("Man")
        OTHER = "other", _("Another gender")

    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=80, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    # Self-declared and optional; used only in aggregate balance statistics (the 50/50
    # challenge), never shown per person.
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True)
    home = models.ForeignKey(
        "jurisdictions.Jurisdiction",
        verbose_name=_("home"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="residents",
    )
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # Set when the citizen erased their account: the row stays so that their public
    # contributions keep an author ("deleted citizen"), but every personal field is blank.
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    # Opt-in: show the competence areas the citizen completed on their public profile.
    show_competences = models.BooleanField(
        _("show my completed competence areas on my public profile"), default=False
    )

    objects = CitizenManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("citizen")
        verbose_name_plural = _("citizens")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.public_name

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def public_name(self) -> str:
        """The name shown next to the citizen's contributions."""
        if self.is_deleted:
            return str(_("deleted citizen"))
        # Never derived from the email address: that would leak it next to every comment.
        return self.display_name or str(_("Citizen %(number)s") % {"number": self.pk})

    def get_full_name(self) -> str:
        return self.public_name

    def get_short_name(self) -> str:
        return self.public_name


def _export_path(export: DataExport, filename: str) -> str:
    return f"{export.citizen_id}/{filename}"


class DataExport(models.Model):
    """A zip archive of everything civic holds about a citizen, built by a task.

    It is stored in the private ``exports`` storage (never served by URL) and downloaded
    through a signed link that expires ``DATA_EXPORT_HOURS`` after the archive is ready;
    the file and the row are then deleted (``civic.services.data_exports_expire``).
    """

    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("citizen"),
        on_delete=models.CASCADE,
        related_name="data_exports",
    )
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)
    ready_at = models.DateTimeField(_("ready at"), null=True, blank=True)
    file = models.FileField(
        _("archive"), upload_to=_export_path, storage=_exports_storage, blank=True
    )
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)

    class Meta:
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.citizen_id}: {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def expires_at(self):
        if self.ready_at is None:
            return None
        return self.ready_at + timedelta(hours=settings.DATA_EXPORT_HOURS)

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()
