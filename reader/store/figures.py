"""The figures table: writing an article's figures, and reading them by article or by subject."""

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


def _write_figures(c: sqlite3.Connection, article_id: int, figures) -> None:
    """Replace one article's figures."""
    c.execute("DELETE FROM figures WHERE article_id=?", (article_id,))
    c.executemany(_INSERT_FIGURE, _figure_rows(article_id, figures))


class Figures:
    """Reading figures (mixed into :class:`reader.store.Store`)."""

    conn: sqlite3.Connection

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
