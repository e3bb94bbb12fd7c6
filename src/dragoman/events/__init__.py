"""Event coding over the dependency parse."""
