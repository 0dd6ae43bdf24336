"""Docs cannot drift: every command, option, error code and record field is documented (after sqlite-utils)."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import pytest

from saidwho import cli
from saidwho.errors import ALL_ERRORS

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def read(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = cli.build_parser()
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert len(subs) == 1
    return dict(subs[0].choices)


def option_strings(parser: argparse.ArgumentParser) -> list[str]:
    return [opt for action in parser._actions for opt in action.option_strings]


# ------------------------------------------------------------------------------------------------ cli.md


def test_top_level_options_documented():
    doc = read("cli.md")
    for opt in option_strings(cli.build_parser()):
        assert f"`{opt}" in doc, f"top-level option {opt} is not documented in docs/cli.md"


@pytest.mark.parametrize("command", sorted(subcommands()))
def test_subcommand_documented(command):
    assert re.search(rf"^## saidwho {command}$", read("cli.md"), re.M), f"docs/cli.md has no '## saidwho {command}'"


@pytest.mark.parametrize(
    "command,option",
    [(name, opt) for name, sub in sorted(subcommands().items()) for opt in option_strings(sub)],
)
def test_subcommand_option_documented(command, option):
    doc = read("cli.md")
    section = doc.split(f"## saidwho {command}\n", 1)[1].split("\n## ", 1)[0] if option not in ("-h", "--help") else doc
    assert f"`{option}" in section, f"option {option} of `saidwho {command}` is not documented in docs/cli.md"


def test_subcommand_positionals_documented():
    doc = read("cli.md")
    for sub in subcommands().values():
        for action in sub._actions:
            if not action.option_strings and action.metavar:
                assert action.metavar in doc


def test_max_bytes_default_documented():
    from saidwho.ingest import DEFAULT_MAX_BYTES

    assert f"{DEFAULT_MAX_BYTES:,} bytes" in read("cli.md")


def test_format_choices_documented():
    doc = read("cli.md")
    for fmt in cli.FORMATS:
        assert f"`{fmt}`" in doc


# ------------------------------------------------------------------------------------------------ errors.md


@pytest.mark.parametrize("cls", ALL_ERRORS, ids=lambda c: c.code)
def test_error_code_documented(cls):
    assert re.search(rf"^### {cls.code} — {cls.__name__}$", read("errors.md"), re.M), (
        f"docs/errors.md needs a '### {cls.code} — {cls.__name__}' section"
    )


def test_error_codes_unique_and_no_stale_docs():
    codes = [cls.code for cls in ALL_ERRORS]
    assert len(codes) == len(set(codes))
    documented = set(re.findall(r"^### (SW\d{3})", read("errors.md"), re.M))
    assert documented == set(codes), f"documented but not defined: {documented - set(codes)}"


# ------------------------------------------------------------------------------------------------ schema.md


def schema_fields(schema: dict) -> set[str]:
    defs = schema["$defs"]
    fields = set(schema["properties"])
    for name in ("quote", "speakerRef", "speaker"):
        fields |= set(defs[name]["properties"])
    fields |= set(schema["properties"]["error"]["oneOf"][1]["properties"])
    return fields


def test_every_schema_field_documented(record_schema):
    doc = read("schema.md")
    for field in sorted(schema_fields(record_schema)):
        assert re.search(rf"^\| `{field}` \|", doc, re.M), f"field {field} has no table row in docs/schema.md"


def test_schema_doc_examples_validate(validate_record):
    blocks = re.findall(r"```json\n(.*?)```", read("schema.md"), re.S)
    assert len(blocks) >= 2
    for block in blocks:
        rec = json.loads(block)
        validate_record(rec)
    good = json.loads(blocks[0])
    for q in good["quotes"]:  # the example's quote texts are what its spans say
        assert q["text"] == "".join(good["text"][s:e] for s, e in q["content"])


# ------------------------------------------------------------------------------------------------ README


def test_readme_links_and_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("schema.md", "cli.md", "errors.md"):
        assert f"docs/{name}" in readme
    assert "./scripts/setup.sh example" in readme
    assert "./scripts/setup.sh test" in readme
    assert (ROOT / "scripts" / "setup.sh").is_file()
    assert "Newell" in readme and "LREC 2018" in readme
