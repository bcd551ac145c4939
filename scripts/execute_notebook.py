#!/usr/bin/env -S /usr/bin/python3 -Xfrozen_modules=off
"""Execute one notebook cell by cell with nbclient and write the executed copy and/or its HTML.

Used by scripts/notebooks.ts (`npm run notebooks`) and tests/notebooks/notebooks.test.ts.
Unlike `jupyter nbconvert --execute`, a failing cell is reported with what the kernel printed:
tslab answers a failed cell with an error reply whose name and value are empty and puts the
message (compiler diagnostics or the JavaScript stack) on the cell's stderr stream, so
nbconvert alone only says "<Error>: ".

usage: execute_notebook.py NOTEBOOK [--executed OUT.ipynb] [--html OUT.html] [--timeout SECONDS]
Exit status: 0 when every cell ran, 1 when a cell failed (the partial executed copy is still
written), 2 on bad usage. The kernel is the notebook's own (metadata.kernelspec.name), started
in the notebook's folder; it inherits this process's environment (CHURN_CONFIG, TELCO_CSV).
"""
import argparse
import os
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError


def cell_text(cell, names):
    out = []
    for o in cell.get("outputs", []):
        if o.get("output_type") == "stream" and o.get("name") in names:
            out.append(o.get("text", ""))
        elif o.get("output_type") == "error":
            out.append(f"{o.get('ename', '')}: {o.get('evalue', '')}\n" + "\n".join(o.get("traceback", [])))
    return "".join(out)


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("notebook")
    ap.add_argument("--executed")
    ap.add_argument("--html")
    ap.add_argument("--timeout", type=int, default=900)
    args = ap.parse_args(argv)

    path = os.path.abspath(args.notebook)
    nb = nbformat.read(path, as_version=4)
    kernel = nb.metadata.get("kernelspec", {}).get("name", "tslab")
    client = NotebookClient(nb, timeout=args.timeout, kernel_name=kernel, resources={"metadata": {"path": os.path.dirname(path)}})
    name = os.path.basename(path)
    start = time.monotonic()
    failed = None
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            try:
                client.execute_cell(cell, index)
            except (CellExecutionError, CellTimeoutError) as err:
                failed = (index, cell, err)
                break
    seconds = time.monotonic() - start

    if args.executed:
        nbformat.write(nb, args.executed)
    if failed is not None:
        index, cell, err = failed
        print(f"notebook {name}: cell {index} failed after {seconds:.1f} s", file=sys.stderr)
        print("--- cell source ---", file=sys.stderr)
        print(cell.source, file=sys.stderr)
        print("--- kernel stderr (and error outputs) ---", file=sys.stderr)
        print(cell_text(cell, {"stderr"}) or "(nothing on stderr)", file=sys.stderr)
        if isinstance(err, CellTimeoutError):
            print(f"--- timeout: {err} ---", file=sys.stderr)
        print("--- kernel stdout ---", file=sys.stderr)
        print(cell_text(cell, {"stdout"}) or "(nothing on stdout)", file=sys.stderr)
        return 1
    if args.html:
        from nbconvert import HTMLExporter

        body, _ = HTMLExporter().from_notebook_node(nb)
        with open(args.html, "w", encoding="utf-8") as f:
            f.write(body)
    print(f"notebook {name}: ok in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
