"""Where an event's actors sit around its trigger: the prepositions that introduce them."""

TARGET_PREPS = ("with", "to", "against", "on", "upon", "at", "into", "toward", "towards", "from", "of", "over", "for")
NOUN_SOURCE_PREPS = ("by",)
NOUN_TARGET_PREPS = ("of", "on", "against", "with", "to", "at", "into", "in", "toward", "towards", "upon")
