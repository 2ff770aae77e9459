"""Use cases are given the plugin facade as they are given their unit of work: a test's own
facade answers in place of the installed plugins."""

import datetime as dt

import pytest

from shebao import plugins
from shebao.errors import RuleViolation
from shebao.model.person import Scheme
from shebao.policy import Policy
from shebao.regions import Region
from shebao.services.people import RegisterEmployer, register_employer
from shebao.store.unit_of_work import SqliteUnitOfWork

DAY = dt.date(2026, 3, 2)


class OnlyXiamen:
    """A facade that knows one pooling area, under its own name, and no policy."""

    # what this test does not ask about: the installed plugins' answers
    regions = staticmethod(plugins.regions)
    institutions = staticmethod(plugins.institutions)
    review_filing = staticmethod(plugins.review_filing)
    catalogue = staticmethod(plugins.catalogue)
    payment_channels = staticmethod(plugins.payment_channels)
    payment_channel = staticmethod(plugins.payment_channel)
    parse_statement = staticmethod(plugins.parse_statement)
    bank_card_issuer = staticmethod(plugins.bank_card_issuer)

    def region(self, code: str, /) -> Region:
        if code != "350200":
            raise RuleViolation("test-facade", f"only 350200, not {code}")
        return Region("350200", "鹭岛")

    def policy(self, region_: Region, scheme: Scheme, year: int, /) -> Policy:
        raise RuleViolation("test-facade", "no policy here")


def test_a_use_case_asks_the_facade_it_is_given(uow: SqliteUnitOfWork) -> None:
    employer = register_employer(uow, RegisterEmployer("91440300MA5F000007", "样例公司", "350200"), DAY, hooks=OnlyXiamen())
    assert employer.region == "350200"
    with pytest.raises(RuleViolation, match="only 350200"):
        register_employer(uow, RegisterEmployer("91440300MA5G11110F", "上海公司", "310100"), DAY, hooks=OnlyXiamen())


def test_without_a_facade_a_use_case_asks_the_installed_plugins(uow: SqliteUnitOfWork) -> None:
    employer = register_employer(uow, RegisterEmployer("91440300MA5F000007", "样例公司", "440300"), DAY)
    assert employer.region == "440300"
