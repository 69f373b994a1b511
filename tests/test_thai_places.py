import pytest

from docengine.thai import ProvinceError, places, province_code, province_name


def test_seed_codes():
    assert [province_code(n) for n in ("เชียงใหม่", "กระบี่", "อุบลราชธานี", "สุโขทัย", "มหาสารคาม")] == [
        "ชม", "กบ", "อบ", "สท", "มค"]


def test_bueng_kan_and_bangkok():
    assert province_code("บึงกาฬ") == "บก"
    assert province_code("กรุงเทพมหานคร") == "กท"
    assert province_code("กทม.") == "กท"
    assert province_name("กทม.") == "กรุงเทพมหานคร"


def test_prefixes_are_ignored():
    assert province_code("จังหวัดเชียงใหม่") == "ชม"
    assert province_code("จ.กระบี่") == "กบ"
    assert province_code("จ. กระบี่") == "กบ"


def test_77_unique_provinces_and_codes():
    table = places.provinces()
    assert len(table) == 77 and len(set(table.values())) == 77
    assert "บต" not in table.values()  # Betong is a plate code, not a province
    for name, code in table.items():
        assert province_name(code) == name and province_code(name) == code


def test_unknown_name_suggests_a_close_one():
    with pytest.raises(ProvinceError) as err:
        province_code("เชียงไหม่")
    assert "เชียงใหม่" in err.value.en and "จังหวัด" in err.value.th


def test_unknown_code():
    with pytest.raises(ProvinceError) as err:
        province_name("บต")
    assert "province code" in err.value.en and "รหัสจังหวัด" in err.value.th
