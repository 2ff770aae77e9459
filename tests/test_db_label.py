"""How messages name the database: a file as given, a server's URL whole but for its password."""

from pathlib import Path

from shebao_cli.app import App


def label(target: str | Path) -> str:
    return App(target, None, None).db_label


def test_a_server_url_keeps_its_slashes_and_hides_its_password() -> None:
    assert label("postgresql://postgres@/shebao?host=/tmp/x") == "postgresql://postgres@/shebao?host=/tmp/x"
    assert label("postgresql://clerk:s3cret@db.example:5432/province") == "postgresql://clerk:***@db.example:5432/province"


def test_a_sqlite_file_is_named_as_given(tmp_path: Path) -> None:
    assert label(tmp_path / "shebao.db") == str(tmp_path / "shebao.db")
