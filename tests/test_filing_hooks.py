"""The filing family's hooks are documented with their call policy, and the bundled
provinces answer them."""

import inspect

import pytest

from shebao import hookspecs, plugins
from shebao.model.person import Scheme


@pytest.mark.parametrize("name", ["shebao_institutions", "shebao_review_filing"])
def test_filing_hookspecs_say_who_calls_them_and_their_call_policy(name: str) -> None:
    doc = inspect.getdoc(getattr(hookspecs, name)) or ""
    assert "Called" in doc and "Call policy: all results collected" in doc


def test_each_bundled_province_gives_filing_rules_and_institutions() -> None:
    provided = plugins.institutions()
    for province, plugin, max_institutions in (("11", "beijing", 0), ("31", "shanghai", 3), ("44", "guangdong", 3),
                                               ("51", "sichuan", 3)):  # fmt: skip
        policy = plugins.policy(plugins.region(province), Scheme.EMPLOYEE, 2026)
        assert policy.filing.max_designated_institutions == max_institutions
        theirs = [i for i, source in provided.values() if source == plugin]
        assert 6 <= len(theirs) <= 12 and all(i.region[:2] == province for i in theirs)
        assert any(i.kind.value == "pharmacy" for i in theirs)
