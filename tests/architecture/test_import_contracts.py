"""The import contracts in pyproject.toml are live: a module importing against them fails."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import tenantry

PACKAGE = Path(tenantry.__file__).parent
PROJECT = PACKAGE.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """lint-imports over the copy of the package under root, with the project's contracts."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(PROJECT / "pyproject.toml"), "--no-cache"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    shutil.copytree(PACKAGE, tmp_path / "tenantry", ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def test_the_package_keeps_its_contracts(package_copy: Path) -> None:
    result = lint_imports(package_copy)

    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(
    ("module", "bad_import", "contract"),
    [
        ("core/errors.py", "import tenantry.resolvers.tenants", "Layers"),
        ("resolvers/cart/carts.py", "import tenantry.rest.envelopes", "Layers"),
        ("resolvers/downloads/grants.py", "import tenantry.resolvers.orders", "Domain packages"),
        ("rest/platform/blog.py", "import tenantry.rest.commerce.common", "REST"),
    ],
)
def test_an_import_against_a_contract_breaks_it(
    package_copy: Path, module: str, bad_import: str, contract: str
) -> None:
    path = package_copy / "tenantry" / module
    path.write_text(path.read_text() + f"\n{bad_import}  # noqa\n")

    result = lint_imports(package_copy)

    assert result.returncode == 1
    assert f"{contract}" in result.stdout
    assert "BROKEN" in result.stdout


def test_no_module_imports_tenantry_inside_a_function() -> None:
    """An import inside a function hides a cycle from the contracts; none are allowed."""
    hidden: list[str] = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                names = (
                    [node.module or ""]
                    if isinstance(node, ast.ImportFrom)
                    else [alias.name for alias in node.names]
                    if isinstance(node, ast.Import)
                    else []
                )
                if any(name.split(".")[0] == "tenantry" for name in names):
                    hidden.append(f"{path.relative_to(PROJECT)}:{node.lineno}")

    assert hidden == []
