"""The curated notebooks: committed without outputs, paired with their jupytext twins, a ``parameters`` cell
first, and executed top to bottom with nbclient on the sample corpus and on the real articles when present."""
from __future__ import annotations

import copy
from pathlib import Path

import nbformat
import pytest

from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
EXPECTED = ["01_quickstart", "02_sentiment", "03_actors", "04_positions", "05_dashboard", "06_coverage"]


def test_the_six_notebooks_exist():
    assert [p.stem for p in NOTEBOOKS] == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs_and_with_parameters_cell(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code), "strip the outputs"
    assert "parameters" in code[0].metadata.get("tags", []), "the first code cell must be tagged 'parameters'"
    assert "CORPUS" in code[0].source and "../data/sample" in code[0].source
    assert nb.cells[0].cell_type == "markdown"
    narration = sum(len(c.source) for c in nb.cells if c.cell_type == "markdown")
    assert narration > 800, "notebooks narrate what each chart shows and how to read it"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_paired_with_jupytext_twin_in_sync(path):
    import jupytext

    twin = path.parent / "scripts" / f"{path.stem}.py"  # beside, JupyterLab would list each notebook twice
    assert twin.exists(), f"missing jupytext twin {twin.name}"
    from_ipynb = jupytext.read(path)
    from_py = jupytext.read(twin)
    cells = [(c.cell_type, c.source.strip()) for c in from_ipynb.cells]
    twin_cells = [(c.cell_type, c.source.strip()) for c in from_py.cells]
    assert cells == twin_cells, f"{path.name} and {twin.name} differ: run `jupytext --sync {path}`"
    assert "py:percent" in str(from_ipynb.metadata.get("jupytext", {}).get("formats", ""))


def _execute(path: Path, corpus: str, tmp_path: Path):
    from nbclient import NotebookClient

    from toolkit.viz.reports import with_corpus

    nb = with_corpus(nbformat.read(path, as_version=4), corpus)  # as make report and make dashboard do
    client = NotebookClient(copy.deepcopy(nb), timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    executed = client.execute()
    errors = [o for c in executed.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors, errors
    nbformat.write(executed, tmp_path / path.name)
    return executed


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs_on_the_sample_corpus(path, tmp_path):
    executed = _execute(path, "../data/sample", tmp_path)
    images = sum(1 for c in executed.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {}))
    widgets = sum(1 for c in executed.cells for o in c.get("outputs", [])
                  if "application/vnd.jupyter.widget-view+json" in o.get("data", {}))
    assert images or widgets, "the notebook shows charts or widgets"


@pytest.mark.slow
@pytest.mark.shared
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs_on_the_real_articles(path, tmp_path, real_corpus_path):
    _execute(path, str(real_corpus_path), tmp_path)
