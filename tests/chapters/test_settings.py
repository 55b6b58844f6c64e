"""CHAPTER_MIN_POPULATION: read from the environment, fails loudly, and takes effect."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

SETTINGS = Path(__file__).resolve().parents[2] / "civic" / "settings.py"


def load_settings(monkeypatch, value: str | None) -> dict:
    if value is None:
        monkeypatch.delenv("CHAPTER_MIN_POPULATION", raising=False)
    else:
        monkeypatch.setenv("CHAPTER_MIN_POPULATION", value)
    return runpy.run_path(str(SETTINGS))


def test_the_founding_texts_minimum_by_default(monkeypatch):
    assert load_settings(monkeypatch, None)["CHAPTER_MIN_POPULATION"] == 250_000


def test_the_environment_sets_the_minimum(monkeypatch):
    assert load_settings(monkeypatch, "100000")["CHAPTER_MIN_POPULATION"] == 100_000


def test_a_malformed_minimum_stops_start_up(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="CHAPTER_MIN_POPULATION is malformed"):
        load_settings(monkeypatch, "a quarter million")
