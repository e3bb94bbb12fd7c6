"""Where an event's actors sit around its trigger: the prepositions that introduce them."""

TARGET_PREPS = ("with", "to", "against", "on", "upon", "at", "into", "toward", "towards", "from", "of", "over", "for")
NOUN_SOURCE_PREPS = ("by",)
NOUN_TARGET_PREPS = ("of", "on", "against", "with", "to", "at", "into", "in", "toward", "towards", "upon")
PLACE_KINDS = ("location", "place")  # actors that are places: where an event happens, never who acts or suffers it
LOCATION_KINDS = (*PLACE_KINDS, "country")  # what a locative phrase of a trigger may name as the event's location
