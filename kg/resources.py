"""Where the project's data files live.

The package is installed editable, so the repository root is the parent of the ``kg``
package directory; lexicons ship inside the package (see ``package-data``).
"""

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def repo_root() -> Path:
    return _PACKAGE_DIR.parent


def ontology_dir() -> Path:
    """``ontology/``: kg.ttl, shapes.ttl, examples."""
    return repo_root() / "ontology"


def queries_dir() -> Path:
    """``queries/``: the SPARQL queries."""
    return repo_root() / "queries"


def viz_dir() -> Path:
    """``viz/``: visualisation templates and assets."""
    return repo_root() / "viz"


def lexicon_dir() -> Path:
    """``kg/lexicons/``: the YAML lexicons bundled with the package."""
    return _PACKAGE_DIR / "lexicons"


def data_dir() -> Path:
    """``data/``: the bundled corpus (data/corpus) and build output (data/store, data/out)."""
    return repo_root() / "data"
