"""Views of a `Summary`: each module renders the same plain data one way."""

from enum import Enum


class OutputFormat(str, Enum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"
