"""Measure the lab's grammars on the corpus: how many configs boot, how many typos are refused.

The corpus (`tests/fixtures/lab_corpus/<platform>/*.cfg`) is full running configs as the devices
print them, written for this test from the platforms' command references and the defaults each
box prints (a captured `show running-config` header included). A typo is one character of one
keyword changed; a keyword is a word the platform's grammar names as one (`keywords()`), outside
free text (a description, a remark, a banner's body, a quoted string). Each typo is booted on
its own: the lab must refuse the config, as the device would.

    .venv/bin/python -m tests.unit.lab.corpus      # prints the table per platform
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bluewire.config.junos import detect_format
from bluewire.lab.device import ConfigRejected, Grammar
from bluewire.lab.fleet import grammar_for
from bluewire.lab.grammar import CliGrammar

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "lab_corpus"
PLATFORMS = ("ios", "eos", "junos", "dellos10")
# Words after these are free text (names, sentences): any word is valid there.
FREE_TEXT = frozenset(
    [
        "description",
        "remark",
        "location",
        "contact",
        "message",
        "announcement",
        "alias",
        "subject-name",
        "chassis-id",
        "full-name",
        "banner",
        "name-server",
        "name",
        "msg",
    ]
)
LETTERS = "abcdefghijklmnopqrstuvwxyz"
TYPOS_PER_CONFIG = 40
_QUOTED = re.compile(r'"[^"]*"')
_LETTER = re.compile(r"[a-z]")


@dataclass(frozen=True)
class Score:
    """One platform's numbers."""

    configs: int
    booted: int
    typos: int
    refused: int
    accepted: tuple[str, ...]  # typo lines the lab took (for the report)

    @property
    def boot_rate(self) -> float:
        return self.booted / self.configs if self.configs else 0.0

    @property
    def refusal_rate(self) -> float:
        return self.refused / self.typos if self.typos else 0.0


def configs(platform: str) -> list[Path]:
    return sorted((CORPUS / platform).glob("*.cfg"))


def keywords(platform: str) -> frozenset[str]:
    """The words the platform's grammar treats as keywords (from its data)."""
    grammar = grammar_for(platform)
    if isinstance(grammar, CliGrammar):
        return frozenset(w for m in grammar.modes.values() for r in m.rules for w in r.keywords)
    from bluewire.lab.platforms.junos.schema import vocabulary

    return vocabulary()


def boots(grammar: Grammar, text: str) -> bool:
    try:
        grammar.replace("", text)
    except ConfigRejected:
        return False
    return True


def candidates(text: str, vocab: frozenset[str]) -> Iterator[tuple[int, int, str]]:
    """(line index, word index, word) of every keyword outside free text."""
    in_banner = False
    for i, line in enumerate(text.splitlines()):
        stripped = _QUOTED.sub('""', line.strip())
        if in_banner:
            in_banner = not _ends_banner(stripped)
            continue
        words = stripped.split()
        if not words or words[0].startswith(("!", "#", "/*", "*")):
            continue  # a comment: not config
        if words[:1] == ["banner"]:
            in_banner = len(words) > 2 and not _ends_banner(" ".join(words[3:]))
            in_banner = in_banner or (len(words) == 2)  # EOS: `banner login` ... `EOF`
            continue
        for j, word in enumerate(words):
            if word in FREE_TEXT:
                break
            if len(word) >= 3 and word in vocab and _LETTER.search(word):
                yield i, j, word


def _ends_banner(text: str) -> bool:
    return text == "EOF" or "^C" in text or text.endswith("^")


def typo(word: str, rng: random.Random, vocab: frozenset[str]) -> str | None:
    """`word` with one character changed to another letter; None if that is a keyword too."""
    at = rng.randrange(len(word))
    choices = [c for c in LETTERS if c != word[at].lower()]
    changed = word[:at] + rng.choice(choices) + word[at + 1 :]
    return None if changed in vocab else changed


def with_typo(text: str, line: int, index: int, new: str) -> tuple[str, str]:
    lines = text.splitlines()
    raw = lines[line]
    indent = raw[: len(raw) - len(raw.lstrip())]
    words = raw.split()
    words[index] = new
    lines[line] = indent + " ".join(words)
    return "\n".join(lines) + "\n", lines[line]


def score(platform: str, per_config: int = TYPOS_PER_CONFIG, seed: int = 13) -> Score:
    grammar = grammar_for(platform)
    vocab = keywords(platform)
    rng = random.Random(seed)
    files = configs(platform)
    booted = typos = refused = 0
    accepted: list[str] = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        if not boots(grammar, text):
            continue
        booted += 1
        found = list(candidates(text, vocab))
        for line, index, word in rng.sample(found, min(per_config, len(found))):
            changed = typo(word, rng, vocab)
            if changed is None:
                continue
            bad, shown = with_typo(text, line, index, changed)
            typos += 1
            if boots(grammar, bad):
                accepted.append(f"{path.name}: {shown.strip()}")
            else:
                refused += 1
    return Score(len(files), booted, typos, refused, tuple(accepted))


def junos_format(path: Path) -> str:
    return detect_format(path.read_text(encoding="utf-8"))


def main() -> None:
    print("platform   configs  boot    typos  refused")
    for platform in PLATFORMS:
        s = score(platform)
        print(
            f"{platform:9s} {s.configs:7d}  {s.boot_rate:6.1%}  {s.typos:5d}  {s.refusal_rate:6.1%}"
        )
        for line in s.accepted[:15]:
            print(f"    accepted: {line}")


if __name__ == "__main__":
    main()
