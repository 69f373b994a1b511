"""The shipped month and province files are checked, and a broken copy gives a clear error."""

import shutil
from datetime import date

import pytest
import yaml

from docengine import refdata
from docengine.errors import ReferenceDataError
from docengine.resources import data_path
from docengine.thai import format_date, province_code
from docengine.thai.calendar import validate_months
from docengine.thai.places import validate_provinces


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """A copy of data/ that a test may break; refdata reads from it with a fresh cache."""
    for name in ("months.yaml", "provinces.yaml"):
        shutil.copy(data_path(name), tmp_path / name)
    monkeypatch.setattr(refdata, "data_path", lambda *parts: tmp_path.joinpath(*parts))
    refdata.load.cache_clear()
    yield tmp_path
    refdata.load.cache_clear()


def edit(path, change):
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(content)
    path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")


def test_shipped_files_are_valid():
    assert validate_months(refdata.load("months")) == []
    assert validate_provinces(refdata.load("provinces")) == []


def test_check_all_checks_every_shipped_data_file():
    """`refdata.check_all()` (run before every command) covers every YAML file in data/ but the
    samples: a new data file without a registered validator fails here (forms.yaml, cycle.yaml and
    holidays.yaml were skipped before)."""
    import subprocess
    import sys

    root = data_path()
    shipped = sorted(str(p.relative_to(root)) for p in root.rglob("*.yaml") if p.parts[-2:-1] != ("samples",)
                     and "samples" not in p.relative_to(root).parts)
    # A fresh process: what a command sees, not what this test session happened to import.
    out = subprocess.run([sys.executable, "-c", "from docengine import refdata; print('\\n'.join("
                          "refdata._DATASETS[n][0] for n in refdata.check_all()))"],
                         capture_output=True, text=True, check=True).stdout.split()
    assert sorted(p for p in out if not p.startswith("samples/")) == shipped


def test_misspelt_november_is_reported(data_dir):
    edit(data_dir / "months.yaml", lambda c: c["full"].__setitem__(10, "พฤษจิกายน"))
    with pytest.raises(ReferenceDataError) as err:
        format_date(date(2024, 11, 1))
    assert "months.yaml" in err.value.en and "พฤศจิกายน" in err.value.en
    assert "ไม่ถูกต้อง" in err.value.th


def test_missing_month_is_reported(data_dir):
    edit(data_dir / "months.yaml", lambda c: c["abbr"].pop())
    with pytest.raises(ReferenceDataError) as err:
        format_date(date(2024, 1, 5))
    assert "abbr: expected a list of 12" in err.value.en


def test_missing_source_note_is_reported(data_dir):
    edit(data_dir / "provinces.yaml", lambda c: c.pop("source"))
    with pytest.raises(ReferenceDataError) as err:
        province_code("เชียงใหม่")
    assert "source" in err.value.en


def test_duplicate_province_code_is_reported(data_dir):
    edit(data_dir / "provinces.yaml", lambda c: c["provinces"].__setitem__("บึงกาฬ", "กบ"))
    with pytest.raises(ReferenceDataError) as err:
        province_code("เชียงใหม่")
    assert "codes used twice: กบ" in err.value.en


def test_not_yaml_is_reported(data_dir):
    (data_dir / "months.yaml").write_text("full: [มกราคม\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError) as err:
        format_date(date(2024, 1, 5))
    assert "not valid YAML" in err.value.en


def test_validators_list_every_problem():
    problems = validate_provinces({"provinces": {"เชียงใหม่": "ชม", "เชียงราย": "ชม", "ตาก": "tk"},
                                   "name_aliases": {"กทม.": "กรุงเทพ"}})
    assert len(problems) == 4
    assert validate_months({"full": "มกราคม", "abbr": [], "weekdays": []}) == [
        "full: expected a list of 12 non-empty names, got str",
        "abbr: expected a list of 12 non-empty names, got 0",
        "weekdays: expected a list of 7 non-empty names, got 0",
    ]
    months = refdata.load("months")
    assert validate_months({**months, "abbr": [a.rstrip(".") for a in months["abbr"]]}) != []
    assert validate_months({**months, "parse_variants": {"มกราคม": 1}}) != []
    assert validate_months({**months, "parse_variants": {"มกรา": 13}}) != []
