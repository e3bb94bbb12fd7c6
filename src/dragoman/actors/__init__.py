"""Actors: the knowledge base, mention finding and resolution."""
