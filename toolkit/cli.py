"""Command line: ``python -m toolkit analyze PATH [PATH ...] --out DIR [--workers N] [--out-of-core]
[--actors FILE] [--cues FILE] [--issues FILE]``; ``python -m toolkit dashboard [PATH ...] [--port N]``;
``python -m toolkit report [PATH ...] [--out DIR]``; ``python -m toolkit eval``.

Writes every table as Parquet and CSV into DIR and prints a short summary. With ``--out-of-core`` the input
is analysed block by block (``tk.analyze_files``) into partitioned Parquet under DIR, for inputs larger than
memory (no CSV; read it with ``tk.Analysis.load(DIR)``). Exit status 1 on bad input paths (with a clear
message), 2 on bad usage.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import pandas as pd


def _summary(analysis, out: str) -> str:
    articles = analysis.articles
    dates = articles["date"].dropna()
    span = f"{dates.min():%Y-%m-%d} .. {dates.max():%Y-%m-%d}" if len(dates) else "no dates"
    outlets = articles["outlet"].replace("", pd.NA).dropna().value_counts()
    outlet_text = ", ".join(f"{name} ({n})" for name, n in outlets.head(8).items()) or "none"
    if len(outlets) > 8:
        outlet_text += f", ... {len(outlets) - 8} more"
    lines = [
        f"articles:  {len(articles)}",
        f"sentences: {len(analysis.sentences)}",
        f"problems:  {len(analysis.problems)}" + (" (see problems.csv)" if len(analysis.problems) else ""),
        f"dates:     {span}" + (f" ({articles['date'].isna().sum()} unknown)" if articles['date'].isna().any() else ""),
        f"outlets:   {outlet_text}",
        f"written:   {out}/{{{','.join(analysis.tables())}}}.parquet and .csv",
    ]
    return "\n".join(lines)


def _resources(args) -> dict:
    """The resource files named on the command line (``None``: the bundled ones)."""
    return {"actors": args.actors, "cues": args.cues, "issues": args.issues, "discover": not args.no_discover}


def _bad_resources(args) -> str | None:
    """Why a resource file named on the command line cannot be used, or None."""
    from .resources import Resources

    try:
        Resources.build(**_resources(args))
    except (OSError, ValueError) as exc:
        return str(exc)
    return None


def _cmd_analyze(args) -> int:
    import toolkit as tk

    problem = _bad_resources(args)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    if args.out_of_core:
        return _analyze_out_of_core(args)
    try:
        corpus = tk.load_corpus(args.paths, strict=args.strict)
    except FileNotFoundError as exc:
        print(f"error: {exc.args[0] if exc.args else exc}", file=sys.stderr)
        return 1
    except tk.CorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    analysis = tk.analyze(corpus, workers=args.workers, **_resources(args))
    analysis.save(args.out)
    analysis.to_csv(args.out)
    print(_summary(analysis, args.out))
    return 0


def _analyze_out_of_core(args) -> int:
    import json
    from pathlib import Path

    import toolkit as tk

    if args.strict:
        print("error: --strict needs the whole corpus loaded first; it cannot be used with --out-of-core",
              file=sys.stderr)
        return 2
    try:
        out = tk.analyze_files(args.paths, out=args.out, workers=args.workers, **_resources(args))
    except FileNotFoundError as exc:
        print(f"error: {exc.args[0] if exc.args else exc}", file=sys.stderr)
        return 1
    meta = json.loads((Path(out) / "meta.json").read_text(encoding="utf-8"))
    print(f"articles:  {meta['articles']}")
    print(f"problems:  {meta['problems']}" + (f" ({meta['duplicates_across_parts']} duplicates across blocks)"
                                              if meta["duplicates_across_parts"] else ""))
    print(f"written:   {out}/<table>/part-*.parquet ({meta['tasks']} parts); read with tk.Analysis.load({str(out)!r})")
    return 0


def _cmd_eval(args) -> int:
    from .evaluate import evaluate

    table = evaluate(args.eval_dir, out=args.out)
    return 0 if len(table) or args.eval_dir is None else 1


#: The notebooks of a source checkout (``make dashboard`` and ``make report`` run from one).
NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
DASHBOARD = NOTEBOOKS / "05_dashboard.ipynb"


def dashboard_notebook(notebook: Path, corpus=None):
    """``notebook`` (read with nbformat) as the web page serves it: its code cells only (the narration is for
    notebook readers; the dashboard has its own header), with ``CORPUS = corpus`` set after the
    ``parameters`` cell (the notebook's own default, made absolute, when ``corpus`` is None)."""
    import nbformat

    from .viz.reports import with_corpus

    nb = nbformat.read(notebook, as_version=4)
    nb.cells = [c for c in nb.cells if c.cell_type == "code"]
    if corpus is None:  # the notebook's own default, made absolute: the copy is served from another folder
        corpus = _default_corpus(nb, notebook.parent)
    return with_corpus(nb, corpus) if corpus is not None else nb


def _default_corpus(nb, folder: Path):
    """The ``CORPUS = "..."`` of the notebook's parameters cell as an absolute path (None if it has none)."""
    import ast

    for cell in nb.cells:
        if "parameters" in cell.metadata.get("tags", []):
            for node in ast.parse(cell.source).body:
                if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "CORPUS" for t in node.targets) \
                        and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                    return str((folder / node.value.value).resolve())
    return None


def _missing_paths(paths: list[str]) -> bool:
    """Whether some of ``paths`` do not exist (said on stderr)."""
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        print(f"error: no such file or folder: {', '.join(missing)}", file=sys.stderr)
    return bool(missing)


def _corpus_argument(paths: list[str]):
    """The CORPUS value for the notebooks: None, one absolute path, or a list of them."""
    corpus = [str(Path(p).resolve()) for p in paths]
    return None if not corpus else corpus[0] if len(corpus) == 1 else corpus


def _cmd_report(args) -> int:
    from .viz.reports import write_report

    if _missing_paths(args.paths):
        return 1
    notebooks = sorted(Path(args.notebooks).glob("[0-9]*.ipynb"))
    if args.only:
        notebooks = [nb for nb in notebooks if nb.stem in args.only or nb.stem.split("_")[0] in args.only]
    if not notebooks:
        print(f"error: no notebooks to run in {args.notebooks}", file=sys.stderr)
        return 1
    out = Path(args.out)
    for notebook in notebooks:
        print(f"running {notebook.name}", flush=True)
        write_report(notebook, out, _corpus_argument(args.paths))
    print(f"HTML reports written to {out}/ (they open offline)")
    return 0


def _cmd_dashboard(args) -> int:
    """Serve the dashboard with Voila: a copy of the notebook (its code cells, with ``CORPUS`` set to the PATHs
    when given) is served from a temporary folder, so nothing is written beside the notebooks or the user's
    data (Voila serves no hidden file, which is why ``make dashboard CORPUS=...`` once answered 404)."""
    import subprocess

    notebook = Path(args.notebook)
    if not notebook.exists():
        print(f"error: no dashboard notebook at {notebook} (run from a checkout of the repository, or give "
              "--notebook)", file=sys.stderr)
        return 1
    if _missing_paths(args.paths):
        return 1
    command = [sys.executable, "-m", "voila", "", f"--port={args.port}", "--no-browser", f"--Voila.ip={args.ip}"]
    with tempfile.TemporaryDirectory(prefix="negotiation-dashboard-") as folder:
        import nbformat

        served = Path(folder) / "dashboard.ipynb"
        nbformat.write(dashboard_notebook(notebook, _corpus_argument(args.paths)), served)
        command[3] = str(served)
        print(f"Serving the dashboard on {', '.join(args.paths) or 'the sample corpus'} at "
              f"http://{args.ip}:{args.port}/ (Ctrl-C stops it)", flush=True)
        try:
            return subprocess.call(command, cwd=notebook.parent)
        except KeyboardInterrupt:
            return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m toolkit", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("analyze", help="load articles and write the analysis tables")
    p.add_argument("paths", nargs="+", metavar="PATH", help="a file or folder of articles (several allowed)")
    p.add_argument("--out", required=True, metavar="DIR", help="folder for the tables (created if missing)")
    p.add_argument("--strict", action="store_true", help="fail (exit 1) when any input has a problem")
    p.add_argument("--workers", type=_positive, default=None, metavar="N", help="worker processes (default: all cores)")
    p.add_argument("--out-of-core", action="store_true",
                   help="analyse block by block into partitioned Parquet (inputs larger than memory)")
    p.add_argument("--actors", metavar="FILE", help="gazetteer YAML file (default: the built-in one)")
    p.add_argument("--cues", metavar="FILE", help="cue lexicon YAML file (default: the bundled cues.yaml)")
    p.add_argument("--issues", metavar="FILE", help="issue taxonomy YAML file (default: the bundled issues.yaml)")
    p.add_argument("--no-discover", action="store_true",
                   help="keep to the gazetteer's actors (by default persons introduced in the text are actors too)")
    p.set_defaults(func=_cmd_analyze)
    d = sub.add_parser("dashboard", help="serve the dashboard notebook with Voila on a corpus (default: the sample)")
    d.add_argument("paths", nargs="*", metavar="PATH", help="a file or folder of articles (several allowed)")
    d.add_argument("--port", type=_positive, default=8866, help="port to serve on (default: 8866)")
    d.add_argument("--ip", default="127.0.0.1", help="address to serve on (default: 127.0.0.1, this machine only)")
    d.add_argument("--notebook", default=str(DASHBOARD), help="the dashboard notebook (default: the repository's)")
    d.set_defaults(func=_cmd_dashboard)
    r = sub.add_parser("report", help="run the notebooks on a corpus (default: the sample) and write HTML pages "
                                      "that open offline")
    r.add_argument("paths", nargs="*", metavar="PATH", help="a file or folder of articles (several allowed)")
    r.add_argument("--out", default="reports", metavar="DIR", help="folder for the pages (default: reports)")
    r.add_argument("--notebooks", default=str(NOTEBOOKS), metavar="DIR", help="folder of the notebooks")
    r.add_argument("--only", nargs="+", metavar="NAME", help="only these notebooks (\"05\" or \"05_dashboard\")")
    r.set_defaults(func=_cmd_report)
    e = sub.add_parser("eval", help="score extraction quality on labelled news (../shared/eval)")
    e.add_argument("--eval-dir", default=None, help="folder of the evaluation data (default: ../shared/eval)")
    e.add_argument("--out", default="reports/eval.md", help="Markdown report (default: reports/eval.md)")
    e.set_defaults(func=_cmd_eval)
    return parser


def _positive(text: str) -> int:
    """A whole number of at least 1 (else a usage error, exit status 2)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {text!r}")
    return value


def _unwritable(folder: str) -> str | None:
    """Why ``folder`` cannot take the output (checked before any work is done), or None."""
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".write-test-"):
            pass
    except OSError as exc:
        return f"cannot write to --out {folder!r}: {exc.strerror or exc}"
    return None


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    problem = None
    if args.command == "analyze" and "://" in args.out and not args.out_of_core:
        problem = f"--out {args.out!r}: a URL takes --out-of-core (tk.analyze_files writes to fsspec storage)"
    elif args.command == "analyze" and "://" not in args.out:
        problem = _unwritable(args.out)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
