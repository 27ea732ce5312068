"""Guest experience: return visits (and, from other branches, recommendations)."""
