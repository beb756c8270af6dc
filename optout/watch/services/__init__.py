"""The watcher's operations, one module per kind of work.

- `documents`: the watched rows follow the data files (`data/documents/*.yaml`);
- `runs`: checking documents (fetch in worker threads, record in short transactions);
- `versions`: storing a version, classified against the one before (shared by runs, re-extraction, import);
- `snapshots`: raw pages kept compressed and deduplicated, and re-extraction from them;
- `alerts`: who must be told about an AI-relevant version, written with it and delivered at least once;
- `history`: importing years of versions from Open Terms Archive or a folder.
"""

from .alerts import deliver_alerts, queue_alerts, tell_failing, tell_settled
from .documents import NotWatched, sync_documents, watched_platform
from .history import HistoryImportError, import_history
from .runs import documents_to_check, process, run
from .snapshots import reextract, reextract_all
from .versions import record_text

__all__ = ["HistoryImportError", "NotWatched", "deliver_alerts", "documents_to_check", "import_history", "process", "queue_alerts", "reextract",
           "reextract_all", "record_text", "run", "sync_documents", "tell_failing", "tell_settled",
           "watched_platform"]
