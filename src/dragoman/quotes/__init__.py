"""Quote extraction and attribution."""
