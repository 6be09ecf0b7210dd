"""Which files cnncalc reads (cnncalc/files/inputs.py): names inside files resolve relative to
the naming file and stay in its folder, bundled names are always bundled, every file is read
bounded and without blocking, and a sealed load reads only its folder and the bundled specs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from cnncalc.check.answerfile import load_homework
from cnncalc.check.submission import load_submission
from cnncalc.cli import main
from cnncalc.errors import SpecError
from cnncalc.files import inputs
from cnncalc.files.inputs import MAX_INCLUDE_ENTRIES, InputPolicy, read_text
from cnncalc.spec import load_spec, parse_spec

FAKE = "name: fake\ninput: 4x4x1\nlayers: [relu]\n"
TINY = "input: 8x8x1\nlayers: [{fc: 10}]\n"                     # (64 + 1)·10 = 650 parameters
HW = "questions: [{ask: params}]\n"
HW2 = "questions: [{network: a, ask: params}, {network: b, ask: params}]\n"


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def run(*args: str):
    return CliRunner().invoke(main, list(args))


# --- a bare bundled name is the bundled spec; never the working directory ------------------

def test_a_file_in_the_working_directory_does_not_replace_a_bundled_network(tmp_path,
                                                                            monkeypatch):
    student = tmp_path / "student"
    write(student / "lenet5", FAKE)
    write(student / "lenet5.yaml", FAKE)
    questions = write(tmp_path / "teacher" / "hw.yaml",
                      "networks: {a: lenet5, b: lenet5.yaml}\n" + HW2)
    monkeypatch.chdir(student)
    homework = load_homework(questions)
    assert homework.networks["a"].name == homework.networks["b"].name == "LeNet-5"


def test_a_bare_bundled_name_is_bundled_even_beside_the_naming_file(tmp_path):
    questions = write(tmp_path / "hw.yaml", "networks: {a: lenet5, b: ./lenet5.yaml}\n" + HW2)
    write(tmp_path / "lenet5.yaml", FAKE)
    networks = load_homework(questions).networks
    assert (networks["a"].name, networks["b"].name) == ("LeNet-5", "fake")


def test_a_bare_name_that_is_not_bundled_is_a_file_beside_the_naming_file(tmp_path,
                                                                          monkeypatch):
    write(tmp_path / "hw" / "mine.yaml", FAKE)
    write(tmp_path / "mine.yaml", "name: cwd\ninput: 4x4x1\nlayers: [relu]\n")
    questions = write(tmp_path / "hw" / "hw.yaml", "network: mine.yaml\n" + HW)
    monkeypatch.chdir(tmp_path)
    assert load_homework(questions).networks["mine"].name == "fake"


def test_on_the_command_line_a_file_there_wins_over_a_bundled_name(tmp_path, monkeypatch):
    write(tmp_path / "lenet5", FAKE)
    monkeypatch.chdir(tmp_path)
    result = run("summarize", "lenet5", "--json")
    assert result.exit_code == 0, result.output
    assert '"name": "fake"' in result.output


def test_a_bare_library_name_in_include_is_the_bundled_library(tmp_path):
    write(tmp_path / "units.yaml", "blocks: {basic: {layers: [relu]}}\n")
    bundled = write(tmp_path / "a.yaml", "input: 8x8x16\ninclude: [units]\n"
                                         "layers: [{basic: {c: 16}}]\n")
    local = write(tmp_path / "b.yaml", "input: 8x8x16\ninclude: [./units.yaml]\n"
                                       "layers: [basic]\n")
    assert "basic1/conv1" in [node.name for node in load_spec(bundled).nodes]
    assert [node.name for node in load_spec(local).nodes] == ["basic1/relu1"]


# --- a path inside a file stays in that file's folder ----------------------------------------

REFUSED_NETWORK = ("hw/hw.yaml:1:17: network 'ref': '../teacher/x.yaml' is outside the folder "
                   "of hw/hw.yaml; a network is a bundled name or a spec file in that folder or "
                   "below it (--allow-path DIR allows another folder)")


@pytest.mark.parametrize("target", ["missing", "file", "folder", "fifo", "link_to_secret"])
def test_a_network_outside_the_folder_is_refused_alike_whatever_is_there(tmp_path, monkeypatch,
                                                                        target):
    secret = write(tmp_path / "secret.yaml", "db_password: hunter2\n")
    outside = tmp_path / "teacher" / "x.yaml"
    outside.parent.mkdir()
    if target == "file":
        write(outside, "db_password: hunter2\n" + TINY)
    elif target == "folder":
        outside.mkdir()
    elif target == "fifo":
        os.mkfifo(outside)
    elif target == "link_to_secret":
        outside.symlink_to(secret)
    write(tmp_path / "hw" / "hw.yaml", "networks: {ref: ../teacher/x.yaml}\n" + HW)
    monkeypatch.chdir(tmp_path)
    result = run("check", "hw/hw.yaml", "--key")
    assert result.exit_code == 2
    assert result.output == REFUSED_NETWORK + "\n"


@pytest.mark.parametrize("entry", ["/etc/passwd", "/etc/shadow", "/proc/self/environ",
                                   "/dev/zero", "../../../../../../etc/passwd"])
def test_absolute_and_system_paths_in_a_file_are_refused(tmp_path, monkeypatch, entry):
    write(tmp_path / "hw.yaml", f"networks: {{ref: '{entry}'}}\n" + HW)
    monkeypatch.chdir(tmp_path)
    result = run("check", "hw.yaml", "--key")
    assert result.exit_code == 2
    assert result.output == (f"hw.yaml:1:17: network 'ref': '{entry}' is outside the folder of "
                             "hw.yaml; a network is a bundled name or a spec file in that "
                             "folder or below it (--allow-path DIR allows another folder)\n")


def test_a_link_inside_the_folder_that_leads_out_is_refused(tmp_path, monkeypatch):
    write(tmp_path / "teacher" / "reference_vgg11.yaml", TINY)
    (tmp_path / "hw" / "nets").mkdir(parents=True)
    (tmp_path / "hw" / "nets" / "ref.yaml").symlink_to(tmp_path / "teacher" /
                                                       "reference_vgg11.yaml")
    write(tmp_path / "hw" / "hw.yaml", "networks: {ref: nets/ref.yaml}\n" + HW)
    monkeypatch.chdir(tmp_path)
    result = run("check", "hw/hw.yaml", "--key")
    assert result.exit_code == 2
    assert "network 'ref': 'nets/ref.yaml' is outside the folder of hw/hw.yaml" in result.output


def test_a_link_inside_the_folder_that_stays_inside_is_followed(tmp_path):
    write(tmp_path / "nets" / "real.yaml", TINY)
    (tmp_path / "alias.yaml").symlink_to(tmp_path / "nets" / "real.yaml")
    questions = write(tmp_path / "hw.yaml", "network: alias.yaml\n" + HW)
    assert load_homework(questions).networks["alias"].input_shape == (8, 8, 1)


def test_allow_path_widens_the_folder(tmp_path, monkeypatch):
    write(tmp_path / "teacher" / "x.yaml", TINY)
    write(tmp_path / "hw" / "hw.yaml", "networks: {ref: ../teacher/x.yaml}\n"
                                       "questions: [{ask: params, answer: 650}]\n")
    monkeypatch.chdir(tmp_path)
    result = run("check", "hw/hw.yaml", "--allow-path", "teacher")
    assert result.exit_code == 0, result.output


def test_an_include_outside_the_folder_is_refused_alike_whatever_is_there(tmp_path,
                                                                         monkeypatch):
    spec = write(tmp_path / "net" / "net.yaml", "input: 8x8x3\ninclude: [../x.yaml]\n"
                                                "layers: [relu]\n")
    monkeypatch.chdir(tmp_path)
    said = set()
    for make in (lambda p: None, lambda p: write(p, "db_password: 1\n"), lambda p: p.mkdir(),
                 lambda p: os.mkfifo(p)):
        target = tmp_path / "x.yaml"
        if target.is_dir():
            target.rmdir()
        elif os.path.lexists(target):
            target.unlink()
        make(target)
        result = run("summarize", "net/net.yaml")
        assert result.exit_code == 2
        said.add(result.output)
    assert said == {"net/net.yaml:2:11: include: '../x.yaml' is outside the folder of "
                    "net/net.yaml; an include is a bundled block library or a file in that "
                    "folder or below it (--allow-path DIR allows another folder)\n"}
    allowed = run("summarize", str(spec), "--allow-path", str(tmp_path))   # x.yaml: the FIFO
    assert "it is a FIFO (a pipe), not a regular file" in allowed.output


def test_allow_path_lets_an_include_reach_another_folder(tmp_path):
    write(tmp_path / "common" / "lib.yaml", "blocks: {x: {layers: [relu]}}\n")
    spec = write(tmp_path / "net" / "net.yaml", "input: 8x8x3\ninclude: [../common/lib.yaml]\n"
                                                "layers: [x]\n")
    assert run("summarize", str(spec)).exit_code == 2
    result = run("summarize", str(spec), "--allow-path", str(tmp_path / "common"))
    assert result.exit_code == 0, result.output


# --- every file read is a regular file, read bounded and without blocking -----------------

def cli(*args: str, cwd: Path, timeout: float = 30):
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "cnncalc", *args], cwd=cwd, text=True,
                            capture_output=True, timeout=timeout)
    return result, time.perf_counter() - started


def test_an_answers_file_linked_to_dev_zero_is_refused_at_once(tmp_path):
    (tmp_path / "answers.yaml").symlink_to("/dev/zero")
    result, seconds = cli("check", "answers.yaml", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr == ("cannot read the answers file answers.yaml: it is a device, not a "
                             "regular file; name a YAML file\n")
    assert seconds < 10


def test_an_answers_file_that_is_a_fifo_is_refused_without_hanging(tmp_path):
    os.mkfifo(tmp_path / "answers.yaml")
    result, seconds = cli("check", "answers.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == ("cannot read the answers file answers.yaml: it is a FIFO (a pipe), "
                             "not a regular file; name a YAML file\n")
    assert seconds < 10


@pytest.mark.parametrize("args, message", [
    (["check", "/dev/urandom"], "cannot read the answers file /dev/urandom: it is a device"),
    (["check", "hw.yaml", "--questions", "/dev/zero"],
     "cannot read the questions file /dev/zero: it is a device"),
    (["summarize", "/dev/zero"], "cannot read the spec /dev/zero: it is a device"),
    (["check", "hw.yaml", "--questions", "missing.yaml"],
     "cannot read the questions file missing.yaml: there is no such file"),
    (["summarize", "/proc/self/environ"], "the spec /proc/self/environ is in /proc, which holds "
                                          "the system's state"),
])
def test_unreadable_inputs_are_sentences_naming_their_role(tmp_path, monkeypatch, args, message):
    write(tmp_path / "hw.yaml", "network: lenet5\n" + HW)
    (tmp_path / "folder").mkdir()
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert result.output.startswith(message)


@pytest.mark.parametrize("make, kind", [(os.mkfifo, "a FIFO (a pipe)"), (os.mkdir, "a folder")])
def test_a_spec_named_inside_a_file_that_is_not_a_regular_file_is_refused(tmp_path, monkeypatch,
                                                                          make, kind):
    make(tmp_path / "net.yaml")
    write(tmp_path / "hw.yaml", "network: ./net.yaml\n" + HW)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SpecError, match=f"hw.yaml:1:10: cannot read the spec net.yaml: it is "
                                        f"{re.escape(kind)}, not a regular file"):
        load_homework("hw.yaml")


def test_the_size_a_file_claims_is_not_trusted(tmp_path, monkeypatch):
    """A file whose status says 0 bytes (as /proc files do) is still read only up to the limit."""
    path = write(tmp_path / "big.yaml", "#" * 100)
    real_stat = os.stat

    def claims_empty(target, *args, **kwargs):
        status = real_stat(target, *args, **kwargs)
        return os.stat_result((*status[:6], 0, *status[7:]))

    monkeypatch.setattr(inputs, "MAX_FILE_BYTES", 50)
    monkeypatch.setattr(inputs.os, "stat", claims_empty)
    monkeypatch.setattr(inputs.os, "fstat", lambda fd: claims_empty(f"/proc/self/fd/{fd}"))
    with pytest.raises(SpecError, match=r"the spec big.yaml is more than 50 bytes; a spec is at "
                                        r"most 50 bytes"):
        read_text(path, "the spec", "big.yaml")


# --- encodings ----------------------------------------------------------------------------

@pytest.mark.parametrize("data, looks", [
    (TINY.encode("utf-16"), "it looks like UTF-16"),                  # with a byte order mark
    (TINY.encode("utf-16-le"), "it looks like UTF-16"),               # without one
    (TINY.encode("utf-32"), "it looks like UTF-32"),
    (b"input: 8x8x1\n# caf\xe9\nlayers: [relu]\n", "byte 19 (line 2) is not part of a UTF-8 "
                                                  "character"),
    (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "it looks like binary data, not text"),
])
def test_a_file_that_is_not_utf8_is_a_sentence(tmp_path, monkeypatch, data, looks):
    write(tmp_path / "net.yaml", data)
    monkeypatch.chdir(tmp_path)
    result = run("summarize", "net.yaml")
    assert result.exit_code == 2, result.output
    assert result.output == f"the spec net.yaml is not UTF-8 text ({looks}); save it as UTF-8\n"


def test_a_utf8_byte_order_mark_is_accepted(tmp_path):
    spec = write(tmp_path / "net.yaml", b"\xef\xbb\xbf" + TINY.encode())
    assert load_spec(spec).input_shape == (8, 8, 1)


# --- includes: each file once, a bound on the entries -------------------------------------

def counting_reads(monkeypatch) -> list[str]:
    import cnncalc.spec.source as source

    reads: list[str] = []
    real_read = source.read_text

    def counted(path, role, shown=None):
        reads.append(os.path.realpath(path))
        return real_read(path, role, shown)

    monkeypatch.setattr(source, "read_text", counted)
    return reads


def test_a_diamond_of_includes_reads_each_file_once(tmp_path, monkeypatch):
    depth = 14                      # each file includes the next twice: 2^14 reads without a cache
    for level in range(depth):
        include = f"include: [f{level + 1}.yaml, f{level + 1}.yaml]\n" if level + 1 < depth else ""
        write(tmp_path / f"f{level}.yaml", include + f"blocks: {{b{level}: {{layers: [relu]}}}}\n")
    spec = write(tmp_path / "net.yaml", "input: 8x8x3\ninclude: [f0.yaml]\nlayers: [b0, b13]\n")
    reads = counting_reads(monkeypatch)
    assert [node.name for node in load_spec(spec).nodes] == ["b0_1/relu1", "b13_1/relu1"]
    assert len(reads) == 1 + depth and len(set(reads)) == 1 + depth


def test_one_file_included_many_times_is_read_once_and_the_entries_are_bounded(tmp_path,
                                                                               monkeypatch):
    write(tmp_path / "lib.yaml", "blocks: {x: {layers: [relu]}}\n")
    many = ", ".join(["lib.yaml"] * MAX_INCLUDE_ENTRIES)
    spec = write(tmp_path / "net.yaml", f"input: 8x8x3\ninclude: [{many}]\nlayers: [x]\n")
    reads = counting_reads(monkeypatch)
    assert [node.name for node in load_spec(spec).nodes] == ["x1/relu1"]
    assert len(reads) == 2                                          # net.yaml, lib.yaml
    too_many = write(tmp_path / "huge.yaml", "input: 8x8x3\ninclude: ["
                     + ", ".join(["lib.yaml"] * 100_000) + "]\nlayers: [x]\n")
    started = time.perf_counter()
    with pytest.raises(SpecError, match=f"more than {MAX_INCLUDE_ENTRIES:,} include entries in "
                                        "one spec and the files it includes"):
        load_spec(too_many)
    assert time.perf_counter() - started < 5


def test_the_include_cache_lasts_one_load(tmp_path):
    lib = write(tmp_path / "lib.yaml", "blocks: {x: {layers: [relu]}}\n")
    spec = write(tmp_path / "net.yaml", "input: 8x8x3\ninclude: [lib.yaml]\nlayers: [x]\n")
    assert [node.kind for node in load_spec(spec).nodes] == ["relu"]
    write(lib, "blocks: {x: {layers: [tanh]}}\n")
    assert [node.kind for node in load_spec(spec).nodes] == ["tanh"]


def test_includes_nest_at_most_64_files_deep(tmp_path):
    for level in range(70):
        write(tmp_path / f"f{level}.yaml", f"include: [f{level + 1}.yaml]\nblocks: "
                                           f"{{b{level}: {{layers: [relu]}}}}\n")
    write(tmp_path / "f70.yaml", "blocks: {last: {layers: [relu]}}\n")
    with pytest.raises(SpecError, match="includes nest more than 64 files deep"):
        parse_spec("input: 8x8x3\ninclude: [f0.yaml]\nlayers: [b0]\n", "net.yaml", tmp_path)


# --- sealed mode: a submission reads only its folder and the bundled specs ----------------

def submission(tmp_path: Path) -> Path:
    folder = tmp_path / "submissions" / "ada"
    folder.mkdir(parents=True)
    write(tmp_path / "teacher" / "key.yaml", "network: lenet5\n"
                                             "questions: [{id: a, ask: params, answer: 1}]\n")
    return folder


def test_a_sealed_answers_file_linked_to_the_key_is_refused(tmp_path):
    folder = submission(tmp_path)
    (folder / "answers.yaml").symlink_to(tmp_path / "teacher" / "key.yaml")
    with pytest.raises(SpecError) as refused:
        load_homework(folder / "answers.yaml", "answers.yaml", policy=InputPolicy(root=folder))
    assert str(refused.value) == (f"the answers file answers.yaml is outside the folder "
                                  f"{folder.resolve()} that may be read (a link leading out of it "
                                  "counts as outside); only files in it and the bundled specs are "
                                  "read")
    with pytest.raises(SpecError, match="is outside the folder"):  # graded mode seals itself
        load_submission(folder / "answers.yaml", tmp_path / "teacher" / "key.yaml")


def test_unsealed_a_command_line_file_may_be_a_link(tmp_path):
    folder = submission(tmp_path)
    (folder / "answers.yaml").symlink_to(tmp_path / "teacher" / "key.yaml")
    assert load_homework(folder / "answers.yaml").networks["lenet5"].name == "LeNet-5"


def test_a_sealed_submission_reads_its_own_specs_and_the_bundled_ones(tmp_path):
    folder = submission(tmp_path)
    write(folder / "nets" / "tiny.yaml", "input: 8x8x1\ninclude: [units]\nlayers: [{fc: 10}]\n")
    answers = write(folder / "answers.yaml", "networks: {a: nets/tiny.yaml, b: lenet5}\n" + HW2)
    homework = load_homework(answers, policy=InputPolicy(root=folder))
    assert set(homework.networks) == {"a", "b"}


def test_a_sealed_submission_cannot_include_outside_its_folder(tmp_path):
    folder = submission(tmp_path)
    write(tmp_path / "lib.yaml", "blocks: {x: {layers: [relu]}}\n")
    write(folder / "nets" / "net.yaml", "input: 8x8x1\ninclude: [../../../lib.yaml]\n"
                                        "layers: [x]\n")
    answers = write(folder / "answers.yaml", "network: nets/net.yaml\n" + HW)
    with pytest.raises(SpecError, match=r"include: '../../../lib.yaml' is outside the folder of "):
        load_homework(answers, policy=InputPolicy(root=folder))
    allowed = InputPolicy(root=folder, allow=(tmp_path,))
    assert load_homework(answers, policy=allowed).networks["net"].input_shape == (8, 8, 1)


@pytest.mark.parametrize("command", ["summarize", "explain", "verify", "draw", "diff", "check",
                                     "quiz"])
def test_every_command_that_reads_specs_takes_allow_path(tmp_path, command):
    write(tmp_path / "common" / "lib.yaml", "blocks: {x: {layers: [relu]}}\n")
    spec = write(tmp_path / "net" / "net.yaml", "input: 8x8x3\ninclude: [../common/lib.yaml]\n"
                                                "layers: [{x: {name: x}}]\n")
    answers = write(tmp_path / "net" / "hw.yaml", "network: ./net.yaml\n"
                                                  "questions: [{ask: params, answer: 0}]\n")
    args = {"diff": [str(spec), str(spec)], "check": [str(answers)],
            "quiz": [str(answers)]}.get(command, [str(spec)])
    refused = run(command, *args)
    assert refused.exit_code == 2 and "is outside the folder of" in refused.output
    allowed = run(command, *args, "--allow-path", str(tmp_path / "common"))
    assert allowed.exit_code == 0, allowed.output


def test_a_name_with_control_characters_is_quoted_visibly(tmp_path, monkeypatch):
    write(tmp_path / "hw.yaml", 'network: "\\0x\\e[2J"\n' + HW)
    monkeypatch.chdir(tmp_path)
    result = run("check", "hw.yaml", "--key")
    assert result.exit_code == 2
    assert result.output.startswith("hw.yaml:1:10: no file '\\x00x\\x1b[2J' here and no bundled "
                                    "spec named '\\x00x\\x1b[2J'")
