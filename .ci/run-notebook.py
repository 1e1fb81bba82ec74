#!/usr/bin/env python3
"""Runs a notebook cell by cell in a real Jupyter kernel (through nbclient, the engine of
`jupyter nbconvert --execute`) and checks what a reader would see.

Usage: run-notebook.py <deno|tslab> <kernel binary> <notebook.ipynb>

The kernel is Deno's (`deno jupyter --kernel`) or tslab's (the TypeScript kernel for Node); the
binary is `node_modules/.bin/deno` or the `tslab` binary of the installed package.

Checks:
- every code cell has an `id` (nbformat 4.5; front-ends and diff tools key cells on it);
- no cell produced an error output (each cell runs as its own snippet, as in Jupyter, so a cell
  that only works when glued to the others fails here);
- a cell tagged `chart` displays `application/vnd.vegalite.v5+json` or `image/svg+xml`;
- a cell tagged `report` displays `text/html`;
- a cell tagged `live` shows finetune-kit's live job panel (`text/html` with the panel, updated in
  place through `update_display_data`, which nbclient applies to the output it replaces) and
  the panel ends on a finished job;
- the notebook has at least one cell of each tag, so the checks above cannot pass vacuously.

The kernel spec is written to a temporary JUPYTER_PATH and points at the given binary, so nothing
is installed in the user's Jupyter folders.
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


KERNELS = {
    # name: (argv before the connection file, display name)
    "deno": (["jupyter", "--kernel", "--conn"], "Deno"),
    "tslab": (["kernel", "--config-path"], "TypeScript"),
}
PANEL_CLASS = "finetune-kit-job-panel"
FINISHED = ("succeeded", "failed", "cancelled")


def write_kernel_spec(folder, kernel, binary):
    spec_dir = os.path.join(folder, "kernels", kernel)
    os.makedirs(spec_dir)
    args, display_name = KERNELS[kernel]
    spec = {
        "argv": [binary, *args, "{connection_file}"],
        "display_name": display_name,
        "language": "typescript",
    }
    with open(os.path.join(spec_dir, "kernel.json"), "w", encoding="utf-8") as out:
        json.dump(spec, out)


def mime_types(cell):
    types = []
    for output in cell.get("outputs", []):
        types.extend(output.get("data", {}).keys())
    return types


def live_panel_problem(cell):
    """Why the cell's outputs do not show a finished live panel, or None."""
    panels = [
        output["data"]["text/html"]
        for output in cell.get("outputs", [])
        if PANEL_CLASS in str(output.get("data", {}).get("text/html", ""))
    ]
    if not panels:
        return "tagged live, shows no job panel"
    if not any(status in panels[-1] for status in FINISHED):
        return "tagged live, its panel never showed the job finished"
    return None


def describe(index, cell):
    return f"cell {index} ({cell.get('id', 'no id')})"


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in KERNELS:
        fail(f"usage: run-notebook.py <{'|'.join(KERNELS)}> <kernel binary> <notebook.ipynb>")
    kernel = sys.argv[1]
    binary = os.path.abspath(sys.argv[2])
    path = os.path.abspath(sys.argv[3])
    if not os.access(binary, os.X_OK):
        fail(f"{binary} is not an executable {kernel} binary")

    # Read the raw JSON first: nbformat.read fills in missing ids, which would hide the problem.
    with open(path, encoding="utf-8") as source:
        raw = json.load(source)
    missing = [i for i, cell in enumerate(raw["cells"]) if not cell.get("id")]
    if missing:
        fail(f"{path}: cells {missing} have no id (nbformat 4.5 requires one per cell)")

    notebook = nbformat.reads(json.dumps(raw), as_version=4)
    with tempfile.TemporaryDirectory(prefix="finetune-kit-jupyter-") as jupyter:
        write_kernel_spec(jupyter, kernel, binary)
        os.environ["JUPYTER_PATH"] = jupyter
        os.environ["JUPYTER_RUNTIME_DIR"] = os.path.join(jupyter, "runtime")
        os.environ["NO_COLOR"] = "1"
        client = LateOutputClient(
            notebook,
            kernel_name=kernel,
            timeout=CELL_TIMEOUT_SECONDS,
            allow_errors=True,  # collect every failing cell, not only the first
            resources={"metadata": {"path": os.path.dirname(path)}},  # the kernel's working folder
        )
        client.execute()

    problems = []
    tagged = {"chart": 0, "report": 0, "live": 0}
    code_cells = [(i, cell) for i, cell in enumerate(notebook.cells) if cell.cell_type == "code"]
    for index, cell in code_cells:
        types = mime_types(cell)
        print(f"{describe(index, cell)}: {', '.join(types) or 'no display output'}")
        for output in cell.outputs:
            if output.output_type == "error":
                problems.append(f"{describe(index, cell)}: {output.ename}: {output.evalue}")
            elif output.output_type == "stream" and output.name == "stderr":
                print(f"  stderr: {output.text.strip()}")
                # tslab reports a cell's type errors on stderr and runs nothing, without an error output.
                if kernel == "tslab":
                    problems.append(f"{describe(index, cell)}: stderr: {output.text.strip()}")
        tags = cell.metadata.get("tags", [])
        if "chart" in tags:
            tagged["chart"] += 1
            if not any(t in types for t in CHART_TYPES):
                problems.append(f"{describe(index, cell)}: tagged chart, displayed {types or 'nothing'}")
        if "report" in tags:
            tagged["report"] += 1
            if "text/html" not in types:
                problems.append(f"{describe(index, cell)}: tagged report, displayed {types or 'nothing'}")
        if "live" in tags:
            tagged["live"] += 1
            problem = live_panel_problem(cell)
            if problem:
                problems.append(f"{describe(index, cell)}: {problem}")
    for tag, count in tagged.items():
        if count == 0:
            problems.append(f"no code cell is tagged {tag}")
    if problems:
        fail(f"{path}:\n  " + "\n  ".join(problems))
    print(f"ok {os.path.relpath(path)}: {len(code_cells)} code cells ran one by one in the {KERNELS[kernel][1]} kernel ({kernel})")


if __name__ == "__main__":
    main()
