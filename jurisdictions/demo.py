"""Demo content for jurisdictions: organisations, topics, who-is-responsible rules, bodies.

Facts are summarised from public law (sources in each rule's note). Loaded by
``manage.py load_demo``; every step is idempotent.
"""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import pycountry
from django.db import transaction

from jurisdictions import services
from jurisdictions.models import Body, Jurisdiction, Topic

D = Topic.Domain
TOPICS = [
    # slug, domain, English, French
    ("household-waste", D.ENVIRONMENT, "Household waste collection", "Collecte des déchets ménagers"),
    ("water-supply", D.ENVIRONMENT, "Drinking water supply", "Distribution d'eau potable"),
    ("air-quality", D.ENVIRONMENT, "Air quality", "Qualité de l'air"),
    ("primary-schools", D.EDUCATION, "Primary schools", "Écoles primaires"),
    ("lower-secondary-schools", D.EDUCATION, "Lower secondary schools", "Collèges"),
    ("upper-secondary-schools", D.EDUCATION, "Upper secondary schools", "Lycées"),
    ("universities", D.EDUCATION, "Universities", "Universités"),
    ("hospitals", D.HEALTH, "Hospitals", "Hôpitaux"),
    ("social-welfare", D.HEALTH, "Social welfare and elderly care", "Aide sociale et autonomie"),
    ("electoral-system", D.ELECTIONS, "Electoral system", "Mode de scrutin"),
    ("national-laws", D.LEGISLATURE, "National legislation", "Législation nationale"),
    ("public-ethics", D.ETHICS, "Ethics of public officials", "Déontologie des élus"),
    ("defence", D.PEACE, "Defence and armed forces", "Défense et forces armées"),
    ("interest-rates", D.ECONOMY, "Interest rates", "Taux d'intérêt"),
    ("income-tax", D.ECONOMY, "Income tax", "Impôt sur le revenu"),
    ("economic-development", D.ECONOMY, "Economic development", "Développement économique"),
    ("motorways", D.TRANSPORT, "Motorways", "Autoroutes"),
    ("public-transport", D.TRANSPORT, "Public transport", "Transports en commun"),
    ("local-roads", D.TRANSPORT, "Local roads", "Voirie communale"),
    ("policing", D.SAFETY, "Police", "Police"),
    ("building-permits", D.HOUSING, "Building permits", "Permis de construire"),
    ("social-housing", D.HOUSING, "Social housing", "Logement social"),
    ("libraries", D.CULTURE, "Public libraries", "Bibliothèques publiques"),
]

ORGANISATIONS = [
    # code, name, kind, website, what it covers (codes; "@EURO" = euro-area members loaded)
    ("org:ecb", "European Central Bank", Jurisdiction.Kind.CENTRAL_BANK, "https://www.ecb.europa.eu", ["@EURO"]),
    ("org:bank-of-canada", "Bank of Canada", Jurisdiction.Kind.CENTRAL_BANK, "https://www.bankofcanada.ca", ["CA"]),
    ("org:metropole-grand-paris", "Métropole du Grand Paris", Jurisdiction.Kind.METROPOLIS, "https://www.metropolegrandparis.fr", ["city:FR-IDF:Paris"]),
    ("org:metropole-lyon", "Métropole de Lyon", Jurisdiction.Kind.METROPOLIS, "https://www.grandlyon.com", ["city:FR-ARA:Lyon"]),
    ("org:metropole-nice", "Métropole Nice Côte d'Azur", Jurisdiction.Kind.METROPOLIS, "https://www.nicecotedazur.org", ["city:FR-PAC:Nice"]),
    ("org:idf-mobilites", "Île-de-France Mobilités", Jurisdiction.Kind.AGENCY, "https://www.iledefrance-mobilites.fr", ["FR-IDF"]),
    ("org:cmm", "Communauté métropolitaine de Montréal", Jurisdiction.Kind.METROPOLIS, "https://cmm.qc.ca", ["city:CA-QC:Montréal"]),
]

L = Jurisdiction.Kind
B = Body.Kind
RULES = {
    "FR": [
        ("household-waste", L.CITY, None, B.ADMINISTRATION, "Code général des collectivités territoriales, art. L2224-13: communes or their intercommunality."),
        ("water-supply", L.CITY, None, B.ADMINISTRATION, "CGCT art. L2224-7-1: drinking water is a municipal (or intercommunal) service."),
        ("air-quality", L.REGION, None, B.EXECUTIVE, "Code de l'environnement art. L222-1: regional plans (SRADDET) set air-quality objectives."),
        ("primary-schools", L.CITY, None, B.EXECUTIVE, "Code de l'éducation art. L212-4: communes own and run primary school buildings."),
        ("lower-secondary-schools", L.COUNTY, None, B.EXECUTIVE, "Code de l'éducation art. L213-2: départements build and run collèges."),
        ("upper-secondary-schools", L.REGION, None, B.EXECUTIVE, "Code de l'éducation art. L214-6: regions build and run lycées."),
        ("universities", L.NATION, None, B.EXECUTIVE, "Code de l'éducation art. L711-1: universities are national public institutions."),
        ("hospitals", L.NATION, None, B.ADMINISTRATION, "Code de la santé publique art. L1431-1: regional health agencies of the State."),
        ("social-welfare", L.COUNTY, None, B.ADMINISTRATION, "Code de l'action sociale et des familles art. L121-1: départements lead social welfare."),
        ("electoral-system", L.NATION, None, B.LEGISLATIVE, "Constitution art. 34: the law sets electoral systems."),
        ("national-laws", L.NATION, None, B.LEGISLATIVE, "Constitution art. 24: Parliament votes the law."),
        ("public-ethics", L.NATION, None, B.LEGISLATIVE, "Loi n° 2013-907 on transparency in public life (HATVP)."),
        ("defence", L.NATION, None, B.EXECUTIVE, "Constitution art. 15 and 21: the President and the Government."),
        ("interest-rates", "", "org:ecb", B.EXECUTIVE, "Treaty on the Functioning of the EU, art. 127: the ECB sets monetary policy for the euro area."),
        ("income-tax", L.NATION, None, B.LEGISLATIVE, "Constitution art. 34: the law sets taxes."),
        ("economic-development", L.REGION, None, B.EXECUTIVE, "Loi NOTRe (2015), art. 2: regions lead economic development."),
        ("motorways", L.NATION, None, B.ADMINISTRATION, "Code de la voirie routière art. L121-1: motorways belong to the national road network."),
        ("public-transport", L.REGION, None, B.EXECUTIVE, "Code des transports art. L1231-1: regions and local mobility authorities."),
        ("local-roads", L.CITY, None, B.ADMINISTRATION, "Code de la voirie routière art. L141-1: municipal roads."),
        ("policing", L.NATION, None, B.ADMINISTRATION, "Code de la sécurité intérieure art. L111-1: the State is responsible for security; mayors run municipal police."),
        ("building-permits", L.CITY, None, B.EXECUTIVE, "Code de l'urbanisme art. L422-1: the mayor grants building permits."),
        ("social-housing", L.CITY, None, B.EXECUTIVE, "Loi SRU (2000), art. 55: communes must reach a share of social housing."),
        ("libraries", L.CITY, None, B.ADMINISTRATION, "Code du patrimoine art. L310-1: municipal libraries."),
    ],
    "CA": [
        ("household-waste", L.CITY, None, B.ADMINISTRATION, "Provincial municipal acts delegate waste collection to municipalities."),
        ("water-supply", L.CITY, None, B.ADMINISTRATION, "Municipalities run drinking water systems under provincial regulation."),
        ("air-quality", L.REGION, None, B.EXECUTIVE, "Shared: provinces regulate air quality under the Canadian Environmental Protection Act framework."),
        ("primary-schools", L.REGION, None, B.LEGISLATIVE, "Constitution Act, 1867, s. 93: education is provincial."),
        ("lower-secondary-schools", L.REGION, None, B.LEGISLATIVE, "Constitution Act, 1867, s. 93: education is provincial."),
        ("upper-secondary-schools", L.REGION, None, B.LEGISLATIVE, "Constitution Act, 1867, s. 93: education is provincial."),
        ("universities", L.REGION, None, B.EXECUTIVE, "Constitution Act, 1867, s. 93: education, including universities, is provincial."),
        ("hospitals", L.REGION, None, B.ADMINISTRATION, "Constitution Act, 1867, s. 92(7): hospitals are provincial."),
        ("social-welfare", L.REGION, None, B.ADMINISTRATION, "Provinces run social assistance programmes."),
        ("electoral-system", L.NATION, None, B.LEGISLATIVE, "Canada Elections Act: Parliament sets the federal electoral system."),
        ("national-laws", L.NATION, None, B.LEGISLATIVE, "Constitution Act, 1867, s. 91: Parliament of Canada."),
        ("public-ethics", L.NATION, None, B.LEGISLATIVE, "Conflict of Interest Act (2006): Conflict of Interest and Ethics Commissioner."),
        ("defence", L.NATION, None, B.EXECUTIVE, "Constitution Act, 1867, s. 91(7): militia, military and naval service, and defence."),
        ("interest-rates", "", "org:bank-of-canada", B.EXECUTIVE, "Bank of Canada Act: the Bank conducts monetary policy."),
        ("income-tax", L.NATION, None, B.LEGISLATIVE, "Income Tax Act (federal); provinces levy their own income tax too."),
        ("economic-development", L.REGION, None, B.EXECUTIVE, "Provinces lead regional economic development."),
        ("motorways", L.REGION, None, B.ADMINISTRATION, "Provincial highways, including the Trans-Canada Highway, are provincial."),
        ("public-transport", L.CITY, None, B.ADMINISTRATION, "Municipal transit authorities run public transport."),
        ("local-roads", L.CITY, None, B.ADMINISTRATION, "Municipal acts: local streets are municipal."),
        ("policing", L.REGION, None, B.ADMINISTRATION, "Constitution Act, 1867, s. 92(14): administration of justice is provincial."),
        ("building-permits", L.CITY, None, B.ADMINISTRATION, "Municipal by-laws under provincial planning acts."),
        ("social-housing", L.REGION, None, B.EXECUTIVE, "Provinces deliver social housing, with federal funding."),
        ("libraries", L.CITY, None, B.ADMINISTRATION, "Public libraries are municipal under provincial library acts."),
    ],
}
# Overrides for one place (the most specific rule wins).
OVERRIDES = [
    ("household-waste", "city:FR-ARA:Lyon", "", "org:metropole-lyon", B.ADMINISTRATION, "Loi MAPTAM (2014): the Métropole de Lyon collects household waste in Lyon."),
    ("water-supply", "city:FR-ARA:Lyon", "", "org:metropole-lyon", B.ADMINISTRATION, "Loi MAPTAM (2014): the Métropole de Lyon runs drinking water (Eau du Grand Lyon)."),
    ("household-waste", "city:FR-PAC:Nice", "", "org:metropole-nice", B.ADMINISTRATION, "CGCT art. L5217-2: the Métropole Nice Côte d'Azur collects household waste."),
    ("public-transport", "FR-IDF", "", "org:idf-mobilites", B.ADMINISTRATION, "Code des transports art. L1241-1: Île-de-France Mobilités organises transport in the region."),
    ("policing", "city:CA-QC:Montréal", L.CITY, None, B.FRONTLINE, "Quebec Police Act, s. 70: Montréal runs its own police service (SPVM)."),
]

BODIES = [
    # place ref, name, kind, email, website
    ("city:FR-IDF:Paris", "Mairie de Paris", B.EXECUTIVE, "contact@paris.example", "https://www.paris.fr"),
    ("city:FR-IDF:Paris", "Conseil de Paris", B.LEGISLATIVE, "conseil@paris.example", "https://www.paris.fr"),
    ("city:FR-IDF:Paris", "Direction de la Propreté et de l'Eau", B.ADMINISTRATION, "proprete@paris.example", ""),
    ("FR-IDF", "Conseil régional d'Île-de-France", B.LEGISLATIVE, "contact@iledefrance.example", "https://www.iledefrance.fr"),
    ("FR-IDF", "Présidence de la Région Île-de-France", B.EXECUTIVE, "presidence@iledefrance.example", ""),
    ("FR", "Assemblée nationale", B.LEGISLATIVE, "", "https://www.assemblee-nationale.fr"),
    ("FR", "Gouvernement", B.EXECUTIVE, "", "https://www.gouvernement.fr"),
    ("FR", "Direction des routes", B.ADMINISTRATION, "", ""),
    ("city:FR-ARA:Lyon", "Conseil municipal de Lyon", B.LEGISLATIVE, "", "https://www.lyon.fr"),
    ("city:FR-ARA:Lyon", "Mairie de Lyon", B.EXECUTIVE, "", "https://www.lyon.fr"),
    ("org:metropole-lyon", "Conseil de la Métropole de Lyon", B.LEGISLATIVE, "", "https://www.grandlyon.com"),
    ("org:metropole-lyon", "Direction de la propreté", B.ADMINISTRATION, "proprete@grandlyon.example", ""),
    ("org:ecb", "Governing Council", B.EXECUTIVE, "info@ecb.example", "https://www.ecb.europa.eu"),
    ("org:bank-of-canada", "Governing Council", B.EXECUTIVE, "info@bankofcanada.example", "https://www.bankofcanada.ca"),
    ("city:CA-QC:Montréal", "Conseil municipal de Montréal", B.LEGISLATIVE, "conseil@montreal.example", "https://montreal.ca"),
    ("city:CA-QC:Montréal", "Service de l'environnement", B.ADMINISTRATION, "environnement@montreal.example", ""),
    ("city:CA-QC:Montréal", "Service de police de la Ville de Montréal", B.FRONTLINE, "", "https://spvm.qc.ca"),
    ("CA-QC", "Assemblée nationale du Québec", B.LEGISLATIVE, "", "https://www.assnat.qc.ca"),
    ("CA", "House of Commons", B.LEGISLATIVE, "", "https://www.ourcommons.ca"),
]


def country_memberships(column: str) -> set[str]:
    """ISO2 codes marked in country-converter's packaged table (e.g. "EURO", "EU").

    The package itself imports pandas; only its data file is read here.
    """
    spec = importlib.util.find_spec("country_converter")
    path = Path(next(iter(spec.submodule_search_locations))) / "country_data.tsv"
    # The ISO2 column holds regexes for a few countries (Greece: "^GR$|^EL$"); ISO3 is plain.
    with path.open(encoding="utf-8") as handle:
        iso3 = {row["ISO3"] for row in csv.DictReader(handle, delimiter="\t") if row.get(column, "").strip()}
    return {c.alpha_2 for code in iso3 if (c := pycountry.countries.get(alpha_3=code))}


def resolve(ref: str) -> Jurisdiction | None:
    """A code ("FR-IDF", "org:ecb") or a city in a county/region ("city:FR-IDF:Paris")."""
    if ref.startswith("city:"):
        _prefix, parent_code, name = ref.split(":", 2)
        parent = Jurisdiction.objects.filter(code=parent_code).first()
        if parent is None:
            return None
        return (
            Jurisdiction.objects.get_descendants(parent)
            .filter(kind=Jurisdiction.Kind.CITY, name=name)
            .order_by("-population")
            .first()
        )
    return Jurisdiction.objects.filter(code=ref).first()


@transaction.atomic
def load() -> dict[str, int]:
    counts = {"organisations": 0, "topics": 0, "rules": 0, "bodies": 0}
    euro = country_memberships("EURO")
    for code, name, kind, website, covers in ORGANISATIONS:
        organisation = Jurisdiction.objects.filter(code=code).first() or services.jurisdiction_create(
            name=name, kind=kind, code=code, website=website
        )
        places = []
        for ref in covers:
            if ref == "@EURO":
                places.extend(Jurisdiction.objects.filter(kind=L.NATION, code__in=euro))
            elif (place := resolve(ref)) is not None:
                places.append(place)
        services.organisation_cover(organisation=organisation, places=places)
        counts["organisations"] += 1

    for slug, domain, name_en, name_fr in TOPICS:
        Topic.objects.update_or_create(slug=slug, defaults={"domain": domain, "name_en": name_en, "name_fr": name_fr})
        counts["topics"] += 1
    topics = {t.slug: t for t in Topic.objects.all()}

    rules = [(slug, nation, *rest) for nation, items in RULES.items() for slug, *rest in items]
    rules += OVERRIDES
    for slug, scope_ref, level, organisation_ref, body_kind, note in rules:
        scope = resolve(scope_ref)
        organisation = resolve(organisation_ref) if organisation_ref else None
        if scope is None or (organisation_ref and organisation is None):
            continue  # that country is not loaded
        services.responsibility_set(
            topic=topics[slug], scope=scope, level=level, organisation=organisation,
            body_kind=body_kind, source_note=note,
        )
        counts["rules"] += 1

    for ref, name, kind, email, website in BODIES:
        space = resolve(ref)
        if space is not None:
            services.body_ensure(space=space, name=name, kind=kind, contact_email=email, website=website)
            counts["bodies"] += 1
    return counts
