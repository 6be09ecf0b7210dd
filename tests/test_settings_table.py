"""`Layer.parse_settings` by the class's settings table gives what the long way gives: the same
values in the declared order, the first declared mistake, no shared changeable values."""

from __future__ import annotations

import pytest

from cnncalc.errors import SettingError
from cnncalc.layers import REGISTRY, kinds
from cnncalc.layers.base import Layer
from cnncalc.layers.settings import Setting


def the_long_way(cls, raw, skip=()):
    try:
        return cls._parse_each(raw, skip)
    except SettingError as error:
        return str(error), error.key


def parsed(cls, raw, skip=()):
    try:
        return cls.parse_settings(raw, skip)
    except SettingError as error:
        return str(error), error.key


@pytest.mark.parametrize("raw", [
    {"filters": 8, "kernel": 3},
    {"kernel": 3, "filters": 8, "padding": "same", "name": "a", "from": "b"},
    {"filters": 8},                                    # kernel missing
    {"filters": 0, "kernel": 0},                       # two mistakes: the first declared
    {"kernel": 0, "filters": 0},
    {"filters": 8, "kernel": [3, 5], "stride": 2.0, "bias": False},
    {"filters": True, "kernel": 3},
    {"filters": 8, "kernel": 3, "padding": "bogus"},
])
def test_the_table_gives_what_the_long_way_gives(raw):
    cls = REGISTRY["conv"]
    for _ in range(2):  # the second time from the memo
        result = parsed(cls, raw)
        assert result == the_long_way(cls, raw)
        if isinstance(result, dict):
            assert list(result) == list(cls.settings)


def test_skip_goes_the_long_way():
    cls = REGISTRY["conv"]
    assert parsed(cls, {"filters": 8}, skip=("kernel",)) == \
        the_long_way(cls, {"filters": 8}, skip=("kernel",))


def test_only_unchangeable_values_are_remembered():
    class Listed(Layer):
        kind = "listed_for_test"
        settings = {"sizes": Setting(lambda value: [value])}

    first = Listed.parse_settings({"sizes": 3})["sizes"]
    second = Listed.parse_settings({"sizes": 3})["sizes"]
    assert first == second == [3] and first is not second


def test_a_changed_settings_dict_is_seen():
    class Changing(Layer):
        kind = "changing_for_test"
        settings = dict(REGISTRY["dense"].settings)

    Changing.parse_settings({"units": 3})
    Changing.settings = {}
    assert Changing.parse_settings({"units": 3}) == {}


@pytest.mark.parametrize("cls", kinds(), ids=lambda cls: cls.kind)
def test_settings_are_plain_attributes(cls):
    """`Layer.__init__` stores the settings in the instance's dict at once: no kind may declare
    a descriptor with a setter under a setting's name (setattr would have gone through it)."""
    for key in cls.settings:
        for klass in cls.__mro__:
            if key in klass.__dict__:
                assert not hasattr(type(klass.__dict__[key]), "__set__"), (cls.kind, key)
