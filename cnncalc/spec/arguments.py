"""A spec's parameters: its top-level ``args``, the ``variants`` that rename a set of them, and
the values given when it is read (``--set``).

::

    name: ResNet
    args: {unit: bottleneck, blocks: [3, 4, 6, 3], classes: 1000, size: 224}
    variants:
      resnet50: {name: ResNet-50}
      resnet101: {name: ResNet-101, args: {blocks: [3, 4, 23, 3]}}
    input: ${size}x${size}x3
    layers: [...]            # $classes, ${size // 32} … in any setting

Every argument has a default (a spec reads without ``--set``). A default may be an expression
of the arguments declared before it (``out: "${4 * width}"``), as a block's may. The values in
force are the defaults, then the variant's, then the settings, each replacing the one before;
an argument a variant or a setting names must be declared. They fill ``input`` and the layer
list (the top-level scope of `cnncalc.spec.expand`); a block sees only its own arguments, so a
value reaches one by being passed (``bottleneck: {width: $w}``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from ..errors import Location, SettingError, SpecError
from ..layers.settings import shown
from ..render.escape import one_line
from ..text import closest
from .expand import _ARG, _expression, built_text, has_arguments, read_later
from .expressions import Budget, evaluate
from .source import MarkedDict, load_yaml, plain

VARIANT_KEYS = ("name", "source", "notes", "args")
RESERVED = ("input",)
"""Names an argument may not have: ``input`` is the shape an expression reads."""
MAX_SETTING_CHARS = 1_000
"""A ``--set name=value`` is at most this long (a setting is short; an expression is at most
1,000 characters too)."""
MAX_SETTING_VALUES = 1_000
"""A ``--set`` value holds at most this many values (a list of stage sizes has a few; YAML
aliases cannot make a short text stand for a huge list)."""
SETTING_HINT = ("write --set NAME=VALUE, the value a number, a word, true or false, a list "
                "such as [3, 4, 23, 3] or a kind with its settings such as {leaky_relu: 0.1}, "
                "e.g. --set classes=10")


@dataclass
class Arguments:
    """The arguments in force for one reading of a spec, and what its variant renames."""

    values: dict[str, Any] = field(default_factory=dict)
    name: str | None = None
    """The variant's ``name`` (else the spec's own)."""
    source: str | None = None
    budget: Budget = field(default_factory=Budget)
    """What the spec's expressions may still cost: these and the layers' share one budget."""

    def filled_input(self, document: MarkedDict) -> Any:
        """The spec's ``input`` with its ``$name`` and ``${…}`` filled in."""
        return self.fill(document["input"], document.value_location("input"), "input")

    def fill(self, value: Any, where: Location | None, what: str) -> Any:
        """`value` (a text, a list or mapping of them) with the arguments filled in."""
        try:
            return fill(value, self.values, self.budget)
        except SettingError as error:
            raise SpecError(f"{what}: {error}", where) from None


def fill(value: Any, names: Mapping[str, Any], budget: Budget) -> Any:
    """`value` with every ``$name`` and ``${expression}`` in its texts replaced (a text that is
    one of them alone becomes its value, a number stays a number)."""
    if isinstance(value, str):
        if "$" not in value:
            return value
        whole = _ARG.fullmatch(value.strip())
        if whole:
            return evaluate(_expression(whole), names, budget)
        return built_text(value, names, budget)
    if isinstance(value, list) and has_arguments(value, budget):
        return [fill(item, names, budget) for item in value]
    if isinstance(value, dict) and has_arguments(value, budget):
        return {key: fill(item, names, budget) for key, item in value.items()}
    return value


def spec_arguments(document: MarkedDict, filename: str, variant: str | None = None,
                   settings: Mapping[str, Any] | None = None) -> Arguments:
    """The arguments of `document` for `variant` with `settings` (see the module docstring);
    a `SpecError` for an argument, variant or setting that is not declared."""
    declared = declared_args(document)
    check_variants(document, filename, declared)
    arguments = Arguments()
    raw = dict(declared)
    if variant is not None:
        given, arguments.name, arguments.source = variant_values(document, variant, filename,
                                                                 declared)
        raw.update(given)
    options: dict[str, str] = {}
    for key, value in (settings or {}).items():
        option = settings.options.get(key, "--set") if isinstance(settings, Settings) else "--set"
        check_declared(key, declared, f"{option} {one_line(str(key))}=…", None)
        raw[key], options[key] = value, option
    where = document.value_location("args") if "args" in document else None
    names = list(raw)
    for key, value in raw.items():   # in declared order: a value reads those before it
        try:
            arguments.values[key] = arguments.fill(value, where, f"argument '{key}'")
        except SpecError:
            first = read_later(names, key, value)
            if first is None:
                raise
            given = f" (given by {options[key]})" if key in options else ""
            raise SpecError(f"the value of argument '{key}'{given} reads '{first}', which is "
                            "declared after it; a value may read only the arguments declared "
                            f"before it: put '{first}' before '{key}' in args "
                            f"({{{first}: …, {key}: …}})", where) from None
    return arguments


def variant_values(document: MarkedDict, variant: str, filename: str,
                   declared: Mapping[str, Any]) -> tuple[Mapping[str, Any], str, str | None]:
    """(the argument values, the name, the source) that `variant` of `document` gives."""
    entry = variant_entry(document, variant, filename)
    given = entry.get("args") or {}
    where = entry.value_location("args") if "args" in entry else entry.location
    if not isinstance(given, dict):
        raise SpecError(f"variant '{variant}': 'args' maps argument names to values, "
                        f"received {shown(given)}", where)
    for key in given:
        check_declared(key, declared, f"variant '{variant}'",
                       given.key_location(key) if isinstance(given, MarkedDict) else where)
    for key in ("name", "source"):
        value = entry.get(key)
        if value is not None and not isinstance(value, (str, int, float)):
            raise SpecError(f"variant '{variant}': '{key}' is text, received {shown(value)}",
                            entry.value_location(key))
    name = str(entry["name"]) if "name" in entry else variant
    return given, name, None if entry.get("source") is None else str(entry["source"])


def check_variants(document: MarkedDict, filename: str, declared: Mapping[str, Any]) -> None:
    """Every variant of `document` checked, whichever is read (a mistake in one shows in any
    reading of the file, not only when that variant is asked for)."""
    variants = document.get("variants")
    if variants is None:
        return
    if not isinstance(variants, MarkedDict):
        raise SpecError("'variants' maps each variant's name to its {name, source, notes, "
                        f"args}}, received {shown(variants)}", document.value_location("variants"))
    for name in variants:
        if not isinstance(name, str) or not name.isidentifier():
            raise SpecError(f"variant name {shown(name)} must be a word (letters, digits, _)",
                            variants.key_location(name))
        variant_values(document, name, filename, declared)


def declared_args(document: MarkedDict) -> dict[str, Any]:
    """The spec's ``args``: name → default, checked."""
    value = document.get("args")
    if value is None:
        return {}
    where = document.value_location("args")
    if not isinstance(value, dict):
        raise SpecError("a spec's 'args' maps each argument to its default, e.g. "
                        "args: {depth: 50, classes: 1000}", where)
    for key, default in value.items():
        at = value.key_location(key) if isinstance(value, MarkedDict) else where
        if not isinstance(key, str) or not key.isidentifier() or key in RESERVED:
            raise SpecError(f"argument {shown(key)} must be a word (letters, digits, _) other "
                            f"than {', '.join(RESERVED)}", at)
        if default is None:
            raise SpecError(f"argument '{key}' has no default; a spec's arguments all have one "
                            "(so that it reads without --set)", at)
    return dict(value)


def variant_entry(document: MarkedDict, variant: str, filename: str) -> MarkedDict:
    """The mapping ``variants[variant]`` of a family spec, checked."""
    variants = document.get("variants")
    if not isinstance(variants, MarkedDict) or variant not in variants:
        names = list(variants) if isinstance(variants, dict) else []
        raise SpecError(f"{one_line(filename)} has no variant '{one_line(variant)}'"
                        f"{closest(variant, names)}", document.location)
    entry = variants[variant]
    at = variants.value_location(variant)
    if not isinstance(entry, MarkedDict):
        raise SpecError(f"variant '{variant}' is a mapping of {', '.join(VARIANT_KEYS)}, "
                        f"received {shown(entry)}", at)
    for key in entry:
        if key in ("extends", "like", "layers", "input"):
            raise SpecError(f"a variant gives only {', '.join(VARIANT_KEYS)}, not '{key}': it "
                            "is the family's layers with other argument values; a network "
                            "built on another spec is a file of its own that writes "
                            "extends: <that spec>", entry.key_location(key))
        if key not in VARIANT_KEYS:
            raise SpecError(f"unknown key '{key}' in variant '{variant}'"
                            f"{closest(key, VARIANT_KEYS)}; a variant has "
                            f"{', '.join(VARIANT_KEYS)}", entry.key_location(key))
    return entry


def check_declared(key: Any, declared: Mapping[str, Any], who: str,
                   where: Location | None) -> None:
    """Refuse a value for an argument the spec does not declare (`who` gave it)."""
    if key in declared:
        return
    name = one_line(str(key))
    if not declared:
        raise SpecError(f"{who}: '{name}' is no argument: this spec takes no arguments (it has "
                        "no top-level 'args'); --input replaces its input shape", where)
    raise SpecError(f"{who}: '{name}' is no argument of this spec{closest(str(key), declared)};"
                    f" its arguments: {', '.join(declared)}", where)


class Settings(dict):
    """Argument name → value given on the command line, and the option that gave each (for
    messages: ``--set``, or diff's ``--set-b``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.options: dict[str, str] = {}

    def updated(self, other: "Settings") -> "Settings":
        """These settings with `other`'s over them."""
        result = Settings({**self, **other})
        result.options = {**self.options, **other.options}
        return result


def parse_settings(texts: Iterable[str], option: str = "--set") -> Settings:
    """``NAME=VALUE`` texts given on the command line (`option`) → name → value, each value
    read as YAML (`parse_setting`); a name given twice is refused (which one was meant?)."""
    settings = Settings()
    for text in texts:
        name, value = parse_setting(text, option)
        if name in settings:
            raise SpecError(f"{option} gives '{name}' twice ({shown(settings[name])} and "
                            f"{shown(value)}); give each argument once")
        settings[name] = value
        settings.options[name] = option
    return settings


def parse_setting(text: str, option: str = "--set") -> tuple[str, Any]:
    """``depth=101`` → ("depth", 101); ``blocks=[3, 4, 23, 3]`` → ("blocks", [3, 4, 23, 3]).

    The value is read as YAML (the language a spec is written in) by the spec reader, with its
    limits: at most `MAX_SETTING_CHARS` characters in all and `MAX_SETTING_VALUES` values, a
    scalar (number, text, true/false), a list of them or a mapping such as a kind with its
    settings (``act={leaky_relu: 0.1}``); an empty value and YAML that does not parse are
    refused with a sentence.

    >>> parse_setting("blocks=[3, 4, 23, 3]"), parse_setting("act = silu")
    (('blocks', [3, 4, 23, 3]), ('act', 'silu'))
    """
    if len(text) > MAX_SETTING_CHARS:
        raise SpecError(f"{option} {one_line(text[:40])}… is {len(text):,} characters long; a "
                        f"setting is at most {MAX_SETTING_CHARS:,}")
    name, equals, value_text = text.partition("=")
    name = name.strip()
    if not equals or not name.isidentifier():
        raise SpecError(f"{option} {shown(text)} is not NAME=VALUE; {SETTING_HINT}")
    if not value_text.strip():
        raise SpecError(f"{option} {name}= gives no value; {SETTING_HINT}")
    try:
        value = load_yaml(value_text, f"{option} {name}")
    except SpecError as error:
        problem = error.message.splitlines()[0]   # the parser's own line, without its "in …"
        raise SpecError(f"{option} {name}={shown(value_text.strip())}: {problem}; "
                        f"{SETTING_HINT}") from None
    return name, setting_value(value, name, option)


def setting_value(value: Any, name: str, option: str) -> Any:
    """`value` as plain data when it is a scalar or (nested) lists and mappings of them, within
    `MAX_SETTING_VALUES` values; a `SpecError` otherwise."""
    count, pending = 0, [value]
    while pending:
        item = pending.pop()
        count += 1
        if count > MAX_SETTING_VALUES:
            raise SpecError(f"{option} {name}: the value holds more than "
                            f"{MAX_SETTING_VALUES:,} values; {SETTING_HINT}")
        if isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, dict):   # act={leaky_relu: 0.1}: a kind with its settings
            if not all(isinstance(key, str) for key in item):
                raise SpecError(f"{option} {name}: a mapping's keys are words; {SETTING_HINT}")
            pending.extend(value for value in item.values() if value is not None)
        elif isinstance(item, float) and not math.isfinite(item):
            raise SpecError(f"{option} {name}: {item} is not a finite number; {SETTING_HINT}")
        elif item is None and count == 1:
            raise SpecError(f"{option} {name}: the value is null (no value); {SETTING_HINT}")
    return plain(value)
