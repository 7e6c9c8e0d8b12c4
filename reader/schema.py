"""The database schema, as sqlite-utils migrations applied in order, one transaction each.

``PRAGMA user_version`` records how many have been applied, so opening an up-to-date database
costs one pragma and never imports sqlite-utils (about 50 ms of start-up). Add a migration by
appending a function to ``MIGRATIONS``; never edit one that has shipped.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils


def m001_initial(db: "sqlite_utils.Database") -> None:
    db.execute("""
    CREATE TABLE feeds (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        url TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT 'feed',
        tags TEXT NOT NULL DEFAULT '[]',
        active INTEGER NOT NULL DEFAULT 1,
        title TEXT, link TEXT,
        etag TEXT, last_modified TEXT,
        last_fetched TEXT, last_status TEXT, last_error TEXT,
        failures INTEGER NOT NULL DEFAULT 0,
        next_fetch REAL,
        redirected_to TEXT
    )""")
    db.execute("""
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        feed_id INTEGER NOT NULL REFERENCES feeds(id),
        key TEXT NOT NULL,
        url TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL DEFAULT '',
        author TEXT NOT NULL DEFAULT '',
        published TEXT,
        first_seen TEXT NOT NULL,
        sort_date TEXT NOT NULL,
        summary TEXT NOT NULL DEFAULT '',
        content TEXT NOT NULL DEFAULT '',
        text_status TEXT,
        writer TEXT NOT NULL DEFAULT '', editor TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT '', updated TEXT NOT NULL DEFAULT '',
        hash TEXT NOT NULL,
        read INTEGER NOT NULL DEFAULT 0,
        starred INTEGER NOT NULL DEFAULT 0,
        saved INTEGER NOT NULL DEFAULT 0,
        saved_at TEXT,
        UNIQUE (feed_id, key)
    )""")
    db.execute("CREATE INDEX articles_by_date ON articles (sort_date DESC, id DESC)")
    db.execute("CREATE INDEX articles_by_feed ON articles (feed_id, sort_date DESC, id DESC)")
    db.execute("CREATE INDEX articles_unread ON articles (read, sort_date DESC, id DESC)")
    db.execute("""
    CREATE TABLE article_tags (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        PRIMARY KEY (article_id, tag)
    ) WITHOUT ROWID""")
    db.execute("""
    CREATE TABLE figures (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
        kind TEXT NOT NULL, value REAL, unit TEXT,
        approx INTEGER NOT NULL DEFAULT 0, bound TEXT, direction TEXT, basis TEXT,
        subject TEXT, equivalent_of INTEGER,
        PRIMARY KEY (article_id, idx)
    ) WITHOUT ROWID""")
    db.execute("CREATE INDEX figures_by_subject ON figures (subject COLLATE NOCASE)")
    # External-content FTS5 kept in step by triggers. Written out rather than enable_fts(create_triggers=True)
    # so that the update trigger fires only when the indexed columns change, not on every read/star mark.
    db.execute("CREATE VIRTUAL TABLE articles_fts USING fts5(title, summary, content, "
               "content='articles', content_rowid='id', tokenize='porter unicode61')")
    db.execute("""CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, summary, content) VALUES (new.id, new.title, new.summary, new.content);
    END""")
    db.execute("""CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, summary, content)
        VALUES ('delete', old.id, old.title, old.summary, old.content);
    END""")
    db.execute("""CREATE TRIGGER articles_au AFTER UPDATE OF title, summary, content ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, summary, content)
        VALUES ('delete', old.id, old.title, old.summary, old.content);
        INSERT INTO articles_fts(rowid, title, summary, content) VALUES (new.id, new.title, new.summary, new.content);
    END""")


def m002_counts_and_flag_indexes(db: "sqlite_utils.Database") -> None:
    """Per-feed counts from a covering index, and the Starred/Saved views from partial indexes.

    Measured at 100,000 articles: the sidebar's per-feed unread counts took 7.8 s when SQLite chose the
    (read) index for each feed; a GROUP BY over (feed_id, read) takes milliseconds."""
    db.execute("CREATE INDEX articles_feed_read ON articles (feed_id, read)")
    db.execute("CREATE INDEX articles_starred ON articles (sort_date DESC, id DESC) WHERE starred = 1")
    db.execute("CREATE INDEX articles_saved ON articles (sort_date DESC, id DESC) WHERE saved = 1")


def m003_bulk_fts_inserts(db: "sqlite_utils.Database") -> None:
    """New articles enter the FTS index in one statement per feed (Store.apply), not a trigger per row;
    and the subject index goes: subject queries are LIKE '%…%', which no index serves. Together they cut
    a 50-article feed's transaction from 3.8 ms to 2.1 ms of CPU."""
    db.execute("DROP TRIGGER articles_ai")
    db.execute("DROP INDEX figures_by_subject")


def m004_figure_facts(db: "sqlite_utils.Database") -> None:
    """Issue 9: a figure's entity, period, change, range end (value_to) and rate denominator (per)."""
    for column, kind in (("entity", "TEXT"), ("period", "TEXT"), ("change", "INTEGER"), ("value_to", "REAL"),
                         ("per", "TEXT")):
        db.execute(f'ALTER TABLE figures ADD COLUMN "{column}" {kind}')


def m005_sync(db: "sqlite_utils.Database") -> None:
    """Sync with a feed server (reader/sync/): feeds that come from the server carry its id for them;
    the outbox holds marks waiting to be sent (with the article's server id, so a mark outlives its article);
    sync_state holds the cursor, the last sync and its error (never a secret)."""
    db.execute("ALTER TABLE feeds ADD COLUMN remote_id TEXT")
    db.execute("CREATE UNIQUE INDEX feeds_by_remote_id ON feeds (remote_id) WHERE remote_id IS NOT NULL")
    db.execute("""
    CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        remote_id TEXT NOT NULL,
        field TEXT NOT NULL,
        value INTEGER NOT NULL,
        at REAL NOT NULL
    )""")
    db.execute("CREATE INDEX outbox_by_item ON outbox (remote_id, field)")
    db.execute("CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID")


def m006_deferred_figures(db: "sqlite_utils.Database") -> None:
    """Key figures are worked out after a refresh stores its articles (reader/analysis.py): ``analysis`` holds
    the version of the analysis each article's figures come from; an article without a row waits for its
    figures (so do all those stored before this step: today's extractor analyses them once). A table of its
    own, not a column of ``articles``: marking 10,000 articles analysed rewrote every page of ``articles``
    (0.5 s of the analysis's 1 s in the writing process), a narrow table costs a few pages."""
    db.execute("CREATE TABLE analysis (article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE, "
               "version INTEGER NOT NULL)")


MIGRATIONS = [m001_initial, m002_counts_and_flag_indexes, m003_bulk_fts_inserts, m004_figure_facts, m005_sync,
              m006_deferred_figures]
VERSION = len(MIGRATIONS)


def version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection) -> None:
    """Apply the pending migrations (the caller holds a write transaction; each runs as a savepoint)."""
    import sqlite_utils

    migrations = sqlite_utils.Migrations("szreader")
    for fn in MIGRATIONS:
        migrations()(fn)
    migrations.apply(sqlite_utils.Database(conn, execute_plugins=False))
    conn.execute(f"PRAGMA user_version = {VERSION}")
