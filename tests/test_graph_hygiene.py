"""Graph hygiene (issue 15): Xception's block without a skip keeps its main path, and `global`
is true when every output sees the whole input. Expected numbers are hand arithmetic."""

from __future__ import annotations

from cnncalc.calculator import summarize
from cnncalc.spec import load_spec

# Xception's block without a skip, written the natural way (issue 15): the shortcut and the add
# left out by `if: false`. The head reads the block's output: 2048 channels, not the 1024 of
# the block's input that the left-out shortcut would pass on.
XCEPTION_NO_SKIP = """
    name: no-skip
    input: 10x10x1024
    blocks:
      exit_unit:
        layers:
          - conv: {name: main, filters: 2048, kernel: 1, bias: false}
          - conv: {name: shortcut, from: input, filters: 2048, kernel: 1, bias: false,
                   if: false}
          - add: {from: [main, shortcut], if: false}
    layers:
      - exit_unit: {name: exit}
      - global_avgpool: {name: pool}
      - fc: {name: head, units: 1000}
"""


def test_xceptions_no_skip_block_keeps_its_main_path(calc_text):
    summary = calc_text(XCEPTION_NO_SKIP)
    assert [row.name for row in summary.layers] == ["exit/main", "pool", "head"]
    assert summary.row("pool").inputs == ("exit/main",)
    head = summary.row("head")
    assert head.input_shapes == ((1, 1, 2048),)
    assert head.params == 2048 * 1000 + 1000            # 2,049,000 (not 1024·1000 + 1000)
    assert head.mults == 2048 * 1000                     # 2,048,000 (not 1,024,000)
    main = summary.row("exit/main")
    assert main.params == 1024 * 2048
    assert main.mults == 10 * 10 * 2048 * 1024
    assert summary.totals.params == 1024 * 2048 + 2048 * 1000 + 1000


# --- `global`: every output's field covers the whole image --------------------------------

def test_two_5x5_convs_on_a_5x5_image_see_it_all_from_every_output(calc):
    summary = calc("5x5x1", "conv: {name: one, filters: 1, kernel: 5, padding: 2}",
                   "conv: {name: two, filters: 1, kernel: 5, padding: 2}")
    one = summary.row("one").receptive_field
    # r = 5 centred on output o: output 0 reads −2 … 2, not pixels 3 and 4
    assert not one.is_global and one.size == (5, 5) and one.start == (0, 0)
    # r = 5 + 4 = 9: output 0 reads −4 … 4 and output 4 reads 0 … 8, both cover 0 … 4
    assert summary.row("two").receptive_field.is_global
    assert "9×9" in summary.row("two").receptive_field.note


def test_densenet121_denseblock4_is_global_at_224():
    # conv0 7×7/2 p3: r 7, j 2, centre 0; pool0 3×3/2 p1: r 7 + 2·2 = 11, j 4, centre 0;
    # block1: 6 × 3×3 at j 4: 11 + 6·8 = 59; transition1 2×2/2 pool: 59 + 4 = 63, j 8, centre
    # 0 + ½·4 = 2; block2: 63 + 12·16 = 255; transition2: 255 + 8 = 263, j 16, centre 2 + ½·8 = 6.
    # In block3 layer k's 3×3 reads the union of what came before: r = 263 + 32·k. The 14×14
    # outputs' last centre is 6 + 13·16 = 214, so every output covers pixels 0 … 223 when
    # (r − 1)/2 ≥ 214 and 6 + (r − 1)/2 ≥ 223: r ≥ 435, first at k = 6 (r = 455; k = 5: 423).
    summary = summarize(load_spec("densenet121"))
    block3 = "features.denseblock3.denselayer"
    assert summary.row(f"{block3}.5/conv2").receptive_field.size == (263 + 32 * 5,) * 2
    assert summary.row(f"{block3}.6/conv2").receptive_field.is_global
    block4 = [row for row in summary.layers if ".denseblock4." in row.name]
    assert len(block4) == 16 * 7                  # norm, relu, conv, norm, relu, conv, concat
    assert all(row.receptive_field.is_global for row in block4)


def test_resnet34_layer4_is_global_but_resnet50s_is_not():
    # Published fields (tests/test_receptive.py): ResNet-34's layer4 899, ResNet-50's 427, both
    # 7×7 outputs at jump 32 with the first centre at 0 (every window is centred: 3×3 pad 1,
    # 7×7 pad 3). The last centre is 6·32 = 192: 449 ≥ 223 covers, 213 < 223 does not.
    resnet34 = summarize(load_spec("resnet34"))
    assert resnet34.row("layer4.2/add1").receptive_field.is_global
    resnet50 = summarize(load_spec("resnet50"))
    field = resnet50.row("layer4.2/add1").receptive_field
    assert not field.is_global and field.size == (427, 427) and field.start == (0, 0)
