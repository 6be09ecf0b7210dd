"""Writing files safely (cnncalc/files/outputs.py): never through a link, never onto a file the
command read, never two outputs to one file, never a half-written file; ``-`` is stdout."""

from __future__ import annotations

import errno
import os
import stat
import threading
import xml.dom.minidom
from pathlib import Path

import pytest
from click.testing import CliRunner

from cnncalc.cli import main
from cnncalc.errors import OptionError
from cnncalc.files import outputs
from cnncalc.files.inputs import read_text, reading
from cnncalc.files.record import recording
from cnncalc.files.outputs import check_outputs, write_file

HOMEWORK = "network: lenet5\nquestions: [{id: a, ask: params, answer: 1}]\n"
TINY = "input: 8x8x1\nlayers: [{fc: 10}]\n"


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_a_report_linked_to_the_key_is_refused_and_the_key_is_kept(folder):
    key = folder / "key.yaml"
    key.write_text(HOMEWORK)
    (folder / "hw.yaml").write_text(HOMEWORK)
    (folder / "report.xml").symlink_to(key)
    result = run("check", "hw.yaml", "--junit", "report.xml")
    assert result.exit_code == 2
    assert result.output == ("--junit report.xml is a symbolic link; cnncalc does not write "
                             "through links (it could overwrite the file it points to) — remove "
                             "the link or choose another file\n")
    assert key.read_text() == HOMEWORK


def test_output_onto_the_input_spec_is_refused(folder):
    (folder / "net.yaml").write_text(TINY)
    result = run("summarize", "net.yaml", "--format", "json", "--output", "net.yaml")
    assert result.exit_code == 2
    assert result.output == ("--output net.yaml is a file this command read; writing there "
                             "would replace it — choose another file\n")
    assert (folder / "net.yaml").read_text() == TINY


def test_junit_onto_the_answers_file_is_refused(folder):
    (folder / "hw.yaml").write_text(HOMEWORK)
    result = run("check", "hw.yaml", "--junit", "./hw.yaml")
    assert result.exit_code == 2
    assert "--junit ./hw.yaml is a file this command read" in result.output
    assert (folder / "hw.yaml").read_text() == HOMEWORK


def test_an_output_that_is_a_hard_link_to_an_input_is_refused(folder):
    (folder / "net.yaml").write_text(TINY)
    os.link(folder / "net.yaml", folder / "table.json")
    result = run("summarize", "net.yaml", "--output", "table.json")
    assert result.exit_code == 2
    assert "--output table.json is a file this command read" in result.output
    assert (folder / "net.yaml").read_text() == TINY


def test_two_outputs_to_one_file_are_refused_before_anything_is_written(folder):
    (folder / "hw.yaml").write_text(HOMEWORK)
    result = run("check", "hw.yaml", "--junit", "r.xml", "--gradescope", "./r.xml")
    assert result.exit_code == 2
    assert result.output == ("--junit and --gradescope both write to the file ./r.xml; give "
                             "each its own file\n")
    assert not (folder / "r.xml").exists()


def test_two_outputs_to_standard_output_are_refused():
    with pytest.raises(OptionError, match="--junit and --gradescope both write to standard "
                                          "output"):
        check_outputs({"--junit": "-", "--gradescope": "-", "--other": None})


def test_a_device_is_not_written_over(folder):
    with pytest.raises(OptionError, match="--output /dev/null is not a regular file"):
        write_file("x", "/dev/null")


def test_a_dash_writes_to_standard_output(folder):
    result = run("summarize", "lenet5", "--format", "csv", "--output", "-")
    assert result.exit_code == 0, result.output
    header, c1 = result.output.splitlines()[:2]
    assert header.startswith("name,kind,")
    assert c1.split(",")[6] == str((5 * 5 * 1 + 1) * 6)      # LeNet-5's C1: 6 filters 5×5×1
    assert not (folder / "-").exists()


def test_a_full_disk_leaves_the_old_file_whole_and_no_temporary(folder, monkeypatch):
    target = folder / "report.xml"
    target.write_text("<old/>")

    def disk_full(descriptor):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(outputs.os, "fsync", disk_full)
    with pytest.raises(OptionError, match="--junit report.xml: cannot write the file: No space "
                                          "left on device"):
        write_file("<new/>" * 1000, "report.xml", "--junit")
    assert target.read_text() == "<old/>"
    assert sorted(os.listdir(folder)) == ["report.xml"]


def test_concurrent_writers_leave_one_whole_file(folder):
    """Two runs writing one JUnit file: every state a reader sees is one writer's whole file."""
    documents = [f"<testsuite name='{name}'>" + "<testcase/>" * 20_000 + "</testsuite>"
                 for name in ("a", "b")]
    seen, stop = [], threading.Event()

    def writer(text):
        for _ in range(15):
            write_file(text, "report.xml", "--junit")

    def reader():
        while not stop.is_set():
            if (folder / "report.xml").exists():
                seen.append((folder / "report.xml").read_text())

    threads = [threading.Thread(target=writer, args=(text,)) for text in documents]
    watcher = threading.Thread(target=reader)
    watcher.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stop.set()
    watcher.join()
    final = (folder / "report.xml").read_text()
    assert final in documents
    xml.dom.minidom.parseString(final)
    assert seen and all(text in documents for text in seen)
    assert os.listdir(folder) == ["report.xml"]


def test_a_replaced_file_keeps_its_permissions_and_a_new_one_gets_the_usual(folder):
    old = folder / "old.txt"
    old.write_text("x")
    old.chmod(0o640)
    write_file("y", "old.txt")
    assert stat.S_IMODE(old.stat().st_mode) == 0o640 and old.read_text() == "y"
    mask = os.umask(0o022)
    try:
        write_file("z", "new.txt")
    finally:
        os.umask(mask)
    assert stat.S_IMODE((folder / "new.txt").stat().st_mode) == 0o666 & ~0o022


def test_the_record_of_files_read_lasts_one_command(folder):
    (folder / "net.yaml").write_text(TINY)
    with recording():
        with reading():
            read_text(folder / "net.yaml", "the spec")
        with pytest.raises(OptionError, match="is a file this command read"):
            write_file("{}", "net.yaml")
    write_file("{}", "net.yaml")                              # outside the command: allowed
    assert Path("net.yaml").read_text() == "{}"
