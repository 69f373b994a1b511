"""The harness itself measures and refuses as it says (so a hostile case cannot pass by accident)."""

from __future__ import annotations

import pytest

from hostile.harness import Result, assert_refused, run, snapshot


def test_a_usage_error_is_measured():
    r = run(["no-such-command"])
    assert r.code != 0
    assert 0 < r.seconds < 30 and 10 < r.peak_mb < 500


def test_assert_refused_catches_a_traceback_and_a_changed_file(tmp_path):
    bad = Result(1, "", "Traceback (most recent call last):\n ValueError / ผิด", 0.1, 50)
    with pytest.raises(AssertionError):
        assert_refused(bad)
    (tmp_path / "a").write_text("x")
    before = snapshot(tmp_path)
    (tmp_path / "a").write_text("y")
    ok = Result(1, "", "bad input / ข้อมูลผิด", 0.1, 50)
    with pytest.raises(AssertionError, match="files changed"):
        assert_refused(ok, before=before, after=snapshot(tmp_path))
    with pytest.raises(AssertionError, match="peak"):
        assert_refused(Result(1, "", "bad input / ข้อมูลผิด", 0.1, 900))
