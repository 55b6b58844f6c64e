"""One-off: write the framework that ``civic/competences/demo.py`` held as Python to
``competences.yaml`` (then check that the file reads back to exactly the same values).

    .venv/bin/python civic/competences/content/export_demo.py

Removed with ``demo.py`` once the YAML file is the source.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import django
import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civic.settings")
django.setup()

from civic.competences import demo  # noqa: E402

HEADER = """\
# The citizen competence framework shipped with civic, in English and French: three areas,
# their competences (a short Markdown lesson and further reading each) and each competence's
# self-check quiz (questions, choices, which are right, and why).
#
# Loaded by `manage.py load_competences` (and `load_demo`), idempotent: areas are found by
# kind, competences by slug, questions and choices by their position. Editing a text here and
# loading again updates it; a question or choice removed here is removed from its quiz.
# Whether an item is published stays as staff set it in the admin. Other pages link to some
# slugs (civic/competences/templatetags/competence_tags.py): keep them.
"""


def _str(dumper, value: str):
    # Lessons (Markdown) as they are written, line by line; other long texts folded, so that
    # they read as prose, without quotes to escape.
    if "\n" in value:
        style = "|"
    elif len(value) > 76:
        style = ">"
    else:
        style = None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


class Dumper(yaml.SafeDumper):
    pass


Dumper.add_representer(str, _str)


def question(spec: dict) -> dict:
    return {
        "text_en": spec["text_en"],
        "text_fr": spec["text_fr"],
        "explanation_en": spec["explanation_en"],
        "explanation_fr": spec["explanation_fr"],
        "choices": [
            {"text_en": en, "text_fr": fr, "is_correct": right} for en, fr, right in spec["choices"]
        ],
    }


def content() -> dict:
    areas = [{**spec, "kind": str(spec["kind"])} for spec in demo.AREAS]
    competences = []
    for spec in demo.COMPETENCES:
        item = {"slug": spec["slug"], "area": str(spec["area"]), "order": spec["order"]}
        for name in ("title", "summary"):
            item[f"{name}_en"] = spec[f"{name}_en"]
            item[f"{name}_fr"] = spec[f"{name}_fr"]
        if demo.LINKS.get(spec["slug"]):
            item["links"] = demo.LINKS[spec["slug"]]
        item["lesson_en"] = spec["lesson_en"]
        item["lesson_fr"] = spec["lesson_fr"]
        item["questions"] = [question(q) for q in spec["questions"]]
        competences.append(item)
    return {"areas": areas, "competences": competences}


def main() -> None:
    data = content()
    text = (
        HEADER
        + "\n"
        + yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=88, indent=2)
    )
    assert yaml.safe_load(text) == data, "the YAML file does not read back to the same values"
    (HERE / "competences.yaml").write_text(text, encoding="utf-8")
    print(f"{len(data['areas'])} areas, {len(data['competences'])} competences written")


if __name__ == "__main__":
    main()
