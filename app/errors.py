"""One small error hierarchy. Every message tells the user what to do (in Chinese, with English)."""

from __future__ import annotations


class BudgetQAError(Exception):
    """Base of every error BudgetQA raises on purpose. `code` is stable for JSON and the UI."""

    code = "error"

    def to_dict(self) -> dict[str, str]:
        return {"error": self.code, "message": str(self)}


class InputFileError(BudgetQAError):
    """The document file cannot be read (missing, empty, binary, undecodable)."""

    code = "input_file"


class NotADisclosureError(BudgetQAError):
    """The text was read but holds no recognisable budget disclosure."""

    code = "not_a_disclosure"


class IndexMissingError(BudgetQAError):
    """No index has been built yet, or the requested document is not in it."""

    code = "index_missing"


class QuestionRejected(BudgetQAError):
    """The question is empty, too long, or not text."""

    code = "question_rejected"


class QueryError(BudgetQAError):
    """A table query spec is invalid (unknown operation, column or table)."""

    code = "query"


class ConfigError(BudgetQAError):
    """A setting is invalid or an optional backend is not installed."""

    code = "config"


class IndexBusyError(BudgetQAError):
    """Another writer holds the index for longer than we wait."""

    code = "index_busy"


class IndexCorruptError(BudgetQAError):
    """The index on disk is inconsistent (a manifest, version or store that cannot be read)."""

    code = "index_corrupt"


class ReplaceRefused(BudgetQAError):
    """A re-ingest would lose tables, figures or projects of the version in the index; needs --replace."""

    code = "replace_refused"


class IngestTimeout(BudgetQAError):
    """An ingest ran past its time budget (settings.ingest_timeout_s); nothing was written."""

    code = "ingest_timeout"


class EmbedderBusy(BudgetQAError):
    """The query model stayed busy longer than the wait a question allows: retrieval goes on with BM25 alone."""

    code = "embedder_busy"
