"""`cnncalc import`: another framework's model file → a cnncalc spec (YAML), its format told by
the file's suffix or ``--from``. The work is `cnncalc.importers`; here only the options."""

from __future__ import annotations

import importlib
from pathlib import Path

import click

from ..errors import OptionError
from ..files.inputs import read_bytes, read_text, reading
from ..files.outputs import STDOUT
from ..render.escape import one_line
from . import main
from .options import write_output

READERS = {"caffe": ("cnncalc.importers.caffe", "read_caffe"),
           "keras": ("cnncalc.importers.keras", "read_keras")}
"""Each importable format → the module and function that turn its text into a spec document
(imported when used: a format whose module is not installed is answered with a sentence)."""
SUFFIXES = {".prototxt": "caffe", ".pbtxt": "caffe", ".json": "keras", ".keras": "keras",
            ".onnx": "onnx",
            ".pt": "torch", ".pth": "torch"}
"""A suffix → the format it names (``.json``: a Keras model's ``to_json()`` text)."""
FORMATS = ("caffe", "keras", "onnx", "torch")


def model_format(model: str, chosen: str | None) -> str:
    """The format named by ``--from``, else by the suffix of `model`."""
    if chosen is not None:
        return chosen
    suffix = Path(model).suffix.lower()
    if suffix not in SUFFIXES:
        raise OptionError(f"cannot tell the format of {one_line(model)} from its suffix "
                          f"{one_line(suffix) or '(none)'}; name it with --from "
                          f"({', '.join(FORMATS)})")
    return SUFFIXES[suffix]


def reader(fmt: str):
    """The function reading `fmt`, or an `OptionError` sentence when none is available."""
    if fmt in READERS:
        module, function = READERS[fmt]
        try:
            return getattr(importlib.import_module(module), function)
        except (ImportError, AttributeError):
            pass
    raise OptionError(f"importing {fmt} models is not available yet; the importer reads "
                      "Caffe .prototxt files (--from caffe) and Keras configs, model.to_json() "
                      "or a .keras file (--from keras)")


@main.command("import")
@click.argument("model")
@click.option("-o", "--output", default=STDOUT, metavar="FILE",
              help="Write the spec to FILE (default: standard output).")
@click.option("--input", "input_text", metavar="HxWxC", default=None,
              help="The input shape, when the model does not say it (or to replace it).")
@click.option("--from", "from_format", type=click.Choice(FORMATS), default=None,
              help="The model's format (default: told by the file's suffix, .prototxt → caffe).")
def import_model(model: str, output: str, input_text: str | None,
                 from_format: str | None) -> None:
    """Turn MODEL, another framework's model file, into a cnncalc spec (YAML).

    \b
      cnncalc import deploy.prototxt -o alexnet.yaml
      cnncalc import lenet.prototxt --input 28x28x1
      cnncalc import model.keras -o model.yaml
    """
    from ..importers.spec_writer import spec_yaml, to_network
    from ..spec.document import shape_from_text

    fmt = model_format(model, from_format)
    read = reader(fmt)
    shape = None if input_text is None else shape_from_text(input_text, "--input")
    if fmt == "keras" and Path(model).suffix.lower() == ".keras":   # a zip: its config.json
        from ..importers.keras import read_keras_bytes
        with reading():
            data = read_bytes(model, "the model file")
        document = read_keras_bytes(data, one_line(model), input_shape=shape)
    else:
        with reading():
            text = read_text(model, "the model file")
        document = read(text, one_line(model), input_shape=shape)
    # the spec must read back; its errors are located in the YAML written, named so
    to_network(document, f"<spec imported from {one_line(model)}>")
    write_output(spec_yaml(document), output)
