"""Importers: each turns another framework's model file into a spec document — plain Python
data ``{name, source, input, layers: [...]}`` in the spec language of docs/spec-language.md
(one ``{kind: {settings}}`` mapping per layer, ``from:`` where the graph branches).
`spec_writer` writes such a document as readable YAML and reads it back through the spec
reader, so that every number is the calculator's own.

- `prototxt`: a parser of protobuf text format (Caffe's .prototxt), bounded for hostile files;
- `caffe`: Caffe's NetParameter (``layer`` and the old V1 ``layers``) → a spec document.
"""
