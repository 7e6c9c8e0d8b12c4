"""Sync with the feed server people already run: Google Reader API (FreshRSS, Miniflux), Miniflux REST,
Tiny Tiny RSS and Fever. One module per API behind :mod:`reader.sync.base`; :mod:`reader.sync.engine`
drives a sync; the outbox lives in the store (reader/store/outbox.py)."""
