"""examples/lessons.ipynb runs headless (nbclient, ipykernel) and shows what it says: two clips
of overshoot with the parameter changed between them, the trace plotted with matplotlib beside
them, and a refusal. It is committed without outputs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")

NOTEBOOK = Path(__file__).resolve().parents[1] / "examples" / "lessons.ipynb"
pytestmark = pytest.mark.frames


def texts(cell) -> str:
    """What the cell printed (stderr holds the renders' progress lines)."""
    return "".join(o.get("text", "") for o in cell.outputs
                   if o.output_type == "stream" and o.name == "stdout")


def kinds(cell) -> list[str]:
    return [kind for o in cell.outputs for kind in o.get("data", {})]


def test_the_committed_notebook_has_no_outputs():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code and all(not cell.outputs and cell.execution_count is None for cell in code)


@pytest.fixture(scope="module")
def ran(tmp_path_factory):
    folder = tmp_path_factory.mktemp("notebook")
    shutil.copy(NOTEBOOK, folder / NOTEBOOK.name)
    notebook = nbformat.read(folder / NOTEBOOK.name, as_version=4)
    nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(folder)}}).execute()
    return folder, [cell for cell in notebook.cells if cell.cell_type == "code"]


def test_it_lists_renders_changes_and_shows_both(ran):
    folder, (lessons, clips, plot, refusal) = ran
    assert "overshoot" in texts(lessons) and "parabola" in texts(lessons)
    shown = [o["data"]["text/html"] for o in clips.outputs if "text/html" in o.get("data", {})]
    assert len(shown) == 2 and all("<video" in html and 'kind="captions"' in html
                                   for html in shown)
    videos = [html.split('src="')[1].split('"')[0] for html in shown]
    assert videos == ["notebook-media/before/overshoot/overshoot-test.parts-parabola.mp4",
                      "notebook-media/after/overshoot/overshoot-test.parts-parabola.mp4"]
    assert all((folder / video).is_file() for video in videos)
    assert texts(clips).strip() == "0.8 -> 0.95"


def test_it_plots_the_cores_trace(ran):
    _, (_, _, plot, _) = ran
    assert "ran away at step 28 - one neuron: None" in texts(plot)
    assert "image/png" in kinds(plot)


def test_it_shows_the_refusal_line(ran):
    _, (*_, refusal) = ran
    assert texts(refusal).strip() == "refused: lr=-1 must be a finite number > 0"
