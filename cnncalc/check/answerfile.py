"""Read a homework answers file into plain data: a `Homework` of `Question`s.

Everything a malformed file can get wrong is a `SpecError` at its ``file:line:column`` (exit
code 2): unknown keys, a question that asks nothing, a network that does not exist or does not
calculate, a bad ``points``, ``tolerance`` or ``accept``. What only the grading can tell — a
missing layer, an unreadable answer — is left to `grade`, where it is a ✗, not an error.
The format is documented in docs/readme/check-core.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Location, SpecError
from ..files.inputs import InputPolicy, reading
from ..text import closest, closest_kind
from ..graph import Network
from ..layers import REGISTRY, Shape
from ..spec import load_spec, network_from_document, one_layer_document, parse_shape
from ..spec.source import MarkedDict, MarkedList, load_yaml, plain, read_source
from .quantities import ASK_WORDS, Quantity, quantity_named
from .slips import Slip, slip_named
from .values import Tolerance, UnreadableAnswer, read_tolerance
from . import banks, variants

TOP_KEYS = ("title", "student", "tolerance", "accept", "batch", "partial", "visibility",
            "network", "networks", "questions", "id", "seed", "include")
QUESTION_KEYS = ("id", "text", "network", "layer", "ask", "find", "input", "output", "answer",
                 "points", "tolerance", "accept", "batch", "partial", "visibility", "vary")
MAX_POINTS = 10 ** 6
"""A question is worth at most this many points (so that every total is a finite number)."""
VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")
"""Gradescope's test visibilities: when a student sees a question's result."""
FINDABLE = ("padding", "stride", "kernel", "dilation", "input")
"""What a ``find`` question may leave out for the student to find."""
INPUT_UNKNOWN = "input"
_SIZES = re.compile(r"\s*\d+\s*(?:[x×X*]\s*\d+\s*)*")


@dataclass(frozen=True)
class FindRequest:
    """A hyper-parameter question: which value of `unknown` makes the layer give `output`."""

    kind: str
    settings: dict
    """The layer's settings as written, the unknown left out."""
    unknown: str
    input_shape: Shape | None
    """None when the input itself is the unknown."""
    output: tuple[int, ...]
    """The wanted output, (H, W) or (H, W, C)."""


@dataclass(frozen=True, eq=False)
class Question:
    id: str
    text: str | None
    """The question as the file words it; None to have one made from layer and quantity."""
    quantity: Quantity | None
    """What ``ask`` asks for; None for a ``find`` question."""
    network: Network | None
    """The network asked about: one of the file's, or a one-layer network for a stand-alone
    layer; None for a ``find`` question."""
    network_name: str | None
    """The network's name in the file; None for a stand-alone layer or a ``find`` question."""
    layer: str | None
    """The layer's name; None for the whole network."""
    find: FindRequest | None
    answer: Any
    """The answer as written (a string, number or list); None when unanswered."""
    points: int | float
    tolerance: Tolerance | None
    accept: frozenset
    """The slips and conventions that still score (file-wide and the question's own)."""
    batch: int
    location: Location
    partial: Partial | None = None
    """Partial credit for a near answer (opt-in); None: right or 0."""
    visibility: str | None = None
    """When the student sees this result on Gradescope (`VISIBILITIES`); None: visible."""


@dataclass(frozen=True)
class Partial:
    """Partial credit, as the teacher's file opts in: ``partial: per_axis`` (a shape scores
    points × matching sizes / sizes) and/or ``partial: {tolerance: 10%, points: 0.5}`` (an
    answer within the wider band scores that fraction of the points)."""

    per_axis: bool = False
    tolerance: Tolerance | None = None
    fraction: float = 0.0


@dataclass(frozen=True, eq=False)
class Homework:
    file: str
    title: str | None
    student: str | None
    networks: dict[str, Network]
    questions: tuple[Question, ...]
    document: dict
    """The whole file as plain data (to write it back filled in, as a key): the included banks'
    questions and networks merged in, every ``vary`` drawn and put in."""
    variant: tuple = ()
    """The drawn values, ``(scope, name, value)`` in the file's order; empty when nothing
    varies (see `variants`)."""
    warnings: tuple[str, ...] = ()
    """What was ignored in a student's submission (`submission.with_answers`), one sentence
    each."""


@dataclass(frozen=True)
class Defaults:
    """File-wide settings a question may override (tolerance, batch, partial, visibility) or
    add to (accept)."""

    tolerance: Tolerance | None
    accept: frozenset
    batch: int
    partial: Partial | None = None
    visibility: str | None = None


def load_homework(path: str | Path, shown: str | None = None, policy: InputPolicy | None = None,
                  role: str = "the answers file", student_id: str | None = None) -> Homework:
    """Read an answers (or questions: `role`) file; spec paths in it are relative to the file's
    folder and must lead into it (`cnncalc.files.inputs`); every file is read under `policy`
    (``InputPolicy(root=folder)``: only that folder and the bundled specs). Variants are drawn
    for `student_id` (else as `parse_homework` says)."""
    path = Path(path)
    shown = shown or str(path)
    with reading(policy):
        return parse_homework(read_source(path, shown, f"{role} "), shown, path.parent,
                              student_id)


def parse_homework(text: str, filename: str = "<answers>", base_dir: str | Path = ".",
                   student_id: str | None = None) -> Homework:
    """The homework in `text`; variants drawn for `student_id`, else (None) for the file's own
    ``id:`` or ``student:`` (a student's filled-in copy), else — or when `student_id` is
    ``""`` — the base variant."""
    return homework_from_document(read_yaml(text, filename), filename, base_dir, student_id)


def homework_from_document(document: Any, filename: str, base_dir: str | Path = ".",
                           student_id: str | None = None,
                           cache: dict | None = None) -> Homework:
    """`parse_homework` on YAML already loaded. `cache` is for a caller that reads the same
    file for many students: kept between reads, it holds the question banks' YAML and each
    network by its drawn values, so that a network that does not vary is read once."""
    start = Location(filename, 1, 1)
    if not isinstance(document, MarkedDict):
        raise SpecError("an answers file is a mapping with 'questions' (and usually "
                        "'network' or 'networks'), e.g.\n  network: alexnet\n  questions:\n"
                        "    - {layer: conv1, ask: output_shape, answer: 55x55x96}", start)
    check_keys(document, TOP_KEYS, "an answers file")
    if "network" in document and "networks" in document:
        raise SpecError("give either 'network' (one) or 'networks' (several), not both",
                        document.key_location("networks"))
    defaults = Defaults(tolerance=tolerance_of(document, None),
                        accept=accepted_of(document, frozenset()),
                        batch=batch_of(document, 1), partial=partial_of(document, None),
                        visibility=visibility_of(document, None))
    base_dir = Path(base_dir)
    if student_id is None:
        student_id = variants.student_of(document)
    draw = variants.Draw(variants.seed_of(document), student_id or None)  # "": the base
    drawn: list[tuple[str, str, Any]] = []
    sources = banks.question_sources(document, filename, base_dir, cache)
    networks, written_networks = networks_of_sources(sources, draw, drawn, cache)
    read, written_questions = questions_of_sources(sources, networks, defaults, draw, drawn)
    check_unique_ids(read)
    written = {key: plain(value) for key, value in document.items() if key != banks.INCLUDE_KEY}
    if "network" in document and len(written_networks) == 1:
        written["network"] = next(iter(written_networks.values()))  # as written, vary drawn
    elif written_networks:
        written.pop("network", None)
        written["networks"] = written_networks
    written["questions"] = written_questions
    return Homework(file=filename, title=text_of(document, "title"),
                    student=text_of(document, "student"), networks=networks,
                    questions=tuple(read), document=written, variant=tuple(drawn))


def networks_of_sources(sources: list, draw: variants.Draw, drawn: list,
                        cache: dict | None) -> tuple[dict[str, Network], dict[str, Any]]:
    """The networks of the questions file and its banks (`banks.question_sources`), and each
    as plain data; a name defined twice is an error."""
    networks: dict[str, Network] = {}
    written: dict[str, Any] = {}
    for number, source in enumerate(sources):
        if number:
            check_keys(source.document, banks.BANK_KEYS, "a question bank")
        for name, (network, plain_entry) in read_networks(
                source.document, source.filename, source.base_dir, draw, drawn, cache).items():
            if name in networks:
                raise SpecError(f"network '{name}' is defined twice (in the questions file and "
                                "a bank, or in two banks); give each its own name",
                                source.document.location)
            networks[name], written[name] = network, plain_entry
    return networks, written


def questions_of_sources(sources: list, networks: dict[str, Network], defaults: Defaults,
                         draw: variants.Draw, drawn: list) -> tuple[list[Question], list]:
    """Every question of the questions file, then of its banks, its ``vary`` drawn (and added
    to `drawn`); and each as plain data. The file itself may leave ``questions`` to its
    banks."""
    read: list[Question] = []
    written: list = []
    for number, source in enumerate(sources):
        questions = source.document.get("questions")
        if not number and questions is None and len(sources) > 1:
            continue
        if not isinstance(questions, MarkedList) or not questions:
            raise SpecError("'questions' is a non-empty list of questions, each like "
                            "{layer: conv1, ask: params, answer: 34944}",
                            source.document.value_location("questions"))
        for position, item in enumerate(questions):
            index = len(read) + 1
            scope = (str(item.get("id", f"q{index}")).strip() if isinstance(item, MarkedDict)
                     else "")
            item, values = variants.varied(item, draw, scope)
            drawn.extend((scope, name, value) for name, value in values.items())
            read.append(read_question(item, index, questions.item_location(position), networks,
                                      defaults, source.filename, source.base_dir))
            written.append(plain(item))
    return read, written


def check_unique_ids(questions: list[Question]) -> None:
    seen: dict[str, Question] = {}
    for question in questions:
        if question.id in seen:
            first = seen[question.id].location
            at = (f"line {first.line}" if first.file == question.location.file
                  else f"{first.file}:{first.line}")
            raise SpecError(f"question id '{question.id}' is used twice (first at {at}); give "
                            "each question its own id", question.location)
        seen[question.id] = question


# --- the file's networks -------------------------------------------------------------------

def read_networks(document: MarkedDict, filename: str, base_dir: Path,
                  draw: variants.Draw = variants.Draw(),
                  drawn: list | None = None,
                  cache: dict | None = None) -> dict[str, tuple[Network, Any]]:
    """name → (Network, its entry as plain data) for ``network:`` (named after its spec) or
    each entry of ``networks:``; an inline spec's ``vary`` drawn (and added to `drawn`); a
    network already in `cache` (same file, name and drawn values) is not read again."""
    if "network" in document:
        value = document["network"]
        name = Path(value).stem if isinstance(value, str) else None
        network = read_network(value, name, document.value_location("network"), filename,
                               base_dir)
        return {name or network.name: (network, plain(value))}
    entries = document.get("networks")
    if entries is None:
        return {}
    if not isinstance(entries, MarkedDict) or not entries:
        raise SpecError("'networks' maps names to specs: a path, a bundled name or an inline "
                        "spec, e.g. {alexnet: alexnet, tiny: {input: 32x32x3, layers: [...]}}",
                        document.value_location("networks"))
    result = {}
    for name, value in entries.items():
        scope = variants.NETWORK_SCOPE + str(name)
        value, values = variants.varied(value, draw, scope)
        if drawn is not None:
            drawn.extend((scope, key, choice) for key, choice in values.items())
        key = ("network", filename, str(name), repr(values))
        if cache is None or key not in cache:
            network = (read_network(value, str(name), entries.value_location(name), filename,
                                    base_dir), plain(value))
            if cache is None:
                result[str(name)] = network
                continue
            cache[key] = network
        result[str(name)] = cache[key]
    return result


def read_network(value: Any, name: str | None, where: Location, filename: str,
                 base_dir: Path) -> Network:
    """A spec path (relative to the answers file), a bundled spec name or an inline spec."""
    if isinstance(value, MarkedDict):
        return network_from_document(value, filename, base_dir, default_name=name)
    if not isinstance(value, str) or not value.strip():
        raise SpecError("a network is a spec path, a bundled spec name or an inline spec "
                        f"{{input: …, layers: […]}}, not {value!r}", where)
    try:
        return load_spec(value.strip(), base_dir, named_in=filename,
                         what=f"network '{name}'" if name else "network")
    except SpecError as error:
        if error.location is not None:
            raise
        raise SpecError(error.message, where, error.layer) from None


# --- one question --------------------------------------------------------------------------

def read_question(item: Any, index: int, where: Location, networks: dict[str, Network],
                  defaults: Defaults, filename: str, base_dir: Path) -> Question:
    if not isinstance(item, MarkedDict):
        raise SpecError(f"question {index} is a mapping such as {{layer: conv1, ask: params, "
                        f"answer: 34944}}, not {item!r}", where)
    check_keys(item, QUESTION_KEYS, f"question {index}")
    if "ask" not in item and "find" not in item:
        raise SpecError(f"question {index} asks nothing: give 'ask' (a quantity such as "
                        "output_shape or params) or 'find' (a hyper-parameter)", item.location)
    if "ask" in item and "find" in item:
        raise SpecError(f"question {index} has both 'ask' and 'find'; a question asks one thing",
                        item.key_location("find"))
    qid = item.get("id", f"q{index}")
    if not isinstance(qid, (str, int)) or isinstance(qid, bool) or not str(qid).strip():
        raise SpecError(f"'id' is a short text such as \"1a\", received {qid!r}",
                        item.value_location("id"))
    common = dict(
        id=str(qid).strip(), text=text_of(item, "text"), answer=answer_of(item),
        points=points_of(item), tolerance=tolerance_of(item, defaults.tolerance),
        accept=accepted_of(item, defaults.accept), batch=batch_of(item, defaults.batch),
        location=item.location, partial=partial_of(item, defaults.partial),
        visibility=visibility_of(item, defaults.visibility))
    if "find" in item:
        return Question(quantity=None, network=None, network_name=None, layer=None,
                        find=find_request(item, filename), **common)
    quantity = quantity_of(item)
    if "output" in item:
        raise SpecError("'output' belongs to a 'find' question (the output wanted); an 'ask' "
                        "question takes its layer's own output", item.key_location("output"))
    if "input" in item:
        if "network" in item:
            raise SpecError("a question with 'input' asks about a stand-alone layer; leave out "
                            "'network' or 'input'", item.key_location("network"))
        if "layer" not in item or isinstance(item["layer"], (MarkedList, type(None))):
            raise SpecError("a stand-alone layer question needs 'layer': the layer written as "
                            "in a spec, e.g. {conv: {filters: 6, kernel: 5}}",
                            item.key_location("layer") if "layer" in item else item.location)
        document = one_layer_document(item["input"], item.value_location("input"),
                                      item["layer"], item.value_location("layer"))
        network = network_from_document(document, filename, base_dir,
                                        default_name=f"question {qid}")
        return Question(quantity=quantity, network=network, network_name=None,
                        layer=network.output, find=None, **common)
    name, network = network_of(item, networks)
    layer = item.get("layer")
    if isinstance(layer, (MarkedDict, MarkedList)) or isinstance(layer, bool):
        raise SpecError("'layer' names a layer of the network (conv1, pool2…); a layer written "
                        "out as {kind: {…}} also needs 'input'", item.value_location("layer"))
    return Question(quantity=quantity, network=network, network_name=name,
                    layer=None if layer is None else str(layer).strip(), find=None, **common)


def network_of(item: MarkedDict, networks: dict[str, Network]) -> tuple[str, Network]:
    names = list(networks)
    if "network" in item:
        name = item["network"]
        if isinstance(name, str) and name in networks:
            return name, networks[name]
        known = f"the file's networks: {', '.join(names)}" if names else \
            "the file has no 'network' or 'networks'"
        raise SpecError(f"network {name!r} is not one of this file's networks"
                        f"{closest(name, names)}; {known}", item.value_location("network"))
    if len(networks) == 1:
        return names[0], networks[names[0]]
    if not networks:
        raise SpecError("this question names no network: add 'network:' at the top of the file, "
                        "or give the question 'input' and 'layer' (a stand-alone layer)",
                        item.location)
    raise SpecError(f"the file has several networks ({', '.join(names)}); say which with "
                    "'network:'", item.location)


def quantity_of(item: MarkedDict) -> Quantity:
    quantity = quantity_named(item["ask"]) if isinstance(item["ask"], str) else None
    if quantity is None:
        raise SpecError(f"cannot ask for {item['ask']!r}{closest(item['ask'], ASK_WORDS)}; a "
                        f"question asks for one of: {', '.join(ASK_WORDS)}",
                        item.value_location("ask"))
    return quantity


def find_request(item: MarkedDict, filename: str) -> FindRequest:
    """A ``find`` question: the layer with one setting left out, its input and the output."""
    unknown = item["find"]
    if unknown not in FINDABLE:
        raise SpecError(f"cannot find {unknown!r}{closest(unknown, FINDABLE)}; 'find' is one of: "
                        f"{', '.join(FINDABLE)}", item.value_location("find"))
    if "network" in item:
        raise SpecError("a 'find' question is about a stand-alone layer ('input', 'layer', "
                        "'output'); leave out 'network'", item.key_location("network"))
    if "layer" not in item:
        raise SpecError("a 'find' question needs 'layer': the layer written as in a spec with "
                        f"the {unknown} left out", item.location)
    if "output" not in item:
        raise SpecError(f"a 'find' question needs 'output': the output size the {unknown} must "
                        "give, e.g. output: 32x32", item.location)
    kind, settings = layer_item(item["layer"], item.value_location("layer"))
    cls = REGISTRY[kind]
    if unknown != INPUT_UNKNOWN:
        if unknown not in cls.settings:
            raise SpecError(f"a {kind} layer has no {unknown}; its settings are: "
                            f"{', '.join(cls.settings)}", item.value_location("find"))
        if unknown in settings:
            raise SpecError(f"the layer gives {unknown} itself; leave it out for the student to "
                            "find", item.value_location("layer"))
    if unknown == INPUT_UNKNOWN:
        if "input" in item:
            raise SpecError("'find: input' asks for the input; leave out 'input'",
                            item.key_location("input"))
        input_shape = None
    elif "input" not in item:
        raise SpecError("a 'find' question needs 'input': the shape the layer reads",
                        item.location)
    else:
        input_shape = parse_shape(item["input"], item.value_location("input"))
    return FindRequest(kind=kind, settings=settings, unknown=unknown, input_shape=input_shape,
                       output=sizes_of(item["output"], item.value_location("output")))


def layer_item(value: Any, where: Location) -> tuple[str, dict]:
    """``{conv: {filters: 16, kernel: 5}}`` or ``maxpool`` → (kind, plain settings)."""
    if isinstance(value, str):
        kind, body = value.strip(), {}
    elif isinstance(value, MarkedDict) and len(value) == 1:
        (kind, body), = value.items()
        body = {} if body is None else body
    else:
        raise SpecError("'layer' is one layer written as in a spec, e.g. {conv: {filters: 16, "
                        f"kernel: 5}}, not {value!r}", where)
    cls = REGISTRY.get(kind)
    if cls is None:
        raise SpecError(f"unknown layer kind {kind!r}{closest_kind(kind, REGISTRY)}; "
                        "`cnncalc kinds` lists them", where)
    if not isinstance(body, dict):
        if cls.shorthand is None:
            raise SpecError(f"'{kind}' takes a mapping of settings, not {body!r}", where)
        body = {cls.shorthand: body}
    for key in body:
        if key not in cls.settings:
            at = body.key_location(key) if isinstance(body, MarkedDict) else where
            raise SpecError(f"unknown setting '{key}'{closest(key, cls.settings)} for {kind}; "
                            f"it takes: {', '.join(cls.settings)}", at)
    return cls.kind, plain(body)


def sizes_of(value: Any, where: Location) -> tuple[int, ...]:
    """``32x32``, ``[32, 32]`` or ``32x32x16`` → (32, 32) or (32, 32, 16)."""
    if isinstance(value, str) and _SIZES.fullmatch(value):
        sizes = [int(part) for part in re.split(r"[x×X*]", value)]
    elif isinstance(value, list):
        sizes = list(value)
    else:
        sizes = [value]
    if len(sizes) not in (2, 3) or not all(
            isinstance(size, int) and not isinstance(size, bool) and size > 0 for size in sizes):
        raise SpecError(f"output {value!r} is not a size: write H×W such as 32x32 (or H×W×C), "
                        "every size at least 1", where)
    return tuple(sizes)


# --- settings shared by the file and its questions -----------------------------------------

def read_yaml(text: str, filename: str) -> Any:
    """`load_yaml`, with the parser's words for a tab in the indentation replaced by a sentence
    that says what to do."""
    try:
        return load_yaml(text, filename)
    except SpecError as error:
        tab = first_indenting_tab(text)
        if tab is None or "YAML" not in error.message:
            raise
        line, column = tab
        raise SpecError("YAML indents with spaces, not tabs: this line is indented with a tab; "
                        "replace it with spaces", Location(filename, line, column)) from None


def first_indenting_tab(text: str) -> tuple[int, int] | None:
    """(line, column) of the first tab in a line's leading whitespace, or None."""
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[:len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            return number, indent.index("\t") + 1
    return None


def check_keys(mapping: MarkedDict, allowed: tuple[str, ...], what: str) -> None:
    for key in mapping:
        if key not in allowed:
            raise SpecError(unknown_key_message(mapping, key, allowed, what),
                            mapping.key_location(key))


def unknown_key_message(mapping: MarkedDict, key: Any, allowed: tuple[str, ...],
                        what: str) -> str:
    """What is wrong with a key `mapping` does not take. A key of digits after a number is a
    number written with commas in a flow mapping (``{answer: 25,600,000}``: YAML reads the
    answer 25 and the keys 600 and 000)."""
    after = number_before(mapping, key)
    if after is not None:
        name, value = after
        keys = list(mapping)
        groups = [str(value)]
        for later in keys[keys.index(name) + 1:]:
            if mapping[later] is not None or not str(later).isdigit():
                break
            groups.append(f"{later:03d}" if isinstance(later, int) else str(later))
        written = ",".join(groups)
        return (f"'{key}' is not a key: in {{…}} a comma ends an entry, so '{name}: {written}' "
                f"was read as {name} {value} and the keys {', '.join(groups[1:])}; quote the "
                f"{name}: {name}: \"{written}\"")
    return f"unknown key '{key}'{closest(key, allowed)}; {what} has {', '.join(allowed)}"


def number_before(mapping: MarkedDict, key: Any) -> tuple[Any, Any] | None:
    """(the key, its number) that comes before `key` when `key` is all digits and the entries
    between them are digit keys without values; else None."""
    if not (isinstance(key, int) and not isinstance(key, bool) or str(key).isdigit()):
        return None
    keys = list(mapping)
    for previous in reversed(keys[:keys.index(key)]):
        value = mapping[previous]
        if isinstance(previous, int) and not isinstance(previous, bool) and value is None:
            continue
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return previous, value
        return None
    return None


def text_of(mapping: MarkedDict, key: str) -> str | None:
    value = mapping.get(key)
    if value is None:
        return None
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise SpecError(f"'{key}' is text, received {value!r}", mapping.value_location(key))
    return str(value)


def answer_of(item: MarkedDict) -> Any:
    """The answer as written; None for a missing, null or blank answer."""
    answer = item.get("answer")
    if isinstance(answer, str) and not answer.strip():
        return None
    return plain(answer)


def points_of(item: MarkedDict) -> int | float:
    points = item.get("points", 1)
    if not isinstance(points, (int, float)) or isinstance(points, bool) or not points >= 0:
        raise SpecError(f"'points' is a number of at least 0, received {points!r}",
                        item.value_location("points"))
    if points > MAX_POINTS:
        raise SpecError(f"'points' is at most {MAX_POINTS:,} for one question, received "
                        f"{points!r}; scale every question's points down alike",
                        item.value_location("points"))
    return points


PARTIAL_HINT = ("write partial: per_axis (a shape scores per matching size), "
                "partial: {tolerance: 10%, points: 0.5} (half the points within 10%), or both: "
                "{per_axis: true, tolerance: 10%, points: 0.5}")


def partial_of(mapping: MarkedDict, default: Partial | None) -> Partial | None:
    """``partial:`` as a `Partial`; None or the file's when not given."""
    if "partial" not in mapping:
        return default
    value, where = mapping["partial"], mapping.value_location("partial")
    if value is None or value is False:
        return None
    if value == "per_axis":
        return Partial(per_axis=True)
    if not isinstance(value, MarkedDict):
        raise SpecError(f"'partial' cannot be {value!r}; {PARTIAL_HINT}", where)
    keys = ("per_axis", "tolerance", "points")
    for key in value:
        if key not in keys:
            raise SpecError(f"unknown key '{key}'{closest(key, keys)} in 'partial'; "
                            f"{PARTIAL_HINT}", value.key_location(key))
    per_axis = value.get("per_axis", False)
    if not isinstance(per_axis, bool):
        raise SpecError(f"'per_axis' is true or false, received {per_axis!r}",
                        value.value_location("per_axis"))
    if ("tolerance" in value) != ("points" in value):
        raise SpecError(f"'partial' gives a tolerance and the points it scores together; "
                        f"{PARTIAL_HINT}", where)
    tolerance, fraction = None, 0.0
    if "tolerance" in value:
        tolerance = tolerance_of(value, None)
        fraction = value["points"]
        if not isinstance(fraction, (int, float)) or isinstance(fraction, bool) \
                or not 0 <= fraction <= 1:
            raise SpecError(f"'points' in 'partial' is the fraction of the question's points "
                            f"scored, from 0 to 1 (0.5 for half), received {fraction!r}",
                            value.value_location("points"))
    return Partial(per_axis=per_axis, tolerance=tolerance, fraction=float(fraction))


def visibility_of(mapping: MarkedDict, default: str | None) -> str | None:
    value = mapping.get("visibility")
    if value is None:
        return default
    if value not in VISIBILITIES:
        raise SpecError(f"'visibility' is one of {', '.join(VISIBILITIES)} (Gradescope's), "
                        f"received {value!r}{closest(value, VISIBILITIES)}",
                        mapping.value_location("visibility"))
    return value


def tolerance_of(mapping: MarkedDict, default: Tolerance | None) -> Tolerance | None:
    if mapping.get("tolerance") is None:
        return default
    try:
        return read_tolerance(plain(mapping["tolerance"]))
    except UnreadableAnswer as error:
        raise SpecError(f"tolerance: {error}; write 1%, 0.5 %, 100 (absolute), "
                        "{relative: 0.01} or {absolute: 100}",
                        mapping.value_location("tolerance")) from None


def accepted_of(mapping: MarkedDict, default: frozenset) -> frozenset:
    value = mapping.get("accept")
    if value is None:
        return default
    names = value if isinstance(value, list) else [value]
    slips = set(default)
    for index, name in enumerate(names):
        slip = slip_named(name) if isinstance(name, str) else None
        if slip is None:
            where = (value.item_location(index) if isinstance(value, MarkedList)
                     else mapping.value_location("accept"))
            known = [s.value for s in Slip]
            raise SpecError(f"'accept' names an unknown slip {name!r}{closest(name, known)}; "
                            f"the slips and conventions are: {', '.join(known)}", where)
        slips.add(slip)
    return frozenset(slips)


def batch_of(mapping: MarkedDict, default: int) -> int:
    batch = mapping.get("batch", default)
    if not isinstance(batch, int) or isinstance(batch, bool) or batch < 1:
        raise SpecError(f"'batch' is a whole number of at least 1, received {batch!r}",
                        mapping.value_location("batch"))
    return batch


