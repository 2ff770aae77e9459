"""The command line in the operator's words: Chinese on request, options named as typed,
and a mistyped command answered with the right one."""

import json
from pathlib import Path

import click
from helpers import ShebaoCli

CHINESE = {"SHEBAO_LANG": "zh_CN"}
REGISTER = ("person", "register", "--id", "440304198503120021", "--name", "李娜", "--scheme", "employee", "--status", "employed")


def test_english_is_the_default(shebao: ShebaoCli) -> None:
    result = shebao("--help")
    assert "Usage:" in result.stdout
    assert "Insured persons." in result.stdout


def test_chinese_from_shebao_lang_or_the_locale(shebao: ShebaoCli) -> None:
    for env in (CHINESE, {"SHEBAO_LANG": "", "LANG": "zh_CN.UTF-8", "LC_ALL": ""}):
        result = shebao("--help", env=env)
        assert "用法:" in result.stdout
        assert "参保人。" in result.stdout
        assert "显示本帮助并退出。" in result.stdout  # click's own message


def test_a_missing_field_names_the_option_as_typed(shebao: ShebaoCli) -> None:
    result = shebao(*REGISTER)
    assert result.exit_code == 2
    assert result.stderr.strip() == "Error (shebao person register): Missing option '--insured-region'."
    assert "$." not in result.stderr


def test_a_bad_value_names_the_option_and_the_problem(shebao: ShebaoCli) -> None:
    args = list(REGISTER)
    args[3] = "440304198503120024"  # a wrong check character
    result = shebao(*args, "--insured-region", "440300")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --id: citizen identity number")
    assert "check character does not match" in result.stderr


def test_errors_in_chinese(shebao: ShebaoCli) -> None:
    result = shebao(*REGISTER, env=CHINESE)
    assert result.exit_code == 2
    assert result.stderr.strip() == "错误（shebao person register）：缺少选项 '--insured-region'."


def test_a_mistyped_command_suggests_the_right_one(shebao: ShebaoCli) -> None:
    result = shebao("persn")
    assert result.exit_code == 2
    assert "Did you mean 'person'?" in result.stderr
    result = shebao("person", "regster")
    assert "register" in result.stderr
    assert "您是否要输入 'person'？" in shebao("persn", env=CHINESE).stderr


def test_global_options_before_or_after_the_command(shebao: ShebaoCli, tmp_path: Path) -> None:
    shebao.ok(*REGISTER, "--insured-region", "440300")
    before = shebao("--reveal", "person", "list")
    after = shebao("person", "list", "--reveal")
    assert before.exit_code == after.exit_code == 0
    assert before.stdout == after.stdout
    assert "440304198503120021" in after.stdout
    other = tmp_path / "none.db"
    moved = ShebaoCli(other, create=False)("person", "list", "--db", str(other))
    assert moved.exit_code != 0 and "no database at" in moved.stderr  # the later --db wins


def test_json_before_the_command(shebao: ShebaoCli) -> None:
    shebao.ok(*REGISTER, "--insured-region", "440300")
    assert shebao("--json", "person", "show", "440304198503120021").stdout == shebao.ok(
        "person", "show", "440304198503120021", "--json"
    )
    refused = shebao("--json", "init")
    assert refused.exit_code == 2 and "has no JSON output" in refused.stderr


def test_a_command_keeps_its_own_option_of_a_global_name(shebao: ShebaoCli) -> None:
    shebao.ok(*REGISTER, "--insured-region", "440300")
    assert shebao.ok("audit", "list", "--operator", "nobody").strip() == "(none)"


def test_shebao_alone_prints_its_help(shebao: ShebaoCli) -> None:
    for words in ((), ("person",)):
        result = shebao(*words)
        assert result.exit_code == 0
        assert result.stdout.startswith("Usage:")
        assert not result.stderr


def _register_three(shebao: ShebaoCli) -> None:
    for number in ("440304198503120021", "440304199207180032", "440305198801010046"):
        shebao.ok(
            "person",
            "register",
            "--id",
            number,
            "--name",
            "李娜",
            "--insured-region",
            "440300",
            "--scheme",
            "employee",
            "--status",
            "employed",
        )


def test_lists_share_one_json_envelope(shebao: ShebaoCli) -> None:
    _register_three(shebao)
    first = json.loads(shebao.ok("person", "list", "--limit", "2", "--json"))
    assert set(first) == {"items", "count", "offset", "more"}
    assert (first["count"], first["offset"], first["more"]) == (2, 0, True)
    rest = json.loads(shebao.ok("person", "list", "--limit", "2", "--offset", "2", "--json"))
    assert (rest["count"], rest["offset"], rest["more"]) == (1, 2, False)
    for words in (("audit", "list"), ("card", "list"), ("filing", "list"), ("payment", "list"), ("employer", "list")):
        assert set(json.loads(shebao.ok(*words, "--json"))) == {"items", "count", "offset", "more"}, words


def test_a_cut_table_says_how_to_see_the_rest(shebao: ShebaoCli) -> None:
    _register_three(shebao)
    assert shebao.ok("person", "list", "--limit", "2").rstrip().endswith("2 rows shown from 1; more with --offset 2")
    assert "more with" not in shebao.ok("person", "list", "--offset", "2")
    assert "从第 1 行起显示 2 行" in shebao("person", "list", "--limit", "2", env=CHINESE).stdout


def test_every_list_takes_offset(shebao: ShebaoCli) -> None:
    from shebao_cli.main import cli

    ctx = click.Context(cli, info_name="shebao")
    lists = [("audit", "list"), ("card", "list"), ("employer", "list"), ("filing", "list"), ("institution", "search"),
             ("payment", "list"), ("payment", "problems"), ("person", "list"), ("reimbursement", "list"),
             ("settlement", "list"), ("token", "list"), ("account", "activations"), ("contribution", "list")]  # fmt: skip
    for group_name, name in lists:
        group = cli.get_command(ctx, group_name)
        assert isinstance(group, click.Group)
        command = group.get_command(ctx, name)
        assert command is not None
        assert {"offset", "limit", "as_json"} <= {p.name for p in command.params}, (group_name, name)


def test_one_name_for_one_thing_former_spellings_still_work(shebao: ShebaoCli) -> None:
    positional = shebao("person", "register", "440304198503120021", "--name", "李娜", "--insured-region", "440300",
                        "--scheme", "employee", "--status", "employed")  # fmt: skip
    assert positional.exit_code == 0, positional.stderr
    assert shebao("person", "register", "--id", "440304199207180032", *REGISTER[4:], "--insured-region", "440300").exit_code == 0
    both = shebao(
        "person", "register", "440305198801010046", "--id", "440304198503120021", *REGISTER[4:], "--insured-region", "440300"
    )
    assert both.exit_code == 2 and "give it once" in both.stderr
    assert shebao.ok("settlement", "list", "440304198503120021") == shebao.ok(
        "settlement", "list", "--person", "440304198503120021"
    )
    assert shebao.ok("employer", "overdue", "--on", "2026-03-10") == shebao.ok("employer", "overdue", "--as-of", "2026-03-10")
    assert shebao.ok("audit", "list", "--from", "2026-03-02", "--to", "2026-03-02") == shebao.ok(
        "audit", "list", "--since", "2026-03-02", "--until", "2026-03-02"
    )
    help_text = shebao.ok("employer", "overdue", "--help")
    assert "--on" in help_text and "--as-of" not in help_text
    assert "--id" not in shebao.ok("person", "register", "--help")


def test_enumerated_values_in_the_users_language_and_stored_in_json(shebao: ShebaoCli) -> None:
    shebao.ok(*REGISTER, "--insured-region", "440300")
    chinese = shebao("person", "list", env=CHINESE).stdout
    assert "女" in chinese and "职工医保" in chinese and "在职" in chinese
    english = shebao.ok("person", "list")
    assert "female" in english and "employee" in english
    stored = json.loads(shebao("person", "list", "--json", env=CHINESE).stdout)["items"][0]
    assert (stored["sex"], stored["scheme"], stored["status"]) == ("female", "employee", "employed")


def test_singular_and_plural_are_right(shebao: ShebaoCli) -> None:
    shebao.ok(*REGISTER, "--insured-region", "440300")
    assert shebao.ok("person", "list", "--limit", "1", "--offset", "0").count("1 row shown from 1") == 0  # only one person
    shebao.ok("person", "register", "440304199207180032", *REGISTER[4:], "--insured-region", "440300")
    assert "1 row shown from 1; more with --offset 1" in shebao.ok("person", "list", "--limit", "1")
    assert "2 rows shown" not in shebao.ok("person", "list", "--limit", "2")


def test_a_district_where_a_pooling_area_is_wanted_is_taken_as_its_area(shebao: ShebaoCli) -> None:
    shebao.ok("institution", "sync")
    district = shebao("institution", "search", "--region", "310104", "--limit", "1")
    assert district.exit_code == 0
    assert "--region 310104 is a district of 310100" in district.stderr
    assert district.stdout == shebao.ok("institution", "search", "--region", "310100", "--limit", "1")


def test_required_options_are_marked_and_named_when_left_out(shebao: ShebaoCli, tmp_path: Path) -> None:
    cases = [
        (("person", "register"), ("440304198503120021", "--name", "李娜"), "--insured-region", "[required without --from-json]"),
        (("card", "apply"), ("440304198503120021", "--document", "identity-card"), "--address", "[required]"),
        (("card", "apply"), ("440304198503120021", "--address", "x"), "--document", "[required]"),
        (("payment", "notice"), ("440304198503120021", "--base", "5000"), "--month", "[required without --reprint]"),
        (
            ("plugin", "new"),
            ("--family", "province", "hubei", str(tmp_path / "p")),
            "--province",
            "[required with --family province]",
        ),
    ]
    for words, args, option, marked in cases:
        result = shebao(*words, *args)
        assert result.exit_code == 2, (words, result)
        assert f"Missing option '{option}'." in result.stderr and len(result.stderr.splitlines()) == 1, (words, result.stderr)
        described = " ".join(shebao.ok(*words, "--help").split()).split(f" {option} ", 1)[1]
        assert 0 <= described.find(marked) == described.find("[required"), described  # the option's own mark
    assert "Missing argument 'CITIZEN_ID'" in shebao("person", "register", "--name", "李娜").stderr
    assert not shebao("plugin", "new", "--family", "bank", "hubei", str(tmp_path / "b")).stderr.count("--province")
    assert "[未给 --from-json 时必填]" in shebao("person", "register", "--help", env=CHINESE).stdout


def test_the_converters_own_words_in_chinese(shebao: ShebaoCli, tmp_path: Path) -> None:
    person = {"citizen_id": ["440304198503120021"], "name": "李娜", "insured_region": "440300", "scheme": "both",
              "status": "employed", "photo_on_file": {}}  # fmt: skip
    path = tmp_path / "person.json"
    path.write_text(json.dumps(person, ensure_ascii=False), encoding="utf-8")
    english = shebao("person", "register", "--from-json", str(path))
    assert english.exit_code == 2
    assert "citizen identity number must be given as a string, not a list @ $.citizen_id" in english.stderr
    assert "'both' is not one of employee, resident @ $.scheme" in english.stderr
    chinese = shebao("person", "register", "--from-json", str(path), env=CHINESE).stderr
    assert "公民身份号码 必须是字符串，而不是 列表 @ $.citizen_id" in chinese
    assert "'both' 不是 employee, resident 之一 @ $.scheme" in chinese and "必须是 true 或 false，而不是 对象" in chinese
