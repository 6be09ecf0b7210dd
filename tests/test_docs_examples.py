"""Every ``$ cnncalc …`` example in the README and docs/*.md shows what cnncalc prints today.

A ```console block holds commands (``$ cnncalc …``) each followed by its output. Each command
is run in-process at 80 columns from the repository's root and its output compared, trailing
spaces aside. After an intended change of output, rewrite the blocks with
``CNNCALC_REGENERATE_GOLDEN=1 make test`` and read the diff. Commands whose output depends on
the machine (``verify`` prints timings) are left alone, as are commands with pipes or
redirections and commands that write files (``--output``).
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from cnncalc.cli import main

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"```console\n(.*?)```\n", re.S)
UNSTABLE = ("verify",)


def examples(text: str) -> list[tuple[str, str]]:
    """(command, output) pairs of the page's console blocks, in order."""
    found = []
    for block in BLOCK.finditer(text):
        command, lines = None, []
        for line in block.group(1).splitlines():
            if line.startswith("$ "):
                if command is not None:
                    found.append((command, "\n".join(lines)))
                command, lines = line[2:], []
            else:
                lines.append(line)
        if command is not None:
            found.append((command, "\n".join(lines)))
    return found


def runnable(command: str) -> bool:
    words = shlex.split(command, comments=True)
    return (len(words) > 1 and words[0] == "cnncalc" and words[1] not in UNSTABLE
            and not {"--output", "-o"} & set(words)   # would write files into the repository
            and not any(mark in command for mark in ("|", ">", "<", "&&")))


def output_of(command: str) -> str:
    old = Path.cwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(main, shlex.split(command, comments=True)[1:],
                                   terminal_width=80)
    finally:
        os.chdir(old)
    return "\n".join(line.rstrip() for line in result.output.rstrip("\n").splitlines())


def normal(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.rstrip("\n").splitlines())


CASES = [pytest.param(page, command, shown, id=f"{page.name}: {command}")
         for page in PAGES for command, shown in examples(page.read_text(encoding="utf-8"))
         if runnable(command)]


@pytest.mark.parametrize("page, command, shown", CASES)
def test_documented_output_is_current(page, command, shown):
    actual = output_of(command)
    if os.environ.get("CNNCALC_REGENERATE_GOLDEN"):
        text = page.read_text(encoding="utf-8")
        old = f"$ {command}\n{shown}\n" if shown else f"$ {command}\n"
        new = f"$ {command}\n{actual}\n" if actual else f"$ {command}\n"
        assert old in text, f"cannot find the example '{command}' in {page.name} to rewrite"
        page.write_text(text.replace(old, new, 1), encoding="utf-8")
        return
    assert actual == normal(shown), f"{page.name}: '{command}' prints something else now"
