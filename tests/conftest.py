"""Shared test fixtures: paths to the bundled sample corpus and to the optional real data in ../shared."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample"
SHARED = Path(os.environ.get("NEGOTIATION_SHARED", ROOT.parent / "shared")).resolve()
SEED = SHARED / "seeds" / "000_02cfc5306d625dfe.txt"
REAL_CORPUS = SHARED / "corpus" / "negotiations.jsonl"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    if not SEED.exists():
        pytest.skip(f"the user's seed article is not available at {SEED}")
    return SEED


@pytest.fixture(scope="session")
def real_corpus_path() -> Path:
    if not REAL_CORPUS.exists():
        pytest.skip(f"the real-article corpus is not available at {REAL_CORPUS}")
    return REAL_CORPUS


@pytest.fixture(scope="session")
def sample_analysis():
    import toolkit as tk

    return tk.analyze(SAMPLE)


@pytest.fixture(scope="session")
def seed_analysis(seed_path):
    import toolkit as tk

    return tk.analyze(seed_path)
