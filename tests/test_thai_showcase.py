import doctest

import pytest

import docengine.showcase
import docengine.thai
from docengine.showcase import write_showcase
from docengine.thai import calendar, citizen_id, clock, digits, errors, fiscal, money, places


def test_showcase_is_written(tmp_path):
    paths = write_showcase(tmp_path / "out")
    assert [p.name for p in paths] == ["thai-formatting.md"]
    text = paths[0].read_text(encoding="utf-8")
    for expected in ("๕ มกราคม ๒๕๖๗", "๘ ม.ค. ๒๕๖๗", "วันศุกร์ที่ ๒๕ ธันวาคม ๒๕๕๘", "๐๖.๓๐ น.",
                     "หกแสนห้าหมื่นเจ็ดร้อยบาทถ้วน", "ยี่สิบห้าสตางค์", "X-XXXX-XXXX5-63-5", "พ.ศ. ๒๕๖๖"):
        assert expected in text
    assert list((tmp_path / "out").iterdir()) == paths  # no temp files left behind


def test_showcase_overwrites(tmp_path):
    (tmp_path / "thai-formatting.md").write_text("old", encoding="utf-8")
    write_showcase(tmp_path)
    assert (tmp_path / "thai-formatting.md").read_text(encoding="utf-8").startswith("# ")


@pytest.mark.parametrize("module", [calendar, citizen_id, clock, digits, errors, fiscal, money, places,
                                    docengine.thai, docengine.showcase])
def test_docstring_examples(module):
    failed, _ = doctest.testmod(module)
    assert failed == 0
