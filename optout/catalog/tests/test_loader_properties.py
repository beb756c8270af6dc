"""Whatever bytes a contributor saves, validation answers with errors, never a crash."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from optout.catalog.loader import PLATFORMS_DIR, validate_file

GOOD = (PLATFORMS_DIR / "linkedin.yaml").read_text(encoding="utf-8")


@pytest.mark.slow
@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(data=st.binary(max_size=400))
def test_random_bytes_give_errors_not_exceptions(tmp_path, data):
    path = tmp_path / "x.yaml"
    path.write_bytes(data)
    platform, errors = validate_file(path, "platforms/x.yaml")
    assert platform is None and errors
    assert all(str(e).startswith("platforms/x.yaml") for e in errors)


@pytest.mark.slow
@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(cut=st.integers(min_value=0, max_value=len(GOOD)), junk=st.text(max_size=20))
def test_damaged_copies_of_a_good_file_give_errors_not_exceptions(tmp_path, cut, junk):
    path = tmp_path / "linkedin.yaml"
    path.write_text(GOOD[:cut] + junk + GOOD[cut + len(junk):], encoding="utf-8")
    platform, errors = validate_file(path, "platforms/linkedin.yaml")
    assert (platform is None) == bool(errors)
    # YAML also breaks lines at \r, NEL and the Unicode line and paragraph separators.
    breaks = sum(junk.count(c) for c in "\n\r\x85\u2028\u2029")
    for error in errors:
        assert error.line is None or 1 <= error.line <= GOOD.count("\n") + breaks + 2
