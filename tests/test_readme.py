"""The README's console examples, run as a user runs them, against a store built from the sample
corpus: every `$ docgraph …` line must succeed, and where the README shows what a command prints,
it must print that (timings, the temporary folder and the port normalised; a line "…" in the
README stands for any number of lines). So the README cannot drift from what the commands do.

Each ```console block is a scenario of its own: the first (the ingest) builds the store; every
later block starts from a copy of it, in a fresh working folder holding the sample corpus as the
README names it. Commands that need what a test cannot give them (a SPARQL server of another
make, a browser, curl) are listed in SKIP with the reason and the test that covers them; a new
example that is neither run nor listed fails the test.
"""

from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT, copy_store

README = ROOT / "README.md"
# DOCGRAPH_README_REWRITE=1: where the output differs, write what the commands print into the
# README (timings kept as the README shows them), for a person to read in `git diff` and commit
REWRITE = os.environ.get("DOCGRAPH_README_REWRITE") == "1"
_rewrites: list[tuple[Example, list[str]]] = []
BIN = Path(sys.executable).parent
WIDTH = 100  # the terminal the examples are shown at

# README example -> why it is not run here (and what runs it instead)
SKIP = {
    "curl": "an HTTP client against `docgraph serve`: tests/test_serve.py makes these requests",
    "oxigraph serve": "another make of SPARQL server: tests/test_remote.py starts one and runs these",
    "docgraph --store http://": "a SPARQL server as the store: tests/test_remote.py",
    "DOCGRAPH_STORE=http://": "a SPARQL server as the store: tests/test_remote.py",
    "docgraph --store ./docgraph-store push": "a SPARQL server as the store: tests/test_remote.py",
    "docgraph --store ./copy pull": "a SPARQL server as the store: tests/test_remote.py",
    "docgraph serve --host 0.0.0.0": "listens on every interface; tests/test_serve.py serves on loopback",
}
# files a user would have written before running an example
USER_FILES = {
    "my-question.rq": "# title: Who is who\n# param: who | string | - | a name\n"
                      "SELECT ?person ?name WHERE { ?person schema:name ?name FILTER(?name = ?who) }\n",
}


@dataclass
class Example:
    line: int  # in the README
    command: str
    expected: list[str] | None = None  # None: the README shows no output


@dataclass
class Block:
    line: int
    examples: list[Example] = field(default_factory=list)


def _complete(command: str) -> bool:
    try:
        shlex.split(command, comments=True)
        return True
    except ValueError:  # an open quotation: the command goes on on the next line
        return False


def console_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        if lines[i].strip() != "```console":
            i += 1
            continue
        block = Block(i + 1)
        i += 1
        current: Example | None = None
        while i < len(lines) and lines[i].strip() != "```":
            line = lines[i]
            if line.startswith("$ "):
                command, start = line[2:], i
                while not _complete(command) and i + 1 < len(lines):
                    i += 1
                    command += "\n" + lines[i]
                current = Example(start + 1, command)
                block.examples.append(current)
            elif current is not None:
                current.expected = (current.expected or []) + [line]
            i += 1
        blocks.append(block)
        i += 1
    return blocks


def skipped(command: str) -> str | None:
    return next((why for start, why in SKIP.items() if command.startswith(start)), None)


def normalise(text: str, folder: Path, port: int | None = None) -> list[str]:
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text).replace("\r\n", "\n")
    text = text.replace(str(folder.resolve()), ".").replace(str(folder), ".")
    if port:
        text = text.replace(f"127.0.0.1:{port}", "127.0.0.1:8000")
    text = re.sub(r"\((\d+\.)?\d+s\)", "(…s)", text)
    return [line.rstrip() for line in text.strip("\n").splitlines()]


def matches(expected: list[str], actual: list[str]) -> bool:
    """``expected`` with each line "…" standing for any number of lines."""
    pattern = "\n".join(".*?" if line.strip() == "…" else re.escape(line.rstrip()) for line in expected)
    pattern = pattern.replace("\n.*?\n", "(?:\n.*?)?\n")
    return re.fullmatch(pattern, "\n".join(actual), re.DOTALL) is not None


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCGRAPH_")}
    env.update(PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}", COLUMNS=str(WIDTH), LINES="50", TERM="dumb",
               NO_COLOR="1", PYTHONUNBUFFERED="1")
    return env


def on_terminal(command: str, folder: Path) -> tuple[int, str]:
    """Run in a pseudo-terminal WIDTH columns wide: what the user sees (tables, not CSV)."""
    import fcntl
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, WIDTH, 0, 0))
    proc = subprocess.Popen(["bash", "-c", command], cwd=folder, env=environment(), stdin=follower,
                            stdout=follower, stderr=follower, close_fds=True)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:  # the other side closed
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    return proc.wait(timeout=300), b"".join(chunks).decode("utf-8", "replace")


def piped(command: str, folder: Path) -> tuple[int, str]:
    done = subprocess.run(["bash", "-c", command], cwd=folder, env=environment(), stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=300, check=False)
    return done.returncode, done.stdout


def serving(command: str, folder: Path) -> tuple[int, str, int]:
    """`docgraph serve` on a free port until it says it is serving, then Ctrl-C."""
    from serving import free_port

    port = free_port()
    proc = subprocess.Popen(["bash", "-c", f"exec {command} --port {port}"], cwd=folder, env=environment(),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        if "serving" in line or "error" in line:
            lines.append(line)
            break
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    return (0 if lines and "serving" in lines[0] else 1), "".join(lines), port


def run_example(example: Example, folder: Path) -> tuple[int, list[str]]:
    command = example.command
    if re.match(r"docgraph serve\b", command):
        code, out, port = serving(command.split("#", 1)[0].strip(), folder)
        return code, normalise(out, folder, port)
    shows_a_table = example.expected and any(ch in "".join(example.expected) for ch in "┌│└")
    code, out = (on_terminal if shows_a_table else piped)(command, folder)
    return code, normalise(out, folder)


def prepare(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for name, text in USER_FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    if (ROOT / "examples").is_dir():
        (folder / "examples").symlink_to(ROOT / "examples")
    shared = folder.parent / "shared"
    if not shared.exists():
        shared.mkdir()
        (shared / "corpus").symlink_to(CORPUS)
    return folder


BLOCKS = console_blocks(README.read_text(encoding="utf-8"))


def test_the_readme_has_examples_to_run():
    runnable = [e for b in BLOCKS for e in b.examples if not skipped(e.command)]
    assert len(runnable) >= 20 and sum(e.expected is not None for e in runnable) >= 4
    # the first block builds the store the others start from
    assert BLOCKS[0].examples[0].command.startswith("docgraph ingest ")
    for b in BLOCKS:
        for e in b.examples:
            assert e.command.startswith(("docgraph ", "curl ", "oxigraph ", "DOCGRAPH_STORE=")), \
                f"README line {e.line}: {e.command!r} is neither run by this test nor listed in SKIP"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The first block run as written: the store every other block starts from."""
    folder = prepare(tmp_path_factory.mktemp("readme") / "checkout")
    for example in BLOCKS[0].examples:
        check(example, folder)
    return folder / "docgraph-store"


def check(example: Example, folder: Path) -> None:
    code, actual = run_example(example, folder)
    where = f"README line {example.line}: $ {example.command}"
    assert code == 0, f"{where}\nexit status {code}:\n" + "\n".join(actual)
    if example.expected is not None:
        expected = normalise("\n".join(example.expected), folder)
        if REWRITE and not matches(expected, actual):
            _rewrites.append((example, actual))
            return
        assert matches(expected, actual), f"{where}\nthe README shows:\n" + "\n".join(expected) + \
            "\nthe command prints:\n" + "\n".join(actual)


@pytest.mark.parametrize("block", BLOCKS[1:], ids=lambda b: f"line-{b.line}")
def test_readme_examples(block: Block, built: Path, tmp_path: Path):
    runnable = [e for e in block.examples if not skipped(e.command)]
    if not runnable:
        pytest.skip("; ".join(sorted({skipped(e.command) for e in block.examples})))
    folder = prepare(tmp_path / "checkout")
    copy_store(built, folder / "docgraph-store")
    for example in runnable:
        check(example, folder)


def _with_timings(shown: list[str], printed: list[str]) -> list[str]:
    timings = iter(re.findall(r"\((?:\d+\.)?\d+s\)", "\n".join(shown)))
    return [re.sub(r"\(…s\)", lambda m: next(timings, m.group(0)), line) for line in printed]


@pytest.fixture(scope="session", autouse=True)
def _rewrite_readme():
    yield
    if not _rewrites:
        return
    lines = README.read_text(encoding="utf-8").splitlines()
    for example, printed in sorted(_rewrites, key=lambda r: -r[0].line):
        first = example.line + example.command.count("\n")  # the command's last line, 1-based
        shown = lines[first : first + len(example.expected or [])]
        lines[first : first + len(shown)] = _with_timings(shown, printed)
    README.write_text("\n".join(lines) + "\n", encoding="utf-8")
