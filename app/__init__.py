"""BudgetQA (预算问答): exact, cited answers over Chinese budget disclosures.

Importing this package switches every library it uses to offline mode *before* any of them is
imported: no model hub, tokenizer, NLTK or telemetry download may ever happen at run time.
Nothing heavy is imported here.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os

__version__ = "0.1.0"


def _llama_index_static() -> str | None:
    """Folder of the caches llama-index-core ships (tiktoken, NLTK), found without importing it."""
    try:
        spec = importlib.util.find_spec("llama_index.core")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return os.path.join(list(spec.submodule_search_locations)[0], "_static")


def _go_offline() -> None:
    fixed = {
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "HF_DATASETS_OFFLINE": "1",
        "GRADIO_ANALYTICS_ENABLED": "False",
        "ANONYMIZED_TELEMETRY": "False",
        "CHROMA_TELEMETRY": "False",
        "DO_NOT_TRACK": "1",
        "TOKENIZERS_PARALLELISM": "false",
    }
    for key, value in fixed.items():
        os.environ[key] = value
    static = _llama_index_static()
    if static:
        os.environ["TIKTOKEN_CACHE_DIR"] = os.path.join(static, "tiktoken_cache")
        os.environ.setdefault("NLTK_DATA", os.path.join(static, "nltk_cache"))


def cache_dir() -> str:
    """BudgetQA's own cache folder (mode 0700): $XDG_CACHE_HOME/budgetqa or ~/.cache/budgetqa. Caches never go
    into the world-writable temp folder, where another user could plant or read them."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = os.path.join(base, "budgetqa")
    os.makedirs(path, mode=0o700, exist_ok=True)
    return path


def _private_caches() -> None:
    """Gradio's upload cache in our own folder unless the operator chose one."""
    if "GRADIO_TEMP_DIR" not in os.environ:
        with contextlib.suppress(OSError):  # a read-only home: Gradio's default stays
            os.environ["GRADIO_TEMP_DIR"] = os.path.join(cache_dir(), "gradio")


_go_offline()
_private_caches()
