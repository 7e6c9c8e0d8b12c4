"""Key figures (placeholder until the extractor lands)."""


def figure_dicts(text: str) -> list[dict]:
    return []
