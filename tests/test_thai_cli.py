import pytest
from click.testing import CliRunner

from docengine.cli import main
from docengine.cli.thai import thai


@pytest.mark.parametrize(
    "args, output",
    [
        (["date", "2024-01-05"], "๕ มกราคม ๒๕๖๗"),
        (["date", "2024-01-08", "--style", "abbr", "--digits", "arabic"], "8 ม.ค. 2567"),
        (["date", "25/12/2558", "--style", "weekday"], "วันศุกร์ที่ ๒๕ ธันวาคม ๒๕๕๘"),
        (["parse", "๕ ม.ค. ๒๕๖๗"], "2024-01-05"),
        (["parse", "2500"], "2500"),
        (["time", "2024-01-04T23:30+00:00"], "๐๖.๓๐ น."),
        (["time", "10:30", "--digits", "arabic"], "10.30 น."),
        (["baht", "650700"], "หกแสนห้าหมื่นเจ็ดร้อยบาทถ้วน"),
        (["baht", "2,500.50", "--figures"], "๒,๕๐๐.๕๐ บาท (สองพันห้าร้อยบาทห้าสิบสตางค์)"),
        (["id", "3100600445635"], "3-1006-00445-63-5"),
        (["id", "3100600445635", "--mask"], "X-XXXX-XXXX5-63-5"),
        (["fy", "2567", "--digits", "arabic"], "ปีงบประมาณ พ.ศ. 2567: 1 ตุลาคม 2566 – 30 กันยายน 2567"),
        (["fy", "2023-10-01"], "ปีงบประมาณ พ.ศ. ๒๕๖๗: ๑ ตุลาคม ๒๕๖๖ – ๓๐ กันยายน ๒๕๖๗"),
        (["province", "เชียงใหม่"], "ชม"),
        (["province", "บก"], "บึงกาฬ"),
    ],
)
def test_commands(args, output):
    result = CliRunner().invoke(thai, args)
    assert result.exit_code == 0, result.output
    assert result.output == output + "\n"


def test_defaults_to_today():
    result = CliRunner().invoke(thai, ["date"])
    assert result.exit_code == 0 and result.output.strip()


def test_help_is_bilingual():
    result = CliRunner().invoke(thai, ["--help"])
    assert "Thai formatting helpers" in result.output and "เครื่องมือจัดรูปแบบภาษาไทย" in result.output
    result = CliRunner().invoke(thai, ["baht", "--help"])
    assert "AMOUNT" in result.output and "จำนวนเงิน" in result.output


@pytest.mark.parametrize(
    "args, words",
    [
        (["thai", "id", "3100600445636"], "check digit"),
        (["thai", "baht", "2.675"], "more than two decimal places"),
        (["thai", "date", "5/1/2024"], "did you mean 2567"),
        (["thai", "date", "2567"], "a day is needed"),
        (["thai", "time", "half past ten"], "not an ISO time"),
        (["thai", "province", "xx"], "not one of the 77 provinces"),
    ],
)
def test_bad_input_gives_a_bilingual_message_not_a_traceback(args, words, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(args)
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert words in err and " / " in err and "Traceback" not in err
