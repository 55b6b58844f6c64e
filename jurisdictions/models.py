"""Places, organisations, bodies, mandates, follows and who-is-responsible rules.

Places (nation → region → county → city) form one materialized-path tree
(django-treebeard), so the ancestors or descendants of any node come back in a single
query whatever the depth. Organisations (supranational unions, metropolitan authorities,
agencies, utilities, central banks) are *spaces* too — they can be followed, addressed and
answered from — but they are roots of the tree that *cover* places through ``covers``,
since a nation may belong to several unions.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet


class JurisdictionQuerySet(MP_NodeQuerySet):
    def places(self):
        return self.filter(kind__in=Jurisdiction.PLACE_KINDS)

    def organisations(self):
        return self.exclude(kind__in=Jurisdiction.PLACE_KINDS)

    def cities(self):
        return self.filter(kind=Jurisdiction.Kind.CITY)

    def search(self, term: str):
        """Name match, best first: exact name, then prefix, then anywhere; big places first."""
        term = term.strip()
        if not term:
            return self.none()
        exact = models.Case(
            models.When(name__iexact=term, then=0),
            models.When(name__istartswith=term, then=1),
            default=2,
            output_field=models.IntegerField(),
        )
        return (
            self.filter(Q(name__icontains=term) | Q(label__icontains=term))
            .annotate(match_rank=exact)
            .order_by("match_rank", models.F("population").desc(nulls_last=True), "label")
        )


class JurisdictionManager(MP_NodeManager.from_queryset(JurisdictionQuerySet)):
    def get_queryset(self):
        # treebeard's MP_NodeManager orders by path; keep that default.
        return JurisdictionQuerySet(self.model, using=self._db).order_by("path")


class Jurisdiction(MP_Node):
    class Kind(models.TextChoices):
        NATION = "nation", _("Nation")
        REGION = "region", _("Region")
        COUNTY = "county", _("County")
        CITY = "city", _("City")
        UNION = "union", _("Union of nations")
        METROPOLIS = "metropolis", _("Metropolitan authority")
        AGENCY = "agency", _("Agency")
        UTILITY = "utility", _("Utility")
        CENTRAL_BANK = "central_bank", _("Central bank")
        ORGANISATION = "organisation", _("Organisation")

    PLACE_KINDS = (Kind.NATION, Kind.REGION, Kind.COUNTY, Kind.CITY)

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, db_index=True)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    # Stable natural key used by the loader: ISO 3166-1/-2 where they exist ("FR", "FR-IDF",
    # "FR-75"), else the parent's code and the slugified name ("FR-75/paris"), "org:ecb".
    code = models.CharField(_("code"), max_length=120, unique=True)
    country_code = models.CharField(_("country"), max_length=2, blank=True, db_index=True)
    # "Paris, Île-de-France, France": the disambiguated name offered in every picker.
    label = models.CharField(_("full name"), max_length=400, db_index=True)
    population = models.PositiveBigIntegerField(_("population"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    covers = models.ManyToManyField(
        "self",
        verbose_name=_("covers"),
        symmetrical=False,
        related_name="covered_by",
        blank=True,
        help_text=_("For an organisation: the places whose citizens its decisions affect."),
    )
    # Kept exact by the follow services (F() updates in the same transaction as the row).
    follower_count = models.PositiveIntegerField(_("followers"), default=0)

    objects = JurisdictionManager()

    class Meta:
        verbose_name = _("jurisdiction")
        verbose_name_plural = _("jurisdictions")
        indexes = [models.Index(fields=["kind", "name"])]

    def __str__(self) -> str:
        return self.label or self.name

    def get_absolute_url(self) -> str:
        return reverse("jurisdictions:detail", kwargs={"slug": self.slug})

    @property
    def is_place(self) -> bool:
        return self.kind in self.PLACE_KINDS

    @property
    def is_organisation(self) -> bool:
        return not self.is_place


class Body(models.Model):
    """An office of a jurisdiction or organisation: a link in the chain of delegation."""

    class Kind(models.TextChoices):
        EXECUTIVE = "executive", _("Executive")
        LEGISLATIVE = "legislative", _("Legislative assembly")
        ADMINISTRATION = "administration", _("Public administration")
        FRONTLINE = "frontline", _("Front-line service")

    space = models.ForeignKey(
        Jurisdiction, verbose_name=_("space"), on_delete=models.CASCADE, related_name="bodies"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    contact_email = models.EmailField(_("contact email"), blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["space_id", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["space", "name"], name="body_unique_name_per_space")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.space.name})"


class MandateQuerySet(models.QuerySet):
    def active(self, on=None):
        """Mandates in force on ``on`` (today by default); the end date is inclusive."""
        day = on or timezone.localdate()
        return self.filter(start_date__lte=day).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=day)
        )


class Mandate(models.Model):
    class Role(models.TextChoices):
        ELECTED = "elected", _("Elected official")
        LEGISLATOR = "legislator", _("Legislator")
        ADMINISTRATOR = "administrator", _("Public administrator")
        FRONTLINE = "frontline", _("Front-line worker")

    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("citizen"),
        on_delete=models.CASCADE,
        related_name="mandates",
    )
    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="mandates"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    title = models.CharField(_("title"), max_length=120, blank=True)
    start_date = models.DateField(_("start date"), default=timezone.localdate)
    end_date = models.DateField(_("end date"), null=True, blank=True)

    objects = MandateQuerySet.as_manager()

    class Meta:
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        ordering = ["body_id", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="mandate_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.citizen} — {self.title or self.get_role_display()}, {self.body}"

    def is_active(self, on=None) -> bool:
        day = on or timezone.localdate()
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


class Follow(models.Model):
    """A citizen follows a space; ``automatic`` follows derive from their home."""

    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    space = models.ForeignKey(Jurisdiction, on_delete=models.CASCADE, related_name="follows")
    automatic = models.BooleanField(_("automatic"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(fields=["citizen", "space"], name="follow_once_per_space")
        ]
        indexes = [models.Index(fields=["space", "citizen"])]

    def __str__(self) -> str:
        return f"{self.citizen} → {self.space}"


class Topic(models.Model):
    """A subject citizens care about, grouped by domain of intervention."""

    class Domain(models.TextChoices):
        EDUCATION = "education", _("Education")
        HEALTH = "health", _("Health")
        ELECTIONS = "elections", _("Elections")
        LEGISLATURE = "legislature", _("Legislature and cabinet")
        ETHICS = "ethics", _("Ethics")
        PEACE = "peace", _("Peace and defence")
        ECONOMY = "economy", _("Economy and money")
        ENVIRONMENT = "environment", _("Environment and waste")
        TRANSPORT = "transport", _("Transport and roads")
        SAFETY = "safety", _("Policing and safety")
        HOUSING = "housing", _("Housing and urbanism")
        CULTURE = "culture", _("Culture")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    domain = models.CharField(_("domain"), max_length=16, choices=Domain.choices)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_fr = models.CharField(_("name (French)"), max_length=120)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["domain", "name_en"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language."""
        return (
            self.name_fr
            if (get_language() or "en").startswith("fr") and self.name_fr
            else self.name_en
        )


class Responsibility(models.Model):
    """Who is responsible for a topic within ``scope`` (a nation, or an override below it).

    The most specific rule wins: a rule on Paris overrides the rule on France. A rule names
    either a level of the tree (the city, county, region or nation containing the citizen)
    or a specific organisation (the European Central Bank).
    """

    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), on_delete=models.CASCADE, related_name="responsibilities"
    )
    scope = models.ForeignKey(
        Jurisdiction,
        verbose_name=_("applies within"),
        on_delete=models.CASCADE,
        related_name="responsibility_rules",
    )
    level = models.CharField(
        _("responsible level"),
        max_length=16,
        choices=[(k.value, k.label) for k in Jurisdiction.PLACE_KINDS],
        blank=True,
    )
    organisation = models.ForeignKey(
        Jurisdiction,
        verbose_name=_("responsible organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="responsibilities",
    )
    body_kind = models.CharField(
        _("responsible body"), max_length=16, choices=Body.Kind.choices, blank=True
    )
    source_note = models.CharField(_("source"), max_length=400)

    class Meta:
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")
        constraints = [
            models.UniqueConstraint(fields=["topic", "scope"], name="one_rule_per_topic_and_scope"),
            models.CheckConstraint(
                condition=(Q(level="") & Q(organisation__isnull=False))
                | (~Q(level="") & Q(organisation__isnull=True)),
                name="responsibility_names_a_level_or_an_organisation",
            ),
        ]

    def __str__(self) -> str:
        target = self.organisation.name if self.organisation_id else self.get_level_display()
        return f"{self.topic} in {self.scope.name}: {target}"
