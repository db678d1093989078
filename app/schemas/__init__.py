"""Response models: what the JSON API answers and `--json` prints, one Pydantic model per shape."""
