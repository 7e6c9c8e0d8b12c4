"""The figures table: the articles waiting for their figures, writing what the analysis found, and reading
figures by article or by subject."""

from __future__ import annotations

import sqlite3

from reader.figures import FIGURE_FIELDS

_INSERT_FIGURE = (f'INSERT INTO figures (article_id, idx, {", ".join(chr(34) + k + chr(34) for k in FIGURE_FIELDS)}) '
                  f"VALUES ({', '.join('?' * (2 + len(FIGURE_FIELDS)))})")


def _figure_rows(article_id: int, figures) -> list[tuple]:
    """Rows for the figures table from ``figure_rows`` tuples (a dict would spread its keys into the row)."""
    if figures and not (isinstance(figures[0], tuple) and len(figures[0]) == len(FIGURE_FIELDS)):
        raise TypeError("figures must be reader.figures.figure_rows() tuples")
    return [(article_id, i, *f) for i, f in enumerate(figures)]


#: the text an article's figures are found in, and the date its relative periods are read against
_ANALYSED_TEXT = "coalesce(nullif(content, ''), summary, '')"
_ANALYSED_DATE = "coalesce(nullif(updated, ''), published)"
#: the articles (``a``) whose figures are missing or older than the version given
_WAITING = "LEFT JOIN analysis n ON n.article_id = a.id WHERE coalesce(n.version, 0) < ?"


class Figures:
    """The figures of stored articles (mixed into :class:`reader.store.Store`)."""

    conn: sqlite3.Connection

    def unanalysed(self, version: int, ids: list[int] | None = None, limit: int | None = None) -> list[int]:
        """Ids of the articles whose figures are missing or older than ``version`` (of ``ids``, if given),
        newest first: what the reader sees first is analysed first."""
        sql = f"SELECT a.id FROM articles a {_WAITING}"
        args: list = [version]
        if ids is not None:
            sql += f" AND a.id IN ({','.join('?' * len(ids))})"
            args += ids
        sql += " ORDER BY a.sort_date DESC, a.id DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return [r[0] for r in self.conn.execute(sql, args)]

    def unanalysed_count(self, version: int) -> int:
        return self.conn.execute(f"SELECT count(*) FROM articles a {_WAITING}", (version,)).fetchone()[0]

    def analysis_inputs(self, ids: list[int]) -> list[tuple[int, str, str | None]]:
        """(id, text, date) of each article: the text its figures are found in, the date periods are read against."""
        sql = (f"SELECT id, {_ANALYSED_TEXT}, {_ANALYSED_DATE} FROM articles "
               f"WHERE id IN ({','.join('?' * len(ids))})")
        return [tuple(r) for r in self.conn.execute(sql, ids)]

    def write_analysis(self, version: int, results: list[tuple[int, str, list]]) -> int:
        """Store (id, text analysed, figure rows) results in one transaction. An article whose text changed
        since it was read (a refresh rewrote it meanwhile) keeps waiting: its figures would point into the
        old text. Returns the number of articles written."""
        if not results:
            return 0
        with self.write() as c:
            qs = ",".join("?" * len(results))
            now = dict(c.execute(f"SELECT id, {_ANALYSED_TEXT} FROM articles WHERE id IN ({qs})",
                                 [r[0] for r in results]))
            fresh = [(article_id, figures) for article_id, text, figures in results if now.get(article_id) == text]
            ids = [article_id for article_id, _ in fresh]
            qs = ",".join("?" * len(ids))
            c.execute(f"DELETE FROM figures WHERE article_id IN ({qs})", ids)
            c.executemany(_INSERT_FIGURE, [row for article_id, figures in fresh
                                           for row in _figure_rows(article_id, figures)])
            c.executemany("INSERT OR REPLACE INTO analysis (article_id, version) VALUES (?, ?)",
                          [(article_id, version) for article_id in ids])
        return len(fresh)

    def figures(self, article_id: int) -> list[dict]:
        rows = self.conn.execute(f'SELECT {", ".join(chr(34) + k + chr(34) for k in FIGURE_FIELDS)} FROM figures '
                                 "WHERE article_id=? ORDER BY idx", (article_id,))
        out = []
        for r in rows:
            d = dict(r)
            d["approx"] = bool(d["approx"])
            if d["change"] is not None:
                d["change"] = bool(d["change"])
            out.append(d)
        return out

    def figures_by_subject(self, subject: str, kind: str | None = None, limit: int = 500) -> list[dict]:
        sql = ('SELECT a.id AS article, f.name AS feed, a.title, a.sort_date AS date, g.* FROM figures g '
               "JOIN articles a ON a.id=g.article_id JOIN feeds f ON f.id=a.feed_id "
               "WHERE g.subject LIKE ? ESCAPE '\\' COLLATE NOCASE")
        esc = subject.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        args: list = [f"%{esc}%"]
        if kind:
            sql += " AND g.kind = ?"
            args.append(kind)
        sql += " ORDER BY a.sort_date DESC, a.id DESC, g.idx LIMIT ?"
        args.append(limit)
        rows = [dict(r) for r in self.conn.execute(sql, args)]
        for r in rows:
            r.pop("article_id", None)
            r["approx"] = bool(r["approx"])
            if r["change"] is not None:
                r["change"] = bool(r["change"])
        return rows

    def fact_rows(self, limit: int = 100000) -> list[dict]:
        """Key figures with an entity and a subject, with their article's id, title and date (for reader.facts)."""
        sql = ("SELECT a.id AS article, a.title, a.sort_date AS date, g.kind, g.value, g.value_to, g.unit, g.per, "
               "g.subject, g.entity, g.period, g.change, g.text, g.equivalent_of FROM figures g "
               "JOIN articles a ON a.id = g.article_id WHERE g.entity IS NOT NULL AND g.subject IS NOT NULL "
               "AND g.kind IN ('money', 'percent', 'count', 'quantity', 'ratio') "
               "ORDER BY a.sort_date DESC, a.id DESC, g.idx LIMIT ?")
        return [dict(r) for r in self.conn.execute(sql, (limit,))]
