"""Shared test fixtures: paths to the bundled sample corpus and to the optional real data in ../shared.

The toolkit's user cache folder is a temporary folder for the whole session (also for the notebooks and
subprocesses the tests start), and the session fails if a test wrote anything into ``data/`` or ``../shared``.
"""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

os.environ["NEGOTIATION_TOOLKIT_CACHE"] = tempfile.mkdtemp(prefix="tk-test-cache-")
atexit.register(shutil.rmtree, os.environ["NEGOTIATION_TOOLKIT_CACHE"], ignore_errors=True)

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


def _listing(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")} if folder.is_dir() else set()


@pytest.fixture(scope="session", autouse=True)
def nothing_written_beside_the_data():
    """The tests leave ``data/`` and ``../shared`` as they found them (caches go to the user cache folder)."""
    watched = [ROOT / "data", SHARED]
    before = [_listing(folder) for folder in watched]
    yield
    for folder, listing in zip(watched, before):
        added = sorted(_listing(folder) - listing)
        assert not added, f"the tests wrote into {folder}: {added[:5]}"
