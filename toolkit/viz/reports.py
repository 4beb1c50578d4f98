"""HTML reports of the notebooks that open offline (``make report``, ``python -m toolkit report``).

Each notebook is run top to bottom (with ``CORPUS`` set after its ``parameters`` cell when a corpus is
given) and written as HTML. Pages exported the usual way load the widget script from a CDN to draw widget
outputs and stay blank without internet; here the widget state is left out and a widget output shows its
static HTML form instead (the dashboard's snapshot of its charts and tables), so a report works on a
locked-down machine. The executed notebooks are kept beside the pages in ``executed/``.
"""
from __future__ import annotations

from pathlib import Path

#: Output kinds in the order a report shows them: like nbconvert's HTML default, without live widgets.
DISPLAY_PRIORITY = ["application/javascript", "text/html", "text/markdown", "image/svg+xml", "text/latex",
                    "image/png", "image/jpeg", "text/plain"]


def with_corpus(nb, corpus):
    """``nb`` (an nbformat notebook, changed in place and returned) with ``CORPUS = corpus`` in a cell after
    its ``parameters`` cell, as papermill does."""
    import nbformat

    index = next((i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])), None)
    if index is None:
        raise ValueError("the notebook has no cell tagged 'parameters'")
    nb.cells.insert(index + 1, nbformat.v4.new_code_cell(f"CORPUS = {corpus!r}",
                                                         metadata={"tags": ["injected-parameters"]}))
    return nb


def offline_html(nb) -> str:
    """The HTML page of an executed notebook, without widget state or widget script."""
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.NbConvertBase.display_data_priority = DISPLAY_PRIORITY
    config.ClearMetadataPreprocessor.enabled = True  # the widget state: with it comes the CDN script
    config.ClearMetadataPreprocessor.clear_cell_metadata = False
    config.ClearMetadataPreprocessor.preserve_nb_metadata_mask = {("language_info", "name"), ("kernelspec",)}
    body, _ = HTMLExporter(config=config).from_notebook_node(nb)
    return body


def write_report(notebook: Path, out: Path, corpus=None, timeout: int = 1200) -> Path:
    """Run ``notebook`` (in its folder) and write ``out/<name>.html`` and ``out/executed/<name>.ipynb``."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(notebook, as_version=4)
    if corpus is not None:
        with_corpus(nb, corpus)
    NotebookClient(nb, timeout=timeout, kernel_name="python3",
                   resources={"metadata": {"path": str(notebook.parent)}}).execute()
    (out / "executed").mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, out / "executed" / notebook.name)
    page = out / f"{notebook.stem}.html"
    page.write_text(offline_html(nb), encoding="utf-8")
    return page


__all__ = ["DISPLAY_PRIORITY", "offline_html", "with_corpus", "write_report"]
