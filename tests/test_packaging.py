"""Templates and reference data ship inside the wheel and are found through one resolver."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(out), str(ROOT)], check=True, capture_output=True)
    (whl,) = out.glob("docengine-*.whl")
    return whl


def test_wheel_carries_templates_data_and_migrations(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "docengine/_resources/templates/letters/external/manifest.yaml",
        "docengine/_resources/templates/letters/external/template.docx",
        "docengine/_resources/templates/letters/_base/letter.css.j2",
        "docengine/_resources/data/fonts.yaml",
        "docengine/_resources/data/provinces.yaml",
        "docengine/_resources/data/samples/office.yaml",
        "docengine/render/textlayer.py",
    ):
        assert needed in names, needed
    assert any(n.startswith("docengine/register/migrations/versions/") for n in names)


def test_installed_wheel_renders_from_its_own_resources(wheel, tmp_path):
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site),
                    str(wheel)], check=True, capture_output=True)
    script = (
        "import docengine.resources as r, docengine.render.document as d;"
        "print(r.resource_root('templates'));"
        "rd = d.Renderer(d.Office.sample()); p = rd.prepare('external', d.load_sample('external'));"
        "print(len(rd.render_pdf(p)) > 1000)"
    )
    env = dict(os.environ, PYTHONPATH=str(site))
    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    root, ok = result.stdout.split()
    assert root.startswith(str(site)) and ok == "True"
