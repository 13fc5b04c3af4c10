"""Issue 13: the lab boots >= 95% of real running configs per platform and refuses >= 95% of
keyword typos (one character changed), measured on tests/fixtures/lab_corpus (see corpus.py)."""

from __future__ import annotations

import random

import pytest

from tests.unit.lab import corpus

TARGET = 0.95
MEASURED = [p for p in corpus.PLATFORMS if corpus.configs(p)]


@pytest.fixture(scope="module", params=MEASURED)
def scored(request: pytest.FixtureRequest) -> tuple[str, corpus.Score]:
    return request.param, corpus.score(request.param)


def test_the_corpus_covers_every_platform() -> None:
    assert {p: len(corpus.configs(p)) >= 12 for p in corpus.PLATFORMS} == dict.fromkeys(
        corpus.PLATFORMS, True
    )


def test_the_lab_boots_what_devices_print(scored: tuple[str, corpus.Score]) -> None:
    platform, score = scored
    assert score.boot_rate >= TARGET, f"{platform}: {score.booted}/{score.configs} boot"


def test_keyword_typos_are_refused(scored: tuple[str, corpus.Score]) -> None:
    platform, score = scored
    assert score.typos >= 10 * score.booted, f"{platform}: too few typos measured"
    assert score.refusal_rate >= TARGET, (
        f"{platform}: {score.refused}/{score.typos} typos refused; accepted e.g. "
        + "; ".join(score.accepted[:10])
    )


@pytest.mark.parametrize("platform", MEASURED)
def test_a_typo_changes_exactly_one_keyword(platform: str) -> None:
    """The generator itself: one character of one keyword, never into another keyword."""
    vocab = corpus.keywords(platform)
    rng = random.Random(1)
    text = corpus.configs(platform)[0].read_text(encoding="utf-8")
    for line, index, word in list(corpus.candidates(text, vocab))[:200]:
        changed = corpus.typo(word, rng, vocab)
        if changed is None:
            continue
        assert changed not in vocab and len(changed) == len(word)
        assert sum(a != b for a, b in zip(changed, word, strict=True)) == 1
        bad, shown = corpus.with_typo(text, line, index, changed)
        assert changed in shown.split() and bad.count("\n") == text.count("\n")
