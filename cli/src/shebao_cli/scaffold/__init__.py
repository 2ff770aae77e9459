"""``shebao plugin new``: write a ready-to-install plugin distribution for one family.

Templates live beside this module (``templates/<family>/*.tmpl``, ``templates/common``)
and are filled with ``string.Template``; the result installs with pip as it stands
(hatchling backend, entry point under ``shebao``), loads, and passes its own tests.
"""

import importlib.metadata
import keyword
import re
import string
from importlib.resources import files
from pathlib import Path

import attrs

FAMILIES = ("province", "bank", "printer")
_NAME = re.compile(r"^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$")

_FILL = {
    "province": [
        "- `REGIONS`: the province and the pooling areas this policy covers (GB/T 2260 codes);",
        "- `CONTRIBUTION`: premium rates and what the individual account receives;",
        "- `CARD`: the first card's fee, the channels collecting it, the payee, production time;",
        "- `FILING`: off-site filing: documents, designated institutions, validity, change lock;",
        "- `EMPLOYEE_TIERS`, `RESIDENT_TIERS`, `BENEFITS`: deductible, ratio and cap per visit type,",
        "  institution level and retiree status; insurance above the cap; unfiled visits;",
        "- `CATALOGUE`: the treatment place's drugs, services and materials (category A/B/C, limits);",
        "- `INSTITUTIONS`: the designated institutions open for cross-province settlement;",
        "- `shebao_review_filing`: the province's own rules for approving an off-site filing;",
        "- `SOURCE`: the policy document the values come from.",
    ],
    "bank": [
        "- `CHANNEL`: the bank's name and the channel's kind (counter or online QR);",
        "- `shebao_payment_instruction`: the slip reference or QR payload the bank expects;",
        "- `STATEMENT_COLUMNS` and `shebao_parse_statement`: the bank's collection statement layout;",
        "- `shebao_statement_sample`: writes that layout, so the kit proves the parser reads it back.",
    ],
    "printer": [
        "- `FORMAT`: media type, extension and description of the files;",
        "- `shebao_render_document`: the layout; every document kind must render.",
    ],
}

_REPLACING = {
    "province": (
        "## Replacing a bundled province\n\n"
        "`shebao_policy` and `shebao_catalogue` are `tryfirst`, so for the same province this plugin\n"
        "answers before the bundled sample (`guangdong`, ...). Designated institutions are collected\n"
        "from every plugin, so the bundled sample's stay in the directory: load only what you want,\n"
        "`SHEBAO_LOAD_PLUGINS=national,$name,icbc,text shebao plugins`."
    ),
    "bank": "## Channel codes\n\nA province lists `$channel` in its card policy's `collecting_banks` to accept it.",
    "printer": "## Using it\n\nOperators print with this format by its name, `$format`.",
}


@attrs.frozen
class PluginNames:
    """The names one plugin goes by: entry point, distribution, import package."""

    name: str  # entry-point name: `shebao plugins`, SHEBAO_LOAD_PLUGINS, `shebao plugin check`
    distribution: str
    package: str

    @classmethod
    def parse(cls, name: str) -> "PluginNames":
        if not _NAME.match(name) or len(name) > 40:
            raise ValueError(
                f"plugin name {name!r} must start with a letter and be lower case letters, digits, '-' or '_'"
                " (at most 40 characters), e.g. guangdong_official"
            )
        package = "shebao_" + name.replace("-", "_")
        if keyword.iskeyword(package) or not package.isidentifier():
            raise ValueError(f"plugin name {name!r} does not make a Python package name")
        return cls(name=name, distribution="shebao-" + name.replace("_", "-"), package=package)


def _template(family: str, filename: str) -> string.Template:
    return string.Template(files(__package__).joinpath("templates", family, filename).read_text(encoding="utf-8"))


def render(family: str, names: PluginNames, values: dict[str, str]) -> dict[str, str]:
    """The distribution's files by relative path; ``values`` holds the family's own fields."""
    if family not in FAMILIES:
        raise ValueError(f"unknown family {family!r} (known: {', '.join(FAMILIES)})")
    fields = {
        "name": names.name,
        "distribution": names.distribution,
        "package": names.package,
        "family": family,
        "kernel_version": importlib.metadata.version("shebao"),
        **values,
    }
    fields["fill_list"] = "\n".join(_FILL[family])
    fields["replacing"] = string.Template(_REPLACING[family]).substitute(fields)
    return {
        "pyproject.toml": _template("common", "pyproject.toml.tmpl").substitute(fields),
        "README.md": _template("common", "README.md.tmpl").substitute(fields),
        f"src/{names.package}/__init__.py": _template(family, "plugin.py.tmpl").substitute(fields),
        f"src/{names.package}/py.typed": "",
        f"tests/test_{names.package}.py": _template(family, "test_plugin.py.tmpl").substitute(fields),
    }


def write(target: Path, rendered: dict[str, str]) -> list[Path]:
    """Write the files under ``target``; refuses a directory that already holds something."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ValueError(f"{target} already exists and is not an empty directory")
    written = []
    for relative, text in rendered.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
