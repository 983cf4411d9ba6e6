"""Every benchmark of the project, then one table of what each measured against its aim.

``python bench/run_all.py`` runs, one after the other and each on its own throwaway PostgreSQL and
Redis (``bin/with-services``): the framework at ESCO scale, autosave under load, certificates
through the Celery workers and HR's needs view with 1,000 staff; each serves the platform with
gunicorn (DEBUG off) and writes ``bench/results/<name>.json``. The table is printed as Markdown
and written to ``bench/results/summary.md`` (the README shows it).

``python bench/run_all.py --table`` only reads the latest results and prints the table;
``python bench/run_all.py needs_bench.py`` runs only the benchmarks named, then prints the table.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

from benchlib import PROJECT, PYTHON

RESULTS = PROJECT / "bench" / "results"
BENCHES = ("framework_bench.py", "autosave_bench.py", "certificate_bench.py", "needs_bench.py")

#: (benchmark, measure, value, ratio, aim) where ratio and aim may be None.
Row = tuple[str, str, str, float | None, str]


def _framework(data: dict[str, Any]) -> Iterator[Row]:
    for name, item in data["endpoints"].items():
        if item["p95_ratio"] != 1.0:
            yield ("framework at ESCO scale", name, f"p95 {item['p95_ms']} ms", item["p95_ratio"], "< 4")
    yield ("framework at ESCO scale", "ESCO v1.1.1 import", f"{data['esco_import_seconds']} s", None, "")


def _autosave(data: dict[str, Any]) -> Iterator[Row]:
    for name, item in data["requests"].items():
        if item["p95_ratio"] != 1.0:
            aim = "< 3" if name == "autosave" else ""
            yield ("autosave, 200 learners", name, f"p95 {item['p95_ms']} ms", item["p95_ratio"], aim)
    yield ("autosave, 200 learners", "errors", str(data["errors"]), None, "0")


def _certificates(data: dict[str, Any]) -> Iterator[Row]:
    name = "certificates, 2 workers"
    yield (name, "PDF task / WeasyPrint alone (median)", "", data["ratio_task_to_weasyprint_median"], "< 1.3")
    yield (name, "PDFs per second", str(data["pdfs_per_second"]), None, "")
    yield (name, "failed / pending", f"{data['failed']} / {data['pending']}", None, "0 / 0")


def _needs(data: dict[str, Any]) -> Iterator[Row]:
    for mode, aim in (("as configured", "< 5"), ("computed every time", "")):
        for name, item in data[mode]["endpoints"].items():
            if item["p95_ratio"] != 1.0:
                label = f"{name} ({mode})"
                yield ("HR needs, 1,000 staff", label, f"p95 {item['p95_ms']} ms", item["p95_ratio"], aim)


READERS: dict[str, Callable[[dict[str, Any]], Iterator[Row]]] = {
    "framework.json": _framework,
    "autosave.json": _autosave,
    "certificates.json": _certificates,
    "needs.json": _needs,
}


def _met(value: str, ratio: float | None, aim: str) -> str:
    if not aim:
        return ""
    if aim.startswith("< ") and ratio is not None:
        return "met" if ratio < float(aim[2:]) else "**not met**"
    return "met" if value == aim else "**not met**"


def table() -> str:
    lines = ["| benchmark | measure | value | ratio | aim | |", "| --- | --- | ---: | ---: | ---: | --- |"]
    for file_name, reader in READERS.items():
        path = RESULTS / file_name
        if not path.exists():
            lines.append(f"| {file_name} | (not run yet) | | | | |")
            continue
        for bench, measure, value, ratio, aim in reader(json.loads(path.read_text())):
            shown = "" if ratio is None else f"{ratio:.2f}"
            lines.append(f"| {bench} | {measure} | {value} | {shown} | {aim} | {_met(value, ratio, aim)} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    arguments = sys.argv[1:]
    if "--table" not in arguments:
        chosen = [script for script in BENCHES if script in arguments] or list(BENCHES)
        for script in chosen:
            started = time.perf_counter()
            print(f"== {script}", flush=True)
            subprocess.run(
                [str(PROJECT / "bin" / "with-services"), PYTHON, str(PROJECT / "bench" / script)],
                cwd=PROJECT,
                check=True,
            )
            print(f"== {script}: {time.perf_counter() - started:.0f} s", flush=True)
    summary = table()
    (RESULTS / "summary.md").write_text(summary)
    print(summary)


if __name__ == "__main__":
    main()
