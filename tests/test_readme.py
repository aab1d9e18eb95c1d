"""The README's quickstart runs as written."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def test_quickstart_block_runs():
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)
    assert blocks, "README has no python block"
    namespace: dict = {}
    exec(compile(blocks[0], "README.md", "exec"), namespace)
    df = namespace["df"]
    assert set(df["contributor_iso3"].astype(str)) == {"BGD", "NPL"}
    assert df["date"].min() >= __import__("pandas").Timestamp("2024-01-01")


def test_two_commands_lead_the_readme():
    text = README.read_text()
    first_block = re.search(r"```sh\n(.*?)```", text, flags=re.S).group(1)
    commands = [line.split("#")[0].strip() for line in first_block.splitlines() if line.strip()]
    assert commands == ["make reports", "make test"]


def test_follow_through_block_runs():
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)
    namespace: dict = {}
    for block in blocks[:2]:
        exec(compile(block, "README.md", "exec"), namespace)
    es = namespace["es"]
    assert es.conference == "2015 New York"
    assert es.average(12)["status"] == "complete"
    assert list(es.coefficients["rel_month"]) == list(range(-24, 25))
