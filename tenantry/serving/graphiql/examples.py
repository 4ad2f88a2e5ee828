"""The example operations GraphiQL opens as its first tabs.

Each is a `.graphql` file in `examples/`, with its variables in a `.json` file of the same name
when it has any; the files' names order the tabs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

EXAMPLES_DIR = Path(__file__).parent / "examples"


@dataclass(frozen=True)
class Example:
    name: str
    query: str
    variables: str | None = None


def load_examples(folder: Path = EXAMPLES_DIR) -> tuple[Example, ...]:
    examples = []
    for path in sorted(folder.glob("*.graphql")):
        variables_file = path.with_suffix(".json")
        variables = None
        if variables_file.is_file():
            variables = variables_file.read_text(encoding="utf-8")
            json.loads(variables)  # a broken file fails at start-up, not in the browser
        examples.append(Example(path.stem, path.read_text(encoding="utf-8"), variables))
    return tuple(examples)


EXAMPLES = load_examples()
