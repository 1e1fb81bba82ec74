#!/usr/bin/env python3
"""Runs a notebook cell by cell in the real Deno Jupyter kernel (through nbclient, the engine of
`jupyter nbconvert --execute`) and checks what a reader would see.

Usage: run-notebook.py <deno> <notebook.ipynb>

Checks:
- every code cell has an `id` (nbformat 4.5; front-ends and diff tools key cells on it);
- no cell produced an error output (each cell runs as its own snippet, as in Jupyter, so a cell
  that only works when glued to the others fails here);
- a cell tagged `chart` displays `application/vnd.vegalite.v5+json` or `image/svg+xml`;
- a cell tagged `report` displays `text/html`;
- the notebook has at least one cell of each tag, so the checks above cannot pass vacuously.

The kernel spec is written to a temporary JUPYTER_PATH and points at the given deno binary, so
nothing is installed in the user's Jupyter folders.
"""

import json
import os
import sys
import tempfile

import queue

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionComplete
from nbclient.util import ensure_async

CHART_TYPES = ("application/vnd.vegalite.v5+json", "image/svg+xml")
CELL_TIMEOUT_SECONDS = 300
# How long a cell's outputs may trail its `idle` status (see LateOutputClient).
LATE_OUTPUT_SECONDS = 1.0


class LateOutputClient(NotebookClient):
    """Keeps the outputs the Deno kernel publishes after the cell's `idle` status.

    The messaging protocol puts a cell's outputs before its `idle` status, and nbclient stops
    listening at `idle`. Deno's kernel (2.x) sometimes publishes the `execute_result` just after
    `idle` (about one cell in ten here), so nbclient would drop it at random; Jupyter front-ends
    route outputs by their parent message and show it. This client goes on reading the cell's
    messages until none came for LATE_OUTPUT_SECONDS. nbclient runs cells one after the other, so
    nothing of the next cell can be waiting yet.
    """

    async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
        assert self.kc is not None
        idle = False
        while True:
            try:
                msg = await ensure_async(
                    self.kc.iopub_channel.get_msg(timeout=LATE_OUTPUT_SECONDS if idle else None)
                )
            except queue.Empty:
                return
            if msg["parent_header"].get("msg_id") != parent_msg_id:
                continue
            try:
                self.process_message(msg, cell, cell_index)
            except CellExecutionComplete:
                idle = True


def fail(message):
    print(f"run-notebook: {message}", file=sys.stderr)
    sys.exit(1)


def write_kernel_spec(folder, deno):
    spec_dir = os.path.join(folder, "kernels", "deno")
    os.makedirs(spec_dir)
    spec = {
        "argv": [deno, "jupyter", "--kernel", "--conn", "{connection_file}"],
        "display_name": "Deno",
        "language": "typescript",
    }
    with open(os.path.join(spec_dir, "kernel.json"), "w", encoding="utf-8") as out:
        json.dump(spec, out)


def mime_types(cell):
    types = []
    for output in cell.get("outputs", []):
        types.extend(output.get("data", {}).keys())
    return types


def describe(index, cell):
    return f"cell {index} ({cell.get('id', 'no id')})"


def main():
    if len(sys.argv) != 3:
        fail("usage: run-notebook.py <deno> <notebook.ipynb>")
    deno = os.path.abspath(sys.argv[1])
    path = os.path.abspath(sys.argv[2])
    if not os.access(deno, os.X_OK):
        fail(f"{deno} is not an executable deno binary")

    # Read the raw JSON first: nbformat.read fills in missing ids, which would hide the problem.
    with open(path, encoding="utf-8") as source:
        raw = json.load(source)
    missing = [i for i, cell in enumerate(raw["cells"]) if not cell.get("id")]
    if missing:
        fail(f"{path}: cells {missing} have no id (nbformat 4.5 requires one per cell)")

    notebook = nbformat.reads(json.dumps(raw), as_version=4)
    with tempfile.TemporaryDirectory(prefix="finetune-kit-jupyter-") as jupyter:
        write_kernel_spec(jupyter, deno)
        os.environ["JUPYTER_PATH"] = jupyter
        os.environ["JUPYTER_RUNTIME_DIR"] = os.path.join(jupyter, "runtime")
        os.environ["NO_COLOR"] = "1"
        client = LateOutputClient(
            notebook,
            kernel_name="deno",
            timeout=CELL_TIMEOUT_SECONDS,
            allow_errors=True,  # collect every failing cell, not only the first
            resources={"metadata": {"path": os.path.dirname(path)}},  # the kernel's working folder
        )
        client.execute()

    problems = []
    tagged = {"chart": 0, "report": 0}
    code_cells = [(i, cell) for i, cell in enumerate(notebook.cells) if cell.cell_type == "code"]
    for index, cell in code_cells:
        types = mime_types(cell)
        print(f"{describe(index, cell)}: {', '.join(types) or 'no display output'}")
        for output in cell.outputs:
            if output.output_type == "error":
                problems.append(f"{describe(index, cell)}: {output.ename}: {output.evalue}")
            elif output.output_type == "stream" and output.name == "stderr":
                print(f"  stderr: {output.text.strip()}")
        tags = cell.metadata.get("tags", [])
        if "chart" in tags:
            tagged["chart"] += 1
            if not any(t in types for t in CHART_TYPES):
                problems.append(f"{describe(index, cell)}: tagged chart, displayed {types or 'nothing'}")
        if "report" in tags:
            tagged["report"] += 1
            if "text/html" not in types:
                problems.append(f"{describe(index, cell)}: tagged report, displayed {types or 'nothing'}")
    for tag, count in tagged.items():
        if count == 0:
            problems.append(f"no code cell is tagged {tag}")
    if problems:
        fail(f"{path}:\n  " + "\n  ".join(problems))
    print(f"ok {os.path.relpath(path)}: {len(code_cells)} code cells ran one by one in the Deno kernel")


if __name__ == "__main__":
    main()
