"""`${VAR}` and `${VAR:-default}` in connection details: secrets stay out of vernly.yaml."""

from __future__ import annotations

import re

import pytest

from vernly.errors import ConfigurationError
from vernly.policy.env import expand


def test_a_set_variable_replaces_its_reference() -> None:
    env = {"VERNLY_WEBSHOP_URL": "postgresql://shop@db/shop"}
    assert expand("${VERNLY_WEBSHOP_URL:-sqlite:///data/webshop.sqlite}", env) == (
        "postgresql://shop@db/shop")


def test_an_unset_or_empty_variable_falls_back_to_the_default() -> None:
    assert expand("${SHOP_URL:-sqlite:///shop.sqlite}", {}) == "sqlite:///shop.sqlite"
    assert expand("${SHOP_URL:-sqlite:///shop.sqlite}", {"SHOP_URL": ""}) == (
        "sqlite:///shop.sqlite")


def test_an_empty_default_is_allowed() -> None:
    assert expand("a${SUFFIX:-}b", {}) == "ab"


def test_several_references_in_one_value_are_each_expanded() -> None:
    env = {"DB_USER": "kari", "DB_PASSWORD": "s3cret"}
    assert expand("postgresql://${DB_USER}:${DB_PASSWORD}@${DB_HOST:-localhost}/shop", env) == (
        "postgresql://kari:s3cret@localhost/shop")


def test_an_unset_variable_without_default_names_the_variable_not_a_value() -> None:
    with pytest.raises(ConfigurationError, match=re.escape(
            "systems.shop.url: environment variable DB_PASSWORD is not set")):
        expand("postgresql://kari:${DB_PASSWORD}@db/shop", {}, where="systems.shop.url")


def test_text_without_references_is_left_alone() -> None:
    assert expand("data/cctv", {"DATA": "x"}) == "data/cctv"
